// The home page's worklist: what the signed-in user has to do, each item linking to the
// page where it is done. Every section follows the permission and cohort scope of the page
// it links to (visibleCohortSql: facilitators and clinicians see only their own cohorts)
// and every query is bounded: counts for the totals and limits for the rows, with an "and N
// more" link to the full list. The sections read through the driver, one statement each where
// it can (an ORM statement costs ~1-2 ms of CPU; the page had 37). No section returns participant names or codes, so the
// home page reads no participant record (nothing to audit) and analysts see no names.
import type { ReferralStatus } from "~/domain/referrals";
import { followUpStatus, SERIOUS_AE_FOLLOW_UP_HOURS } from "~/domain/safety";
import { checkStaffMix, formatLocalDateTime, instantToLocal, type StaffMix, type StaffRole } from "~/domain/scheduling";
import type { Viewer } from "~/models/access.server";
import { visibleCohortIdSql, visibleCohortSql } from "~/models/access.server";
import { MEASURED_ENROLLMENT_STATUSES } from "~/models/assessment.server";
import { ROSTER_STATUSES } from "~/models/attendance.server";
import { countOpenSignals, signalScopeSql } from "~/models/safetySignal.server";
import { kindTitle } from "~/models/safetySignal.shared";
import { dbReady, instantParam, instantValue, readRow, readRows, sqlCommaList, sqlInList } from "~/utils/db.server";
import { keepNavParts, keptNavParts, type CachedNavParts } from "~/utils/navCounts.server";
import { can } from "~/utils/permissions";
import { oncePerRequest } from "~/utils/perRequest.server";
import { needsYouTotal, RECORDS_LOOKBACK_DAYS, REPORT_VIEW_ACTION, WORKLIST_TAKE, type NeedsYou } from "./worklist.shared";

/** How far ahead "this week" looks, and how long a finished session stays in "Today". */
const WEEK_MS = 7 * 86_400_000;
const STILL_TODAY_MS = 12 * 3_600_000;
/** At most this many recent sessions are checked for unsigned records. */
const RECORDS_SESSION_CAP = 300;

export type CheckState = "ok" | "todo" | "later";
export type ReadinessCheck = { label: string; state: CheckState; text: string };

export type WorklistSession = {
  id: string;
  title: string;
  kind: string;
  cohortId: string;
  cohortName: string;
  when: string;
  today: boolean;
  href: string;
  checks: ReadinessCheck[];
  ready: boolean;
};

export type RecordItem = { sessionId: string; title: string; cohortName: string; when: string; href: string; text: string };
export type MeasureItem = { cohortId: string; cohortName: string; overdue: number; due: number; href: string };
export type SafetyItem = {
  id: string;
  title: string;
  priority: number;
  cohortName: string;
  raised: string;
  clock: { state: "due" | "overdue"; text: string } | null;
};
export type OfferItem = { id: string; cohortId: string; cohortName: string; until: string; href: string };
export type WaitlistItem = { cohortId: string; cohortName: string; free: number; waiting: number; href: string };
export type ReportItem = { cohortId: string; cohortName: string; ended: string; href: string };
/** A step of the referral pipeline with people waiting at it (counts only: the home page shows no names). */
export type ReferralStep = { status: string; label: string; count: number; href: string };

type Section<T> = { items: T[]; total: number };

export type Worklist = {
  sessions: Section<WorklistSession> | null;
  notes: (Section<RecordItem> & { capped: boolean }) | null;
  dosing: (Section<RecordItem> & { capped: boolean }) | null;
  measures: { items: MeasureItem[]; overdue: number; due: number } | null;
  safety: Section<SafetyItem> | null;
  offers: Section<OfferItem> | null;
  waitlists: Section<WaitlistItem> | null;
  reports: (Section<ReportItem> & { lastViewed: string | null }) | null;
  referrals: { items: ReferralStep[]; total: number } | null;
};

function parseMix(json: string): StaffMix {
  try {
    return JSON.parse(json) as StaffMix;
  } catch {
    return {};
  }
}

function staffRole(role: string): StaffRole {
  return role === "CLINICIAN" ? "CLINICIAN" : "FACILITATOR";
}

// The home page's document request runs the root loader (the navigation's count) and the home
// loader (the worklist) side by side: the parts both read (records to sign, overdue measures)
// are read once per request (oncePerRequest, keyed by the request's load context).
const recordIdsOnce = (viewer: Viewer, now: Date, request?: object) =>
  oncePerRequest(request, `records:${viewer.id}`, () => unsignedRecordIds(viewer, now));

/** Overdue measures (window closed, still expected) of measured enrollments in the viewer's cohorts: one driver statement. */
function overdueCountOnce(viewer: Viewer, now: Date, request?: object) {
  return oncePerRequest(request, `overdue:${viewer.id}`, async () => {
    const visible = visibleCohortIdSql(viewer, `e."cohortId"`);
    const measured = sqlInList([...MEASURED_ENROLLMENT_STATUSES]);
    const row = await readRow(
      `SELECT COUNT(*) FROM "Assessment" a JOIN "Enrollment" e ON e."id" = a."enrollmentId" ` +
        `WHERE a."status" = 'EXPECTED' AND a."windowCloses" <= ? AND e."status" ${measured.sql} AND ${visible.sql}`,
      [instantParam(now), measured.param, ...visible.params],
    );
    return Number(row?.[0] ?? 0);
  });
}

/** `request`: the request's load context, so that the root loader's count reads what the worklist reads once. */
export async function getWorklist(viewer: Viewer, now = new Date(), request?: object): Promise<Worklist> {
  const documents = can(viewer.roles, "participant:read");
  const [sessions, records, measures, safety, offers, waitlists, reports, referrals] = await Promise.all([
    documents && can(viewer.roles, "cohort:read") ? upcomingSessions(viewer, now) : null,
    can(viewer.roles, "session:document") || can(viewer.roles, "dosing:document") ? unsignedRecords(viewer, now, request) : null,
    can(viewer.roles, "measure:enter") ? measuresDue(viewer, now, request) : null,
    can(viewer.roles, "safety:inbox") ? openSafety(viewer, now) : null,
    can(viewer.roles, "cohort:manage") ? openSeatOffers(now) : null,
    can(viewer.roles, "cohort:manage") ? waitlistsWithFreeSeats() : null,
    viewer.roles.includes("ANALYST") && can(viewer.roles, "report:cohort") ? completedSinceLastReport(viewer) : null,
    can(viewer.roles, "referral:screen") || can(viewer.roles, "referral:clear") ? referralSteps(viewer) : null,
  ]);
  return {
    sessions,
    notes: records && can(viewer.roles, "session:document") ? records.notes : null,
    dosing: records && can(viewer.roles, "dosing:document") ? records.dosing : null,
    measures,
    safety,
    offers,
    waitlists,
    reports,
    referrals,
  };
}

// ---------------------------------------------------------------------------------
// The navigation's Home count, on every page: only the cheap part of the worklist, with the
// same queries the worklist runs (unsigned records by id, overdue measures by count, open
// safety signals by count), so the number beside "Home" is the home page's own.

/** What needs the viewer now (each part null when the viewer does not do that work). */
export async function needsYou(
  viewer: Viewer,
  now = new Date(),
  { fresh = true, request }: { fresh?: boolean; request?: object } = {},
): Promise<NeedsYou> {
  const kept = fresh ? null : keptNavParts(viewer.id, viewer.roles, now.getTime());
  const [work, safety] = await Promise.all([
    kept ?? worklistParts(viewer, now, request),
    can(viewer.roles, "safety:inbox") ? countOpenSignals(viewer, request) : null,
  ]);
  if (!kept) keepNavParts(viewer.id, viewer.roles, now.getTime(), work);
  const parts = { ...work, safety };
  return { ...parts, total: needsYouTotal(parts) };
}

async function worklistParts(viewer: Viewer, now: Date, request?: object): Promise<CachedNavParts> {
  const notes = can(viewer.roles, "session:document");
  const dosing = can(viewer.roles, "dosing:document");
  const [records, measuresOverdue] = await Promise.all([
    notes || dosing ? recordIdsOnce(viewer, now, request) : null,
    can(viewer.roles, "measure:enter") ? overdueCountOnce(viewer, now, request) : null,
  ]);
  return {
    notes: records && notes ? records.notes.length : null,
    dosing: records && dosing ? records.dosing.length : null,
    measuresOverdue,
  };
}

// ---------------------------------------------------------------------------------
// Referrals waiting at a step: screening (coordinators), medical clearance (clinicians),
// a seat (coordinators, once cleared). One grouped count, indexed by status.

async function referralSteps(viewer: Viewer): Promise<{ items: ReferralStep[]; total: number }> {
  const steps: { status: ReferralStatus; label: string }[] = [
    ...(can(viewer.roles, "referral:screen")
      ? [
          { status: "REFERRED" as const, label: "New referrals to screen" },
          { status: "SCREENING" as const, label: "In screening: outcome to record" },
        ]
      : []),
    ...(can(viewer.roles, "referral:clear") ? [{ status: "ELIGIBLE" as const, label: "Eligible: medical clearance to record" }] : []),
    ...(can(viewer.roles, "referral:manage") ? [{ status: "CLEARED" as const, label: "Cleared: to enroll in a cohort" }] : []),
  ];
  const statuses = sqlInList(steps.map((s) => s.status));
  const counts = steps.length
    ? await readRows(`SELECT r."status", COUNT(*) FROM "Referral" r WHERE r."status" ${statuses.sql} GROUP BY r."status"`, [statuses.param])
    : [];
  const countOf = new Map(counts.map(([status, n]) => [status as string, Number(n)]));
  const items = steps.map((s) => ({ ...s, count: countOf.get(s.status) ?? 0, href: `/referrals?status=${s.status}` }));
  return { items, total: items.reduce((n, i) => n + i.count, 0) };
}

// ---------------------------------------------------------------------------------
// Sessions today and this week, with their readiness

/**
 * Sessions of the viewer's cohorts from earlier today to a week ahead, with what their
 * readiness checks count: one statement through the driver (the first sessions with their
 * staff, roster size, attendance, active orders, note and dosing records as subqueries, and the
 * total as a window count).
 */
async function upcomingSessions(viewer: Viewer, now: Date): Promise<Section<WorklistSession>> {
  const visible = visibleCohortSql(viewer);
  const roster = sqlInList(ROSTER_STATUSES);
  const found = await readRows(
    `SELECT g."id", g."title", g."kind", g."startsAt", g."endsAt", g."cohortId", g."requiredStaff", c."name", c."timeZone", ` +
      `(SELECT ${sqlCommaList(`s."userId" || ' ' || s."role"`)} FROM "SessionStaff" s WHERE s."sessionId" = g."id"), ` +
      `(SELECT COUNT(*) FROM "Enrollment" e WHERE e."cohortId" = g."cohortId" AND e."status" ${roster.sql}), ` +
      `(SELECT COUNT(*) FROM "Attendance" t WHERE t."sessionId" = g."id"), ` +
      `(SELECT COUNT(*) FROM "DoseOrder" o WHERE o."sessionId" = g."id" AND o."status" = 'ACTIVE'), ` +
      `(SELECT n."status" FROM "GroupNote" n WHERE n."sessionId" = g."id"), ` +
      `(SELECT COUNT(*) FROM "DosingRecord" d WHERE d."sessionId" = g."id" AND d."status" = 'SIGNED'), ` +
      `(SELECT COUNT(*) FROM "DosingRecord" d WHERE d."sessionId" = g."id" AND d."status" <> 'SIGNED'), ` +
      `COUNT(*) OVER () ` +
      `FROM "GroupSession" g JOIN "Cohort" c ON c."id" = g."cohortId" ` +
      `WHERE ${visible.sql} AND g."status" <> 'CANCELLED' AND g."startsAt" < ? AND g."startsAt" > ? AND g."endsAt" > ? ` +
      `ORDER BY g."startsAt", g."id" LIMIT ?`,
    [
      roster.param,
      ...visible.params,
      instantParam(new Date(now.getTime() + WEEK_MS)),
      instantParam(new Date(now.getTime() - STILL_TODAY_MS - 2 * 86_400_000)),
      instantParam(new Date(now.getTime() - STILL_TODAY_MS)),
      WORKLIST_TAKE.sessions,
    ],
  );
  const total = found.length ? Number(found[0][16]) : 0;
  const rows = found.map((r) => ({
    id: r[0] as string,
    title: r[1] as string,
    kind: r[2] as string,
    startsAt: instantValue(r[3]),
    endsAt: instantValue(r[4]),
    cohortId: r[5] as string,
    requiredStaff: r[6] as string,
    cohort: { name: r[7] as string, timeZone: r[8] as string },
    staff: r[9] ? (r[9] as string).split(",").map((x) => ({ userId: x.split(" ")[0], role: x.split(" ")[1] })) : [],
  }));
  const rosterOf = new Map(found.map((r) => [r[5] as string, Number(r[10])]));
  const attendanceOf = new Map(found.map((r) => [r[0] as string, Number(r[11])]));
  const ordersOf = new Map(found.map((r) => [r[0] as string, Number(r[12])]));
  const noteOf = new Map(found.flatMap((r) => (r[13] === null || r[13] === undefined ? [] : [[r[0] as string, r[13] as string] as const])));
  const dosingOf = new Map(found.map((r) => [r[0] as string, { signed: Number(r[14]), draft: Number(r[15]) }]));

  const items = rows.map((s): WorklistSession => {
    const tz = s.cohort.timeZone;
    const roster = rosterOf.get(s.cohortId) ?? 0;
    const started = s.startsAt.getTime() <= now.getTime();
    const ended = s.endsAt.getTime() <= now.getTime();
    const checks: ReadinessCheck[] = [];

    const mix = checkStaffMix(
      parseMix(s.requiredStaff),
      s.staff.map((st) => ({ userId: st.userId, role: staffRole(st.role) })),
    );
    checks.push({
      label: "Staff",
      state: mix.met ? "ok" : "todo",
      text: mix.met
        ? "Staff mix met"
        : `Needs ${mix.shortfalls.map((f) => `${f.required - f.assigned} more ${f.role.toLowerCase()}`).join(" and ")}`,
    });

    const activeOrders = ordersOf.get(s.id) ?? 0;
    if (s.kind === "DOSING" && activeOrders > 0) {
      checks.push({
        label: "Orders",
        state: activeOrders >= roster ? "ok" : "todo",
        text: `Orders written for ${Math.min(activeOrders, roster)} of ${roster}`,
      });
    }

    const marked = attendanceOf.get(s.id) ?? 0;
    checks.push(
      !started
        ? { label: "Attendance", state: "later", text: "Attendance after it starts" }
        : {
            label: "Attendance",
            state: marked >= roster ? "ok" : "todo",
            text: marked === 0 ? "Attendance not taken" : `Attendance taken for ${Math.min(marked, roster)} of ${roster}`,
          },
    );

    if (!ended) {
      checks.push({ label: "Records", state: "later", text: "Records after it ends" });
    } else if (s.kind === "DOSING") {
      const d = dosingOf.get(s.id) ?? { signed: 0, draft: 0 };
      checks.push({
        label: "Records",
        state: d.draft === 0 && d.signed > 0 ? "ok" : "todo",
        text: d.signed + d.draft === 0 ? "No dosing records yet" : `Dosing records signed: ${d.signed} of ${d.signed + d.draft}`,
      });
    } else {
      const note = noteOf.get(s.id);
      checks.push({
        label: "Records",
        state: note === "SIGNED" ? "ok" : "todo",
        text: note === "SIGNED" ? "Group note signed" : note ? "Group note not signed" : "Group note not written",
      });
    }

    return {
      id: s.id,
      title: s.title,
      kind: s.kind,
      cohortId: s.cohortId,
      cohortName: s.cohort.name,
      when: formatLocalDateTime(s.startsAt, tz),
      today: instantToLocal(s.startsAt, tz).date === instantToLocal(now, tz).date,
      href: s.kind === "DOSING" ? `/sessions/${s.id}/dosing` : `/sessions/${s.id}`,
      checks,
      ready: checks.every((c) => c.state !== "todo"),
    };
  });
  return { items, total };
}

// ---------------------------------------------------------------------------------
// Unsigned group notes and dosing records

/**
 * Which recent sessions have an unsigned group note or draft dosing records: ids only, in
 * three bounded queries (index-friendly: GroupSession(startsAt) within the viewer's cohorts).
 * Shared by the worklist and the navigation's Home count, so the two always agree.
 */
async function unsignedRecordIds(viewer: Viewer, now: Date) {
  const visible = visibleCohortIdSql(viewer, `g."cohortId"`);
  const since = new Date(now.getTime() - RECORDS_LOOKBACK_DAYS * 86_400_000);
  // One statement through the driver: the sessions (GroupSession(startsAt)), each with its
  // note's status and its draft dosing records (DosingRecord(sessionId, status)); no join of
  // the cohort (0.75 → 0.55 ms for 272 sessions, SQLite).
  const rows = await readRows(
    `SELECT g."id", g."kind", (SELECT n."status" FROM "GroupNote" n WHERE n."sessionId" = g."id"), ` +
      `CASE WHEN g."kind" = 'DOSING' THEN (SELECT COUNT(*) FROM "DosingRecord" d WHERE d."status" = 'DRAFT' AND d."sessionId" = g."id") ELSE 0 END ` +
      `FROM "GroupSession" g ` +
      `WHERE ${visible.sql} AND g."status" <> 'CANCELLED' AND g."startsAt" >= ? AND g."startsAt" <= ? AND g."endsAt" <= ? ` +
      `ORDER BY g."startsAt" DESC, g."id" ASC LIMIT ?`,
    [...visible.params, instantParam(since), instantParam(now), instantParam(now), RECORDS_SESSION_CAP],
  );
  const sessions = rows.map((r) => ({ id: r[0] as string, kind: r[1] as string }));
  const capped = sessions.length === RECORDS_SESSION_CAP;
  const ids = sessions.map((s) => s.id);
  const dosingIds = sessions.filter((s) => s.kind === "DOSING").map((s) => s.id);
  const noteOf = new Map(rows.flatMap((r) => (r[2] === null || r[2] === undefined ? [] : [[r[0] as string, r[2] as string] as const])));
  const draftsOf = new Map(rows.map((r) => [r[0] as string, Number(r[3])]));
  return {
    capped,
    /** Newest first: sessions whose group note is missing or not signed. */
    notes: ids.filter((id) => noteOf.get(id) !== "SIGNED").map((id) => ({ id, written: noteOf.has(id) })),
    /** Newest first: dosing sessions with draft records, and how many. */
    dosing: dosingIds.filter((id) => (draftsOf.get(id) ?? 0) > 0).map((id) => ({ id, drafts: draftsOf.get(id)! })),
  };
}

async function unsignedRecords(viewer: Viewer, now: Date, request?: object) {
  const found = await recordIdsOnce(viewer, now, request);
  const notes = found.notes.slice(0, WORKLIST_TAKE.records);
  const dosing = found.dosing.slice(0, WORKLIST_TAKE.records);
  const shownIds = [...new Set([...notes, ...dosing].map((s) => s.id))];
  const shown = sqlInList(shownIds);
  const details = shownIds.length
    ? await readRows(
        `SELECT g."id", g."title", g."startsAt", c."name", c."timeZone" FROM "GroupSession" g JOIN "Cohort" c ON c."id" = g."cohortId" ` +
          `WHERE g."id" ${shown.sql}`,
        [shown.param],
      )
    : [];
  const detailOf = new Map(
    details.map((d) => [
      d[0] as string,
      { title: d[1] as string, startsAt: instantValue(d[2]), cohort: { name: d[3] as string, timeZone: d[4] as string } },
    ]),
  );
  const item = (id: string, href: string, text: string): RecordItem => {
    const s = detailOf.get(id)!;
    return {
      sessionId: id,
      title: s.title,
      cohortName: s.cohort.name,
      when: formatLocalDateTime(s.startsAt, s.cohort.timeZone),
      href,
      text,
    };
  };
  return {
    notes: {
      items: notes.map((s) => item(s.id, `/sessions/${s.id}`, s.written ? "Draft not signed" : "Group note not written")),
      total: found.notes.length,
      capped: found.capped,
    },
    dosing: {
      items: dosing.map((s) => item(s.id, `/sessions/${s.id}/dosing`, `${s.drafts} dosing record${s.drafts === 1 ? "" : "s"} not signed`)),
      total: found.dosing.length,
      capped: found.capped,
    },
  };
}

// ---------------------------------------------------------------------------------
// Measures due and overdue (the tracker's states: cellState)

/**
 * Due and overdue measures per cohort: one statement through the driver over the expected
 * questionnaires whose window has opened (Assessment(status, windowOpens, windowCloses,
 * enrollmentId): due and overdue ones only, not every later timepoint), grouped by cohort.
 * The cohorts listed are those with the latest-closing due or overdue questionnaire (recent
 * work first), shown most overdue first. The overdue total is the navigation's count
 * (overdueCountOnce), so the two agree.
 */
async function measuresDue(viewer: Viewer, now: Date, request?: object) {
  const visible = visibleCohortIdSql(viewer, `e."cohortId"`);
  const measured = sqlInList([...MEASURED_ENROLLMENT_STATUSES]);
  const at = instantParam(now);
  const [overdue, rows] = await Promise.all([
    overdueCountOnce(viewer, now, request),
    // Grouped by the enrollment's cohort first, the cohort's row read once per group (not once
    // per questionnaire: 1.00 → 0.73 ms for 1,313 open questionnaires in 13 cohorts, SQLite).
    readRows(
      `SELECT c."id", c."name", g."overdue", g."due", g."latest" FROM (` +
        `SELECT e."cohortId" AS "cohortId", SUM(CASE WHEN a."windowCloses" <= ? THEN 1 ELSE 0 END) AS "overdue", ` +
        `SUM(CASE WHEN a."windowCloses" > ? THEN 1 ELSE 0 END) AS "due", MAX(a."windowCloses") AS "latest" ` +
        `FROM "Assessment" a JOIN "Enrollment" e ON e."id" = a."enrollmentId" ` +
        `WHERE a."status" = 'EXPECTED' AND a."windowOpens" <= ? AND e."status" ${measured.sql} AND ${visible.sql} GROUP BY e."cohortId"` +
        `) g JOIN "Cohort" c ON c."id" = g."cohortId"`,
      [at, at, at, measured.param, ...visible.params],
    ),
  ]);
  const cohorts = rows.map(([id, name, o, d, latest]) => ({
    cohortId: id as string,
    cohortName: name as string,
    overdue: Number(o),
    due: Number(d),
    latest: instantValue(latest).getTime(),
  }));
  const items = [...cohorts]
    .sort((a, b) => b.latest - a.latest || a.cohortId.localeCompare(b.cohortId))
    .slice(0, WORKLIST_TAKE.measures)
    .map(({ latest: _l, ...c }) => ({ ...c, href: `/cohorts/${c.cohortId}/measures` }))
    .sort((a, b) => b.overdue - a.overdue || b.due - a.due || a.cohortName.localeCompare(b.cohortName));
  return { items, overdue, due: cohorts.reduce((n, c) => n + c.due, 0) };
}

// ---------------------------------------------------------------------------------
// Open safety signals with their clocks

async function openSafety(viewer: Viewer, now: Date): Promise<Section<SafetyItem>> {
  const db = await dbReady();
  // countOpenSignals' scope (the navigation's count agrees): the first open signals with their
  // cohort and the total, one statement through the driver.
  const scope = signalScopeSql(viewer);
  const found = await readRows(
    `SELECT s."id", s."kind", s."priority", s."cohortId", s."createdAt", s."sourceType", s."sourceId", c."name", c."timeZone", COUNT(*) OVER () ` +
      `FROM "SafetySignal" s LEFT JOIN "Cohort" c ON c."id" = s."cohortId" WHERE s."acknowledgedAt" IS NULL AND ${scope.sql} ` +
      `ORDER BY s."priority" ASC, s."createdAt" DESC, s."id" DESC LIMIT ?`,
    [...scope.params, WORKLIST_TAKE.safety],
  );
  const total = found.length ? Number(found[0][9]) : 0;
  const rows = found.map((r) => ({
    id: r[0] as string,
    kind: r[1] as string,
    priority: r[2] as SafetyItem["priority"],
    cohortId: (r[3] as string | null) ?? null,
    createdAt: instantValue(r[4]),
    sourceType: r[5] as string,
    sourceId: r[6] as string,
  }));
  const cohortOf = new Map(
    found.flatMap((r) => (r[3] ? [[r[3] as string, { id: r[3] as string, name: r[7] as string, timeZone: r[8] as string }] as const] : [])),
  );
  const aeIds = rows.filter((r) => r.sourceType === "AdverseEvent" && r.kind === "SERIOUS_AE").map((r) => r.sourceId);
  // Serious adverse events' follow-up clocks, only when one is listed.
  const aes = aeIds.length
    ? await db.adverseEvent.findMany({
        where: { id: { in: aeIds } },
        select: { id: true, serious: true, createdAt: true, seriousSince: true, followUps: { select: { recordedAt: true } } },
      })
    : [];
  const aeOf = new Map(aes.map((a) => [a.id, a]));
  const items = rows.map((r): SafetyItem => {
    const cohort = r.cohortId ? cohortOf.get(r.cohortId) : undefined;
    const tz = cohort?.timeZone ?? "UTC";
    const ae = r.sourceType === "AdverseEvent" ? aeOf.get(r.sourceId) : undefined;
    let clock: SafetyItem["clock"] = null;
    if (ae) {
      const fs = followUpStatus({ serious: ae.serious, recordedAt: ae.createdAt, seriousSince: ae.seriousSince }, ae.followUps, now);
      if ((fs.state === "due" || fs.state === "overdue") && fs.dueAt) {
        const at = `${formatLocalDateTime(fs.dueAt, tz)}${cohort ? "" : " UTC"}`;
        clock = {
          state: fs.state,
          text:
            fs.state === "overdue"
              ? `${SERIOUS_AE_FOLLOW_UP_HOURS}-hour follow-up overdue since ${at}`
              : `${SERIOUS_AE_FOLLOW_UP_HOURS}-hour follow-up due by ${at}`,
        };
      }
    }
    return {
      id: r.id,
      title: kindTitle(r.kind),
      priority: r.priority,
      cohortName: cohort?.name ?? "No cohort",
      raised: `${formatLocalDateTime(r.createdAt, tz)}${cohort ? "" : " UTC"}`,
      clock,
    };
  });
  return { items, total };
}

// ---------------------------------------------------------------------------------
// Seat offers and waitlists with free seats (coordinators)

async function openSeatOffers(now: Date): Promise<Section<OfferItem>> {
  // SeatOffer(status, expiresAt): the first open offers with their cohort and the total.
  const rows = await readRows(
    `SELECT o."id", o."cohortId", o."expiresAt", c."name", c."timeZone", COUNT(*) OVER () FROM "SeatOffer" o ` +
      `JOIN "Cohort" c ON c."id" = o."cohortId" WHERE o."status" = 'OPEN' AND o."expiresAt" > ? ORDER BY o."expiresAt", o."id" LIMIT ?`,
    [instantParam(now), WORKLIST_TAKE.offers],
  );
  return {
    total: rows.length ? Number(rows[0][5]) : 0,
    items: rows.map((r) => ({
      id: r[0] as string,
      cohortId: r[1] as string,
      cohortName: r[3] as string,
      until: formatLocalDateTime(instantValue(r[2]), r[4] as string),
      href: `/cohorts/${r[1] as string}/roster`,
    })),
  };
}

const OPEN_COHORT_STATUSES = ["PLANNED", "ENROLLING", "ACTIVE"];
/** Cohorts with someone waiting that are checked for free seats. */
const WAITLIST_COHORT_CAP = 100;

async function waitlistsWithFreeSeats(): Promise<Section<WaitlistItem>> {
  // The open cohorts with someone waiting (Enrollment(cohortId, status)), with their seated
  // participants and open offers: one statement through the driver.
  const open = sqlInList(OPEN_COHORT_STATUSES);
  const rows = await readRows(
    `SELECT c."id", c."name", c."capacity", c."startDate", w."n", ` +
      `(SELECT COUNT(*) FROM "Enrollment" e WHERE e."cohortId" = c."id" AND e."status" IN ('ENROLLED', 'ACTIVE')), ` +
      `(SELECT COUNT(*) FROM "SeatOffer" o WHERE o."cohortId" = c."id" AND o."status" = 'OPEN') ` +
      `FROM (SELECT e."cohortId" AS "cohortId", COUNT(*) AS "n" FROM "Enrollment" e JOIN "Cohort" x ON x."id" = e."cohortId" ` +
      `WHERE e."status" = 'WAITLISTED' AND x."status" ${open.sql} GROUP BY e."cohortId" ORDER BY e."cohortId" LIMIT ?) w ` +
      `JOIN "Cohort" c ON c."id" = w."cohortId"`,
    [open.param, WAITLIST_COHORT_CAP],
  );
  if (!rows.length) return { items: [], total: 0 };
  const cohorts = rows.map((r) => ({ id: r[0] as string, name: r[1] as string, capacity: Number(r[2]), startDate: r[3] as string }));
  const waitingOf = new Map(rows.map((r) => [r[0] as string, Number(r[4])]));
  const seatedOf = new Map(rows.map((r) => [r[0] as string, Number(r[5])]));
  const offeredOf = new Map(rows.map((r) => [r[0] as string, Number(r[6])]));
  const all = cohorts
    .map((c) => {
      const offers = offeredOf.get(c.id) ?? 0;
      return {
        cohortId: c.id,
        cohortName: c.name,
        startDate: c.startDate,
        free: c.capacity - (seatedOf.get(c.id) ?? 0) - offers,
        waiting: (waitingOf.get(c.id) ?? 0) - offers,
        href: `/cohorts/${c.id}/roster`,
      };
    })
    .filter((c) => c.free > 0 && c.waiting > 0)
    .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.cohortName.localeCompare(b.cohortName));
  return { items: all.slice(0, WORKLIST_TAKE.waitlists).map(({ startDate: _s, ...rest }) => rest), total: all.length };
}

// ---------------------------------------------------------------------------------
// Analysts: cohorts completed since their last report view

/**
 * A person's latest audit rows of one action (their last report view, their sign-ins): a seek
 * of AuditEvent(actorId, action, at), whatever everyone else has done since (`audit-lookup-plans.test.ts`).
 */
export const LATEST_OWN_ACTION_SQL = (columns: string, limit: number) =>
  `SELECT ${columns} FROM "AuditEvent" a WHERE a."actorId" = ? AND a."action" = ? ORDER BY a."at" DESC LIMIT ${limit}`;

async function completedSinceLastReport(viewer: Viewer) {
  const last = await readRow(LATEST_OWN_ACTION_SQL(`a."at"`, 1), [viewer.id, REPORT_VIEW_ACTION]);
  const lastAt = last ? instantValue(last[0]) : null;
  // A cohort's updatedAt moves when it is marked completed (a completed cohort is no longer edited).
  const rows = await readRows(
    `SELECT c."id", c."name", c."endDate", COUNT(*) OVER () FROM "Cohort" c WHERE c."status" = 'COMPLETED'` +
      (lastAt ? ` AND c."updatedAt" > ?` : "") +
      ` ORDER BY c."endDate" DESC, c."id" LIMIT ?`,
    [...(lastAt ? [instantParam(lastAt)] : []), WORKLIST_TAKE.reports],
  );
  return {
    total: rows.length ? Number(rows[0][3]) : 0,
    lastViewed: lastAt ? `${formatLocalDateTime(lastAt, "UTC")} UTC` : null,
    items: rows.map((r) => ({
      cohortId: r[0] as string,
      cohortName: r[1] as string,
      ended: r[2] as string,
      href: `/reports/cohort/${r[0] as string}`,
    })),
  };
}

// ---------------------------------------------------------------------------------
// Account security (previous sign-in)

export async function accountSecurity(viewer: Viewer) {
  const lastLogins = await readRows(LATEST_OWN_ACTION_SQL(`a."at", a."ip"`, 2), [viewer.id, "auth.login"]);
  const previous = lastLogins[1] ? { at: instantValue(lastLogins[1][0]), ip: (lastLogins[1][1] as string | null) ?? null } : null;
  const failed = await readRow(
    `SELECT COUNT(*) FROM "AuditEvent" a WHERE a."actorLabel" = ? AND a."action" = 'auth.login_failed' AND a."at" > ?`,
    [viewer.email, instantParam(previous?.at ?? new Date(0))],
  );
  return {
    previous: previous ? { at: `${formatLocalDateTime(previous.at, "UTC")} UTC`, ip: previous.ip } : null,
    failedSincePrevious: Number(failed?.[0] ?? 0),
  };
}
