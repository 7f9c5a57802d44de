// Reads the text back out of a PDF that the app generated (pdfkit, standard fonts, WinAnsi
// encoding): inflates each FlateDecode stream and decodes the hex strings of its Tj/TJ text
// operators, one line per operator. Enough for tests to check "exactly what was signed" is in
// the stored file; not a general PDF parser.
import { inflateSync } from "node:zlib";

const WIN_ANSI_HIGH: Record<number, string> = {
  0x80: "€",
  0x82: "‚",
  0x83: "ƒ",
  0x84: "„",
  0x85: "…",
  0x86: "†",
  0x87: "‡",
  0x88: "ˆ",
  0x89: "‰",
  0x8a: "Š",
  0x8b: "‹",
  0x8c: "Œ",
  0x8e: "Ž",
  0x91: "‘",
  0x92: "’",
  0x93: "“",
  0x94: "”",
  0x95: "•",
  0x96: "–",
  0x97: "—",
  0x98: "˜",
  0x99: "™",
  0x9a: "š",
  0x9b: "›",
  0x9c: "œ",
  0x9e: "ž",
  0x9f: "Ÿ",
};

function decodeHex(hex: string): string {
  let out = "";
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const code = parseInt(hex.slice(i, i + 2), 16);
    out += WIN_ANSI_HIGH[code] ?? String.fromCharCode(code);
  }
  return out;
}

function streams(pdf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (;;) {
    const start = pdf.indexOf("stream", from, "latin1");
    if (start < 0) break;
    let body = start + "stream".length;
    if (pdf[body] === 0x0d) body++;
    if (pdf[body] === 0x0a) body++;
    const end = pdf.indexOf("endstream", body, "latin1");
    if (end < 0) break;
    const dict = pdf.subarray(Math.max(0, start - 300), start).toString("latin1");
    const raw = pdf.subarray(body, end);
    if (/FlateDecode/.test(dict.slice(dict.lastIndexOf("<<")))) {
      try {
        out.push(inflateSync(raw));
      } catch {
        // not a content stream we can read (e.g. an embedded font): skip
      }
    } else {
      out.push(raw);
    }
    from = end + "endstream".length;
  }
  return out;
}

/** The PDF's text, one line per text-showing operator, in content order. */
export function pdfText(pdf: Buffer): string {
  const lines: string[] = [];
  for (const s of streams(pdf)) {
    const content = s.toString("latin1");
    for (const m of content.matchAll(/\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      if (m[1] !== undefined) {
        lines.push([...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => decodeHex(h[1])).join(""));
      } else {
        lines.push(decodeHex(m[2]));
      }
    }
  }
  return lines.join("\n");
}
