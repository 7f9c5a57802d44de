// Participants, enrollment and the roster: one schema per form, run in the browser and on
// the server. The field rules (codes, dates of birth, weights, transition inputs) live in
// ~/models/participant.schema (client-safe); this file shapes them into each page's intents.
import { z } from "zod";
import { AddToCohortSchema, EnrollmentTransitionSchema, ParticipantCreateSchema, ParticipantEditSchema } from "~/models/participant.schema";

/** "New participant": the details, a code and an optional cohort to enroll into. */
export const participantCreateForm = ParticipantCreateSchema.extend({
  intent: z.literal("save"),
  /** "roster": go back to the chosen cohort's roster after creating. */
  returnTo: z.enum(["roster"]).optional().catch(undefined),
});

/** "Edit details" on the participant page. */
export const participantEditForm = ParticipantEditSchema.extend({ intent: z.literal("save") });

/** One status change of one enrollment (the buttons of the roster and the participant page). */
export const enrollmentTransitionForm = EnrollmentTransitionSchema.extend({ intent: z.literal("transition") });

/** Adding an existing participant to a cohort (roster: choose the person; participant page: choose the cohort). */
export const addToCohortForm = AddToCohortSchema.extend({
  intent: z.literal("add"),
  cohortId: z.string({ error: "Choose a cohort." }).trim().min(1, "Choose a cohort."),
});

export const rosterIntents = z.discriminatedUnion("intent", [enrollmentTransitionForm, addToCohortForm]);

export const participantPageIntents = z.discriminatedUnion("intent", [participantEditForm, enrollmentTransitionForm, addToCohortForm]);

export type AddToCohortInput = z.output<typeof addToCohortForm>;
export type EnrollmentTransitionInput = z.output<typeof enrollmentTransitionForm>;
