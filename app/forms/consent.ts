// E-consent forms: a program's consent version (coordinators), the participant's signature
// (personal page or a staff device), the staff countersignature and a withdrawal of consent.
import { z } from "zod";
import { checkboxField } from "~/domain/safety";
import { localDateSchema } from "~/domain/scheduling";
import { signaturePassword } from "./signatures";

/** The most boxes one version may ask to be ticked. */
export const MAX_CONSENT_CHECKBOXES = 20;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} has at most ${max} characters`);

export const consentDocumentSchema = z.object({
  intent: z.literal("publish"),
  title: text("Title", 200),
  versionLabel: text("Version label", 40),
  effectiveDate: localDateSchema,
  body: text("The consent text", 50_000),
  /** One label per line. */
  checkboxes: z
    .string({ error: "List at least one statement to tick, one per line" })
    .transform((v) =>
      v
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().max(300, "A statement to tick has at most 300 characters"))
        .min(1, "List at least one statement to tick, one per line")
        .max(MAX_CONSENT_CHECKBOXES, `At most ${MAX_CONSENT_CHECKBOXES} statements to tick`),
    ),
});
export const consentDocumentIntents = z.discriminatedUnion("intent", [consentDocumentSchema]);

/** The boxes are named box0, box1, …; which must be ticked is the document's (the server says which is missing). */
const boxes = Object.fromEntries(Array.from({ length: MAX_CONSENT_CHECKBOXES }, (_, i) => [`box${i}`, checkboxField()])) as Record<
  `box${number}`,
  ReturnType<typeof checkboxField>
>;

export const signConsentSchema = z.object({
  intent: z.literal("sign"),
  documentId: z.string({ error: "Reload the page and try again" }).min(1),
  signedName: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string().max(200, "A name has at most 200 characters")),
  ...boxes,
});

export const countersignSchema = z.object({
  intent: z.literal("countersign"),
  consentId: z.string().min(1),
  password: signaturePassword,
});

export const withdrawSchema = z.object({
  intent: z.literal("withdraw"),
  programId: z.string().min(1),
  withdrawnOn: localDateSchema,
  reason: text("Reason", 2000),
});

/** The staff "Consent" tab of a participant. */
export const staffConsentIntents = z.discriminatedUnion("intent", [signConsentSchema, countersignSchema, withdrawSchema]);

/** Ticked boxes of a parsed sign form, by field name. */
export function agreedBoxes(input: Record<string, unknown>): Record<string, boolean> {
  return Object.fromEntries(Object.entries(input).filter(([k, v]) => /^box\d+$/.test(k) && v === true)) as Record<string, boolean>;
}
