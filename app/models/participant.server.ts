// Participants: pseudonymous code, identity and contact details, and their enrollments.
// Reads are scoped by visibleParticipantWhere (facilitators and clinicians: people in
// their cohorts only); every change is audited in its transaction; edits use the
// version column so a concurrent edit is reported, never overwritten.
import { randomInt } from "node:crypto";
import type { EnrollmentStatus } from "~/domain/scheduling";
import { COHORT_FILTER_LIMIT, ENROLL_CHOICE_LIMIT, type ParticipantSort } from "~/forms/lists";
import { auditParticipantRead, visibleCohortSql, visibleParticipantSql, type Reader, type Viewer } from "~/models/access.server";
import { addToCohortTx, cohortToday } from "~/models/enrollment.server";
import { ConflictError, FieldError, notFound, type Actor } from "~/models/kernel.server";
import { keysetSql, type SortDir, type SortKey } from "~/models/keyset.server";
import { signalScopeSql } from "~/models/safetySignal.server";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, instantValue, readRow, readRows, sqlInList, type Db, type Tx } from "~/utils/db.server";
import {
  CODE_ALPHABET,
  ageOn,
  participantSearchSql,
  todayUtc,
  type ParticipantCreateInput,
  type ParticipantDetailsInput,
  type ParticipantEditInput,
} from "./participant.schema";

export const DUPLICATE_CODE_MESSAGE = "Another participant already has this code (duplicate participant code). Choose another.";

/** "GK-" + 5 characters from an alphabet without look-alikes (0/O, 1/I). */
export function randomParticipantCode(pick: (n: number) => number = randomInt) {
  let code = "GK-";
  for (let i = 0; i < 5; i++) code += CODE_ALPHABET[pick(CODE_ALPHABET.length)];
  return code;
}

/** A fresh code nobody has (32^5 ≈ 33 million codes, so a retry is rare). */
export async function generateParticipantCode(client?: Db | Tx) {
  const db = client ?? (await dbReady());
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = randomParticipantCode();
    if (!(await db.participant.findUnique({ where: { code } }))) return code;
  }
  throw new Error("Could not find a free participant code");
}

export type ParticipantFilters = { q?: string; cohortId?: string; status?: string; occupation?: string; signals?: "open" | "" };

export const PARTICIPANT_PAGE_SIZE = 50;
type Dir = SortDir;
type SortField = "lastName" | "firstName" | "code" | "dateOfBirth" | "occupation";

/**
 * The columns behind each sort, each with its direction when the list is sorted ascending.
 * "age" ascending is the youngest first, so the latest date of birth first. Occupation codes
 * sort in the same order as their labels. The Cohorts and Safety columns do not sort: their
 * values are per-viewer aggregates (visible enrollments, open signals of visible cohorts)
 * that no index can order, and sorting by them would mean reading every participant: the
 * list filters by cohort and by "has open safety signals" instead.
 */
const SORT_FIELDS: Record<ParticipantSort, { field: SortField; dir: Dir }[]> = {
  name: [
    { field: "lastName", dir: "asc" },
    { field: "firstName", dir: "asc" },
  ],
  code: [{ field: "code", dir: "asc" }],
  age: [{ field: "dateOfBirth", dir: "desc" }],
  occupation: [{ field: "occupation", dir: "asc" }],
};

export type ParticipantPage = {
  sort?: ParticipantSort;
  dir?: Dir;
  /** The page after (or before) this participant, in the chosen order; an id the viewer cannot see is ignored. */
  after?: string;
  before?: string;
};

const flip = (d: Dir): Dir => (d === "asc" ? "desc" : "asc");

/**
 * The participants list's count stops here ("more than 10,000"): counting a network's 200,000
 * participants took 2.7–4 ms of the server's thread on every view of the list.
 */
export const PARTICIPANT_COUNT_CAP = 10_000;

/**
 * One page of the participants the viewer may see, in a stable order (the sort's columns,
 * then id), as keyset pages whose cursor is a participant id (keysetSql). Read on every view
 * of the list: through the driver (committed data: never inside a transaction), the count and
 * the page together (the count up to `countCap`), then the page's enrollments and open signals together.
 */
export async function listParticipants(
  viewer: Reader,
  filters: ParticipantFilters = {},
  page: ParticipantPage = {},
  countCap = PARTICIPANT_COUNT_CAP,
) {
  const q = filters.q?.trim();
  const visible = visibleParticipantSql(viewer);
  const cohortSeen = visibleCohortSql(viewer);
  const signalSeen = signalScopeSql(viewer);
  const search = q ? participantSearchSql(q) : null;
  // The filters, on the participant aliased p (the rule of visibleParticipantWhere and signalScope in SQL).
  const where: string[] = [visible.sql];
  const params: unknown[] = [...visible.params];
  if (filters.occupation) {
    where.push(`p."occupation" = ?`);
    params.push(filters.occupation);
  }
  if (filters.cohortId || filters.status) {
    where.push(
      `EXISTS (SELECT 1 FROM "Enrollment" fe JOIN "Cohort" c ON c."id" = fe."cohortId" WHERE fe."participantId" = p."id" AND ${cohortSeen.sql}` +
        (filters.cohortId ? ` AND fe."cohortId" = ?` : "") +
        (filters.status ? ` AND fe."status" = ?` : "") +
        ")",
    );
    params.push(...cohortSeen.params, ...(filters.cohortId ? [filters.cohortId] : []), ...(filters.status ? [filters.status] : []));
  }
  if (filters.signals === "open") {
    where.push(
      `EXISTS (SELECT 1 FROM "SafetySignal" s WHERE s."participantId" = p."id" AND s."acknowledgedAt" IS NULL AND ${signalSeen.sql})`,
    );
    params.push(...signalSeen.params);
  }
  if (search) {
    where.push(search.sql);
    params.push(...search.params);
  }
  const sort = page.sort ?? "name";
  const dir = page.dir ?? "asc";
  const keys: SortKey<SortField | "id">[] = [
    ...SORT_FIELDS[sort].map((k) => ({ field: k.field, dir: dir === "asc" ? k.dir : flip(k.dir) })),
    { field: "id", dir },
  ];
  const COLUMNS = `p."id", p."lastName", p."firstName", p."code", p."dateOfBirth", p."occupation"`;
  type Row = { id: string; lastName: string; firstName: string; code: string; dateOfBirth: string; occupation: string };
  const rowOf = (r: unknown[]): Row => {
    const [id, lastName, firstName, code, dateOfBirth, occupation] = r as string[];
    return { id, lastName, firstName, code, dateOfBirth, occupation };
  };
  const pageRows = (cursorRow: Row | null) => {
    const k = keysetSql(keys, PARTICIPANT_PAGE_SIZE, { row: cursorRow, before: !page.after }, (f) => `p."${f}"`);
    return readRows(`SELECT ${COLUMNS} FROM "Participant" p WHERE ${where.join(" AND ")} AND ${k.where} ORDER BY ${k.orderBy} LIMIT ?`, [
      ...params,
      ...k.params,
      k.limit,
    ]).then((rows) => k.page(rows.map(rowOf)));
  };
  // The cursor row, if the viewer may see it; its sort values are where the page starts (a
  // missing one starts at the first page). Without a cursor the count and the page run together.
  const cursorId = page.after ?? page.before;
  const [totalRow, firstPage, cursorRow] = await Promise.all([
    readRow(`SELECT COUNT(*) FROM (SELECT 1 FROM "Participant" p WHERE ${where.join(" AND ")} LIMIT ?) x`, [...params, countCap + 1]),
    cursorId ? null : pageRows(null),
    cursorId
      ? readRow(`SELECT ${COLUMNS} FROM "Participant" p WHERE p."id" = ? AND ${visible.sql}`, [cursorId, ...visible.params]).then((r) =>
          r ? rowOf(r) : null,
        )
      : null,
  ]);
  const { rows: people, previousCursor, nextCursor } = firstPage ?? (await pageRows(cursorRow));
  const ids = people.map((p) => p.id);
  const inIds = sqlInList(ids);
  const [enrollmentRows, signalRows] = ids.length
    ? await Promise.all([
        readRows(
          `SELECT e."participantId", c."id", c."name", e."status" FROM "Enrollment" e JOIN "Cohort" c ON c."id" = e."cohortId" ` +
            `WHERE e."participantId" ${inIds.sql} AND ${cohortSeen.sql} ORDER BY e."createdAt" DESC, e."id" DESC`,
          [inIds.param, ...cohortSeen.params],
        ),
        readRows(
          `SELECT s."participantId", COUNT(*) FROM "SafetySignal" s WHERE s."participantId" ${inIds.sql} AND s."acknowledgedAt" IS NULL ` +
            `AND ${signalSeen.sql} GROUP BY s."participantId"`,
          [inIds.param, ...signalSeen.params],
        ),
      ])
    : [[], []];
  const enrollmentsOf = new Map<string, { cohortId: string; cohortName: string; status: EnrollmentStatus }[]>();
  for (const [participantId, cohortId, cohortName, status] of enrollmentRows as string[][]) {
    const list = enrollmentsOf.get(participantId) ?? [];
    list.push({ cohortId, cohortName, status: status as EnrollmentStatus });
    enrollmentsOf.set(participantId, list);
  }
  const openSignals = new Map(signalRows.map(([participantId, n]) => [participantId as string, Number(n)]));
  await auditParticipantRead(viewer, {
    what: q ? `participant search "${q.slice(0, 60)}"` : "participant list",
    participantIds: ids,
    details: { filters },
  });
  const today = todayUtc();
  const counted = Number(totalRow?.[0] ?? 0);
  return {
    /** The participants matching, at most `countCap`; `totalCapped`: there are more. */
    total: Math.min(counted, countCap),
    totalCapped: counted > countCap,
    sort,
    dir,
    previousCursor,
    nextCursor,
    participants: people.map((p) => ({
      id: p.id,
      code: p.code,
      name: `${p.lastName}, ${p.firstName}`,
      age: ageOn(p.dateOfBirth, today),
      occupation: p.occupation,
      openSignals: openSignals.get(p.id) ?? 0,
      enrollments: enrollmentsOf.get(p.id) ?? [],
    })),
  };
}

/**
 * The viewer's newest cohorts by start date that also meet `where` (a condition on `c`, with its
 * parameters), up to `limit`, and the chosen one when it meets them further down: a network's
 * cohorts grow with the years and its sites; a page's choice of them must not. `more`: whether
 * there are others. One statement, two for a chosen one further down. Rows start with the id.
 */
async function newestCohorts(
  viewer: Viewer,
  columns: string,
  where: { sql: string; params: unknown[] },
  limit: number,
  chosenId?: string,
): Promise<{ rows: unknown[][]; more: boolean }> {
  const visible = visibleCohortSql(viewer);
  const condition = `${visible.sql}${where.sql}`;
  const params = [...visible.params, ...where.params];
  const select = `SELECT ${columns} FROM "Cohort" c`;
  const rows = await readRows(`${select} WHERE ${condition} ORDER BY c."startDate" DESC, c."id" LIMIT ?`, [...params, limit + 1]);
  const more = rows.length > limit;
  const kept = rows.slice(0, limit);
  if (chosenId && more && !kept.some((r) => r[0] === chosenId)) {
    const chosen = await readRow(`${select} WHERE c."id" = ? AND ${condition}`, [chosenId, ...params]);
    if (chosen) kept.push(chosen);
  }
  return { rows: kept, more };
}

/**
 * The "enroll into" choice (a new participant's form, a participant's page): the open cohorts
 * (not completed or cancelled) the viewer may see, newest start first (upcoming, then current),
 * up to `limit`, leaving out those `exceptParticipantId` is already in, and the chosen one when
 * it is further down (a new participant's preselected cohort). `more` says whether there are
 * others, which are added from their roster.
 */
export async function openCohortChoices(
  viewer: Viewer,
  { exceptParticipantId, chosenId, limit = ENROLL_CHOICE_LIMIT }: { exceptParticipantId?: string; chosenId?: string; limit?: number } = {},
) {
  const open = ` AND c."status" NOT IN ('COMPLETED', 'CANCELLED')`;
  const where = exceptParticipantId
    ? {
        sql: `${open} AND NOT EXISTS (SELECT 1 FROM "Enrollment" e WHERE e."cohortId" = c."id" AND e."participantId" = ?)`,
        params: [exceptParticipantId],
      }
    : { sql: open, params: [] };
  const { rows, more } = await newestCohorts(viewer, `c."id", c."name", c."startDate", c."capacity", c."status"`, where, limit, chosenId);
  const cohorts = rows.map(([id, name, startDate, capacity, status]) => ({
    id: id as string,
    name: name as string,
    startDate: startDate as string,
    capacity: Number(capacity),
    status: status as string,
  }));
  return { cohorts, more };
}

/**
 * The cohort filter of the participants and adverse-event lists: the viewer's newest
 * COHORT_FILTER_LIMIT cohorts by start date (upcoming and current first), and the chosen one
 * when it is older (never one the viewer may not see).
 */
export async function cohortFilterOptions(viewer: Viewer, chosenId?: string, limit = COHORT_FILTER_LIMIT) {
  const { rows, more } = await newestCohorts(viewer, `c."id", c."name"`, { sql: "", params: [] }, limit, chosenId);
  return { cohorts: rows.map(([id, name]) => ({ id: id as string, name: name as string })), more };
}

/**
 * The header of a participant's pages: who, and any unacknowledged safety signal of the cohorts
 * the viewer sees. Read on every tab, so two statements through the driver (committed data:
 * never inside a transaction).
 */
export async function getParticipantHeader(viewer: Reader, id: string) {
  const visible = visibleParticipantSql(viewer);
  const scope = signalScopeSql(viewer);
  const [row, signals] = await Promise.all([
    readRow(
      `SELECT p."id", p."code", p."firstName", p."lastName", p."dateOfBirth", p."sex", p."occupation" FROM "Participant" p ` +
        `WHERE p."id" = ? AND ${visible.sql}`,
      [id, ...visible.params],
    ),
    readRows(
      `SELECT s."id", s."kind", s."detail", s."createdAt" FROM "SafetySignal" s ` +
        `WHERE s."participantId" = ? AND s."acknowledgedAt" IS NULL AND ${scope.sql} ORDER BY s."createdAt", s."id"`,
      [id, ...scope.params],
    ),
  ]);
  if (!row) notFound("Participant not found");
  const [pid, code, firstName, lastName, dateOfBirth, sex, occupation] = row as string[];
  await auditParticipantRead(viewer, { what: "participant record", participantIds: [pid] });
  return {
    id: pid,
    code,
    name: `${firstName} ${lastName}`,
    age: ageOn(dateOfBirth, todayUtc()),
    sex,
    occupation,
    signals: signals.map(([sid, kind, detail, createdAt]) => ({
      id: sid as string,
      kind: kind as string,
      detail: detail as string,
      createdAt: instantValue(createdAt).toISOString(),
    })),
  };
}

/**
 * Details, contacts and the enrollments (in cohorts the viewer sees) with their history. The
 * overview tab reads it on every view: three statements through the driver (committed data:
 * never inside a transaction).
 */
export async function getParticipantOverview(viewer: Reader, id: string) {
  const visible = visibleParticipantSql(viewer);
  const cohortSeen = visibleCohortSql(viewer);
  const [row, enrollmentRows, historyRows] = await Promise.all([
    readRow(
      `SELECT p."id", p."code", p."firstName", p."lastName", p."dateOfBirth", p."sex", p."occupation", p."email", p."phone", ` +
        `p."emergencyContactName", p."emergencyContactPhone", p."weightKg", p."version", p."createdAt" FROM "Participant" p ` +
        `WHERE p."id" = ? AND ${visible.sql}`,
      [id, ...visible.params],
    ),
    readRows(
      `SELECT e."id", e."version", e."status", e."statusReason", e."consentDate", e."withdrawnOn", e."waitlistPosition", ` +
        `c."id", c."name", c."startDate", c."endDate", c."timeZone", c."capacity", ` +
        `(SELECT COUNT(*) FROM "Enrollment" x WHERE x."cohortId" = c."id" AND x."status" IN ('ENROLLED', 'ACTIVE')) ` +
        `FROM "Enrollment" e JOIN "Cohort" c ON c."id" = e."cohortId" WHERE e."participantId" = ? AND ${cohortSeen.sql} ` +
        `ORDER BY e."createdAt" DESC, e."id" DESC`,
      [id, ...cohortSeen.params],
    ),
    readRows(
      `SELECT h."enrollmentId", h."id", h."fromStatus", h."toStatus", h."reason", h."changedAt", h."changedById", u."name" ` +
        `FROM "EnrollmentStatusChange" h JOIN "Enrollment" e ON e."id" = h."enrollmentId" LEFT JOIN "User" u ON u."id" = h."changedById" ` +
        `WHERE e."participantId" = ? ORDER BY h."changedAt", h."id"`,
      [id],
    ),
  ]);
  if (!row) notFound("Participant not found");
  const historyOf = new Map<string, unknown[][]>();
  for (const h of historyRows) {
    const list = historyOf.get(h[0] as string);
    if (list) list.push(h);
    else historyOf.set(h[0] as string, [h]);
  }
  const text = (v: unknown) => (v === null || v === undefined ? null : (v as string));
  const [
    pid,
    code,
    firstName,
    lastName,
    dateOfBirth,
    sex,
    occupation,
    email,
    phone,
    emergencyName,
    emergencyPhone,
    weightKg,
    version,
    createdAt,
  ] = row;
  await auditParticipantRead(viewer, { what: "participant details and contacts", participantIds: [pid as string] });
  return {
    participant: {
      id: pid as string,
      code: code as string,
      firstName: firstName as string,
      lastName: lastName as string,
      dateOfBirth: dateOfBirth as string,
      sex: sex as string,
      occupation: occupation as string,
      email: text(email),
      phone: text(phone),
      emergencyContactName: text(emergencyName),
      emergencyContactPhone: text(emergencyPhone),
      weightKg: weightKg === null || weightKg === undefined ? null : Number(weightKg),
      version: Number(version),
      createdAt: instantValue(createdAt).toISOString(),
    },
    enrollments: enrollmentRows.map((e) => {
      const [eid, eVersion, status, statusReason, consentDate, withdrawnOn, waitlistPosition] = e;
      const [cohortId, cohortName, startDate, endDate, timeZone, capacity, seated] = e.slice(7);
      const cohort = {
        id: cohortId as string,
        name: cohortName as string,
        startDate: startDate as string,
        endDate: endDate as string,
        timeZone: timeZone as string,
        capacity: Number(capacity),
      };
      return {
        id: eid as string,
        version: Number(eVersion),
        cohort,
        status: status as EnrollmentStatus,
        statusReason: text(statusReason),
        consentDate: text(consentDate),
        withdrawnOn: text(withdrawnOn),
        waitlistPosition: waitlistPosition === null || waitlistPosition === undefined ? null : Number(waitlistPosition),
        seatFree: Number(seated) < cohort.capacity,
        today: cohortToday(cohort.timeZone),
        history: (historyOf.get(eid as string) ?? []).map(
          ([, hid, fromStatus, toStatus, reason, changedAt, changedById, changedByName]) => ({
            id: hid as string,
            fromStatus: text(fromStatus),
            toStatus: toStatus as string,
            reason: text(reason),
            changedAt: instantValue(changedAt).toISOString(),
            changedBy: changedById ? ((changedByName as string | null) ?? "Unknown user") : "System",
          }),
        ),
      };
    }),
  };
}

async function assertCodeFree(tx: Tx, code: string) {
  if (await tx.participant.findUnique({ where: { code } })) throw new FieldError("code", DUPLICATE_CODE_MESSAGE);
}

function isUniqueViolation(e: unknown) {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}

/** Creates a participant, optionally already placed in a cohort (seat or waitlist), in one transaction. */
export async function createParticipant(actor: Actor, meta: RequestMeta, input: ParticipantCreateInput) {
  const db = await dbReady();
  try {
    return await db.$transaction(async (tx) => {
      await assertCodeFree(tx, input.code);
      const created = await tx.participant.create({ data: { code: input.code, ...detailFields(input) } });
      await audit(tx, {
        actor,
        action: "participant.create",
        entityType: "Participant",
        entityId: created.id,
        summary: `Created participant ${created.code}`,
        details: { code: created.code, occupation: created.occupation },
        ...meta,
      });
      const enrollment = input.cohortId
        ? await addToCohortTx(tx, actor, meta, { participantId: created.id, cohortId: input.cohortId, mode: "PLACE" })
        : null;
      return { id: created.id, code: created.code, enrollment };
    });
  } catch (e) {
    // Two coordinators choosing the same code at the same moment: the unique index decides.
    if (isUniqueViolation(e)) throw new FieldError("code", DUPLICATE_CODE_MESSAGE);
    throw e;
  }
}

/** The identity, contact and weight columns a form sets (and nothing else it carries, such as its intent). */
function detailFields(input: ParticipantDetailsInput) {
  const { firstName, lastName, dateOfBirth, sex, occupation, email, phone, emergencyContactName, emergencyContactPhone, weightKg } = input;
  return { firstName, lastName, dateOfBirth, sex, occupation, email, phone, emergencyContactName, emergencyContactPhone, weightKg };
}

const AUDITED_FIELDS = [
  "firstName",
  "lastName",
  "dateOfBirth",
  "sex",
  "occupation",
  "email",
  "phone",
  "emergencyContactName",
  "emergencyContactPhone",
  "weightKg",
] as const;

export async function updateParticipant(actor: Actor, meta: RequestMeta, id: string, input: ParticipantEditInput) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const before = await tx.participant.findUnique({ where: { id } });
    if (!before) notFound("Participant not found");
    const stale = "Someone else changed this participant while you were editing. Reload to see their changes, then apply yours again.";
    if (before.version !== input.version) throw new ConflictError(stale);
    const { version } = input;
    const fields = detailFields(input);
    const updated = await tx.participant.updateMany({ where: { id, version }, data: { ...fields, version: { increment: 1 } } });
    if (updated.count !== 1) throw new ConflictError(stale);
    // The audit row names which fields changed, not their values (the log is read by admins).
    const changed = AUDITED_FIELDS.filter((f) => (before[f] ?? null) !== (fields[f] ?? null));
    await audit(tx, {
      actor,
      action: "participant.update",
      entityType: "Participant",
      entityId: id,
      summary: changed.length ? `Changed ${changed.join(", ")} of ${before.code}` : `Saved ${before.code} without changes`,
      details: { changed },
      ...meta,
    });
  });
}
