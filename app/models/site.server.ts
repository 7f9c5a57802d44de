// Sites and rooms (admin). Every change is audited in the same transaction.
import type { RoomInput, SiteInput, SiteSafetyInput } from "~/forms/sites";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, readRows, sqlTrue } from "~/utils/db.server";
import { ConflictError, FieldError, notFound, type Actor } from "./kernel.server";

export async function listSites({ includeInactive = true } = {}) {
  const db = await dbReady();
  return db.site.findMany({
    where: includeInactive ? {} : { active: true },
    include: { rooms: { orderBy: { name: "asc" } }, _count: { select: { cohorts: true } } },
    orderBy: { name: "asc" },
  });
}

/** Active sites by name, id and name only (a list's filter): one statement through the driver. */
export async function siteChoices(): Promise<{ id: string; name: string }[]> {
  const rows = await readRows(`SELECT "id", "name" FROM "Site" WHERE "active" = ${sqlTrue()} ORDER BY "name"`, []);
  return rows.map(([id, name]) => ({ id: id as string, name: name as string }));
}

/** A site's active rooms by name (none when the site is inactive): one statement through the driver. */
export async function activeRoomsOf(siteId: string): Promise<{ id: string; name: string; capacity: number | null }[]> {
  const rows = await readRows(
    `SELECT r."id", r."name", r."capacity" FROM "Room" r JOIN "Site" st ON st."id" = r."siteId" ` +
      `WHERE r."siteId" = ? AND r."active" = ${sqlTrue()} AND st."active" = ${sqlTrue()} ORDER BY r."name"`,
    [siteId],
  );
  return rows.map(([id, name, capacity]) => ({
    id: id as string,
    name: name as string,
    capacity: capacity === null ? null : Number(capacity),
  }));
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
  if (other && other.id !== exceptId) throw new FieldError("name", "A site with this name already exists");
}

export async function createSite(actor: Actor, meta: RequestMeta, { name, timeZone, address }: SiteInput) {
  const input = { name, timeZone, address };
  await assertUniqueSiteName(input.name);
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const site = await tx.site.create({ data: input });
    await audit(tx, {
      actor,
      action: "site.create",
      entityType: "Site",
      entityId: site.id,
      summary: `Created site ${site.name}`,
      details: input,
      ...meta,
    });
    return site;
  });
}

export async function updateSite(actor: Actor, meta: RequestMeta, id: string, { name, timeZone, address }: SiteInput) {
  const input = { name, timeZone, address };
  await assertUniqueSiteName(input.name, id);
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const before = await tx.site.findUnique({ where: { id } });
    if (!before) notFound("Site not found");
    const site = await tx.site.update({ where: { id }, data: input });
    await audit(tx, {
      actor,
      action: "site.update",
      entityType: "Site",
      entityId: id,
      summary: `Updated site ${site.name}`,
      details: { before: { name: before.name, timeZone: before.timeZone, address: before.address }, after: input },
      ...meta,
    });
    return site;
  });
}

export async function setSiteActive(actor: Actor, meta: RequestMeta, id: string, active: boolean) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const site = await tx.site.findUnique({ where: { id } });
    if (!site) notFound("Site not found");
    await tx.site.update({ where: { id }, data: { active } });
    await audit(tx, {
      actor,
      action: active ? "site.reactivate" : "site.deactivate",
      entityType: "Site",
      entityId: id,
      summary: `${active ? "Reactivated" : "Deactivated"} site ${site.name}`,
      ...meta,
    });
  });
}

export async function createRoom(actor: Actor, meta: RequestMeta, siteId: string, { name, capacity }: RoomInput) {
  const input = { name, capacity };
  const db = await dbReady();
  const site = await db.site.findUnique({ where: { id: siteId } });
  if (!site) notFound("Site not found");
  if (await db.room.findUnique({ where: { siteId_name: { siteId, name: input.name } } })) {
    throw new FieldError("name", "This site already has a room with that name");
  }
  return db.$transaction(async (tx) => {
    const room = await tx.room.create({ data: { siteId, ...input } });
    await audit(tx, {
      actor,
      action: "room.create",
      entityType: "Room",
      entityId: room.id,
      summary: `Created room ${room.name} at ${site.name}`,
      details: input,
      ...meta,
    });
    return room;
  });
}

export async function updateRoom(actor: Actor, meta: RequestMeta, roomId: string, { name, capacity }: RoomInput) {
  const input = { name, capacity };
  const db = await dbReady();
  const before = await db.room.findUnique({ where: { id: roomId } });
  if (!before) notFound("Room not found");
  const clash = await db.room.findUnique({ where: { siteId_name: { siteId: before.siteId, name: input.name } } });
  if (clash && clash.id !== roomId) throw new FieldError("name", "This site already has a room with that name");
  return db.$transaction(async (tx) => {
    const room = await tx.room.update({ where: { id: roomId }, data: input });
    await audit(tx, {
      actor,
      action: "room.update",
      entityType: "Room",
      entityId: roomId,
      summary: `Updated room ${room.name}`,
      details: { before: { name: before.name, capacity: before.capacity }, after: input },
      ...meta,
    });
    return room;
  });
}

export async function setRoomActive(actor: Actor, meta: RequestMeta, roomId: string, active: boolean) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const room = await tx.room.findUnique({ where: { id: roomId } });
    if (!room) notFound("Room not found");
    await tx.room.update({ where: { id: roomId }, data: { active } });
    await audit(tx, {
      actor,
      action: active ? "room.reactivate" : "room.deactivate",
      entityType: "Room",
      entityId: roomId,
      summary: `${active ? "Reactivated" : "Deactivated"} room ${room.name}`,
      ...meta,
    });
  });
}

/** IANA zones for select lists (the runtime's list), with the most common ones first. */
export function timeZoneOptions(): string[] {
  const common = [
    "America/Denver",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Phoenix",
    "UTC",
    "Europe/London",
    "Europe/Berlin",
  ];
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...common, ...all.filter((z) => !common.includes(z))];
}

/** Active users with the Clinician role: who may be on call or medical lead. */
export async function clinicianOptions() {
  const db = await dbReady();
  return db.user.findMany({
    where: { active: true, roles: { some: { roleCode: "CLINICIAN" } } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}

/** A site's crisis line, on-call clinician, medical lead and escalation delays (version-checked). */
export async function updateSiteSafety(actor: Actor, meta: RequestMeta, input: SiteSafetyInput) {
  const { siteId, version, crisisLine, onCallUserId, medicalLeadUserId, escalateItem9Minutes, escalateOtherMinutes } = input;
  const data = { crisisLine, onCallUserId, medicalLeadUserId, escalateItem9Minutes, escalateOtherMinutes };
  const clinicians = new Set((await clinicianOptions()).map((u) => u.id));
  const errors: Record<string, string> = {};
  if (onCallUserId && !clinicians.has(onCallUserId)) errors.onCallUserId = "Choose an active clinician from the list.";
  if (medicalLeadUserId && !clinicians.has(medicalLeadUserId)) errors.medicalLeadUserId = "Choose an active clinician from the list.";
  if (Object.keys(errors).length) throw new FieldError(errors);
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const before = await tx.site.findUnique({ where: { id: siteId } });
    if (!before) notFound("Site not found");
    const stale = "Someone else changed this site's settings while you were editing. Reload to see their changes, then apply yours again.";
    if (before.version !== version) throw new ConflictError(stale);
    const updated = await tx.site.updateMany({ where: { id: siteId, version }, data: { ...data, version: { increment: 1 } } });
    if (updated.count !== 1) throw new ConflictError(stale);
    const changed = (Object.keys(data) as (keyof typeof data)[]).filter((k) => before[k] !== data[k]);
    await audit(tx, {
      actor,
      action: "site.safety_update",
      entityType: "Site",
      entityId: siteId,
      summary: changed.length ? `Changed ${changed.join(", ")} of site ${before.name}` : `Saved site ${before.name} without changes`,
      details: { changed, after: data },
      ...meta,
    });
  });
}
