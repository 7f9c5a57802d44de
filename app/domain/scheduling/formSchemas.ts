/**
 * zod schemas for the scheduling forms (cohort creation, session edits,
 * enrollment status changes). Shared by client and server; the business
 * rules themselves live in edits.ts / enrollment.ts.
 */
import { z } from "zod";
import { ENROLLMENT_STATUSES } from "./enrollment";
import { MAX_SHIFT_MINUTES } from "./edits";
import {
  capacitySchema,
  TEMPLATE_LIMITS,
  localDateSchema,
  localTimeSchema,
  staffMixSchema,
  timeZoneSchema,
} from "./templateSchema";
import { DOSING_ROUTES, SESSION_KINDS, STAFF_ROLES } from "./types";

const id = (what: string) => z.string({ error: `${what} is required` }).trim().min(1, { error: `${what} is required` });

export const cohortFormSchema = z.strictObject({
  name: z.string({ error: "Cohort name is required" }).trim().min(1, { error: "Cohort name is required" }).max(120),
  templateId: id("Program"),
  startDate: localDateSchema,
  timeZone: timeZoneSchema,
  capacity: capacitySchema,
  roomId: z.string().trim().min(1).nullable().default(null),
  staff: z
    .array(
      z.strictObject({
        userId: id("Staff member"),
        role: z.enum(STAFF_ROLES, { error: `Staff role must be one of ${STAFF_ROLES.join(", ")}` }),
      }),
    )
    .default([]),
});
export type CohortFormInput = z.input<typeof cohortFormSchema>;
export type CohortForm = z.output<typeof cohortFormSchema>;

const durationSchema = z
  .number({ error: "Duration must be a number" })
  .int({ error: "Duration must be a whole number" })
  .min(TEMPLATE_LIMITS.durationMin, { error: `Duration must be between ${TEMPLATE_LIMITS.durationMin} and ${TEMPLATE_LIMITS.durationMax} minutes` })
  .max(TEMPLATE_LIMITS.durationMax, { error: `Duration must be between ${TEMPLATE_LIMITS.durationMin} and ${TEMPLATE_LIMITS.durationMax} minutes` });

export const moveSessionFormSchema = z.strictObject({
  intent: z.literal("move"),
  sessionId: id("Session"),
  localDate: localDateSchema,
  localStartTime: localTimeSchema,
  durationMinutes: durationSchema.optional(),
  /** Keys of warn-level conflicts the coordinator has acknowledged. */
  acknowledged: z.array(z.string()).default([]),
});

export const shiftFollowingFormSchema = z.strictObject({
  intent: z.literal("shift"),
  sessionId: id("Session"),
  deltaMinutes: z
    .number({ error: "Shift must be a number of minutes" })
    .int({ error: "Shift must be a whole number of minutes" })
    .refine((n) => n !== 0, { error: "Shift by a non-zero amount" })
    .refine((n) => Math.abs(n) <= MAX_SHIFT_MINUTES, { error: "Sessions can be shifted by at most 60 days at a time" }),
  acknowledged: z.array(z.string()).default([]),
});

export const cancelSessionFormSchema = z.strictObject({
  intent: z.literal("cancel"),
  sessionId: id("Session"),
  reason: z
    .string({ error: "Give a reason for cancelling the session" })
    .trim()
    .min(3, { error: "Give a reason for cancelling the session" })
    .max(500, { error: "Keep the reason under 500 characters" }),
});

export const addSessionFormSchema = z
  .strictObject({
    intent: z.literal("add"),
    kind: z.enum(SESSION_KINDS, { error: `Session kind must be one of ${SESSION_KINDS.join(", ")}` }),
    title: z.string({ error: "Session title is required" }).trim().min(1, { error: "Session title is required" }).max(120),
    localDate: localDateSchema,
    localStartTime: localTimeSchema,
    durationMinutes: durationSchema,
    requiredStaff: staffMixSchema,
    route: z.enum(DOSING_ROUTES).nullable().default(null),
    acknowledged: z.array(z.string()).default([]),
  })
  .refine((s) => s.route === null || s.kind === "DOSING", { error: "Only dosing sessions have a route", path: ["route"] });

/** One action route, several intents; an unknown intent fails here (route answers 400). */
export const sessionEditFormSchema = z.discriminatedUnion(
  "intent",
  [moveSessionFormSchema, shiftFollowingFormSchema, cancelSessionFormSchema, addSessionFormSchema],
  { error: "Unknown action" },
);

export const enrollmentTransitionFormSchema = z.strictObject({
  enrollmentId: id("Enrollment"),
  to: z.enum(ENROLLMENT_STATUSES, { error: "Choose a valid status" }),
  reason: z.string().trim().max(1000).nullable().default(null),
  consentDate: localDateSchema.nullable().default(null),
  withdrawnOn: localDateSchema.nullable().default(null),
});
