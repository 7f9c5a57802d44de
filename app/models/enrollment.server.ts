// Enrollment: who is on a cohort's roster, in which status, and who waits for a seat.
// The rules (legal transitions, seats, waitlist order, overlapping cohorts) are the
// domain's (app/domain/scheduling/enrollment.ts); this file loads what they need,
// applies them inside one transaction and writes the status history and the audit row.
//
// Freed seats: withdrawing a seated person never promotes anyone by itself. The roster
// shows "Seat available: offer to <first on the waitlist>", and the coordinator records
// the answer: accepted (WAITLISTED -> ENROLLED) or declined (withdrawn from the waitlist,
// which moves the offer to the next person). Only the first person waiting may take the
// seat, so the waitlist order is kept. Taking a seat (ENROLLED / ACTIVE) in one cohort
// withdraws the person from the waitlists of the program's other cohorts, with the reason.
import { consentStanding } from "~/domain/consent";
import { DEFAULT_SEAT_OFFER_HOURS } from "~/domain/outreach/plan";
import {
  canTransition,
  findOverlapConflict,
  formatLocalDate,
  formatLocalDateTime,
  instantToLocal,
  nextFromWaitlist,
  nextWaitlistPosition,
  occupiesSeat,
  offersForFreeSeats,
  placeEnrollment,
  type EnrollmentStatus,
  type PersonEnrollment,
} from "~/domain/scheduling";
import { auditParticipantRead, participantLabel, visibleParticipantSql, type Reader } from "~/models/access.server";
import { MEASURED_ENROLLMENT_STATUSES, syncExpectedAssessments } from "~/models/assessment.server";
import { consentRefusalFor, currentConsentOf } from "~/models/consent.server";
import { ConflictError, FieldError, notFound, type Actor } from "~/models/kernel.server";
import { syncEnrollmentOutreach } from "~/models/outreach/planner.server";
import { participantSearchSql } from "~/models/participant.schema";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, instantOrNull, instantValue, readRows, type Tx } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { seesParticipantNames } from "~/utils/permissions";
import { ENROLLMENT_STATUS_LABEL as STATUS_LABEL } from "./enrollment.shared";
import type { RosterRow } from "./enrollment.shared";
import { isPostgresUrl } from "../../prisma/adapters";

/** A rule of the enrollment life cycle refused the change (a message above the form); nothing was written. */
function ruleRefused(message: string): never {
  throw new FieldError("form", message);
}

export { ENROLLMENT_STATUS_LABEL as STATUS_LABEL } from "./enrollment.shared";

export function cohortToday(timeZone: string, now = new Date()) {
  return instantToLocal(now, timeZone).date;
}

/**
 * Serializes seat-taking changes per cohort on PostgreSQL (two coordinators filling
 * the last seat at once). SQLite already allows one writer at a time.
 */
async function lockCohort(tx: Tx, cohortId: string) {
  if (isPostgresUrl(getEnv().DATABASE_URL)) {
    await tx.$queryRawUnsafe(`SELECT id FROM "Cohort" WHERE id = $1 FOR UPDATE`, cohortId);
  }
}

/** Seats held: people seated, and open seat offers (an offered seat waits for its answer). */
async function seatsTaken(tx: Tx, cohortId: string, exceptEnrollmentId?: string) {
  const except = exceptEnrollmentId ? { not: exceptEnrollmentId } : undefined;
  const [seated, offered] = await Promise.all([
    tx.enrollment.count({ where: { cohortId, status: { in: ["ENROLLED", "ACTIVE"] }, ...(except ? { id: except } : {}) } }),
    tx.seatOffer.count({ where: { cohortId, status: "OPEN", ...(except ? { enrollmentId: except } : {}) } }),
  ]);
  return seated + offered;
}

/** How long a waitlisted person has to answer a seat offer: the program's outreach setting. */
async function seatOfferHours(tx: Tx, cohortId: string) {
  const { programId } = await tx.cohort.findUniqueOrThrow({ where: { id: cohortId }, select: { programId: true } });
  const row = await tx.outreachSettings.findUnique({ where: { programId }, select: { seatOfferHours: true } });
  return row?.seatOfferHours ?? DEFAULT_SEAT_OFFER_HOURS;
}

/** "2026-12-03 14:00" in the cohort's time zone: when an offer's answer is due. */
/** When a seat offer runs out, for people: "Thu 3 Dec 2026, 18:00" in the cohort's zone. */
export function offerUntil(expiresAt: Date, timeZone: string) {
  return formatLocalDateTime(expiresAt, timeZone);
}

/**
 * Offers the cohort's free seats (not seated, not already offered) to the first people
 * waiting who hold no open offer, each for the program's seat offer hours (72 unless set). The offer message
 * (with the accept / decline page) is planned by the outreach planner.
 */
export async function offerFreeSeats(tx: Tx, cohortId: string, actorId: string | null, now = new Date()): Promise<SeatOffer[]> {
  const cohort = await tx.cohort.findUniqueOrThrow({ where: { id: cohortId }, select: { capacity: true, status: true } });
  if (cohort.status === "COMPLETED" || cohort.status === "CANCELLED") return [];
  const free = cohort.capacity - (await seatsTaken(tx, cohortId));
  if (free <= 0) return [];
  const holding = new Set(
    (await tx.seatOffer.findMany({ where: { cohortId, status: "OPEN" }, select: { enrollmentId: true } })).map((o) => o.enrollmentId),
  );
  const next = offersForFreeSeats(
    (await waitlistOf(tx, cohortId)).filter((w) => !holding.has(w.id)),
    free,
  );
  const out: SeatOffer[] = [];
  const expiresAt = new Date(now.getTime() + (await seatOfferHours(tx, cohortId)) * 3_600_000);
  for (const w of next) {
    await tx.seatOffer.create({ data: { enrollmentId: w.id, cohortId, expiresAt, offeredAt: now, createdById: actorId } });
    await audit(tx, {
      actor: null,
      actorLabel: "system",
      action: "enrollment.seat_offer",
      entityType: "Enrollment",
      entityId: w.id,
      summary: `Seat offered to ${w.participant.code} until ${expiresAt.toISOString()}`,
      details: { cohortId, expiresAt: expiresAt.toISOString() },
    });
    out.push({
      enrollmentId: w.id,
      code: w.participant.code,
      name: `${w.participant.firstName} ${w.participant.lastName}`,
      position: 1,
      expiresAt,
    });
  }
  if (out.length)
    await syncEnrollmentOutreach(
      tx,
      out.map((o) => o.enrollmentId),
    );
  return out;
}

/** Closes an enrollment's open offer (accepted, declined, expired, or cancelled because they left the waitlist). */
async function closeOffer(
  tx: Tx,
  enrollmentId: string,
  status: "ACCEPTED" | "DECLINED" | "EXPIRED" | "CANCELLED",
  by: "PARTICIPANT" | "STAFF" | "SYSTEM",
  reason: string,
  now: Date,
) {
  return (
    await tx.seatOffer.updateMany({
      where: { enrollmentId, status: "OPEN" },
      data: { status, closedAt: now, closedBy: by, closedReason: reason },
    })
  ).count;
}

async function waitlistOf(tx: Tx, cohortId: string) {
  const rows = await tx.enrollment.findMany({
    where: { cohortId, status: "WAITLISTED" },
    include: { participant: { select: { code: true, firstName: true, lastName: true } } },
  });
  return rows.map((e) => ({
    ...e,
    enrollmentId: e.id,
    position: e.waitlistPosition ?? Number.MAX_SAFE_INTEGER,
    status: "WAITLISTED" as const,
  }));
}

/** Refuses a seat that would overlap another seat the person holds. */
async function assertNoOverlap(tx: Tx, participantId: string, cohort: { id: string; startDate: string; endDate: string }) {
  const others = await tx.enrollment.findMany({ where: { participantId }, include: { cohort: true } });
  const conflict = findOverlapConflict(
    others.map<PersonEnrollment>((e) => ({
      enrollmentId: e.id,
      cohortId: e.cohortId,
      cohortName: e.cohort.name,
      status: e.status as EnrollmentStatus,
      window: { startDate: e.cohort.startDate, endDate: e.cohort.endDate },
    })),
    { cohortId: cohort.id, startDate: cohort.startDate, endDate: cohort.endDate },
  );
  if (conflict) ruleRefused(conflict.message);
}

export type SeatOffer = { enrollmentId: string; code: string; name: string; position: number; expiresAt: Date };

/**
 * Adds a participant to a cohort's roster, in the caller's transaction (so creating a
 * participant and enrolling them commit together). REFERRED starts screening here;
 * PLACE is for someone already found eligible: a free seat makes them ENROLLED, a full
 * cohort puts them at the end of the waitlist.
 */
export async function addToCohortTx(
  tx: Tx,
  actor: Actor,
  meta: RequestMeta,
  input: { participantId: string; cohortId: string; mode: "REFERRED" | "PLACE" },
) {
  await lockCohort(tx, input.cohortId);
  const cohort = await tx.cohort.findUnique({ where: { id: input.cohortId } });
  if (!cohort) throw new FieldError("cohortId", "Choose a cohort from the list.");
  if (cohort.status === "COMPLETED" || cohort.status === "CANCELLED") {
    throw new FieldError("cohortId", `${cohort.name} is ${cohort.status.toLowerCase()}; choose an open cohort.`);
  }
  const participant = await tx.participant.findUnique({ where: { id: input.participantId } });
  if (!participant) throw new FieldError("participantId", "Choose a participant from the list.");
  if (await tx.enrollment.findUnique({ where: { participantId_cohortId: { participantId: participant.id, cohortId: cohort.id } } })) {
    throw new FieldError("participantId", `${participant.code} is already on the roster of ${cohort.name}.`);
  }
  let status: EnrollmentStatus = "REFERRED";
  let waitlistPosition: number | null = null;
  if (input.mode === "PLACE") {
    const placement = placeEnrollment(await seatsTaken(tx, cohort.id), cohort.capacity);
    if (placement === "SEAT") {
      await assertNoOverlap(tx, participant.id, cohort);
      status = "ENROLLED";
    } else {
      status = "WAITLISTED";
      waitlistPosition = nextWaitlistPosition(await waitlistOf(tx, cohort.id));
    }
  }
  const reason = input.mode === "PLACE" ? "Added to the roster as eligible" : "Referred to this cohort";
  const enrollment = await tx.enrollment.create({
    data: {
      participantId: participant.id,
      cohortId: cohort.id,
      status,
      waitlistPosition,
      history: { create: { fromStatus: null, toStatus: status, reason, changedById: actor.id } },
    },
  });
  await audit(tx, {
    actor,
    action: "enrollment.create",
    entityType: "Enrollment",
    entityId: enrollment.id,
    summary:
      status === "WAITLISTED"
        ? `Added ${participant.code} to the waitlist of ${cohort.name} at position ${waitlistPosition} (cohort full, ${cohort.capacity} seats)`
        : `Added ${participant.code} to ${cohort.name} as ${STATUS_LABEL[status].toLowerCase()}`,
    details: { participantId: participant.id, cohortId: cohort.id, status, waitlistPosition },
    ...meta,
  });
  const leftWaitlists = status === "ENROLLED" ? await leaveOtherWaitlists(tx, actor, meta, participant, cohort) : [];
  if (isMeasured(status)) await syncExpectedAssessments(cohort.id, tx);
  await syncEnrollmentOutreach(tx, [enrollment.id]);
  return { enrollmentId: enrollment.id, status, waitlistPosition, code: participant.code, cohortName: cohort.name, leftWaitlists };
}

/**
 * A person who takes a seat in one cohort leaves the waitlists of the program's other
 * cohorts (withdrawn, with the reason "Took a seat in <cohort>" in their history), so the
 * next person there is offered the seat instead of someone already placed. Returns the
 * names of the cohorts they left.
 */
async function leaveOtherWaitlists(
  tx: Tx,
  actor: Actor | null,
  meta: RequestMeta,
  participant: { id: string; code: string },
  cohort: { id: string; name: string; programId: string; timeZone: string },
  now = new Date(),
): Promise<string[]> {
  const others = await tx.enrollment.findMany({
    where: { participantId: participant.id, status: "WAITLISTED", cohortId: { not: cohort.id }, cohort: { programId: cohort.programId } },
    select: { id: true, cohortId: true, cohort: { select: { name: true, timeZone: true } } },
    orderBy: { cohort: { startDate: "asc" } },
  });
  const reason = `Took a seat in ${cohort.name}`;
  for (const o of others) {
    await tx.enrollment.update({
      where: { id: o.id },
      data: {
        status: "WITHDRAWN",
        statusReason: reason,
        withdrawnOn: cohortToday(o.cohort.timeZone, now),
        waitlistPosition: null,
        version: { increment: 1 },
      },
    });
    await tx.enrollmentStatusChange.create({
      data: { enrollmentId: o.id, fromStatus: "WAITLISTED", toStatus: "WITHDRAWN", reason, changedById: actor?.id ?? null },
    });
    await audit(tx, {
      actor,
      actorLabel: actor ? undefined : `participant ${participant.code} (personal page)`,
      action: "enrollment.status",
      entityType: "Enrollment",
      entityId: o.id,
      summary: `${participant.code} in ${o.cohort.name}: Waitlisted → Withdrawn (${reason})`,
      details: { from: "WAITLISTED", to: "WITHDRAWN", reason, automatic: true },
      ...meta,
    });
  }
  for (const o of others) {
    if (await closeOffer(tx, o.id, "CANCELLED", "SYSTEM", reason, now)) await offerFreeSeats(tx, o.cohortId, actor?.id ?? null, now);
  }
  if (others.length)
    await syncEnrollmentOutreach(
      tx,
      others.map((o) => o.id),
    );
  return others.map((o) => o.cohort.name);
}

/** An enrollment in this status is expected to answer the cohort's questionnaires. */
function isMeasured(status: string) {
  return (MEASURED_ENROLLMENT_STATUSES as readonly string[]).includes(status);
}

export async function addToCohort(
  actor: Actor,
  meta: RequestMeta,
  input: { participantId: string; cohortId: string; mode: "REFERRED" | "PLACE" },
) {
  const db = await dbReady();
  try {
    return await db.$transaction((tx) => addToCohortTx(tx, actor, meta, input));
  } catch (e) {
    // The same person added twice at the same moment: the unique index decides.
    if ((e as { code?: string })?.code === "P2002")
      throw new FieldError("participantId", "This participant is already on this cohort's roster.");
    throw e;
  }
}

export type TransitionInput = {
  enrollmentId: string;
  version: number;
  to: EnrollmentStatus;
  reason: string | null;
  consentDate: string | null;
  withdrawnOn: string | null;
};

/**
 * One status change, checked by the domain rules against the current database state.
 * `scope` pins the enrollment to the page it was posted from (a cohort's roster or a
 * participant's page); anything else is a 404.
 */
export async function transitionEnrollment(
  actor: Actor,
  meta: RequestMeta,
  input: TransitionInput,
  scope: { cohortId?: string; participantId?: string },
  now = new Date(),
) {
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const found = await tx.enrollment.findUnique({ where: { id: input.enrollmentId }, select: { cohortId: true } });
    if (!found || (scope.cohortId && found.cohortId !== scope.cohortId)) notFound("Enrollment not found");
    await lockCohort(tx, found.cohortId);
    const enrollment = await tx.enrollment.findUnique({ where: { id: input.enrollmentId }, include: { cohort: true, participant: true } });
    if (!enrollment || (scope.participantId && enrollment.participantId !== scope.participantId)) notFound("Enrollment not found");
    if (enrollment.version !== input.version) {
      throw new ConflictError(
        "Someone else changed this enrollment since you opened the page. Reload to see the current status, then try again.",
      );
    }
    const from = enrollment.status as EnrollmentStatus;
    const { cohort, participant } = enrollment;
    const today = cohortToday(cohort.timeZone, now);
    // A program with a consent document: ACTIVE needs the participant's consent to its current
    // version, signed, countersigned and not withdrawn; its signing date is the consent date.
    let signedConsentDate: string | null = null;
    if (input.to === "ACTIVE") {
      const refusal = await consentRefusalFor(tx, participant.id, cohort.programId);
      if (refusal) ruleRefused(`${participant.code} cannot become active: ${refusal}.`);
      const consent = await currentConsentOf(tx, participant.id, cohort.programId);
      if (consent) signedConsentDate = cohortToday(cohort.timeZone, consent.signedAt);
    }
    const consentDate = input.consentDate ?? signedConsentDate ?? enrollment.consentDate;
    const needsSeats = input.to === "ENROLLED" || input.to === "WAITLISTED";
    const check = canTransition(from, input.to, {
      consentDate,
      reason: input.reason,
      withdrawnOn: input.withdrawnOn,
      today,
      seats: needsSeats ? { occupied: await seatsTaken(tx, cohort.id, enrollment.id), capacity: cohort.capacity } : undefined,
    });
    if (!check.ok) ruleRefused(check.message);
    const holdsOffer = from === "WAITLISTED" && (await tx.seatOffer.count({ where: { enrollmentId: enrollment.id, status: "OPEN" } })) > 0;
    if (input.to === "ENROLLED" && from === "WAITLISTED" && !holdsOffer) {
      const first = nextFromWaitlist(await waitlistOf(tx, cohort.id));
      if (first && first.id !== enrollment.id) {
        ruleRefused(`${first.participant.code} is ahead on the waitlist: offer the seat to them first, or record that they declined.`);
      }
    }
    if (input.to === "ENROLLED" || input.to === "ACTIVE") await assertNoOverlap(tx, participant.id, cohort);

    const waitlistPosition = input.to === "WAITLISTED" ? nextWaitlistPosition(await waitlistOf(tx, cohort.id)) : null;
    const updated = await tx.enrollment.updateMany({
      where: { id: enrollment.id, version: input.version },
      data: {
        status: input.to,
        statusReason: input.to === "INELIGIBLE" || input.to === "WITHDRAWN" ? input.reason : enrollment.statusReason,
        consentDate: input.to === "ACTIVE" ? consentDate : enrollment.consentDate,
        withdrawnOn: input.to === "WITHDRAWN" ? input.withdrawnOn : enrollment.withdrawnOn,
        waitlistPosition,
        version: { increment: 1 },
      },
    });
    if (updated.count !== 1) throw new ConflictError("Someone else changed this enrollment at the same moment. Reload and try again.");
    const reason = input.reason ?? (input.to === "ACTIVE" ? `Consent dated ${consentDate ? formatLocalDate(consentDate) : "—"}` : null);
    await tx.enrollmentStatusChange.create({
      data: { enrollmentId: enrollment.id, fromStatus: from, toStatus: input.to, reason, changedById: actor.id },
    });
    await audit(tx, {
      actor,
      action: "enrollment.status",
      entityType: "Enrollment",
      entityId: enrollment.id,
      summary: `${participant.code} in ${cohort.name}: ${STATUS_LABEL[from]} → ${STATUS_LABEL[input.to]}${waitlistPosition ? ` (waitlist position ${waitlistPosition})` : ""}`,
      details: {
        from,
        to: input.to,
        reason: input.reason,
        consentDate: input.to === "ACTIVE" ? consentDate : undefined,
        withdrawnOn: input.withdrawnOn ?? undefined,
      },
      ...meta,
    });

    if (holdsOffer) {
      const seated = input.to === "ENROLLED" || input.to === "ACTIVE";
      await closeOffer(
        tx,
        enrollment.id,
        seated ? "ACCEPTED" : input.to === "WITHDRAWN" ? "DECLINED" : "CANCELLED",
        "STAFF",
        seated ? "Accepted (recorded by staff)" : (input.reason ?? `Moved to ${STATUS_LABEL[input.to].toLowerCase()}`),
        now,
      );
    }
    const leftWaitlists =
      input.to === "ENROLLED" || input.to === "ACTIVE" ? await leaveOtherWaitlists(tx, actor, meta, participant, cohort, now) : [];
    // Now expected to answer questionnaires: their Assessment rows exist from this moment on.
    if (isMeasured(input.to)) await syncExpectedAssessments(cohort.id, tx);
    // Invitations and reminders start, or stop (withdrawn), with the status.
    await syncEnrollmentOutreach(tx, [enrollment.id]);

    // A released seat (or a waitlisted person leaving) is offered to the next person waiting.
    const offer = occupiesSeat(from) || from === "WAITLISTED" ? ((await offerFreeSeats(tx, cohort.id, actor.id, now))[0] ?? null) : null;
    return {
      from,
      to: input.to,
      code: participant.code,
      cohortName: cohort.name,
      offer: offer && { ...offer, until: offerUntil(offer.expiresAt, cohort.timeZone) },
      leftWaitlists,
    };
  });
}

/** The statuses a coordinator may move an enrollment to next (from the domain map). */
export { ENROLLMENT_TRANSITIONS } from "~/domain/scheduling";

export type { RosterRow };

/**
 * A cohort's roster as the viewer may see it: analysts get codes and statuses only
 * (no names, reasons or occupation). Read through the driver in two statements (three with a
 * search for people to add), run together: the cohort with its program's current consent
 * document and its enrollments (with their people), then these people's consents to the
 * program and the cohort's open seat offers. Reads committed data on the driver's own
 * connection: never call it inside a transaction.
 */
export async function getRoster(viewer: Reader, cohortId: string, { withCandidates = false, q = "" } = {}) {
  const search = q.trim();
  const [enrollments, side, { candidates, more: moreCandidates }] = await Promise.all([
    readRows(
      `SELECT c."name", c."capacity", c."status", c."timeZone", c."startDate", c."endDate", ` +
        `(SELECT d."id" FROM "ConsentDocument" d WHERE d."programId" = c."programId" ORDER BY d."createdAt" DESC, d."id" DESC LIMIT 1), ` +
        `e."id", e."version", e."participantId", p."code", p."firstName", p."lastName", p."occupation", e."status", e."statusReason", ` +
        `e."consentDate", e."withdrawnOn", e."waitlistPosition" ` +
        `FROM "Cohort" c LEFT JOIN "Enrollment" e ON e."cohortId" = c."id" LEFT JOIN "Participant" p ON p."id" = e."participantId" ` +
        `WHERE c."id" = ? ORDER BY e."createdAt", e."id"`,
      [cohortId],
    ),
    // C: the consents of the people on the roster to the cohort's program (any document);
    // O: the cohort's open seat offers, in the order they were made.
    readRows(
      `SELECT 'C', pc."participantId", pc."documentId", pc."countersignedAt", pc."withdrawnAt", NULL, NULL FROM "ParticipantConsent" pc ` +
        `WHERE pc."programId" = (SELECT c."programId" FROM "Cohort" c WHERE c."id" = ?) ` +
        `AND pc."participantId" IN (SELECT e."participantId" FROM "Enrollment" e WHERE e."cohortId" = ?) ` +
        `UNION ALL SELECT 'O', o."enrollmentId", NULL, o."expiresAt", NULL, o."offeredAt", o."id" FROM "SeatOffer" o ` +
        `WHERE o."cohortId" = ? AND o."status" = 'OPEN' ORDER BY 1, 6, 7`,
      [cohortId, cohortId, cohortId],
    ),
    withCandidates && search ? rosterCandidates(viewer, cohortId, search) : { candidates: [], more: false },
  ]);
  const head = enrollments[0];
  if (!head) notFound("Cohort not found");
  const [cohortName, capacity, cohortStatus, timeZone, startDate, endDate, currentDocId] = head as (string | null)[];
  const currentDoc = currentDocId ? { id: currentDocId } : null;
  const names = seesParticipantNames(viewer.roles);
  const people = enrollments
    .filter((r) => r[7] !== null && r[7] !== undefined)
    .map((r) => ({
      id: r[7] as string,
      version: Number(r[8]),
      participantId: r[9] as string,
      participant: { code: r[10] as string, firstName: r[11] as string, lastName: r[12] as string },
      occupation: r[13] as string,
      status: r[14] as EnrollmentStatus,
      statusReason: (r[15] as string | null) ?? null,
      consentDate: (r[16] as string | null) ?? null,
      withdrawnOn: (r[17] as string | null) ?? null,
      waitlistPosition: r[18] === null || r[18] === undefined ? null : Number(r[18]),
    }));
  const consents = side
    .filter((r) => r[0] === "C")
    .map(([, participantId, documentId, countersignedAt, withdrawnAt]) => ({
      participantId: participantId as string,
      documentId: documentId as string,
      countersignedAt: instantOrNull(countersignedAt),
      withdrawnAt: instantOrNull(withdrawnAt),
    }));
  const waiting = people.filter((e) => e.status === "WAITLISTED").sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
  const rows: RosterRow[] = people.map((e) => ({
    enrollmentId: e.id,
    version: e.version,
    participantId: e.participantId,
    code: e.participant.code,
    label: participantLabel(viewer, names ? e.participant : { code: e.participant.code }),
    occupation: names ? e.occupation : null,
    status: e.status,
    statusReason: names ? e.statusReason : null,
    consentDate: names ? e.consentDate : null,
    consent: consentStanding(
      currentDoc,
      consents.filter((c) => c.participantId === e.participantId),
    ),
    withdrawnOn: names ? e.withdrawnOn : null,
    // Shown as the place in line (1, 2, 3 …), not the stored ordering key.
    waitlistPosition: e.status === "WAITLISTED" ? waiting.findIndex((w) => w.id === e.id) + 1 : null,
  }));
  const seated = rows.filter((r) => occupiesSeat(r.status)).length;
  // Open offers hold their seats until answered or expired.
  const open = side.filter((r) => r[0] === "O").map((r) => ({ enrollmentId: r[1] as string, expiresAt: instantValue(r[3]) }));
  const freeSeats = Math.max(0, Number(capacity) - seated - open.length);
  const offers = open.flatMap((o) => {
    const r = rows.find((x) => x.enrollmentId === o.enrollmentId);
    return r
      ? [
          {
            enrollmentId: r.enrollmentId,
            version: r.version,
            label: r.label,
            code: r.code,
            position: r.waitlistPosition ?? 0,
            until: offerUntil(o.expiresAt, timeZone!),
          },
        ]
      : [];
  });
  // One audited read for the whole page: the roster and the (at most 20) people shown to add to it.
  await auditParticipantRead(viewer, {
    what: candidates.length ? `cohort roster and enrollment candidates for "${search.slice(0, 60)}"` : "cohort roster",
    participantIds: [...rows.map((r) => r.participantId), ...candidates.map((c) => c.id)],
    subject: { type: "Cohort", id: cohortId },
  });
  return {
    candidates,
    moreCandidates,
    cohort: {
      id: cohortId,
      name: cohortName!,
      capacity: Number(capacity),
      status: cohortStatus!,
      timeZone: timeZone!,
      startDate: startDate!,
      endDate: endDate!,
    },
    today: cohortToday(timeZone!),
    rows,
    seated,
    freeSeats,
    offers,
  };
}

/** How many people the roster's "add a participant" picker shows for one search. */
export const ROSTER_CANDIDATE_LIMIT = 20;

/**
 * Participants the viewer may add to this cohort (visible to them, not already on its
 * roster) whose name or code matches every word of `q`: at most ROSTER_CANDIDATE_LIMIT,
 * by last then first name, and whether more match (one extra row is read to know).
 * One statement through the driver.
 */
async function rosterCandidates(viewer: Reader, cohortId: string, q: string) {
  const visible = visibleParticipantSql(viewer);
  const matches = participantSearchSql(q);
  const people = await readRows(
    `SELECT p."id", p."code", p."firstName", p."lastName" FROM "Participant" p WHERE ${visible.sql} ` +
      `AND NOT EXISTS (SELECT 1 FROM "Enrollment" re WHERE re."participantId" = p."id" AND re."cohortId" = ?) AND ${matches.sql} ` +
      `ORDER BY p."lastName", p."firstName", p."id" LIMIT ?`,
    [...visible.params, cohortId, ...matches.params, ROSTER_CANDIDATE_LIMIT + 1],
  );
  return {
    candidates: people.slice(0, ROSTER_CANDIDATE_LIMIT).map(([id, code, firstName, lastName]) => ({
      id: id as string,
      label: `${lastName as string}, ${firstName as string} (${code as string})`,
    })),
    more: people.length > ROSTER_CANDIDATE_LIMIT,
  };
}

/**
 * Offers the free seats of every open cohort with someone waiting (seats freed before offers
 * existed, or a raised capacity). Run by the outreach job runner; returns the offers made.
 */
export async function offerWaitingSeats(now = new Date()): Promise<number> {
  const db = await dbReady();
  const cohorts = await db.enrollment.findMany({
    where: { status: "WAITLISTED", cohort: { status: { in: ["PLANNED", "ENROLLING", "ACTIVE"] } } },
    select: { cohortId: true },
    distinct: ["cohortId"],
  });
  let made = 0;
  for (const { cohortId } of cohorts) {
    made += (
      await db.$transaction(async (tx) => {
        await lockCohort(tx, cohortId);
        return offerFreeSeats(tx, cohortId, null, now);
      })
    ).length;
  }
  return made;
}

/**
 * Offers unanswered by their deadline expire: the person moves to the end of the waitlist
 * (they keep a place, behind everyone who was waiting) and the seat goes to the next person.
 * Run by the outreach job runner on every pass. Returns how many expired.
 */
export async function expireSeatOffers(now = new Date()): Promise<number> {
  const db = await dbReady();
  const due = await db.seatOffer.findMany({ where: { status: "OPEN", expiresAt: { lte: now } }, select: { id: true, cohortId: true } });
  let expired = 0;
  for (const o of due) {
    await db.$transaction(async (tx) => {
      await lockCohort(tx, o.cohortId);
      const offer = await tx.seatOffer.findUnique({
        where: { id: o.id },
        include: { enrollment: { include: { participant: { select: { code: true } } } } },
      });
      if (!offer || offer.status !== "OPEN" || offer.expiresAt > now) return;
      await tx.seatOffer.update({
        where: { id: offer.id },
        data: { status: "EXPIRED", closedAt: now, closedBy: "SYSTEM", closedReason: "No answer by the deadline" },
      });
      if (offer.enrollment.status === "WAITLISTED") {
        const position = nextWaitlistPosition(await waitlistOf(tx, o.cohortId));
        await tx.enrollment.update({ where: { id: offer.enrollmentId }, data: { waitlistPosition: position, version: { increment: 1 } } });
      }
      await audit(tx, {
        actor: null,
        actorLabel: "system",
        action: "enrollment.seat_offer_expired",
        entityType: "Enrollment",
        entityId: offer.enrollmentId,
        summary: `Seat offer to ${offer.enrollment.participant.code} expired unanswered; moved to the end of the waitlist`,
        details: { cohortId: o.cohortId, expiresAt: offer.expiresAt.toISOString() },
      });
      await syncEnrollmentOutreach(tx, [offer.enrollmentId]);
      await offerFreeSeats(tx, o.cohortId, null, now);
      expired++;
    });
  }
  return expired;
}

/** The open seat offers of a participant, for their personal page. */
export async function openSeatOffersOf(participantId: string, now = new Date()) {
  const db = await dbReady();
  const offers = await db.seatOffer.findMany({
    where: { status: "OPEN", expiresAt: { gt: now }, enrollment: { participantId, status: "WAITLISTED" } },
    select: { id: true, expiresAt: true, enrollment: { select: { cohort: { select: { name: true, startDate: true, timeZone: true } } } } },
    orderBy: { expiresAt: "asc" },
  });
  return offers.map((o) => ({
    id: o.id,
    cohortName: o.enrollment.cohort.name,
    startDate: o.enrollment.cohort.startDate,
    until: offerUntil(o.expiresAt, o.enrollment.cohort.timeZone),
  }));
}

export const SEAT_OFFER_CLOSED =
  "This offer is no longer open (it was answered or it expired). Contact the program if you still want a place.";

/**
 * The participant's answer on their personal page: accept takes the held seat (ENROLLED),
 * decline leaves the waitlist (and the seat goes to the next person). Audited as the
 * participant's own act.
 */
export async function answerSeatOffer(participantId: string, offerId: string, accept: boolean, meta: RequestMeta, now = new Date()) {
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const found = await tx.seatOffer.findUnique({ where: { id: offerId }, select: { cohortId: true } });
    if (!found) notFound("Offer not found");
    await lockCohort(tx, found.cohortId);
    const offer = await tx.seatOffer.findUnique({
      where: { id: offerId },
      include: { enrollment: { include: { cohort: true, participant: { select: { id: true, code: true } } } } },
    });
    if (!offer || offer.enrollment.participantId !== participantId) notFound("Offer not found");
    if (offer.status !== "OPEN" || offer.expiresAt <= now || offer.enrollment.status !== "WAITLISTED") ruleRefused(SEAT_OFFER_CLOSED);
    const { enrollment } = offer;
    const { cohort, participant } = enrollment;
    const to: EnrollmentStatus = accept ? "ENROLLED" : "WITHDRAWN";
    if (accept) await assertNoOverlap(tx, participant.id, cohort);
    const reason = accept ? "Accepted the seat offer on their personal page" : "Declined the seat offer on their personal page";
    await tx.seatOffer.update({
      where: { id: offer.id },
      data: { status: accept ? "ACCEPTED" : "DECLINED", closedAt: now, closedBy: "PARTICIPANT", closedReason: reason },
    });
    await tx.enrollment.update({
      where: { id: enrollment.id },
      data: {
        status: to,
        statusReason: accept ? enrollment.statusReason : "Declined the seat offer",
        withdrawnOn: accept ? enrollment.withdrawnOn : cohortToday(cohort.timeZone, now),
        waitlistPosition: null,
        version: { increment: 1 },
      },
    });
    await tx.enrollmentStatusChange.create({ data: { enrollmentId: enrollment.id, fromStatus: "WAITLISTED", toStatus: to, reason } });
    await audit(tx, {
      actor: null,
      actorLabel: `participant ${participant.code} (personal page)`,
      action: "enrollment.status",
      entityType: "Enrollment",
      entityId: enrollment.id,
      summary: `${participant.code} in ${cohort.name}: Waitlisted → ${STATUS_LABEL[to]} (${reason})`,
      details: { from: "WAITLISTED", to, reason, offerId: offer.id },
      ...meta,
    });
    const leftWaitlists = accept ? await leaveOtherWaitlists(tx, null, meta, participant, cohort, now) : [];
    if (accept) await syncExpectedAssessments(cohort.id, tx);
    await syncEnrollmentOutreach(tx, [enrollment.id]);
    if (!accept) await offerFreeSeats(tx, cohort.id, null, now);
    return { accepted: accept, cohortName: cohort.name, leftWaitlists };
  });
}
