// A program's outreach rules and message wording (coordinators, /programs/:id/outreach).
// Client-safe: the browser runs the same schemas as the server.
import { z } from "zod";
import { LANGUAGES, PLACEHOLDERS, TEMPLATE_KINDS, unknownPlaceholders } from "~/domain/outreach/templates";

const clock = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: `${what}: a time of day as HH:MM, e.g. 21:00` });

/** "2, 5" → [2, 5]: whole numbers in a range, at most `max` of them, each once. */
const numberList = (what: string, min: number, maxValue: number, max: number) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === "") return [];
      const parts = v.split(/[\s,;]+/).filter(Boolean);
      const nums = parts.map((p) => (/^\d{1,4}$/.test(p) ? Number(p) : NaN));
      if (nums.some((n) => !Number.isInteger(n) || n < min || n > maxValue)) {
        ctx.addIssue({ code: "custom", message: `${what}: whole numbers from ${min} to ${maxValue}, separated by commas` });
        return z.NEVER;
      }
      if (nums.length > max) {
        ctx.addIssue({ code: "custom", message: `${what}: at most ${max}` });
        return z.NEVER;
      }
      return [...new Set(nums)].sort((a, b) => a - b);
    });

const version = z.coerce.number({ error: "Reload the page: the form lost its version." }).int().min(0);

export const outreachRulesFields = z
  .object({
    quietStart: clock("Quiet hours start"),
    quietEnd: clock("Quiet hours end"),
    reminderDays: numberList("Questionnaire reminders", 1, 60, 5),
    sessionReminderHours: numberList("Session reminders", 1, 336, 4),
    preparationText: z.string().trim().max(2000, { error: "Keep the preparation text under 2,000 characters" }).default(""),
    dosingPreparationText: z.string().trim().max(2000, { error: "Keep the dosing preparation text under 2,000 characters" }).default(""),
    seatOfferHours: z
      .string({ error: "Seat offer time is required" })
      .trim()
      .regex(/^\d{1,3}$/, { error: "Seat offer time: whole hours from 12 to 336 (two weeks)" })
      .transform(Number)
      .refine((n) => n >= 12 && n <= 336, { error: "Seat offer time: whole hours from 12 to 336 (two weeks)" }),
    version,
  })
  .refine((v) => v.quietStart !== v.quietEnd, { path: ["quietEnd"], error: "Quiet hours must end at another time than they start" });

const placeholderCheck = (what: string) => (text: string, ctx: z.RefinementCtx) => {
  const bad = unknownPlaceholders(text);
  if (bad.length) {
    ctx.addIssue({
      code: "custom",
      message: `${what}: ${bad.map((b) => `{{${b}}}`).join(", ")} ${bad.length === 1 ? "is not a placeholder" : "are not placeholders"}. Use ${Object.keys(
        PLACEHOLDERS,
      )
        .map((p) => `{{${p}}}`)
        .join(", ")}.`,
    });
  }
};

export const templateFields = z
  .object({
    kind: z.enum(TEMPLATE_KINDS, { error: "Reload the page: the form did not say which message it edits." }),
    language: z.enum(Object.keys(LANGUAGES) as [keyof typeof LANGUAGES, ...(keyof typeof LANGUAGES)[]], {
      error: "Reload the page: the form did not say which language it edits.",
    }),
    subject: z
      .string({ error: "Subject is required" })
      .trim()
      .min(1, { error: "Subject is required" })
      .max(200, { error: "Keep the subject under 200 characters" })
      .superRefine(placeholderCheck("Subject")),
    body: z
      .string({ error: "Email text is required" })
      .trim()
      .min(1, { error: "Email text is required" })
      .max(5000, { error: "Keep the email text under 5,000 characters" })
      .superRefine(placeholderCheck("Email text")),
    smsBody: z
      .string({ error: "SMS text is required" })
      .trim()
      .min(1, { error: "SMS text is required" })
      .max(320, { error: "Keep the SMS text under 320 characters (two text messages)" })
      .superRefine(placeholderCheck("SMS text")),
    version,
  })
  .superRefine((v, ctx) => {
    for (const f of ["body", "smsBody"] as const) {
      if (!/\{\{\s*link\s*\}\}/.test(v[f])) {
        ctx.addIssue({
          code: "custom",
          path: [f],
          message: `${f === "body" ? "Email text" : "SMS text"} must include {{link}}: it is how the participant opens their page`,
        });
      }
    }
  });

export const outreachIntents = z.discriminatedUnion("intent", [
  outreachRulesFields.safeExtend({ intent: z.literal("rules") }),
  templateFields.safeExtend({ intent: z.literal("template") }),
  z.object({
    intent: z.literal("reset-template"),
    kind: z.enum(TEMPLATE_KINDS),
    language: z.enum(Object.keys(LANGUAGES) as [keyof typeof LANGUAGES, ...(keyof typeof LANGUAGES)[]]),
  }),
]);
