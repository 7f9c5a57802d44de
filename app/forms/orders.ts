// The dose-order form (a prescriber orders or amends one participant's dose for a dosing
// session, signed with their password). Client-safe: the page validates with it too; the model
// decides what needs a reason (a deviation from the protocol, an amendment) and whether the
// signer may order at all (a prescriber).
import { z } from "zod";
import {
  DOSE_BOUNDS,
  DOSE_ORDER_UNITS,
  DOSING_ROUTES,
  OVERRIDE_REASON_MIN_LENGTH,
  checkboxField,
  optionalTextField,
} from "~/domain/safety";
import { enumField, numberField, optionalNumberField } from "~/domain/safety/fields";
import { formIntSchema } from "~/utils/forms";
import { signaturePassword } from "./signatures";

/** Shortest written reason for an amendment or a deviation from the protocol (as for the dose-range override). */
export const ORDER_REASON_MIN_LENGTH = OVERRIDE_REASON_MIN_LENGTH;

export const orderSchema = z
  .object({
    intent: z.literal("order"),
    enrollmentId: z.string({ error: "This participant is not on the session's roster" }),
    /** The version of the order in force the form was loaded with (0: none yet; SectionForm sends it as `version`). */
    version: z.preprocess((v) => (v === undefined ? "0" : v), formIntSchema("Reload the page: the form did not say which order it amends")),
    unit: enumField(DOSE_ORDER_UNITS, "Choose mg or mg/kg"),
    amount: numberField({
      label: "Dose",
      min: 0.001,
      max: DOSE_BOUNDS.doseMg.max,
      maxDecimals: 3,
      rangeMessage: "Dose must be more than 0 and at most 1,000",
    }),
    weightKg: optionalNumberField({ label: "Weight", ...DOSE_BOUNDS.weightKg, unit: "kg" }),
    route: enumField(DOSING_ROUTES, "Choose a route (IM, IV, sublingual, subcutaneous or intranasal)"),
    repeatDoseMg: optionalNumberField({ label: "Repeat dose", min: 0.001, max: DOSE_BOUNDS.doseMg.max, maxDecimals: 3, unit: "mg" }),
    repeatAfterMinutes: optionalNumberField({ label: "Repeat after", min: 1, max: 240, integer: true, unit: "minutes" }),
    reason: optionalTextField("Reason", { max: 2000 }),
    /** A prescriber's override of the program's mg/kg range (the model decides whether one is needed). */
    overrideDoseRange: checkboxField(),
    password: signaturePassword,
  })
  .superRefine((v, issues) => {
    if (v.unit === "MG_PER_KG" && v.weightKg === undefined)
      issues.addIssue({ code: "custom", path: ["weightKg"], message: "An mg/kg order needs the participant's weight" });
    if ((v.repeatDoseMg === undefined) !== (v.repeatAfterMinutes === undefined))
      issues.addIssue({
        code: "custom",
        path: [v.repeatDoseMg === undefined ? "repeatDoseMg" : "repeatAfterMinutes"],
        message: "A repeat needs both its dose and the minutes to wait (or neither)",
      });
    if (v.reason !== undefined && v.reason.length < ORDER_REASON_MIN_LENGTH)
      issues.addIssue({ code: "custom", path: ["reason"], message: `Write the reason in at least ${ORDER_REASON_MIN_LENGTH} characters` });
  });

export type OrderInput = z.output<typeof orderSchema>;
