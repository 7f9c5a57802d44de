import { describe, expect, it } from "vitest";
import { csvCell, CsvSyntaxError, parseCsv, parseWithLibrary, toCsv } from "./csv";

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
    // A multi-line record keeps the line it starts on, and the record after it starts on the right physical line.
    expect(rows[2].line).toBe(3);
    expect(rows[3].line).toBe(5);
  });

  it("keeps empty fields, skips blank lines and strips a UTF-8 BOM", () => {
    expect(parseCsv("\uFEFFa,,c\r\n\r\n,,\r\n")).toEqual([
      { line: 1, fields: ["a", "", "c"] },
      { line: 3, fields: ["", "", ""] },
    ]);
    expect(parseCsv('""')).toEqual([]); // a lone empty field is a blank line
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("\uFEFF")).toEqual([]);
  });

  it("reads a BOM file with CRLF line endings as Excel saves it", () => {
    expect(parseCsv('\uFEFFparticipant_code,cohort\r\nP-001,"Fall, 2026"\r\n')).toEqual([
      { line: 1, fields: ["participant_code", "cohort"] },
      { line: 2, fields: ["P-001", "Fall, 2026"] },
    ]);
  });

  it("allows rows longer or shorter than the header (the import reports them)", () => {
    expect(parseCsv("a,b\n1\n1,2,3").map((r) => r.fields)).toEqual([["a", "b"], ["1"], ["1", "2", "3"]]);
  });

  it("reads a file without quotes as csv-parse does (the quote-free path)", () => {
    // Generated files of commas, line breaks (LF, CR, CRLF), spaces, letters and a BOM at
    // the start or not: every one read the same both ways, short and long rows mixed.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = [",", ",", "\n", "\r\n", "\r", " ", "a", "b", "1", "item_2", "\t", ";"];
    for (let n = 0; n < 400; n++) {
      let text = next() < 0.2 ? "\uFEFF" : "";
      const length = Math.floor(next() * 60);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      expect(parseCsv(text), JSON.stringify(text)).toEqual(parseWithLibrary(text.replace(/\r\n?/g, "\n")));
    }
    const file = "participant_code,cohort,item_1,item_2,item_3\nP-1,C 1,1,2\n\nP-2,C 1,0,1,2,\n";
    expect(parseCsv(file)).toEqual(parseWithLibrary(file));
    expect(parseCsv(file).map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it("rejects an unclosed quote and stray quotes with the line number", () => {
    expect(() => parseCsv('a,b\n"open,2')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\n"open,2')).toThrow(/Line 2/);
    expect(() => parseCsv('a,b"c')).toThrow(/quote inside an unquoted field/);
    expect(() => parseCsv('"a"b,c')).toThrow(/after a closing quote/);
  });

  it("names the line of the problem in one error", () => {
    const error = (text: string) => {
      try {
        parseCsv(text);
      } catch (e) {
        return e;
      }
      throw new Error("no error");
    };
    // The unclosed quote opens on line 3 (after a blank line) and runs to the end of the file.
    expect(error('a,b\r\n\r\n"x\r\ny\r\nz')).toMatchObject({ line: 3, message: "Line 3: a quoted field is never closed" });
    expect(error('a,b\n1,2\n3,x"y\n')).toMatchObject({
      line: 3,
      message: "Line 3: a quote inside an unquoted field (wrap the field in quotes and double the quote)",
    });
    // Text after the closing quote of a multi-line field: the line where the text is.
    expect(error('a,b\n1,"two\nlines"z\n')).toMatchObject({ line: 3, message: "Line 3: unexpected text after a closing quote" });
  });
});

describe("writing CSV", () => {
  it("neutralises text that a spreadsheet would run as a formula", () => {
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("+1.5")).toBe("'+1.5");
    expect(csvCell("-1+2")).toBe("'-1+2");
    expect(csvCell("-3 mg")).toBe("'-3 mg");
    expect(csvCell("-")).toBe("'-");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe(`"'\r=1"`); // quoted too: it holds a line break
    expect(csvCell('=cmd"')).toBe(`"'=cmd"""`);
    expect(csvCell("\uFF1D1+1")).toBe("'\uFF1D1+1"); // full-width =, read as = by Apple Numbers
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("keeps plain negative numbers as numbers, text or JS numbers", () => {
    expect(csvCell("-3")).toBe("-3");
    expect(csvCell("-0.25")).toBe("-0.25");
    expect(csvCell("-5")).toBe("-5");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(-0.25)).toBe("-0.25");
    expect(csvCell(3)).toBe("3");
    expect(csvCell(13.15625)).toBe("13.15625");
    expect(csvCell(NaN)).toBe("");
    expect(csvCell(Infinity)).toBe("");
  });

  it("writes null and undefined as empty cells, booleans as words", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell("")).toBe("");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(false)).toBe("false");
  });

  it("quotes separators, quotes and line breaks", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell("Tue 8 Sep 2026, 11:05")).toBe('"Tue 8 Sep 2026, 11:05"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("it's")).toBe("it's");
  });

  it("writes a header and CRLF-terminated rows", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", '=cmd"'],
          [-1.5, null],
        ],
      ),
    ).toBe('a,b\r\n"x,y","\'=cmd"""\r\n-1.5,\r\n');
    expect(toCsv(["a", "b"], [])).toBe("a,b\r\n");
  });

  it("round-trips through parseCsv", () => {
    const header = ["a", "b", "c"];
    const rows = [
      ["a", 'b"c', "d,e"],
      ["1", "", "x\ny"],
      ["-3", "-0.25", "é ✓"],
      ["  padded  ", "'quoted'", '""'],
    ];
    expect(parseCsv(toCsv(header, rows)).map((r) => r.fields)).toEqual([header, ...rows]);
  });
});
