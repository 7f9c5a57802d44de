import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv, toCsv } from "./measureCsv";

describe("parseCsv (RFC 4180)", () => {
  it("splits plain fields and records on CRLF, LF and CR", () => {
    expect(parseCsv("a,b,c\r\n1,2,3\n4,5,6\r7,8,9")).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", "2", "3"] },
      { line: 3, fields: ["4", "5", "6"] },
      { line: 4, fields: ["7", "8", "9"] },
    ]);
  });

  it("handles quoted commas, doubled quotes and line breaks inside quotes", () => {
    const rows = parseCsv('name,note\r\n"Smith, J","said ""hi"""\r\n"x","two\r\nlines"\r\nlast,one\r\n');
    expect(rows.map((r) => r.fields)).toEqual([
      ["name", "note"],
      ["Smith, J", 'said "hi"'],
      ["x", "two\nlines"],
      ["last", "one"],
    ]);
    // The record after a multi-line field starts on the right physical line.
    expect(rows[3].line).toBe(5);
  });

  it("keeps empty fields, skips blank lines and strips a UTF-8 BOM", () => {
    expect(parseCsv("\uFEFFa,,c\r\n\r\n,,\r\n")).toEqual([
      { line: 1, fields: ["a", "", "c"] },
      { line: 3, fields: ["", "", ""] },
    ]);
    expect(parseCsv('""')).toEqual([]); // a lone empty field is a blank line
    expect(parseCsv("")).toEqual([]);
  });

  it("rejects an unclosed quote and stray quotes with the line number", () => {
    expect(() => parseCsv('a,b\n"open,2')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\n"open,2')).toThrow(/Line 2/);
    expect(() => parseCsv('a,b"c')).toThrow(/quote inside an unquoted field/);
    expect(() => parseCsv('"a"b,c')).toThrow(/after a closing quote/);
  });

  it("round-trips through toCsv", () => {
    const rows = [["a", 'b"c', "d,e"], ["1", "", "x\ny"]];
    expect(parseCsv(toCsv(rows)).map((r) => r.fields)).toEqual(rows);
  });
});
