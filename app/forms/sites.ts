// Sites and rooms (admin): one schema per form, run in the browser and on the server.
import { z } from "zod";
import { timeZoneSchema } from "~/domain/scheduling";

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

const active = z.enum(["true", "false"]).transform((v) => v === "true");

export const siteIntents = z.discriminatedUnion("intent", [
  siteFields.extend({ intent: z.literal("create-site") }),
  siteFields.extend({ intent: z.literal("update-site"), siteId: id }),
  z.object({ intent: z.literal("toggle-site"), siteId: id, active }),
  roomFields.extend({ intent: z.literal("create-room"), siteId: id }),
  roomFields.extend({ intent: z.literal("update-room"), roomId: id }),
  z.object({ intent: z.literal("toggle-room"), roomId: id, active }),
]);

export type SiteInput = z.output<typeof siteFields>;
export type RoomInput = z.output<typeof roomFields>;
