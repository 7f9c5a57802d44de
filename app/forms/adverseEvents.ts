// Adverse events: the report form (record and edit), follow-ups, review/close and reopen.
// The report's dates are wall-clock times in the cohort's time zone, so its schema is a
// factory taking that zone (and "now", for "not in the future"); it only uses zod and
// @date-fns/tz, so the browser runs the same one the server does. "Now" defaults to the
// clock at each validation, so a form left open for a while is still judged correctly.
import { z } from "zod";
import { adverseEventFields, createAdverseEventSchema, withAdverseEventRules, type AeNow } from "~/domain/safety";
import { formIntSchema } from "~/utils/forms";
import { signaturePassword } from "./signatures";

const version = formIntSchema("Reload the page and try again: the form did not say which version it edits.", { min: 1 });

/** "Record an adverse event" (the participant and cohort come from the page's address). */
export function adverseEventSchema(timeZone: string, now: AeNow = () => new Date()) {
  return createAdverseEventSchema({ timeZone, now });
}

/** The adverse event page: edit the report, add a follow-up, close (clinicians) or reopen (clinicians). */
export function adverseEventIntents(timeZone: string, now: AeNow = () => new Date()) {
  const context = { timeZone, now };
  return z.discriminatedUnion("intent", [
    withAdverseEventRules(adverseEventFields(context).extend({ intent: z.literal("save"), version }), context),
    followUpForm,
    closeForm,
    reopenForm,
  ]);
}

/** Closing is the clinician's review, signed with their password. */
export const closeForm = z.object({ intent: z.literal("close"), version, password: signaturePassword });

export const followUpForm = z.object({
  intent: z.literal("follow-up"),
  note: z
    .string({ error: "Write what was found or done at this follow-up" })
    .trim()
    .min(1, "Write what was found or done at this follow-up")
    .max(5000, "A follow-up note must be at most 5000 characters"),
});

export const reopenForm = z.object({
  intent: z.literal("reopen"),
  version,
  reason: z.string({ error: "Say why the adverse event is reopened" }).trim().min(1, "Say why the adverse event is reopened"),
});
