// Cohorts: created from a program version, with every session generated from the
// template at the right local time (DST-safe, see app/domain/scheduling/expand.ts).
import { randomUUID } from "node:crypto";
import { COHORT_STATUSES, COHORT_STATUS_LABELS, COHORT_TRANSITIONS, type CohortStatus } from "~/components/cohort/cohortStatus";
import {
  cohortEndDate,
  expandTemplate,
  type CohortWindow,
  type Conflict,
  type ConflictSessionInput,
  type StaffRole,
} from "~/domain/scheduling";
import { readValidProgramDefinition } from "~/domain/scheduling/programDefinition";
import type { CohortSort } from "~/forms/lists";
import type { CohortForm, CohortStatusForm } from "~/forms/scheduling";
import { offerCohortAccess, visibleCohortSql, type CohortAccess, type Viewer } from "~/models/access.server";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, readRow, readRows, sqlInList, sqlTrue } from "~/utils/db.server";
import { seesParticipantNames, seesStaffFreeText } from "~/utils/permissions";
import { ConflictError, FieldError, notFound, type Actor } from "./kernel.server";
import {
  checkConflicts,
  conflictsRefusal,
  conflictsWithRealIds,
  otherSessionsOverlapping,
  storeAcknowledgements,
  windowOf,
} from "./session.server";

export { COHORT_STATUSES, COHORT_STATUS_LABELS, COHORT_TRANSITIONS, type CohortStatus };

/** The "new cohort" form's values; scripts may acknowledge every warning with "all". */
export type CohortCreateInput = Omit<CohortForm, "acknowledged"> & { acknowledged: string[] | "all" };

/** Users who can be assigned: active facilitators and clinicians. */
export async function staffOptions() {
  // One statement through the driver (the cohort page asks on every view for a manager).
  const rows = await readRows(
    `SELECT u."id", u."name", r."roleCode" FROM "User" u JOIN "UserRole" r ON r."userId" = u."id" ` +
      `WHERE u."active" = ${sqlTrue()} AND r."roleCode" IN ('FACILITATOR', 'CLINICIAN') ORDER BY u."name", u."id"`,
    [],
  );
  const withRole = (role: string) => rows.filter((r) => r[2] === role).map(([id, name]) => ({ id: id as string, name: name as string }));
  return { facilitators: withRole("FACILITATOR"), clinicians: withRole("CLINICIAN") };
}

/** Clinicians staff sessions that need medical staff; facilitators staff every session. */
export function sessionStaffFor(kind: string, requiredClinicians: number, staff: { userId: string; role: StaffRole }[]) {
  const needsClinician = kind === "DOSING" || kind === "SCREENING" || requiredClinicians > 0;
  return staff.filter((s) => s.role !== "CLINICIAN" || needsClinician);
}

/**
 * Creates a cohort and all its sessions. Throws FieldError (bad choices; or clashes, with
 * `details.conflicts`: room double-booked, or warnings not acknowledged); nothing is written then.
 * Warnings are acknowledged by key (keys use "new-<planIndex>" for the sessions being created).
 */
export async function createCohort(actor: Actor, meta: RequestMeta, input: CohortCreateInput) {
  const db = await dbReady();
  const errors: Record<string, string> = {};

  const program = await db.program.findUnique({ where: { id: input.programId } });
  if (!program || program.archived) errors.programId = "Choose a program";
  const site = await db.site.findUnique({ where: { id: input.siteId } });
  if (!site || !site.active) errors.siteId = "Choose an active site";
  if (input.roomId) {
    const room = await db.room.findUnique({ where: { id: input.roomId } });
    if (!room || !room.active || room.siteId !== input.siteId) errors.roomId = "Choose an active room at this site";
  }
  if (await db.cohort.findUnique({ where: { name: input.name } })) errors.name = "A cohort with this name already exists";

  const facilitatorIds = [input.leadFacilitatorId, ...input.coFacilitatorIds];
  if (new Set(facilitatorIds).size !== facilitatorIds.length)
    errors.coFacilitatorIds = "The lead facilitator cannot also be a co-facilitator";
  const users = await db.user.findMany({
    where: { id: { in: [...facilitatorIds, ...input.clinicianIds] }, active: true },
    include: { roles: true },
  });
  const has = (id: string, role: string) => users.some((u) => u.id === id && u.roles.some((r) => r.roleCode === role));
  if (!has(input.leadFacilitatorId, "FACILITATOR"))
    errors.leadFacilitatorId = "The lead facilitator must be an active user with the Facilitator role";
  if (input.coFacilitatorIds.some((id) => !has(id, "FACILITATOR")))
    errors.coFacilitatorIds ??= "Co-facilitators must be active users with the Facilitator role";
  if (input.clinicianIds.some((id) => !has(id, "CLINICIAN")))
    errors.clinicianIds = "Clinicians must be active users with the Clinician role";
  if (Object.keys(errors).length) throw new FieldError(errors);

  const version = await db.programVersion.findUniqueOrThrow({
    where: { programId_version: { programId: program!.id, version: program!.version } },
  });
  const template = readValidProgramDefinition(version.definition);
  const expanded = expandTemplate({ template, startDate: input.startDate, timeZone: input.timeZone });
  const endDate = cohortEndDate(expanded, input.timeZone) ?? input.startDate;

  const sessionStaff: { userId: string; role: StaffRole }[] = [
    ...facilitatorIds.map((userId) => ({ userId, role: "FACILITATOR" as StaffRole })),
    ...input.clinicianIds.filter((id) => !facilitatorIds.includes(id)).map((userId) => ({ userId, role: "CLINICIAN" as StaffRole })),
  ];
  const nameOf = (id: string) => users.find((u) => u.id === id)?.name;

  const proposed: ConflictSessionInput[] = expanded.map((e) => ({
    id: `new-${e.index}`,
    cohortId: "new-cohort",
    cohortName: input.name,
    title: e.title,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    roomId: input.roomId,
    staff: sessionStaffFor(e.kind, e.requiredStaff.CLINICIAN ?? 0, sessionStaff).map((s) => ({ ...s, name: nameOf(s.userId) })),
    requiredStaff: e.requiredStaff,
    status: "SCHEDULED",
  }));
  let found: Conflict[] = [];
  let checked: { all: ConflictSessionInput[]; windows: Record<string, CohortWindow> } | null = null;
  if (proposed.length) {
    const from = new Date(Math.min(...proposed.map((p) => p.startsAt.getTime())));
    const to = new Date(Math.max(...proposed.map((p) => p.endsAt.getTime())));
    const others = await otherSessionsOverlapping(db, from, to, null);
    const windows = { ...others.windows, "new-cohort": { startDate: input.startDate, endDate, timeZone: input.timeZone } };
    const all = [...proposed, ...others.sessions];
    const ids = proposed.map((p) => p.id);
    checked = { all, windows };
    const check = checkConflicts(all, windows, ids, input.acknowledged === "all" ? [] : input.acknowledged);
    // Scripts may acknowledge every warning; room double-bookings are refused regardless.
    const saves = check.canSave || (input.acknowledged === "all" && !check.blocking.length);
    if (!saves) throw conflictsRefusal(check.blocking, check.needsAcknowledgement, { roomId: check.blocking[0]?.message ?? "" });
    found = check.found;
  }

  const cohortId = randomUUID();
  const realIds = expanded.map(() => randomUUID());
  const idMap = Object.fromEntries(expanded.map((_, i) => [`new-${i}`, realIds[i]]));
  const toStore =
    checked && found.length
      ? conflictsWithRealIds(checked.all, checked.windows, idMap, { "new-cohort": cohortId }, Object.keys(idMap))
      : [];
  await db.$transaction(async (tx) => {
    await tx.cohort.create({
      data: {
        id: cohortId,
        name: input.name,
        programId: program!.id,
        programVersionId: version.id,
        startDate: input.startDate,
        endDate,
        timeZone: input.timeZone,
        siteId: input.siteId,
        roomId: input.roomId,
        capacity: input.capacity,
        status: "PLANNED",
        staff: {
          create: [
            { userId: input.leadFacilitatorId, role: "LEAD_FACILITATOR" },
            ...input.coFacilitatorIds.map((userId) => ({ userId, role: "FACILITATOR" })),
            ...input.clinicianIds.map((userId) => ({ userId, role: "CLINICIAN" })),
          ],
        },
      },
    });
    for (const [i, e] of expanded.entries()) {
      await tx.groupSession.create({
        data: {
          id: realIds[i],
          cohortId,
          planIndex: e.index,
          kind: e.kind,
          title: e.title,
          startsAt: e.startsAt,
          endsAt: e.endsAt,
          roomId: input.roomId,
          requiredStaff: JSON.stringify(e.requiredStaff),
          route: e.route ?? null,
          staff: { create: proposed[i].staff.map((s) => ({ userId: s.userId, role: s.role })) },
        },
      });
    }
    await storeAcknowledgements(tx, actor, toStore);
    await audit(tx, {
      actor,
      action: "cohort.create",
      entityType: "Cohort",
      entityId: cohortId,
      summary: `Created cohort ${input.name} from ${program!.name} v${version.version}: ${expanded.length} sessions from ${input.startDate} (${input.timeZone})`,
      details: {
        programVersionId: version.id,
        startDate: input.startDate,
        endDate,
        timeZone: input.timeZone,
        capacity: input.capacity,
        roomId: input.roomId,
        acknowledgedConflicts: toStore.filter((c) => c.severity === "warn").map((c) => c.key),
      },
      ...meta,
    });
  });
  return { id: cohortId, sessions: expanded.length, acknowledgedConflicts: found.length };
}

/* ------------------------------------------------------------------------------ */
/* Reading                                                                          */

export type CohortFilters = { status?: string; siteId?: string; programId?: string };

export const COHORT_PAGE_SIZE = 50;
export type CohortPage = { sort?: CohortSort; dir?: "asc" | "desc"; page?: number };

/** Seats taken: the statuses counted in "Enrolled / capacity". */
const SEATED = ["ENROLLED", "ACTIVE", "COMPLETED"];

/**
 * One page of the cohorts the viewer may see. Pages are numbered (offset), not keyset
 * cursors. By start or end date (the default: newest start first) the database orders and
 * pages them (Cohort(startDate), Cohort(endDate)): only the page's 50 ids are read, with the
 * total counted in the same statement. By the program's, site's or lead's name, the lifecycle order of the
 * status or the seats taken (not columns of Cohort, and names compare as the table did in the
 * browser, localeCompare) the order is worked out on a narrow read of every matching cohort.
 * Then only the page's cohorts are read in full, with their seats counted: no enrollment row
 * is read.
 */
export async function listCohorts(viewer: Viewer, filters: CohortFilters = {}, paging: CohortPage = {}) {
  const sort = paging.sort ?? "start";
  const dir = paging.dir ?? (sort === "start" ? "desc" : "asc");
  // Two statements through the driver (an ORM include tree took 13): the order (the page's ids,
  // or the narrow read of every matching cohort), then the page's cohorts in full. The lead is
  // the alphabetically first lead facilitator (a cohort normally has one).
  const visible = visibleCohortSql(viewer);
  const conditions = [visible.sql];
  const params: unknown[] = [...visible.params];
  for (const [column, value] of [
    ["status", filters.status],
    ["siteId", filters.siteId],
    ["programId", filters.programId],
  ] as const) {
    if (!value) continue;
    conditions.push(`c."${column}" = ?`);
    params.push(value);
  }
  const where = conditions.join(" AND ");
  const seatsSql = `(SELECT COUNT(*) FROM "Enrollment" e WHERE e."cohortId" = c."id" AND e."status" IN (${SEATED.map((x) => `'${x}'`).join(", ")}))`;
  const leadSql = `(SELECT MIN(u."name") FROM "CohortStaff" ls JOIN "User" u ON u."id" = ls."userId" WHERE ls."cohortId" = c."id" AND ls."role" = 'LEAD_FACILITATOR')`;
  const wanted = Math.max(1, Math.trunc(paging.page ?? 1));
  const { ids, total, page } =
    sort === "start" || sort === "end"
      ? await cohortPageByDate(where, params, sort, dir, wanted)
      : await cohortPageByKeys(where, params, sort, dir, wanted, seatsSql, leadSql);
  const pages = Math.max(1, Math.ceil(total / COHORT_PAGE_SIZE));
  const inIds = sqlInList(ids);
  const pageRows = ids.length
    ? await readRows(
        `SELECT c."id", c."name", p."id", p."name", pv."version", st."name", r."name", c."startDate", c."endDate", c."timeZone", ` +
          `c."status", c."capacity", ${seatsSql}, ` +
          `(SELECT COUNT(*) FROM "GroupSession" g WHERE g."cohortId" = c."id" AND g."status" <> 'CANCELLED'), ${leadSql} ` +
          `FROM "Cohort" c JOIN "Program" p ON p."id" = c."programId" JOIN "ProgramVersion" pv ON pv."id" = c."programVersionId" ` +
          `JOIN "Site" st ON st."id" = c."siteId" LEFT JOIN "Room" r ON r."id" = c."roomId" WHERE c."id" ${inIds.sql}`,
        [inIds.param],
      )
    : [];
  const byId = new Map(pageRows.map((row) => [row[0] as string, row]));
  return {
    total,
    page,
    pages,
    sort,
    dir,
    cohorts: ids
      .map((id) => byId.get(id))
      .filter((row): row is unknown[] => !!row)
      .map(
        ([
          id,
          name,
          programId,
          program,
          programVersion,
          site,
          room,
          startDate,
          endDate,
          timeZone,
          status,
          capacity,
          seats,
          sessions,
          lead,
        ]) => ({
          id: id as string,
          name: name as string,
          program: program as string,
          programId: programId as string,
          programVersion: Number(programVersion),
          site: site as string,
          room: (room as string | null) ?? null,
          startDate: startDate as string,
          endDate: endDate as string,
          timeZone: timeZone as string,
          status: status as CohortStatus,
          capacity: Number(capacity),
          enrolled: Number(seats),
          sessions: Number(sessions),
          lead: (lead as string | null) ?? null,
        }),
      ),
  };
}

type CohortOrder = { ids: string[]; total: number; page: number };

/**
 * The page's ids by start or end date, ordered and paged by the database (Cohort(startDate),
 * Cohort(endDate)); equal dates newest start first, then by id. The total is a count in the same
 * statement (a window count would make the database number every row before the page's); a
 * page past the last (no row) asks for the count and reads the last page.
 */
async function cohortPageByDate(
  where: string,
  params: unknown[],
  sort: "start" | "end",
  dir: "asc" | "desc",
  wanted: number,
): Promise<CohortOrder> {
  const order = `${sort === "start" ? `c."startDate" ${dir.toUpperCase()}` : `c."endDate" ${dir.toUpperCase()}, c."startDate" DESC`}, c."id" ASC`;
  const count = `SELECT COUNT(*) FROM "Cohort" c WHERE ${where}`;
  const read = (page: number) =>
    readRows(`SELECT c."id", (${count}) FROM "Cohort" c WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`, [
      ...params,
      ...params,
      COHORT_PAGE_SIZE,
      (page - 1) * COHORT_PAGE_SIZE,
    ]);
  let page = wanted;
  let rows = await read(page);
  if (!rows.length && page > 1) {
    const total = Number((await readRow(count, params))?.[0] ?? 0);
    page = Math.max(1, Math.ceil(total / COHORT_PAGE_SIZE));
    rows = await read(page);
  }
  return { ids: rows.map((r) => r[0] as string), total: rows.length ? Number(rows[0][1]) : 0, page };
}

/**
 * The page's ids by a name, the status's lifecycle order or the seats taken, from a narrow read
 * of every matching cohort, compared as the table did in the browser; empty values last; equal
 * values newest start first, then by id.
 */
async function cohortPageByKeys(
  where: string,
  params: unknown[],
  sort: Exclude<CohortSort, "start" | "end">,
  dir: "asc" | "desc",
  wanted: number,
  seatsSql: string,
  leadSql: string,
): Promise<CohortOrder> {
  const column = { name: `c."name"`, program: `p."name"`, status: `c."status"`, site: `st."name"`, seats: seatsSql, lead: leadSql }[sort];
  const keys = (
    await readRows(
      `SELECT c."id", c."startDate", ${column} FROM "Cohort" c JOIN "Program" p ON p."id" = c."programId" ` +
        `JOIN "Site" st ON st."id" = c."siteId" WHERE ${where}`,
      params,
    )
  ).map(([id, start, key]) => ({
    id: id as string,
    start: start as string,
    v:
      key === null || key === undefined
        ? null
        : sort === "status"
          ? COHORT_STATUSES.indexOf(key as CohortStatus)
          : sort === "seats"
            ? Number(key)
            : (key as string),
  }));
  const cmp = (a: string | number | null, b: string | number | null) =>
    a === b
      ? 0
      : a === null
        ? 1
        : b === null
          ? -1
          : typeof a === "number" && typeof b === "number"
            ? a - b
            : String(a).localeCompare(String(b));
  keys.sort((a, b) => {
    const c = cmp(a.v, b.v);
    if (c !== 0) return a.v === null || b.v === null ? c : dir === "asc" ? c : -c;
    return b.start.localeCompare(a.start) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
  const pages = Math.max(1, Math.ceil(keys.length / COHORT_PAGE_SIZE));
  const page = Math.min(wanted, pages);
  return { ids: keys.slice((page - 1) * COHORT_PAGE_SIZE, page * COHORT_PAGE_SIZE).map((k) => k.id), total: keys.length, page };
}

/**
 * Header data for the cohort layout, read under the viewer's visibility (404 when the cohort is
 * not theirs); names of staff only. With the request's load context it offers its access
 * columns to the tab's check (offerCohortAccess).
 */
export async function getCohortOverview(viewer: Viewer, cohortId: string, request?: unknown) {
  // Every tab of a cohort shows this header: two statements through the driver instead of the
  // ten of an ORM include tree (names of program, site, room and on-call clinician; counts).
  const visible = visibleCohortSql(viewer);
  const enrolledIn = (statuses: string) =>
    `(SELECT COUNT(*) FROM "Enrollment" e WHERE e."cohortId" = c."id" AND e."status" IN (${statuses}))`;
  const headRead = readRow(
    `SELECT c."id", c."name", c."status", c."cancelReason", c."version", c."startDate", c."endDate", c."timeZone", c."capacity", ` +
      `c."onCallUserId", oc."name", p."id", p."name", p."version", pv."version", st."name", r."name", ` +
      `${enrolledIn(`'ENROLLED', 'ACTIVE'`)}, ${enrolledIn(`'COMPLETED'`)}, ${enrolledIn(`'WAITLISTED'`)}, ` +
      `${enrolledIn(`'REFERRED', 'SCREENING', 'ELIGIBLE'`)}, ` +
      `(SELECT COUNT(*) FROM "GroupSession" g WHERE g."cohortId" = c."id" AND g."status" <> 'CANCELLED'), ` +
      `(SELECT COUNT(*) FROM "GroupSession" g WHERE g."cohortId" = c."id" AND g."status" = 'COMPLETED'), c."siteId" ` +
      `FROM "Cohort" c JOIN "Program" p ON p."id" = c."programId" JOIN "ProgramVersion" pv ON pv."id" = c."programVersionId" ` +
      `JOIN "Site" st ON st."id" = c."siteId" LEFT JOIN "Room" r ON r."id" = c."roomId" LEFT JOIN "User" oc ON oc."id" = c."onCallUserId" ` +
      `WHERE c."id" = ? AND ${visible.sql}`,
    [cohortId, ...visible.params],
  );
  // The tab's loader, run beside this one, checks the same cohort: it takes these columns.
  if (request) {
    const access = headRead.then((h) =>
      h ? ({ id: h[0], name: h[1], status: h[2], timeZone: h[7], siteId: h[23], programId: h[11] } as CohortAccess) : null,
    );
    offerCohortAccess(viewer, cohortId, request, access);
  }
  const [head, staffRows] = await Promise.all([
    headRead,
    readRows(`SELECT u."id", u."name", cs."role" FROM "CohortStaff" cs JOIN "User" u ON u."id" = cs."userId" WHERE cs."cohortId" = ?`, [
      cohortId,
    ]),
  ]);
  if (!head) notFound("Cohort not found");
  const [id, name, status, cancelReason, version, startDate, endDate, timeZone, capacity, onCallUserId, onCallName] = head;
  const [programId, programName, programNewest, programVersion, site, room] = head.slice(11, 17);
  const [enrolled, completed, waitlisted, inScreening, sessions, sessionsDone] = head.slice(17, 23).map(Number);
  const roleOrder = { LEAD_FACILITATOR: 0, FACILITATOR: 1, CLINICIAN: 2 } as Record<string, number>;
  return {
    id: id as string,
    name: name as string,
    status: status as CohortStatus,
    cancelReason: seesStaffFreeText(viewer.roles) ? (cancelReason as string | null) : null,
    version: Number(version),
    program: { id: programId as string, name: programName as string, version: Number(programNewest) },
    programVersion: Number(programVersion),
    startDate: startDate as string,
    endDate: endDate as string | null,
    timeZone: timeZone as string,
    site: site as string,
    room: (room as string | null) ?? null,
    capacity: Number(capacity),
    counts: { enrolled, completed, waitlisted, inScreening, sessions, sessionsDone },
    staff: staffRows
      .map(([userId, staffName, role]) => ({ userId: userId as string, name: staffName as string, role: role as string }))
      .sort((a, b) => (roleOrder[a.role] ?? 9) - (roleOrder[b.role] ?? 9) || a.name.localeCompare(b.name)),
    showsNames: seesParticipantNames(viewer.roles),
    onCall: onCallUserId && onCallName !== null ? { id: onCallUserId as string, name: onCallName as string } : null,
  };
}

/** Sets (or clears) the cohort's on-call clinician: an active clinician. Version-checked and audited. */
export async function setCohortOnCall(
  actor: Actor,
  meta: RequestMeta,
  cohortId: string,
  input: { onCallUserId: string | null; version: number },
) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const c = await tx.cohort.findUnique({ where: { id: cohortId } });
    if (!c) notFound("Cohort not found");
    if (c.version !== input.version)
      throw new ConflictError("Someone else changed this cohort since you opened the page. Reload it and try again.");
    const user = input.onCallUserId
      ? await tx.user.findFirst({
          where: { id: input.onCallUserId, active: true, roles: { some: { roleCode: "CLINICIAN" } } },
          select: { name: true },
        })
      : null;
    if (input.onCallUserId && !user) throw new FieldError("onCallUserId", "Choose an active clinician");
    await tx.cohort.update({ where: { id: cohortId }, data: { onCallUserId: input.onCallUserId, version: { increment: 1 } } });
    await audit(tx, {
      actor,
      action: "cohort.on_call",
      entityType: "Cohort",
      entityId: cohortId,
      summary: user ? `${user.name} is on call for ${c.name}` : `No cohort on-call clinician for ${c.name} (the site's on-call remains)`,
      details: { before: c.onCallUserId, after: input.onCallUserId },
      ...meta,
    });
  });
}

/** A status step (forward only, or cancelled with a reason). Throws FieldError / ConflictError (stale page). */
export async function changeCohortStatus(
  actor: Actor,
  meta: RequestMeta,
  cohortId: string,
  { to, version, reason }: Omit<CohortStatusForm, "intent">,
) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const c = await tx.cohort.findUnique({ where: { id: cohortId } });
    if (!c) notFound("Cohort not found");
    const from = c.status as CohortStatus;
    if (!COHORT_TRANSITIONS[from]?.includes(to)) {
      throw new FieldError(
        "to",
        `A ${COHORT_STATUS_LABELS[from].toLowerCase()} cohort cannot become ${COHORT_STATUS_LABELS[to].toLowerCase()}`,
      );
    }
    const updated = await tx.cohort.updateMany({
      where: { id: cohortId, version },
      data: { status: to, cancelReason: to === "CANCELLED" ? reason : null, version: version + 1 },
    });
    if (updated.count === 0) throw new ConflictError("Someone else changed this cohort after you opened the page. Reload and try again.");
    await audit(tx, {
      actor,
      action: "cohort.status",
      entityType: "Cohort",
      entityId: cohortId,
      summary: `${c.name}: ${COHORT_STATUS_LABELS[from]} → ${COHORT_STATUS_LABELS[to]}${to === "CANCELLED" ? ` (${reason})` : ""}`,
      details: { from, to, reason: reason || null },
      ...meta,
    });
  });
}

export { windowOf };
