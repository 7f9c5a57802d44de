// Participant outreach: contact details and preferences (staff, participant page), opt-outs,
// and each site's safety contacts. One schema per form, run in the browser and on the server.
import { z } from "zod";
import { isValidTimeZone } from "~/domain/scheduling";
import { formIntSchema } from "~/utils/forms";

export const CHANNELS = ["EMAIL", "SMS", "NONE"] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABEL: Record<Channel, string> = { EMAIL: "Email", SMS: "Text message (SMS)", NONE: "No messages" };

export const LANGUAGES = ["en", "es"] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_LABEL: Record<Language, string> = { en: "English", es: "Español (Spanish)" };

/** An opt-out applies to one channel a message can go by. */
export const OPT_OUT_CHANNELS = ["EMAIL", "SMS"] as const;
export type OptOutChannel = (typeof OPT_OUT_CHANNELS)[number];

export const PHONE_MESSAGE = "Enter the mobile number in international format: + then country code and number, e.g. +1 555 010 0123.";

/**
 * A mobile number in E.164 form (+ country code, 8–15 digits in all), from what people type:
 * spaces, dots, dashes and brackets are dropped; a leading 00 is read as +.
 */
export function normalizePhone(raw: string): string | null {
  const compact = raw.replace(/[\s().-]/g, "").replace(/^00/, "+");
  return /^\+[1-9]\d{7,14}$/.test(compact) ? compact : null;
}

const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

const version = formIntSchema("Reload the page and try again: the form did not say which version it edits. Nothing was saved.", { min: 1 });

const email = z.preprocess(
  blankToNull,
  z
    .string()
    .trim()
    .max(254, "An email address has at most 254 characters.")
    .pipe(z.email({ error: "Enter an email address like name@example.org." }))
    .nullable()
    .default(null),
);

const phone = z.preprocess(
  blankToNull,
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      const n = normalizePhone(v);
      if (!n) {
        ctx.addIssue({ code: "custom", message: PHONE_MESSAGE });
        return z.NEVER;
      }
      return n;
    })
    .nullable()
    .default(null),
);

const preferredChannel = z.enum(CHANNELS, { error: "Choose how messages should reach them." });
const language = z.enum(LANGUAGES, { error: "Choose a language from the list." });

const timeZone = z.preprocess(
  blankToNull,
  z
    .string()
    .trim()
    .refine(isValidTimeZone, {
      error: (issue) =>
        `Unknown time zone "${String(issue.input)}". Use an IANA name such as America/Denver or Europe/Berlin, or leave it empty.`,
    })
    .nullable()
    .default(null),
);

const channel = z.enum(OPT_OUT_CHANNELS, { error: "Reload the page: the form did not say which channel it is for." });
const flag = z.enum(["true", "false"], { error: "Reload the page and try again." }).transform((v) => v === "true");

/** A channel needs its address: a field message on the channel. */
function channelNeedsAddress(v: { preferredChannel: Channel; email: string | null; phone: string | null }, ctx: z.RefinementCtx) {
  if (v.preferredChannel === "SMS" && !v.phone)
    ctx.addIssue({
      code: "custom",
      path: ["preferredChannel"],
      message: "Text messages need a mobile number: enter one, or choose another channel.",
    });
  if (v.preferredChannel === "EMAIL" && !v.email)
    ctx.addIssue({
      code: "custom",
      path: ["preferredChannel"],
      message: "Email needs an email address: enter one, or choose another channel.",
    });
}

/** The staff "Contact and messages" tab: contact details, consent, opt-outs, failed addresses, page links. */
export const contactIntents = z
  .discriminatedUnion("intent", [
    z.object({ intent: z.literal("contact"), version, email, phone, preferredChannel, language, timeZone }),
    z.object({ intent: z.literal("consent"), version, consent: flag }),
    z.object({ intent: z.literal("opt-out"), version, channel, optOut: flag }),
    z.object({ intent: z.literal("clear-failed"), version, channel }),
    z.object({ intent: z.literal("create-page-link") }),
    z.object({ intent: z.literal("revoke-page-links") }),
  ])
  .superRefine((v, ctx) => {
    if (v.intent === "contact") channelNeedsAddress(v, ctx);
  });
export type ContactIntent = z.output<typeof contactIntents>;
export type ContactInput = Extract<ContactIntent, { intent: "contact" }>;

/** The participant's own page: preferences, and opting out of (or back into) a channel. */
export const participantPageIntents = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("preferences"), version, preferredChannel, language }),
  z.object({ intent: z.literal("opt-out"), channel, optOut: flag }),
  z.object({
    intent: z.literal("seat-offer"),
    offerId: z.string().min(1),
    answer: z.enum(["accept", "decline"], { error: "Choose accept or decline." }),
  }),
]);
export type ParticipantPageIntent = z.output<typeof participantPageIntents>;

/** One-click unsubscribe (RFC 8058): the channel is in the query string. */
export function unsubscribeChannel(value: string | null): OptOutChannel | null {
  const v = (value ?? "email").toUpperCase();
  return (OPT_OUT_CHANNELS as readonly string[]).includes(v) ? (v as OptOutChannel) : null;
}

/** Shown when a site has no crisis line of its own: never a number of one country. */
export const GENERIC_CRISIS_TEXT = "If you are in danger or thinking of harming yourself, call your local emergency number now.";
