// Questionnaires (staff entry, the participant's link), questionnaire links and licensed
// item wording: one schema per form, run in the browser and on the server. Answers are
// radio groups named `r.<CODE>.<item>`, which arrive nested: { r: { PHQ9: { "1": "2" } } }.
import { z } from "zod";
import { getInstrument, isInstrumentCode, validateResponses } from "~/domain/instruments";
import { LICENSED_INSTRUMENTS, MAX_WORDING_LENGTH } from "~/models/instrumentWording.shared";
import { formIntSchema, localDateField } from "~/utils/forms";

/** Answers by instrument code, then item number (null: not answered). */
export type Answers = Record<string, Record<number, number | null>>;

/**
 * The radio answers of `codes`, checked by the instrument's own rules (values in range,
 * every item answered when `requireAll`); a message per item at `r.<CODE>.<item>`.
 */
export function answersField(codes: readonly string[], requireAll: boolean) {
  return z.unknown().transform((raw, ctx): Answers => {
    const byCode = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
    const out: Answers = {};
    for (const code of codes) {
      if (!isInstrumentCode(code)) continue;
      const def = getInstrument(code);
      const given = byCode[code] && typeof byCode[code] === "object" ? (byCode[code] as Record<string, unknown>) : {};
      // Only the instrument's own items are read; other names in the form are ignored.
      const items = Object.fromEntries(def.items.map((i) => [i.number, given[String(i.number)] ?? null]));
      const v = validateResponses(def, items, { requireAll });
      for (const [n, message] of Object.entries(v.errorsByItem)) ctx.addIssue({ code: "custom", path: [code, n], message });
      for (const message of v.formErrors) ctx.addIssue({ code: "custom", path: [], message });
      out[code] = v.values;
    }
    return out;
  });
}

/** The item answers of one instrument as a list (index 0 = item 1), once every item is answered. */
export function responsesOf(code: string, answers: Answers): number[] {
  return getInstrument(code).items.map((i) => answers[code]?.[i.number] as number);
}

const version = formIntSchema("Reload the page and try again: the form did not say which version it edits. Nothing was saved.");

const completedOn = localDateField("Enter the date the questionnaire was completed, between 1900 and 2100 (YYYY-MM-DD).")
  // A day of slack: the person entering may be a time zone ahead of the clinic.
  .refine((d) => d <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), {
    error: "The completion date cannot be in the future.",
  });

/** Staff entry of one assessment of instrument `code`, or marking it missed. */
export function assessmentIntents(code: string) {
  return z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("save"),
      version,
      completedOn,
      reason: z
        .string()
        .trim()
        .optional()
        .transform((s) => s || null),
      r: answersField([code], true),
    }),
    z.object({ intent: z.literal("missed"), version }),
  ]);
}
export type AssessmentEntryInput = Extract<z.output<ReturnType<typeof assessmentIntents>>, { intent: "save" }>;

/** The participant's questionnaires (`codes`): every item for "submit", any subset for "draft". */
export function selfReportIntents(codes: readonly string[]) {
  return z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("submit"), r: answersField(codes, true) }),
    z.object({ intent: z.literal("draft"), r: answersField(codes, false) }),
  ]);
}

const id = z
  .string({ error: "Reload the page: the form did not say which record it is for." })
  .trim()
  .min(1, { error: "Reload the page: the form did not say which record it is for." });

export const trackerIntents = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create-link"), enrollmentId: id, timepointKey: id }),
  z.object({ intent: z.literal("revoke-link"), linkId: id }),
]);

/** Licensed wording of one instrument: `item.<n>` per item; empty clears the item's wording. */
export const wordingFields = z.object({
  intent: z.literal("save"),
  code: z.enum(LICENSED_INSTRUMENTS, { error: "Choose a licensed instrument from the list." }),
  item: z
    .record(
      z.string(),
      z.string().transform((s) => s.trim()),
    )
    .optional()
    .transform((v) => v ?? {})
    .superRefine((texts, ctx) => {
      for (const [n, text] of Object.entries(texts)) {
        if (text.length > MAX_WORDING_LENGTH)
          ctx.addIssue({ code: "custom", path: [n], message: `Item ${n}: keep the wording under ${MAX_WORDING_LENGTH} characters.` });
      }
    }),
});
export type WordingInput = z.output<typeof wordingFields>;

/* The CSV import: "preview" sends the file, "commit" sends back the checked text. */

export const MAX_IMPORT_FILE_BYTES = 5 * 1024 * 1024;
const importProgram = z
  .string({ error: "Choose the program the data belongs to." })
  .trim()
  .min(1, { error: "Choose the program the data belongs to." });
const createMissing = z
  .literal("on")
  .optional()
  .transform((v) => v === "on");
const csvFile = z
  .custom<File>((v) => typeof v === "object" && v !== null && "size" in v && (v as File).size > 0, {
    error: "Choose a CSV file to import.",
  })
  .refine((f) => f.size <= MAX_IMPORT_FILE_BYTES, { error: "The file is larger than 5 MB; split it into smaller files." });

export const measureImportIntents = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("preview"), programId: importProgram, createMissing, file: csvFile }),
  z.object({
    intent: z.literal("commit"),
    programId: importProgram,
    createMissing,
    csv: z.string({ error: "Choose a CSV file to import." }).refine((s) => s.trim() !== "", { error: "Choose a CSV file to import." }),
    fileName: z
      .string()
      .trim()
      .max(255)
      .optional()
      .transform((s) => s || "import.csv"),
  }),
]);
