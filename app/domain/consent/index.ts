// Informed consent (e-consent), the pure rules: the canonical content a version's hash is
// taken over, the safe Markdown subset a document is written in, the typed-name match, and
// what makes a participant's consent "current" for a program.

/** The text hashed (SHA-256) for a version: title, version label, body and checkbox labels, in that order. */
export function canonicalConsentContent(doc: { title: string; versionLabel: string; body: string; checkboxes: readonly string[] }): string {
  return JSON.stringify({
    title: doc.title.trim(),
    version: doc.versionLabel.trim(),
    body: doc.body.replace(/\r\n?/g, "\n").trim(),
    checkboxes: doc.checkboxes.map((c) => c.trim()),
  });
}

/** Case, accents-as-typed and runs of whitespace do not matter; letters and their order do. */
export function normalizeName(name: string): string {
  return name.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("en");
}

export function nameMatches(typed: string, participant: { firstName: string; lastName: string }): boolean {
  return normalizeName(typed) === normalizeName(`${participant.firstName} ${participant.lastName}`);
}

export type ConsentBlock =
  | { kind: "heading"; level: 1 | 2 | 3; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "list"; ordered: boolean; items: string[] };

/**
 * The Markdown subset consent documents use, as blocks of plain text: `#`/`##`/`###`
 * headings, paragraphs (lines joined), `-`/`*` and `1.` lists. Anything else (HTML, links,
 * emphasis marks) stays literal text: pages render it as text, never as markup.
 */
export function parseConsentMarkdown(body: string): ConsentBlock[] {
  const blocks: ConsentBlock[] = [];
  let para: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flush = () => {
    if (para.length) blocks.push({ kind: "paragraph", text: para.join(" ") });
    if (list) blocks.push({ kind: "list", ...list });
    para = [];
    list = null;
  };
  for (const raw of body.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trim();
    if (!line) {
      flush();
      continue;
    }
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: "heading", level: heading[1].length as 1 | 2 | 3, text: heading[2].trim() });
      continue;
    }
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      const ordered = !!numbered && !bullet;
      if (para.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(item[1].trim());
      continue;
    }
    if (list) {
      // A continuation line of the last item.
      list.items[list.items.length - 1] += ` ${line}`;
      continue;
    }
    para.push(line);
  }
  flush();
  return blocks;
}

/** The document's text as lines, as it appears in the PDF (lists with bullets or numbers). */
export function consentPlainText(blocks: readonly ConsentBlock[]): string[] {
  return blocks.flatMap((b) => (b.kind === "list" ? b.items.map((item, i) => (b.ordered ? `${i + 1}. ${item}` : `• ${item}`)) : [b.text]));
}

export type ConsentState = {
  documentId: string;
  countersignedAt: Date | null;
  withdrawnAt: Date | null;
};

/**
 * Why a participant's consents do not make them consented to a program now (null: they do).
 * `current` is the program's current document version (null: the program has none, so
 * nothing is required).
 */
export function consentRefusal(current: { id: string; versionLabel: string } | null, consents: readonly ConsentState[]): string | null {
  if (!current) return null;
  if (consents.some((c) => c.withdrawnAt)) return "The participant has withdrawn consent for this program";
  const mine = consents.filter((c) => c.documentId === current.id);
  if (mine.length === 0)
    return consents.length
      ? `Re-consent needed: the participant signed an earlier version, not the current consent (version ${current.versionLabel})`
      : `No signed consent: the participant has not signed the program's consent (version ${current.versionLabel})`;
  if (!mine.some((c) => c.countersignedAt)) return "The consent is signed but not yet countersigned by staff";
  return null;
}

/** A participant's consent to a program at a glance (the roster's column). */
export type ConsentStanding = "CONSENTED" | "AWAITING_COUNTERSIGNATURE" | "RECONSENT_NEEDED" | "NOT_SIGNED" | "WITHDRAWN";
export const CONSENT_STANDING_LABELS: Record<ConsentStanding, string> = {
  CONSENTED: "Consented",
  AWAITING_COUNTERSIGNATURE: "Awaiting countersignature",
  RECONSENT_NEEDED: "Re-consent needed",
  NOT_SIGNED: "Not signed",
  WITHDRAWN: "Withdrawn",
};

/** The same decision as consentRefusal, as a status; null when the program has no consent document. */
export function consentStanding(current: { id: string } | null, consents: readonly ConsentState[]): ConsentStanding | null {
  if (!current) return null;
  if (consents.some((c) => c.withdrawnAt)) return "WITHDRAWN";
  const mine = consents.filter((c) => c.documentId === current.id);
  if (mine.length === 0) return consents.length ? "RECONSENT_NEEDED" : "NOT_SIGNED";
  return mine.some((c) => c.countersignedAt) ? "CONSENTED" : "AWAITING_COUNTERSIGNATURE";
}
