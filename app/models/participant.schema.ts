// Participant and enrollment forms: one zod schema per form, used by the server
// (always) and available to the browser. Business rules about enrollment status
// live in app/domain/scheduling/enrollment.ts; this file only checks input shape.
import { z } from "zod";
import { ENROLLMENT_STATUSES, isValidLocalDate } from "~/domain/scheduling";
import { OCCUPATIONS, SEXES } from "~/domain/scheduling/participantLabels";
import { formIntSchema } from "~/utils/forms";

// The codes and their labels live with the domain (reports label subgroups with them too).
export {
  OCCUPATIONS,
  OCCUPATION_LABEL,
  SEXES,
  SEX_LABEL,
  occupationLabel,
  sexLabel,
  type Occupation,
  type Sex,
} from "~/domain/scheduling/participantLabels";
/** No 0/O, 1/I: codes are read aloud and copied by hand. */
export const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/** Generated codes look like GK-7KQ2M; a coordinator may use an existing study code instead. */
export const PARTICIPANT_CODE_RE = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/;
export const CODE_FORMAT_MESSAGE =
  "A participant code has 3–20 characters: capital letters, digits and single hyphens, starting with a letter (e.g. GK-7KQ2M).";

export const MIN_AGE = 18;
export const MAX_AGE = 100;
export const MIN_WEIGHT_KG = 30;
export const MAX_WEIGHT_KG = 300;

/** Today's date in UTC as YYYY-MM-DD (birth dates have no time zone). */
export function todayUtc(now = new Date()) {
  return now.toISOString().slice(0, 10);
}

/** Whole years between a birth date and `today` (both YYYY-MM-DD). */
/** Age in whole years, or null when the date of birth is unknown (e.g. imported records). */
export function ageOn(dateOfBirth: string | null | undefined, today: string): number | null {
  if (!dateOfBirth || !/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth)) return null;
  const [by, bm, bd] = dateOfBirth.split("-").map(Number);
  const [ty, tm, td] = today.split("-").map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
const optionalText = (max: number, what: string) =>
  z.preprocess(blankToNull, z.string().trim().max(max, `${what} has at most ${max} characters.`).nullable().default(null));
const phone = (what: string) =>
  z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()./-]{7,25}$/, `Enter ${what} with digits, spaces, +, ( ) or - (7–25 characters).`)
      .nullable()
      .default(null),
  );

const dateOfBirth = z
  .string({ error: "Enter the date of birth." })
  .trim()
  .min(1, "Enter the date of birth.")
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date of birth as YYYY-MM-DD.")
  .refine(isValidLocalDate, "This date does not exist on the calendar.")
  .superRefine((value, ctx) => {
    if (!isValidLocalDate(value)) return;
    const today = todayUtc();
    if (value > today) ctx.addIssue({ code: "custom", message: "The date of birth cannot be in the future." });
    else if (ageOn(value, today)! < MIN_AGE)
      ctx.addIssue({ code: "custom", message: `Participants must be at least ${MIN_AGE} years old.` });
    else if (ageOn(value, today)! > MAX_AGE)
      ctx.addIssue({ code: "custom", message: `Check the date of birth: that is older than ${MAX_AGE} years.` });
  });

const weightKg = z.preprocess(
  blankToNull,
  z.coerce
    .number({ error: "Enter the weight in kilograms as a number." })
    .refine((n) => Number.isFinite(n), "Enter the weight in kilograms as a number.")
    .min(MIN_WEIGHT_KG, `Weight must be between ${MIN_WEIGHT_KG} and ${MAX_WEIGHT_KG} kg.`)
    .max(MAX_WEIGHT_KG, `Weight must be between ${MIN_WEIGHT_KG} and ${MAX_WEIGHT_KG} kg.`)
    .nullable()
    .default(null),
);

export const ParticipantDetailsSchema = z.object({
  firstName: z
    .string({ error: "Enter the first name." })
    .trim()
    .min(1, "Enter the first name.")
    .max(80, "A first name has at most 80 characters."),
  lastName: z
    .string({ error: "Enter the last name." })
    .trim()
    .min(1, "Enter the last name.")
    .max(80, "A last name has at most 80 characters."),
  dateOfBirth,
  sex: z.enum(SEXES, { error: "Choose the sex." }),
  occupation: z.enum(OCCUPATIONS, { error: "Choose the occupation." }),
  email: z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .max(254, "An email address has at most 254 characters.")
      .pipe(z.email({ error: "Enter an email address like name@example.org." }))
      .nullable()
      .default(null),
  ),
  phone: phone("the phone number"),
  emergencyContactName: optionalText(120, "A name"),
  emergencyContactPhone: phone("the emergency contact's phone number"),
  weightKg,
});

export type ParticipantDetailsInput = z.infer<typeof ParticipantDetailsSchema>;

export const participantCodeSchema = z
  .string({ error: "Enter a participant code." })
  .trim()
  .toUpperCase()
  .min(3, CODE_FORMAT_MESSAGE)
  .max(20, CODE_FORMAT_MESSAGE)
  .regex(PARTICIPANT_CODE_RE, CODE_FORMAT_MESSAGE);

export const ParticipantCreateSchema = ParticipantDetailsSchema.extend({
  code: participantCodeSchema,
  cohortId: z.preprocess(blankToNull, z.string().trim().nullable().default(null)),
});
export type ParticipantCreateInput = z.infer<typeof ParticipantCreateSchema>;

export const ParticipantEditSchema = ParticipantDetailsSchema.extend({
  version: formIntSchema("Reload the page and try again: the form did not say which version it edits.", { min: 1 }),
});
export type ParticipantEditInput = z.infer<typeof ParticipantEditSchema>;

const optionalDate = (what: string) =>
  z.preprocess(
    blankToNull,
    z.string().refine(isValidLocalDate, `${what} must be a real date between 1900 and 2100 (YYYY-MM-DD).`).nullable().default(null),
  );

/** One status change of one enrollment (roster or participant page). */
export const EnrollmentTransitionSchema = z.object({
  enrollmentId: z.string({ error: "Choose an enrollment." }).trim().min(1, "Choose an enrollment."),
  version: formIntSchema("Reload the page and try again: the form did not say which version it edits.", { min: 1 }),
  to: z.enum(ENROLLMENT_STATUSES, { error: "Choose a valid status." }),
  reason: z.preprocess(blankToNull, z.string().trim().max(1000, "A reason has at most 1000 characters.").nullable().default(null)),
  consentDate: optionalDate("The consent date"),
  withdrawnOn: optionalDate("The withdrawal date"),
});
export type EnrollmentTransitionInput = z.infer<typeof EnrollmentTransitionSchema>;

/** Adding an existing participant to a cohort. */
export const AddToCohortSchema = z.object({
  participantId: z.string({ error: "Choose a participant." }).trim().min(1, "Choose a participant."),
  /** REFERRED: starts screening in this cohort; PLACE: already eligible, takes a seat or joins the waitlist. */
  mode: z.enum(["REFERRED", "PLACE"], { error: "Choose how to add the participant." }),
});

/**
 * A Prisma `where` for "name or code contains every word of `q`" (at most 4 words). The
 * database's LIKE is case-sensitive on PostgreSQL, so each word is tried as typed, in lower
 * case and capitalised; codes are stored in upper case.
 */
export function participantSearchWhere(q: string) {
  return {
    AND: searchWords(q).map(({ code, variants }) => ({
      OR: [{ code: { contains: code } }, ...variants.flatMap((v) => [{ firstName: { contains: v } }, { lastName: { contains: v } }])],
    })),
  };
}

/**
 * `participantSearchWhere` for hand-written reads: a condition on the participant aliased `p`
 * and its parameters. LIKE with the words as typed (`%` and `_` match as wildcards, as in
 * Prisma's `contains`), case-insensitive on SQLite and case-sensitive on PostgreSQL.
 */
export function participantSearchSql(q: string): { sql: string; params: string[] } {
  const words = searchWords(q);
  if (!words.length) return { sql: "1 = 1", params: [] };
  const params: string[] = [];
  const sql = words
    .map(({ code, variants }) => {
      params.push(`%${code}%`);
      const names = variants.map((v) => {
        params.push(`%${v}%`, `%${v}%`);
        return `p."firstName" LIKE ? OR p."lastName" LIKE ?`;
      });
      return `(p."code" LIKE ? OR ${names.join(" OR ")})`;
    })
    .join(" AND ");
  return { sql, params };
}

/** The words of a search (at most 4): the code to look for, and the name spellings tried. */
function searchWords(q: string) {
  return q
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 4)
    .map((word) => ({
      code: word.toUpperCase(),
      variants: [...new Set([word, word.toLowerCase(), word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()])],
    }));
}
