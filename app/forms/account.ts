// The own account's notification channels (the account page): email on/off, SMS on/off and
// the mobile number SMS goes to. Run in the browser and on the server.
import { z } from "zod";
import { formIntSchema } from "~/utils/forms";

/** E.164: "+", a country code that does not start with 0, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{7,14}$/;

export const PHONE_FORMAT_MESSAGE =
  "Enter the mobile number in international format: + and the country code, then the number, e.g. +15551234567.";

/** A checkbox: absent (unticked) is false, "on" is true. */
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

/** A mobile number typed with spaces, dots, dashes or brackets is kept as E.164 digits; empty is null. */
const phoneField = z
  .string()
  .optional()
  .transform((v) => (v ?? "").replace(/[\s().-]/g, ""))
  .pipe(z.union([z.literal("").transform(() => null), z.string().regex(E164, PHONE_FORMAT_MESSAGE)]));

export const notificationFields = z
  .object({
    version: formIntSchema("Reload the page and try again: the form did not say which version it edits.", { min: 1 }),
    notifyByEmail: checkbox,
    notifyBySms: checkbox,
    phone: phoneField,
  })
  .superRefine((v, ctx) => {
    if (v.notifyBySms && !v.phone) {
      ctx.addIssue({ code: "custom", path: ["phone"], message: "Enter your mobile number to get SMS notifications, or turn SMS off." });
    }
  });

export type NotificationInput = z.output<typeof notificationFields>;
