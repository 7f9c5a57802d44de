// The controlled-substance log: receiving a lot, and the manual entries on a lot's page
// (one form each; `intent` is the entry type). Balances, reversal targets and the
// witness's sign-in need the database: the model (ledger.server) judges those.
import { z } from "zod";
import { amountMgField, checkboxField, lotSchema } from "~/domain/safety";
import { optionalTextField } from "~/domain/safety/fields";

/** Receiving a lot; an already expired one is recorded only with `receiveExpired` ticked (it can never be administered). */
export const lotFields = lotSchema.extend({ receiveExpired: checkboxField() });
export type LotInput = z.output<typeof lotFields>;

/** Text the entry needs: blank gets `message`; otherwise trimmed, at most 2000 characters. */
function required(label: string, message: string) {
  return z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z
      .string({ error: message })
      .min(1, { error: message })
      .max(2000, { error: `${label} must be at most 2000 characters` }),
  );
}

/** Typed in mg (at most 3 decimals); the parsed value is whole micrograms (the field keeps its form name). */
const amount = amountMgField("Amount");

export const wasteFields = z.object({
  amountMg: amount,
  wasteMethod: required("Method of destruction", "Record how the waste was destroyed"),
  // Only whether they were typed is judged here; who the witness is, and their password,
  // are checked on the server by re-authentication (never echoed back).
  witnessEmail: required("Witness email", "Enter the witness's email"),
  witnessPassword: z
    .string({ error: "The witness must enter their own password" })
    .min(1, { error: "The witness must enter their own password" }),
});

export const transferOutFields = z.object({
  amountMg: amount,
  counterparty: required("Other registrant or site", "Name the other registrant or site"),
});
export const transferInFields = transferOutFields;

export const lossFields = z.object({ amountMg: amount, reason: required("Reason", "Describe the loss or theft") });

export const countFields = z.object({
  amountMg: amountMgField("Physical count", { allowZero: true }),
  explanation: optionalTextField("Explanation"),
});

export const reversalFields = z.object({
  reversesEntryId: required("Entry to reverse", "Choose the entry this reversal corrects"),
  reason: required("Reason", "Give the reason for the reversal"),
});

export const ledgerEntryIntents = z.discriminatedUnion("intent", [
  wasteFields.extend({ intent: z.literal("WASTE") }),
  transferOutFields.extend({ intent: z.literal("TRANSFER_OUT") }),
  transferInFields.extend({ intent: z.literal("TRANSFER_IN") }),
  lossFields.extend({ intent: z.literal("LOSS_THEFT") }),
  countFields.extend({ intent: z.literal("INVENTORY_COUNT") }),
  reversalFields.extend({ intent: z.literal("REVERSAL") }),
]);

export type LedgerEntryInput = z.output<typeof ledgerEntryIntents>;
export type ManualEntryType = LedgerEntryInput["intent"];
