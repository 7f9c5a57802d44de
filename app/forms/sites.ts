// Sites and rooms (admin): one schema per form, run in the browser and on the server.
import { z } from "zod";
import { timeZoneSchema } from "~/domain/scheduling";
import { formIntSchema } from "~/utils/forms";

const id = z.string().trim().min(1, { error: "Reload the page: the form did not say which record it edits." });

export const siteFields = z.object({
  name: z
    .string({ error: "Site name is required" })
    .trim()
    .min(1, { error: "Site name is required" })
    .max(120, { error: "Keep the site name under 120 characters" }),
  timeZone: timeZoneSchema,
  address: z
    .string()
    .trim()
    .max(500, { error: "Keep the address under 500 characters" })
    .optional()
    .transform((s) => (s ? s : null)),
});

export const roomFields = z.object({
  name: z
    .string({ error: "Room name is required" })
    .trim()
    .min(1, { error: "Room name is required" })
    .max(120, { error: "Keep the room name under 120 characters" }),
  capacity: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const n = /^\d{1,4}$/.test(v) ? Number(v) : NaN;
      if (!Number.isInteger(n) || n < 1 || n > 500) {
        ctx.addIssue({
          code: "custom",
          message: /^-?\d+$/.test(v) ? "Capacity must be between 1 and 500" : "Capacity must be a whole number",
        });
        return z.NEVER;
      }
      return n;
    }),
});

const blankToNullText = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

/* Site safety contacts (admin). */

const minutes = (what: string) =>
  z.unknown().transform((raw, ctx) => {
    const s = typeof raw === "string" ? raw.trim() : "";
    const n = /^\d{1,5}$/.test(s) ? Number(s) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 1440) {
      ctx.addIssue({
        code: "custom",
        message:
          s === ""
            ? `Enter the ${what} delay in minutes (1–1440).`
            : `The ${what} delay is a whole number of minutes from 1 to 1440 (24 hours).`,
      });
      return z.NEVER;
    }
    return n;
  });

const optionalUser = z.preprocess(blankToNullText, z.string().trim().nullable().default(null));

export const siteSafetyFields = z.object({
  intent: z.literal("update-site-safety"),
  siteId: z.string().trim().min(1, { error: "Reload the page: the form did not say which record it edits." }),
  version: formIntSchema("Reload the page and try again: the form did not say which version it edits. Nothing was saved.", { min: 1 }),
  crisisLine: z.preprocess(
    blankToNullText,
    z.string().trim().max(500, { error: "Keep the crisis line under 500 characters." }).nullable().default(null),
  ),
  onCallUserId: optionalUser,
  medicalLeadUserId: optionalUser,
  escalateItem9Minutes: minutes("PHQ-9 item 9 escalation"),
  escalateOtherMinutes: minutes("other-signal escalation"),
});
export type SiteSafetyInput = z.output<typeof siteSafetyFields>;

const active = z.enum(["true", "false"]).transform((v) => v === "true");

export const siteIntents = z.discriminatedUnion("intent", [
  siteFields.extend({ intent: z.literal("create-site") }),
  siteFields.extend({ intent: z.literal("update-site"), siteId: id }),
  z.object({ intent: z.literal("toggle-site"), siteId: id, active }),
  roomFields.extend({ intent: z.literal("create-room"), siteId: id }),
  roomFields.extend({ intent: z.literal("update-room"), roomId: id }),
  z.object({ intent: z.literal("toggle-room"), roomId: id, active }),
  siteSafetyFields,
]);

export type SiteInput = z.output<typeof siteFields>;
export type RoomInput = z.output<typeof roomFields>;
