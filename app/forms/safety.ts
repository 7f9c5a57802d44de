// The safety inbox: acknowledging a signal with the action taken.
import { z } from "zod";

export const acknowledgeSignalForm = z.object({
  intent: z.literal("acknowledge"),
  signalId: z
    .string({ error: "Reload the page: the form did not say which signal it acknowledges." })
    .trim()
    .min(1, "Reload the page: the form did not say which signal it acknowledges."),
  note: z
    .string({ error: "Write the action taken before acknowledging" })
    .trim()
    .min(1, "Write the action taken before acknowledging")
    .max(2000, "The note must be at most 2000 characters"),
});

export type AcknowledgeSignalInput = z.output<typeof acknowledgeSignalForm>;
