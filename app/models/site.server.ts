// Sites and rooms (admin). Every change is audited in the same transaction.
import { z } from "zod";
import { timeZoneSchema } from "~/domain/scheduling";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady } from "~/utils/db.server";

export type Actor = { id: string; email: string };

/** Field-level messages for a form (field name -> message); status 400 or 409 (stale edit). */
export class FormErrors extends Error {
  constructor(
    public errors: Record<string, string>,
    public status = 400,
  ) {
    super(Object.values(errors)[0] ?? "Invalid input");
  }
}

export function issuesToErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    out[key] ??= issue.message;
  }
  return out;
}

export const siteFormSchema = z.object({
  name: z.string({ error: "Site name is required" }).trim().min(1, { error: "Site name is required" }).max(120),
  timeZone: timeZoneSchema,
  address: z
    .string()
    .trim()
    .max(500, { error: "Keep the address under 500 characters" })
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .default(null),
});

export const roomFormSchema = z.object({
  name: z.string({ error: "Room name is required" }).trim().min(1, { error: "Room name is required" }).max(120),
  capacity: z
    .union([z.literal(""), z.coerce.number()])
    .transform((v) => (v === "" ? null : v))
    .pipe(
      z
        .number({ error: "Capacity must be a number" })
        .int({ error: "Capacity must be a whole number" })
        .min(1, { error: "Capacity must be between 1 and 500" })
        .max(500, { error: "Capacity must be between 1 and 500" })
        .nullable(),
    ),
});

export async function listSites({ includeInactive = true } = {}) {
  const db = await dbReady();
  return db.site.findMany({
    where: includeInactive ? {} : { active: true },
    include: { rooms: { orderBy: { name: "asc" } }, _count: { select: { cohorts: true } } },
    orderBy: { name: "asc" },
  });
}

/** Active sites with their active rooms, for cohort forms and filters. */
export async function siteOptions() {
  const db = await dbReady();
  const sites = await db.site.findMany({
    where: { active: true },
    include: { rooms: { where: { active: true }, orderBy: { name: "asc" } } },
    orderBy: { name: "asc" },
  });
  return sites.map((s) => ({
    id: s.id,
    name: s.name,
    timeZone: s.timeZone,
    rooms: s.rooms.map((r) => ({ id: r.id, name: r.name, capacity: r.capacity })),
  }));
}

async function assertUniqueSiteName(name: string, exceptId?: string) {
  const db = await dbReady();
  const other = await db.site.findUnique({ where: { name } });
  if (other && other.id !== exceptId) throw new FormErrors({ name: "A site with this name already exists" });
}

export async function createSite(actor: Actor, meta: RequestMeta, raw: unknown) {
  const parsed = siteFormSchema.safeParse(raw);
  if (!parsed.success) throw new FormErrors(issuesToErrors(parsed.error));
  const input = parsed.data;
  await assertUniqueSiteName(input.name);
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const site = await tx.site.create({ data: input });
    await audit(tx, { actor, action: "site.create", entityType: "Site", entityId: site.id, summary: `Created site ${site.name}`, details: input, ...meta });
    return site;
  });
}

export async function updateSite(actor: Actor, meta: RequestMeta, id: string, raw: unknown) {
  const parsed = siteFormSchema.safeParse(raw);
  if (!parsed.success) throw new FormErrors(issuesToErrors(parsed.error));
  const input = parsed.data;
  await assertUniqueSiteName(input.name, id);
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const before = await tx.site.findUnique({ where: { id } });
    if (!before) throw new Response("Site not found", { status: 404 });
    const site = await tx.site.update({ where: { id }, data: input });
    await audit(tx, {
      actor, action: "site.update", entityType: "Site", entityId: id, summary: `Updated site ${site.name}`,
      details: { before: { name: before.name, timeZone: before.timeZone, address: before.address }, after: input }, ...meta,
    });
    return site;
  });
}

export async function setSiteActive(actor: Actor, meta: RequestMeta, id: string, active: boolean) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const site = await tx.site.findUnique({ where: { id } });
    if (!site) throw new Response("Site not found", { status: 404 });
    await tx.site.update({ where: { id }, data: { active } });
    await audit(tx, { actor, action: active ? "site.reactivate" : "site.deactivate", entityType: "Site", entityId: id, summary: `${active ? "Reactivated" : "Deactivated"} site ${site.name}`, ...meta });
  });
}

export async function createRoom(actor: Actor, meta: RequestMeta, siteId: string, raw: unknown) {
  const parsed = roomFormSchema.safeParse(raw);
  if (!parsed.success) throw new FormErrors(issuesToErrors(parsed.error));
  const db = await dbReady();
  const site = await db.site.findUnique({ where: { id: siteId } });
  if (!site) throw new Response("Site not found", { status: 404 });
  if (await db.room.findUnique({ where: { siteId_name: { siteId, name: parsed.data.name } } })) {
    throw new FormErrors({ name: "This site already has a room with that name" });
  }
  return db.$transaction(async (tx) => {
    const room = await tx.room.create({ data: { siteId, ...parsed.data } });
    await audit(tx, { actor, action: "room.create", entityType: "Room", entityId: room.id, summary: `Created room ${room.name} at ${site.name}`, details: parsed.data, ...meta });
    return room;
  });
}

export async function updateRoom(actor: Actor, meta: RequestMeta, roomId: string, raw: unknown) {
  const parsed = roomFormSchema.safeParse(raw);
  if (!parsed.success) throw new FormErrors(issuesToErrors(parsed.error));
  const db = await dbReady();
  const before = await db.room.findUnique({ where: { id: roomId } });
  if (!before) throw new Response("Room not found", { status: 404 });
  const clash = await db.room.findUnique({ where: { siteId_name: { siteId: before.siteId, name: parsed.data.name } } });
  if (clash && clash.id !== roomId) throw new FormErrors({ name: "This site already has a room with that name" });
  return db.$transaction(async (tx) => {
    const room = await tx.room.update({ where: { id: roomId }, data: parsed.data });
    await audit(tx, {
      actor, action: "room.update", entityType: "Room", entityId: roomId, summary: `Updated room ${room.name}`,
      details: { before: { name: before.name, capacity: before.capacity }, after: parsed.data }, ...meta,
    });
    return room;
  });
}

export async function setRoomActive(actor: Actor, meta: RequestMeta, roomId: string, active: boolean) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const room = await tx.room.findUnique({ where: { id: roomId } });
    if (!room) throw new Response("Room not found", { status: 404 });
    await tx.room.update({ where: { id: roomId }, data: { active } });
    await audit(tx, { actor, action: active ? "room.reactivate" : "room.deactivate", entityType: "Room", entityId: roomId, summary: `${active ? "Reactivated" : "Deactivated"} room ${room.name}`, ...meta });
  });
}

/** IANA zones for select lists (the runtime's list), with the most common ones first. */
export function timeZoneOptions(): string[] {
  const common = ["America/Denver", "America/New_York", "America/Chicago", "America/Los_Angeles", "America/Phoenix", "UTC", "Europe/London", "Europe/Berlin"];
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...common, ...all.filter((z) => !common.includes(z))];
}
