// The dosing board's forms: one variant per section (`intent`), each naming the card's
// enrollment and the record version it was loaded with. Field rules come from the safety
// domain (vitals, dose, CADSS-6, discharge, override, addendum); times typed into
// datetime-local boxes are read in the cohort's time zone.
import { z } from "zod";
import {
  OVERRIDE_REASON_MIN_LENGTH,
  addendumSchema,
  cadss6Schema,
  createDoseSchema,
  createTimedVitalsSchema,
  dischargeChecklistSchema,
  gateOverrideSchema,
  checkboxField,
  optionalTextField,
  parseInstant,
} from "~/domain/safety";
import { formIntSchema } from "~/utils/forms";
import { signaturePassword } from "./signatures";

export type DosingFormContext = {
  /** The cohort's time zone: wall-clock input is read there. */
  timeZone: string;
  /** "Now" for the not-in-the-future rules; see `liveNow` for the browser. */
  now: Date;
  /** The program's pre-dose checklist (its labels name the items in messages). */
  checklist: readonly { key: string; label: string }[];
};

/**
 * A Date that always reads as the current time: the browser's copy of the schema outlives
 * the page load by hours (a board stays open through the session), so "not in the future"
 * must compare with the clock at validation time.
 */
export function liveNow(): Date {
  const now = new Date();
  now.getTime = now.valueOf = () => Date.now();
  return now;
}

/** The refusal for any edit of a signed record (the model says the same inside its transaction). */
export function signedRecordMessage(signedAt: Date) {
  return `This dosing record was signed at ${signedAt.toISOString()} and can no longer be edited; add an addendum to correct it`;
}

const RELOAD = "Reload the page and try again: the form did not say which version it edits";
const card = {
  enrollmentId: z.string({ error: "This participant is not on the session's roster" }),
  version: z.preprocess((v) => (v === undefined ? "0" : v), formIntSchema(RELOAD)),
};

/**
 * "The time is correct": the clinician's confirmation of a time outside the session window
 * (SESSION_TIME_WINDOW); the model refuses such a time without it.
 */
const timeConfirmed = checkboxField();

export const CHECKLIST_ANSWERS = ["YES", "NO", "NOT_APPLICABLE"] as const;

function checklistIntent(items: DosingFormContext["checklist"]) {
  const answer = (label: string) =>
    z
      .enum(["", ...CHECKLIST_ANSWERS], { error: `Answer "${label}" with yes, no or not applicable` })
      .optional()
      .transform((a) => (a ? a : null));
  return z.object({
    intent: z.literal("checklist"),
    ...card,
    answer: z
      .object(Object.fromEntries(items.map((i) => [i.key, answer(i.label)])) as Record<string, ReturnType<typeof answer>>)
      .optional()
      .transform((a) => a ?? {}),
  });
}

const observations = z.preprocess(
  (v) => (typeof v === "string" && v.trim() ? v.trim() : undefined),
  z.string().max(5000, "Observations must be at most 5000 characters").optional(),
);

function dischargedAt({ timeZone, now }: DosingFormContext) {
  return z.preprocess(
    (v) => parseInstant(v, timeZone),
    z
      .date({ error: "Discharge time is not a valid date and time" })
      .refine((d) => d.getTime() <= now.getTime(), "Discharge time cannot be in the future")
      .optional(),
  );
}

/** Each section's form, by intent (the page's components use them one by one). */
export function dosingForms(ctx: DosingFormContext) {
  return {
    checklist: checklistIntent(ctx.checklist),
    predose_vitals: createTimedVitalsSchema(ctx).safeExtend({ intent: z.literal("predose_vitals"), ...card, timeConfirmed }),
    override: gateOverrideSchema.extend({ intent: z.literal("override"), ...card }),
    dose: createDoseSchema(ctx)
      .omit({ lotNumber: true })
      .extend({
        intent: z.literal("dose"),
        ...card,
        timeConfirmed,
        lotId: z.preprocess((v) => (v === "" ? undefined : v), z.string({ error: "Choose the lot" })),
        // A prescriber's override of the program's mg/kg range (the model decides whether one is needed and allowed).
        overrideDoseRange: checkboxField(),
        doseOverrideReason: optionalTextField("Reason for the dose outside the range", { max: 2000 }),
      })
      .superRefine((v, issues) => {
        if (v.overrideDoseRange && (v.doseOverrideReason ?? "").length < OVERRIDE_REASON_MIN_LENGTH)
          issues.addIssue({
            code: "custom",
            path: ["doseOverrideReason"],
            message: `Write the reason for giving a dose outside the range (at least ${OVERRIDE_REASON_MIN_LENGTH} characters)`,
          });
      }),
    vitals: createTimedVitalsSchema(ctx).safeExtend({ intent: z.literal("vitals"), ...card, timeConfirmed }),
    cadss: cadss6Schema.extend({ intent: z.literal("cadss"), ...card, observations }),
    discharge: dischargeChecklistSchema.safeExtend({
      intent: z.literal("discharge"),
      ...card,
      dischargedAt: dischargedAt(ctx),
      timeConfirmed,
    }),
    sign: z.object({ intent: z.literal("sign"), ...card, password: signaturePassword }),
    addendum: addendumSchema.extend({ intent: z.literal("addendum"), enrollmentId: card.enrollmentId }),
  };
}

const sharedForms = new Map<string, DosingForms>();

/**
 * The card forms' schemas for a zone and checklist, made once and shared by every card and
 * request (they read the clock live, `liveNow`): building the dozen schemas took ~3% of a
 * dosing board's server time, for schemas the server's render never runs.
 */
export function sharedDosingForms(timeZone: string, checklist: DosingFormContext["checklist"]): DosingForms {
  const key = `${timeZone}\u0000${JSON.stringify(checklist)}`;
  let forms = sharedForms.get(key);
  if (!forms) {
    if (sharedForms.size >= 64) sharedForms.clear();
    sharedForms.set(key, (forms = dosingForms({ timeZone, now: liveNow(), checklist })));
  }
  return forms;
}

/**
 * Every board action. On the server, `signed` (enrollment id → signed at) answers any edit
 * of a signed record with the lock message before judging its fields: a stale board's form
 * learns first that the record is closed, not that a box is empty.
 */
export function dosingIntents(ctx: DosingFormContext & { signed?: ReadonlyMap<string, Date> }) {
  const f = dosingForms(ctx);
  const union = z.discriminatedUnion("intent", [
    f.checklist,
    f.predose_vitals,
    f.override,
    f.dose,
    f.vitals,
    f.cadss,
    f.discharge,
    f.sign,
    f.addendum,
  ]);
  return z.preprocess((raw, issues) => {
    const { intent, enrollmentId } = (raw ?? {}) as { intent?: unknown; enrollmentId?: unknown };
    const signedAt = typeof enrollmentId === "string" && intent !== "addendum" ? ctx.signed?.get(enrollmentId) : undefined;
    if (signedAt) issues.addIssue({ code: "custom", message: signedRecordMessage(signedAt), path: [] });
    return raw;
  }, union);
}

export type DosingForms = ReturnType<typeof dosingForms>;
export type DosingIntent = z.output<ReturnType<typeof dosingIntents>>;
export type DosingInput<I extends DosingIntent["intent"]> = Extract<DosingIntent, { intent: I }>;
