// Participants: pseudonymous code, identity and contact details, and their enrollments.
// Reads are scoped by visibleParticipantWhere (facilitators and clinicians: people in
// their cohorts only); every change is audited in its transaction; edits use the
// version column so a concurrent edit is reported, never overwritten.
import { randomInt } from "node:crypto";
import type { EnrollmentStatus } from "~/domain/scheduling";
import type { ParticipantSort } from "~/forms/lists";
import { auditParticipantRead, visibleCohortWhere, visibleParticipantWhere, type Reader, type Viewer } from "~/models/access.server";
import { addToCohortTx, cohortToday } from "~/models/enrollment.server";
import { ConflictError, FieldError, notFound, type Actor } from "~/models/kernel.server";
import { keysetPage, type SortDir, type SortKey } from "~/models/keyset.server";
import { signalScope } from "~/models/safetySignal.server";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, type Db, type Tx } from "~/utils/db.server";
import {
  CODE_ALPHABET,
  ageOn,
  participantSearchWhere,
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
 * One page of the participants the viewer may see, in a stable order (the sort's columns,
 * then id), as keyset pages whose cursor is a participant id (keysetPage).
 */
export async function listParticipants(viewer: Reader, filters: ParticipantFilters = {}, page: ParticipantPage = {}) {
  const db = await dbReady();
  const openSignalsSeen = { acknowledgedAt: null, ...(await signalScope(viewer)) };
  const q = filters.q?.trim();
  const enrollmentFilter = {
    cohort: visibleCohortWhere(viewer),
    ...(filters.cohortId ? { cohortId: filters.cohortId } : {}),
    ...(filters.status ? { status: filters.status } : {}),
  };
  const where = {
    AND: [
      visibleParticipantWhere(viewer),
      filters.occupation ? { occupation: filters.occupation } : {},
      filters.cohortId || filters.status ? { enrollments: { some: enrollmentFilter } } : {},
      filters.signals === "open" ? { safetySignals: { some: openSignalsSeen } } : {},
      q ? participantSearchWhere(q) : {},
    ],
  };
  const sort = page.sort ?? "name";
  const dir = page.dir ?? "asc";
  const keys: SortKey<SortField | "id">[] = [
    ...SORT_FIELDS[sort].map((k) => ({ field: k.field, dir: dir === "asc" ? k.dir : flip(k.dir) })),
    { field: "id", dir },
  ];
  // The cursor row, if the viewer may see it; its sort values are where the page starts.
  const cursorId = page.after ?? page.before;
  const cursorRow = cursorId
    ? await db.participant.findFirst({
        where: { id: cursorId, ...visibleParticipantWhere(viewer) },
        select: { id: true, lastName: true, firstName: true, code: true, dateOfBirth: true, occupation: true },
      })
    : null;
  const pageOf = keysetPage(keys, PARTICIPANT_PAGE_SIZE, { row: cursorRow, before: !page.after });

  const [total, fetched] = await Promise.all([
    db.participant.count({ where }),
    db.participant.findMany({
      where: { AND: [where, pageOf.where] },
      include: {
        enrollments: {
          where: { cohort: visibleCohortWhere(viewer) },
          include: { cohort: { select: { id: true, name: true } } },
          orderBy: { createdAt: "desc" },
        },
        // Only signals of cohorts the viewer sees: a count from another cohort would leak it.
        safetySignals: { where: openSignalsSeen, select: { id: true } },
      },
      orderBy: pageOf.orderBy,
      take: pageOf.take,
    }),
  ]);
  const { rows: people, previousCursor, nextCursor } = pageOf.page(fetched);
  await auditParticipantRead(viewer, {
    what: q ? `participant search "${q.slice(0, 60)}"` : "participant list",
    participantIds: people.map((p) => p.id),
    details: { filters },
  });
  const today = todayUtc();
  return {
    total,
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
      openSignals: p.safetySignals.length,
      enrollments: p.enrollments.map((e) => ({ cohortId: e.cohort.id, cohortName: e.cohort.name, status: e.status as EnrollmentStatus })),
    })),
  };
}

/** Cohorts the viewer may see, for filters and the "enroll into" choice. */
export async function visibleCohortOptions(viewer: Viewer, { openOnly = false } = {}) {
  const db = await dbReady();
  return db.cohort.findMany({
    where: { ...visibleCohortWhere(viewer), ...(openOnly ? { status: { notIn: ["COMPLETED", "CANCELLED"] } } : {}) },
    select: { id: true, name: true, startDate: true, capacity: true, status: true },
    orderBy: { startDate: "desc" },
  });
}

/** The header of a participant's pages: who, and any unacknowledged safety signal of the cohorts the viewer sees. */
export async function getParticipantHeader(viewer: Reader, id: string) {
  const db = await dbReady();
  const p = await db.participant.findFirst({
    where: { id, ...visibleParticipantWhere(viewer) },
    include: { safetySignals: { where: { acknowledgedAt: null, ...(await signalScope(viewer)) }, orderBy: { createdAt: "asc" } } },
  });
  if (!p) notFound("Participant not found");
  await auditParticipantRead(viewer, { what: "participant record", participantIds: [p.id] });
  return {
    id: p.id,
    code: p.code,
    name: `${p.firstName} ${p.lastName}`,
    age: ageOn(p.dateOfBirth, todayUtc()),
    sex: p.sex,
    occupation: p.occupation,
    signals: p.safetySignals.map((s) => ({ id: s.id, kind: s.kind, detail: s.detail, createdAt: s.createdAt.toISOString() })),
  };
}

/** Details, contacts and the enrollments (in cohorts the viewer sees) with their history. */
export async function getParticipantOverview(viewer: Reader, id: string) {
  const db = await dbReady();
  const p = await db.participant.findFirstOrThrow({
    where: { id, ...visibleParticipantWhere(viewer) },
    include: {
      enrollments: {
        where: { cohort: visibleCohortWhere(viewer) },
        include: {
          cohort: { select: { id: true, name: true, startDate: true, endDate: true, timeZone: true, capacity: true } },
          history: { orderBy: { changedAt: "asc" } },
        },
        orderBy: { createdAt: "desc" },
      },
    },
  });
  const staffIds = [...new Set(p.enrollments.flatMap((e) => e.history.map((h) => h.changedById).filter((x): x is string => !!x)))];
  const cohortIds = p.enrollments.map((e) => e.cohort.id);
  const seated = await db.enrollment.groupBy({
    by: ["cohortId"],
    where: { cohortId: { in: cohortIds }, status: { in: ["ENROLLED", "ACTIVE"] } },
    _count: { _all: true },
  });
  const seatedIn = new Map(seated.map((s) => [s.cohortId, s._count._all]));
  const staff = new Map(
    (await db.user.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]),
  );
  await auditParticipantRead(viewer, { what: "participant details and contacts", participantIds: [p.id] });
  return {
    participant: {
      id: p.id,
      code: p.code,
      firstName: p.firstName,
      lastName: p.lastName,
      dateOfBirth: p.dateOfBirth,
      sex: p.sex,
      occupation: p.occupation,
      email: p.email,
      phone: p.phone,
      emergencyContactName: p.emergencyContactName,
      emergencyContactPhone: p.emergencyContactPhone,
      weightKg: p.weightKg,
      version: p.version,
      createdAt: p.createdAt.toISOString(),
    },
    enrollments: p.enrollments.map((e) => ({
      id: e.id,
      version: e.version,
      cohort: e.cohort,
      status: e.status as EnrollmentStatus,
      statusReason: e.statusReason,
      consentDate: e.consentDate,
      withdrawnOn: e.withdrawnOn,
      waitlistPosition: e.waitlistPosition,
      seatFree: (seatedIn.get(e.cohort.id) ?? 0) < e.cohort.capacity,
      today: cohortToday(e.cohort.timeZone),
      history: e.history.map((h) => ({
        id: h.id,
        fromStatus: h.fromStatus,
        toStatus: h.toStatus,
        reason: h.reason,
        changedAt: h.changedAt.toISOString(),
        changedBy: h.changedById ? (staff.get(h.changedById) ?? "Unknown user") : "System",
      })),
    })),
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
