// Cohorts and their schedules: one schema per form, run in the browser and on the server.
// Fields arrive as the strings a browser sends ("" for an empty box; a checkbox group is
// absent, one string or an array; `requiredStaff.CLINICIAN` arrives nested). The business
// rules themselves live in app/domain/scheduling (edits.ts, conflicts.ts, enrollment.ts).
import { z } from "zod";
import { COHORT_STATUSES } from "~/components/cohort/cohortStatus";
import { MAX_SHIFT_MINUTES } from "~/domain/scheduling/edits";
import { ENROLLMENT_STATUSES } from "~/domain/scheduling/enrollment";
import { isValidLocalTime, minutesOfDay } from "~/domain/scheduling/localTime";
import { capacitySchema, localDateSchema, localTimeSchema, TEMPLATE_LIMITS, timeZoneSchema } from "~/domain/scheduling/templateSchema";
import { DOSING_ROUTES, SESSION_KINDS, type StaffMix } from "~/domain/scheduling/types";
import { parseFormInt } from "~/utils/forms";

const required = (message: string) => z.string({ error: message }).trim().min(1, { error: message });

/** An optional id from a select: "" (or absent) is null. */
const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((s) => (s ? s : null));

/** A checkbox group (or repeated hidden field): absent is [], one value is [value]. */
const stringList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean));

/** A number typed into a box (also accepts a number, for scripts and tests); "" is absent. */
function numberText<S extends z.ZodType>(schema: S) {
  return z.preprocess((v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim())) : v), schema);
}

const wholeNumber = (label: string, min: number, max: number, unit = "") =>
  z
    .number({ error: `${label} must be a number` })
    .int({ error: `${label} must be a whole number` })
    .min(min, { error: `${label} must be between ${min} and ${max}${unit}` })
    .max(max, { error: `${label} must be between ${min} and ${max}${unit}` });

/* ------------------------------------------------------------------------------ */
/* New cohort                                                                      */

export const cohortFormSchema = z.object({
  name: required("Cohort name is required").max(120, { error: "Keep the name under 120 characters" }),
  programId: required("Choose a program"),
  startDate: localDateSchema,
  timeZone: timeZoneSchema,
  siteId: required("Choose a site"),
  roomId: optionalId,
  capacity: numberText(capacitySchema),
  leadFacilitatorId: required("Choose a lead facilitator"),
  coFacilitatorIds: stringList,
  clinicianIds: stringList,
  /** Keys of warn-level conflicts the coordinator has acknowledged. */
  acknowledged: stringList,
});
export type CohortForm = z.output<typeof cohortFormSchema>;

/* ------------------------------------------------------------------------------ */
/* Cohort status                                                                   */

export const cohortStatusFormSchema = z
  .object({
    intent: z.literal("status"),
    to: z.enum(COHORT_STATUSES, { error: "Choose a valid status" }),
    version: z.string().transform((v, ctx) => {
      const n = parseFormInt(v);
      if (n === null) {
        ctx.addIssue({ code: "custom", message: "Reload the page and try again" });
        return z.NEVER;
      }
      return n;
    }),
    reason: z.string().trim().max(1000, { error: "Keep the reason under 1000 characters" }).default(""),
  })
  .refine((v) => v.to !== "CANCELLED" || v.reason.length >= 3, { error: "Give a reason for cancelling the cohort", path: ["reason"] });
export type CohortStatusForm = z.output<typeof cohortStatusFormSchema>;

/** The cohort's on-call clinician (notified of its urgent safety items with the site's). */
export const cohortOnCallSchema = z.object({
  intent: z.literal("on-call"),
  onCallUserId: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => v || null),
  version: z.string().transform((v, ctx) => {
    const n = parseFormInt(v);
    if (n === null) {
      ctx.addIssue({ code: "custom", message: "Reload the page and try again" });
      return z.NEVER;
    }
    return n;
  }),
});

/** A cohort's staff roles: a lead facilitator and co-facilitators staff every session; clinicians those that need medical staff. */
export const COHORT_STAFF_ROLES = ["LEAD_FACILITATOR", "FACILITATOR", "CLINICIAN"] as const;
export type CohortStaffRole = (typeof COHORT_STAFF_ROLES)[number];
export const COHORT_STAFF_ROLE_LABELS: Record<CohortStaffRole, string> = {
  LEAD_FACILITATOR: "Lead facilitator",
  FACILITATOR: "Co-facilitator",
  CLINICIAN: "Clinician",
};

const cohortVersion = z.string().transform((v, ctx) => {
  const n = parseFormInt(v);
  if (n === null) {
    ctx.addIssue({ code: "custom", message: "Reload the page and try again" });
    return z.NEVER;
  }
  return n;
});

/** Adds a person to a running cohort's staff (and to its sessions still ahead). */
export const cohortStaffAddSchema = z.object({
  intent: z.literal("staff-add"),
  userId: required("Choose a person").pipe(z.string().max(64)),
  role: z.enum(COHORT_STAFF_ROLES, { error: "Choose their role in this cohort" }),
  version: cohortVersion,
});

/** Takes a person off a cohort's staff (and off its sessions still ahead). */
export const cohortStaffRemoveSchema = z.object({
  intent: z.literal("staff-remove"),
  userId: required("Choose a person").pipe(z.string().max(64)),
  role: z.enum(COHORT_STAFF_ROLES, { error: "Choose their role in this cohort" }),
  version: cohortVersion,
});

/* ------------------------------------------------------------------------------ */
/* Schedule edits (one action, several intents)                                    */

const DURATION_TEXT = `Duration must be between ${TEMPLATE_LIMITS.durationMin} and ${TEMPLATE_LIMITS.durationMax} minutes`;

/**
 * Minutes from the start to the end wall time, or a message for `localEndTime`
 * (null when the start itself is invalid: its own field says so).
 */
function durationBetween(start: unknown, end: string): number | string | null {
  if (!isValidLocalTime(end)) return "End time must be HH:MM (24-hour)";
  if (typeof start !== "string" || !isValidLocalTime(start)) return null;
  const d = minutesOfDay(end) - minutesOfDay(start);
  if (d <= 0) return "The end time must be after the start time";
  if (d < TEMPLATE_LIMITS.durationMin || d > TEMPLATE_LIMITS.durationMax) return DURATION_TEXT;
  return d;
}

/** Checks the end time against the start (also when other fields failed, so every message shows at once). */
function checkEndTime(requiredEnd: boolean) {
  return (v: { localStartTime?: unknown; localEndTime?: unknown }, ctx: z.RefinementCtx) => {
    const end = typeof v.localEndTime === "string" ? v.localEndTime.trim() : "";
    if (!end) {
      if (requiredEnd) ctx.addIssue({ code: "custom", message: "End time is required", path: ["localEndTime"] });
      return;
    }
    const d = durationBetween(v.localStartTime, end);
    if (typeof d === "string") ctx.addIssue({ code: "custom", message: d, path: ["localEndTime"] });
  };
}
const always = { when: () => true };

const sessionId = required("Session is required");

export const moveSessionFormSchema = z
  .object({
    intent: z.literal("move"),
    sessionId,
    /** The session's version when the page was loaded (a stale move is refused). */
    version: z
      .string()
      .optional()
      .transform((v) => parseFormInt(v) ?? undefined),
    localDate: localDateSchema,
    localStartTime: localTimeSchema,
    /** Empty keeps the session's duration. */
    localEndTime: z.string().optional(),
    /** Absent leaves the room; "" clears it. */
    roomId: z
      .string()
      .optional()
      .transform((v) => (v === undefined ? undefined : v.trim() || null)),
    acknowledged: stringList,
  })
  .superRefine(checkEndTime(false), always)
  .transform(({ localEndTime, ...v }) => {
    const d = localEndTime?.trim() ? durationBetween(v.localStartTime, localEndTime.trim()) : null;
    return { ...v, durationMinutes: typeof d === "number" ? d : undefined };
  });

export const shiftFollowingFormSchema = z
  .object({
    intent: z.literal("shift"),
    sessionId,
    shiftDays: numberText(z.number({ error: "Days must be a whole number" }).int({ error: "Days must be a whole number" }).default(0)),
    shiftMinutes: numberText(
      z.number({ error: "Minutes must be a whole number" }).int({ error: "Minutes must be a whole number" }).default(0),
    ),
    acknowledged: stringList,
  })
  .transform(({ shiftDays, shiftMinutes, ...v }, ctx) => {
    const deltaMinutes = shiftDays * 1440 + shiftMinutes;
    if (deltaMinutes === 0) ctx.addIssue({ code: "custom", message: "Shift by a non-zero amount", path: ["shiftDays"] });
    else if (Math.abs(deltaMinutes) > MAX_SHIFT_MINUTES)
      ctx.addIssue({ code: "custom", message: "Sessions can be shifted by at most 60 days at a time", path: ["shiftDays"] });
    return { ...v, deltaMinutes };
  });

export const cancelSessionFormSchema = z.object({
  intent: z.literal("cancel"),
  sessionId,
  reason: z
    .string({ error: "Give a reason for cancelling the session" })
    .trim()
    .min(3, { error: "Give a reason for cancelling the session" })
    .max(500, { error: "Keep the reason under 500 characters" }),
});

const staffMinimum = numberText(wholeNumber("Staff minimum", TEMPLATE_LIMITS.staffMin, TEMPLATE_LIMITS.staffMax).optional());

export const addSessionFormSchema = z
  .object({
    intent: z.literal("add"),
    kind: z.enum(SESSION_KINDS, { error: `Session kind must be one of ${SESSION_KINDS.join(", ")}` }),
    title: required("Session title is required").max(120, { error: "Keep the title under 120 characters" }),
    localDate: localDateSchema,
    localStartTime: localTimeSchema,
    localEndTime: z.string().optional(),
    /** Minimum staff by role; 0 or empty means none required. */
    requiredStaff: z
      .object({ CLINICIAN: staffMinimum, FACILITATOR: staffMinimum })
      .optional()
      .transform((m): StaffMix => Object.fromEntries(Object.entries(m ?? {}).filter(([, n]) => n !== undefined && n !== 0))),
    route: z
      .union([z.literal(""), z.enum(DOSING_ROUTES)], { error: `Route must be one of ${DOSING_ROUTES.join(", ")}` })
      .optional()
      .transform((r) => (r ? r : null)),
    acknowledged: stringList,
  })
  .superRefine(checkEndTime(true), always)
  .refine((s) => s.route === null || s.kind === "DOSING", { error: "Only dosing sessions have a route", path: ["route"] })
  .transform(({ localEndTime, ...v }) => {
    const d = durationBetween(v.localStartTime, (localEndTime ?? "").trim());
    return { ...v, durationMinutes: typeof d === "number" ? d : 60 };
  });

/** One action route, several intents; an unknown intent fails here (the route answers 400). */
export const sessionEditFormSchema = z.discriminatedUnion(
  "intent",
  [moveSessionFormSchema, shiftFollowingFormSchema, cancelSessionFormSchema, addSessionFormSchema],
  { error: "Unknown action" },
);
export type SessionEdit = z.output<typeof sessionEditFormSchema>;

/* ------------------------------------------------------------------------------ */
/* Conflicts and the calendar feed                                                 */

export const acknowledgeConflictFormSchema = z.object({
  intent: z.literal("acknowledge"),
  /** A missing key is answered by the model ("That conflict no longer exists"). */
  conflictKey: z.string().trim().default(""),
  note: z
    .string()
    .trim()
    .max(500, { error: "Keep the note under 500 characters" })
    .optional()
    .transform((s) => (s ? s : null)),
});

export const calendarFeedFormSchema = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("create") }), z.object({ intent: z.literal("revoke") })],
  { error: "Unknown action" },
);

/** What a save refused for scheduling clashes carries in `FieldError.details` (read with `replyFor`). */
export type ConflictSummary = { key: string; kind: string; severity: "block" | "warn"; message: string };
export type ConflictDetails = { conflicts: { blocking: ConflictSummary[]; warnings: ConflictSummary[] } };

export function conflictDetails(details: unknown): ConflictDetails["conflicts"] | undefined {
  const c = (details as Partial<ConflictDetails> | undefined)?.conflicts;
  return c && Array.isArray(c.blocking) && Array.isArray(c.warnings) ? c : undefined;
}

/* ------------------------------------------------------------------------------ */
/* Enrollment (kept from the domain's form schemas for the roster's status form)    */

export const enrollmentTransitionFormSchema = z.strictObject({
  enrollmentId: required("Enrollment is required"),
  to: z.enum(ENROLLMENT_STATUSES, { error: "Choose a valid status" }),
  reason: z.string().trim().max(1000).nullable().default(null),
  consentDate: localDateSchema.nullable().default(null),
  withdrawnOn: localDateSchema.nullable().default(null),
});
