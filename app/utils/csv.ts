// The one CSV module: reading (measure imports) and writing (report tables, the
// de-identified dataset and its dictionary, the adverse-event list), on csv-parse and
// csv-stringify (sync APIs). Server and domain code only: both libraries use Node's Buffer
// (csv-stringify at load), which the browser bundle does not provide.
//
// Writing: RFC 4180, comma separated, CRLF line endings, a field is quoted only when it holds
// a comma, a double quote (doubled) or a line break. null, undefined and non-finite numbers
// are empty cells; finite numbers are written at full precision (String(n), so -3 stays -3);
// booleans are "true"/"false".
//
// The formula rule, the same for every export (OWASP "CSV injection"): a spreadsheet may run
// a cell starting with = + - @ (or tab or CR before one) as a formula, so TEXT starting with
// = + - @ tab or CR (or a full-width ＝ ＋ － ＠, which Apple Numbers reads as = + - @,
// as csv-stringify's own escape_formulas does) gets a leading ' and is shown as text. The one exception is
// text that is a plain negative decimal number (-3, -0.25: a minus, digits, optionally a
// point and digits), which stays a number. Anything else starting with a minus or a plus
// ("-1+2", "+1.5", "-3 mg") is neutralised. JS numbers are never prefixed.
//
// Reading: parseCsv accepts a UTF-8 BOM, CRLF, LF or CR line endings (mixed too), quoted
// fields with commas, doubled quotes and line breaks (read back as \n), and skips blank
// lines. Records keep the physical line number where they start (as a spreadsheet shows it).
// A broken quote throws CsvSyntaxError ("Line N: ..."), N being the line of the problem
// (for a quote never closed, the line where the quoted field opens).
import { CsvError, parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

export type CsvValue = string | number | boolean | null | undefined;

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
    this.name = "CsvSyntaxError";
  }
}

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const PLAIN_NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;

/** The text of a cell after the formula rule (not yet quoted). */
export function csvText(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const s = String(value);
  return FORMULA_START.test(s) && !PLAIN_NEGATIVE_NUMBER.test(s) ? `'${s}` : s;
}

// quote_record_delimiter: with an explicit record delimiter csv-stringify would otherwise
// quote only fields holding "\r\n", and leave a bare "\n" or "\r" unquoted.
const STRINGIFY = { record_delimiter: "\r\n", quote_record_delimiter: true } as const;

/** One encoded CSV cell: the formula rule, then RFC 4180 quoting when needed. */
export function csvCell(value: CsvValue): string {
  return stringify([[csvText(value)]], { ...STRINGIFY, eof: false });
}

/** A CSV file: the header row, then one row per record; CRLF after every line. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<CsvValue>>): string {
  return stringify(
    [header, ...rows].map((r) => r.map(csvText)),
    STRINGIFY,
  );
}

const SYNTAX_MESSAGES: Record<string, string> = {
  INVALID_OPENING_QUOTE: "a quote inside an unquoted field (wrap the field in quotes and double the quote)",
  CSV_INVALID_CLOSING_QUOTE: "unexpected text after a closing quote",
  CSV_QUOTE_NOT_CLOSED: "a quoted field is never closed",
};

/** Parses CSV text into records (the header is the first). Blank lines are skipped. Throws CsvSyntaxError on a broken quote. */
export function parseCsv(text: string): CsvRecord[] {
  // One line ending for csv-parse (which takes one record delimiter per file); a line break
  // inside a quoted field is read as \n either way.
  const src = text.replace(/\r\n?/g, "\n");
  return src.includes('"') ? parseWithLibrary(src) : parseUnquoted(src);
}

/**
 * A file without a single double quote has no quoted field, so each non-blank line is one
 * record and each comma a field boundary: exactly what csv-parse returns for it (a test
 * compares the two on generated files), at a tenth of the cost. csv-parse builds an error
 * object for every record whose field count differs from the header's (an import's rows are
 * as long as their instrument), most of the time of a 20,000-row import's parse.
 */
function parseUnquoted(src: string): CsvRecord[] {
  const lines = (src.charCodeAt(0) === 0xfeff ? src.slice(1) : src).split("\n");
  const records: CsvRecord[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i] !== "") records.push({ line: i + 1, fields: lines[i].split(",") });
  return records;
}

/** parseCsv through csv-parse, whatever the file holds (exported for the test that compares it with the quote-free path). */
export function parseWithLibrary(src: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let lastRecordLine = 0;
  // csv-parse builds an error, stack trace included, for every record whose field count
  // differs from the first one's even when relax_column_count lets it through; without the
  // trace that costs a third as much.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    parse(src, {
      bom: true,
      record_delimiter: "\n",
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (fields, context) => {
        lastRecordLine = context.lines;
        if (fields.length === 1 && fields[0] === "") return null; // a lone "" is a blank line
        // context.lines is the line where the record ends; quoted line breaks move its start up.
        const breaks = fields.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
        records.push({ line: context.lines - breaks, fields });
        return null;
      },
    });
  } catch (e) {
    Error.stackTraceLimit = stackTraceLimit;
    if (!(e instanceof CsvError)) throw e;
    if (e.code === "CSV_QUOTE_NOT_CLOSED") {
      // csv-parse reports the end of the file; the field opens on the first non-blank line after the last record.
      const physical = src.replace(/^\uFEFF/, "").split("\n");
      let start = lastRecordLine;
      while (start < physical.length - 1 && physical[start] === "") start += 1;
      throw new CsvSyntaxError(start + 1, SYNTAX_MESSAGES[e.code]);
    }
    const line = (e as CsvError & { lines?: number }).lines ?? 1;
    throw new CsvSyntaxError(line, SYNTAX_MESSAGES[e.code] ?? e.message);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  return records;
}
