// A small RFC 4180 CSV reader for measure imports (no CSV library is installed).
// Quoted fields may contain commas, doubled quotes and line breaks; records end with
// CRLF, LF or CR. Pure: used by the import model and its unit tests.

export interface CsvRecord {
  /** 1-based physical line number where the record starts (as a spreadsheet shows it). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    public line: number,
    message: string,
  ) {
    super(`Line ${line}: ${message}`);
  }
}

/** Parses CSV text into records. Blank lines are skipped. Throws CsvSyntaxError on a broken quote. */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // Excel's UTF-8 BOM
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // current field started with a quote
  const endField = () => {
    fields.push(field);
    field = "";
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
  };
  while (i < src.length) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        const next = src[i];
        if (next !== undefined && next !== "," && next !== "\r" && next !== "\n") {
          throw new CsvSyntaxError(line, "unexpected text after a closing quote");
        }
        continue;
      }
      if (c === "\r" || c === "\n") {
        if (c === "\r" && src[i + 1] === "\n") i += 1;
        line += 1;
        field += "\n";
        i += 1;
        continue;
      }
      field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === "" && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      i += 1;
      continue;
    }
    if (c === ",") {
      endField();
      i += 1;
      continue;
    }
    if (c === "\r" || c === "\n") {
      if (c === "\r" && src[i + 1] === "\n") i += 1;
      endRecord();
      line += 1;
      recordLine = line;
      i += 1;
      continue;
    }
    if (c === '"') throw new CsvSyntaxError(line, "a quote inside an unquoted field (wrap the field in quotes and double the quote)");
    field += c;
    i += 1;
  }
  if (quoted) throw new CsvSyntaxError(recordLine, "a quoted field is never closed");
  if (field !== "" || fields.length > 0 || wasQuoted) endRecord();
  return records;
}

/** Quotes a value when needed (for writing CSV templates and test fixtures). */
export function csvField(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}
