// The controlled-substance log: receiving a lot, and the manual entries on a lot's page
// (one form each; `intent` is the entry type). Balances, reversal targets and the
// witness's sign-in need the database: the model (ledger.server) judges those.
import { z } from "zod";
import { DEA_LOSS_TYPES, INVENTORY_KINDS, INVENTORY_TIMES, amountMgField, checkboxField, lotSchema, parseDeaNumber } from "~/domain/safety";
import { calendarDateField, enumField, numberField, optionalTextField, textField, yesNoField } from "~/domain/safety/fields";

/** A DEA registration number, check digit verified; the output is normalised (AB1234563). */
export function deaNumberField(whose: string) {
  return z.preprocess(
    (v) => (typeof v === "string" ? v : ""),
    z.string().transform((text, ctx) => {
      const parsed = parseDeaNumber(text, whose);
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", message: parsed.message });
        return z.NEVER;
      }
      return parsed.value;
    }),
  );
}

/**
 * Receiving a lot (the receipt record of 21 CFR 1304.22(c): the supplier's name, address and
 * DEA registration number); an already expired one is recorded only with `receiveExpired`
 * ticked (it can never be administered).
 */
export const lotFields = lotSchema.extend({
  supplierAddress: textField("Supplier address", { max: 500 }),
  supplierDeaNumber: deaNumberField("the supplier's"),
  receiveExpired: checkboxField(),
});
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

/** A loss or theft with the DEA Form 106 details; `reason` is the description of what happened. */
export const lossFields = z
  .object({
    amountMg: amount,
    reason: required("Description", "Describe the loss or theft"),
    discoveredOn: calendarDateField("Date discovered"),
    lossType: enumField(DEA_LOSS_TYPES, "Choose the type of loss"),
    policeNotified: yesNoField("Police notified"),
    policeReportNumber: optionalTextField("Police report number", { max: 100 }),
  })
  .superRefine((v, ctx) => {
    if (v.policeNotified && !v.policeReportNumber) {
      ctx.addIssue({ code: "custom", path: ["policeReportNumber"], message: "Enter the police report number (or answer No)" });
    }
  });

/** Destruction of stock (DEA Form 41): two witnesses, each confirming with their own email and password. */
export const destroyFields = z.object({
  amountMg: amount,
  wasteMethod: required("Method of destruction", "Record the method of destruction"),
  destructionReason: required("Reason for destruction", "Give the reason for the destruction"),
  destroyedOn: calendarDateField("Date destroyed"),
  place: required("Place of destruction", "Record where it was destroyed"),
  witnessEmail: required("First witness email", "Enter the first witness's email"),
  witnessPassword: z
    .string({ error: "The first witness must enter their own password" })
    .min(1, { error: "The first witness must enter their own password" }),
  witness2Email: required("Second witness email", "Enter the second witness's email"),
  witness2Password: z
    .string({ error: "The second witness must enter their own password" })
    .min(1, { error: "The second witness must enter their own password" }),
});

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
  destroyFields.extend({ intent: z.literal("DESTROY") }),
  transferOutFields.extend({ intent: z.literal("TRANSFER_OUT") }),
  transferInFields.extend({ intent: z.literal("TRANSFER_IN") }),
  lossFields.safeExtend({ intent: z.literal("LOSS_THEFT") }),
  countFields.extend({ intent: z.literal("INVENTORY_COUNT") }),
  reversalFields.extend({ intent: z.literal("REVERSAL") }),
]);

export type LedgerEntryInput = z.output<typeof ledgerEntryIntents>;
export type ManualEntryType = LedgerEntryInput["intent"];

/** The date a loss or theft was reported to the DEA (Form 106 filed). */
export const lossReportedFields = z.object({
  lossReportId: textField("Loss", { max: 100 }),
  reportedToDeaOn: calendarDateField("Reported to DEA on"),
});

/** One lot's line of an inventory: unopened containers counted, opened ones estimated (Schedule III). */
export const inventoryLineFields = z.object({
  lotId: textField("Lot", { max: 100 }),
  fullContainers: numberField({ label: "Unopened containers", min: 0, max: 10_000, integer: true }),
  openedContainers: numberField({ label: "Opened containers", min: 0, max: 10_000, integer: true }),
  openedEstimateMl: optionalTextField("Estimated mL in opened containers", { max: 20 }).refine(
    (v) => v === undefined || /^\d+(\.\d{1,2})?$/.test(v),
    "Estimated mL must be a number with at most 2 decimals",
  ),
  explanation: optionalTextField("Explanation", { max: 2000 }),
});

/** An initial or biennial inventory of one site, signed with the taker's password ("inventoried by"). */
export const inventoryFields = z.object({
  siteId: textField("Site", { max: 100 }),
  kind: enumField(INVENTORY_KINDS, "Choose initial or biennial inventory"),
  takenOn: calendarDateField("Date taken"),
  timeOfDay: enumField(INVENTORY_TIMES, "Choose opening or close of business"),
  lines: z.array(inventoryLineFields).min(1, "There is no lot to count at this site"),
  note: optionalTextField("Note", { max: 2000 }),
  password: z.string({ error: "Enter your password to sign" }).min(1, { error: "Enter your password to sign" }),
});
export type InventoryInput = z.output<typeof inventoryFields>;

/** Registrant details of a site (its DEA registration). */
export const registrantFields = z.object({
  siteId: textField("Site", { max: 100 }),
  deaRegistrationNumber: deaNumberField("the registrant's"),
  deaRegistrantName: textField("Registrant name", { max: 200 }),
  deaRegistrantAddress: textField("Registrant address", { max: 500 }),
});
export type RegistrantInput = z.output<typeof registrantFields>;

/** The DEA records page of a site: its registrant details, and a loss's report date. */
export const deaRecordsIntents = z.discriminatedUnion("intent", [
  registrantFields.extend({ intent: z.literal("registrant") }),
  lossReportedFields.extend({ intent: z.literal("reported") }),
]);
