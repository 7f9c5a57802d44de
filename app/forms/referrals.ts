// Referrals and screening: one schema per form, run in the browser and on the server.
import { z } from "zod";
import { isInstrumentCode } from "~/domain/instruments";
import { CLEARANCE_DECISIONS, CONTRA_ANSWERS, REFERRAL_SOURCES, REFERRAL_STATUSES, SCREENING_OUTCOMES } from "~/domain/referrals";
import { ParticipantDetailsSchema } from "~/models/participant.schema";
import { formIntSchema, localDateField } from "~/utils/forms";
import { answersField } from "./measures";

const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
const text = (max: number, what: string) =>
  z.preprocess(blankToNull, z.string().trim().max(max, `${what} has at most ${max} characters.`).nullable().default(null));
const required = (max: number, message: string) =>
  z.string({ error: message }).trim().min(1, message).max(max, `At most ${max} characters.`);
const version = formIntSchema("Reload the page and try again: the form did not say which version it edits. Nothing was saved.");
const localDate = (message: string) =>
  localDateField(message).refine((d) => d <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), {
    error: "The date cannot be in the future.",
  });
const d = ParticipantDetailsSchema.shape;

const contactFields = {
  firstName: d.firstName,
  lastName: d.lastName,
  email: d.email,
  phone: d.phone,
};

/** What both the staff form and the public self-referral form collect about the person. */
export const referralContactSchema = z
  .object({ ...contactFields, notes: text(2000, "The note") })
  .refine((v) => v.email || v.phone, { path: ["email"], error: "Give an email address or a phone number so the team can reach you." });

/** Staff entering a referral. */
export const referralCreateSchema = z
  .object({
    programId: required(100, "Choose the program."),
    source: z.enum(REFERRAL_SOURCES, { error: "Choose where the referral came from." }),
    sourceDetail: text(200, "Referred by"),
    referredOn: localDate("Enter the referral date (YYYY-MM-DD)."),
    ...contactFields,
    notes: text(2000, "The note"),
  })
  .refine((v) => v.email || v.phone, { path: ["email"], error: "Give an email address or a phone number." });
export type ReferralCreateInput = z.output<typeof referralCreateSchema>;

/** The public self-referral page. `website` is a honeypot: people never see or fill it. */
export const selfReferralSchema = z
  .object({
    ...contactFields,
    notes: text(1000, "The message"),
    website: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string()),
  })
  .refine((v) => v.email || v.phone, { path: ["email"], error: "Give an email address or a phone number so the team can reach you." });
export type SelfReferralInput = z.output<typeof selfReferralSchema>;

/** The referral list's query string (filters, sort, page). */
export const referralListQuery = z.object({
  programId: z.string().optional().catch(undefined),
  status: z.enum(REFERRAL_STATUSES).optional().catch(undefined),
  sort: z.enum(["referred", "name", "status"]).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  after: z.string().optional().catch(undefined),
  before: z.string().optional().catch(undefined),
});

const bp = (what: string, min: number, max: number) =>
  z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, `Enter ${what} as a whole number.`)
      .transform(Number)
      .refine((n) => n >= min && n <= max, `${what[0].toUpperCase()}${what.slice(1)} must be between ${min} and ${max}.`)
      .nullable()
      .default(null),
  );

/** The forms of the referral page, by intent. `r` holds one questionnaire's answers. */
export function referralIntents(instrumentCode: string | null) {
  return z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("measure"),
      version,
      instrumentCode: z.string().refine((c) => isInstrumentCode(c) && c === instrumentCode, { error: "Choose a questionnaire." }),
      completedOn: localDate("Enter the date the questionnaire was completed (YYYY-MM-DD)."),
      r: answersField(instrumentCode ? [instrumentCode] : [], true),
    }),
    z.object({
      intent: z.literal("checklist"),
      version,
      c: z
        .record(
          z.string(),
          z.object({ answer: z.enum(CONTRA_ANSWERS, { error: "Answer yes, no or unknown." }), note: text(500, "A note") }),
        )
        .default({}),
    }),
    z
      .object({
        intent: z.literal("medical"),
        version,
        medicalHistory: text(4000, "Medical history"),
        currentMedications: text(4000, "Current medications"),
        allergies: text(2000, "Allergies"),
        systolic: bp("the systolic pressure", 60, 260),
        diastolic: bp("the diastolic pressure", 30, 160),
        heartRate: bp("the heart rate", 20, 220),
        vitalsOn: z.preprocess(blankToNull, localDate("Enter the date of the vitals (YYYY-MM-DD).").nullable().default(null)),
      })
      .refine((v) => (v.systolic === null) === (v.diastolic === null), { path: ["diastolic"], error: "Enter both blood pressure numbers." })
      .refine((v) => v.systolic === null || v.diastolic === null || v.systolic > v.diastolic, {
        path: ["diastolic"],
        error: "The diastolic pressure must be below the systolic.",
      })
      .refine((v) => (v.systolic === null && v.heartRate === null) || v.vitalsOn !== null, {
        path: ["vitalsOn"],
        error: "Enter the date the vitals were taken.",
      }),
    z.object({
      intent: z.literal("outcome"),
      version,
      outcome: z.enum(SCREENING_OUTCOMES, { error: "Choose the screening outcome." }),
      on: localDate("Enter the date of the outcome (YYYY-MM-DD)."),
      reason: text(1000, "The reason"),
    }),
    z
      .object({
        intent: z.literal("clearance"),
        version,
        decision: z.enum(CLEARANCE_DECISIONS, { error: "Choose the clearance decision." }),
        reason: text(2000, "The reason"),
      })
      .refine((v) => v.reason !== null, { path: ["reason"], error: "Give the reason (and any conditions) for this decision." }),
    z.object({
      intent: z.literal("enroll"),
      version,
      cohortId: required(100, "Choose the cohort."),
      /** Link an existing participant (by code) instead of creating one. */
      existingCode: z.preprocess(
        blankToNull,
        z.string().trim().toUpperCase().max(20, "A participant code has at most 20 characters.").nullable().default(null),
      ),
      dateOfBirth: z.preprocess(blankToNull, d.dateOfBirth.nullable().default(null)),
      sex: z.preprocess(blankToNull, d.sex.nullable().default(null)),
      occupation: z.preprocess(blankToNull, d.occupation.nullable().default(null)),
    }),
  ]);
}
export type ReferralIntent = z.output<ReturnType<typeof referralIntents>>;
export type ReferralIntentOf<I extends ReferralIntent["intent"]> = Extract<ReferralIntent, { intent: I }>;
