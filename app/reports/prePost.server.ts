// Read model of the pre/post report: loads exactly the columns the report needs in a
// handful of queries (no N+1), parses each stored score once, and hands plain data to
// app/domain/reports. Names, contacts and free text are never selected.
import { isInstrumentCode } from "~/domain/instruments";
import { parseScaleValues } from "~/domain/instruments/compact";
import { isRelated, type Relatedness } from "~/domain/safety/adverseEvents";
import {
  ageBand,
  buildReport,
  defaultTimepoints,
  type PrePostReport,
  type ReportAdverseEvent,
  type ReportAssessment,
  type ReportDosing,
  type ReportEnrollment,
  type ReportFilters,
  type ReportInput,
  type ReportOptions,
  type ReportTimepoint,
  type StoredScale,
} from "~/domain/reports";
import type { ProgramEligibility } from "~/domain/scheduling/types";
import type { Viewer } from "~/models/access.server";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, type Db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { seesAllCohorts } from "~/utils/permissions";
import { isPostgresUrl } from "../../prisma/adapters";

export type ReportScope = { kind: "cohort"; cohortId: string } | { kind: "program"; programId: string };

function notFound(what: string): never {
  throw new Response(what, { status: 404 });
}

/** Cohorts and programs the viewer may report on (for /reports). */
export async function listReportScopes(viewer: Viewer) {
  const db = await dbReady();
  const cohortWhere = seesAllCohorts(viewer.roles) ? {} : { staff: { some: { userId: viewer.id } } };
  const [cohorts, programs] = await Promise.all([
    db.cohort.findMany({
      where: cohortWhere,
      orderBy: [{ startDate: "desc" }, { name: "asc" }],
      select: { id: true, name: true, status: true, startDate: true, endDate: true, program: { select: { id: true, name: true } }, _count: { select: { enrollments: true } } },
    }),
    db.program.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, archived: true, _count: { select: { cohorts: true } } } }),
  ]);
  return { cohorts, programs };
}

interface ParsedDefinition {
  measurePlan?: { key: string; label: string; instruments: string[] }[];
  eligibility?: ProgramEligibility | null;
}

function parseDefinition(json: string): ParsedDefinition {
  try {
    return JSON.parse(json) as ParsedDefinition;
  } catch {
    return {};
  }
}

/** Stored scores → scale values. Accepts the stored array form and a keyed record. */
export function parseScales(json: string | null): { scales: Partial<Record<string, StoredScale>>; completeMystical: boolean | null } | null {
  if (!json) return null;
  let parsed: { scales?: unknown; extras?: { completeMysticalExperience?: boolean | null } | null };
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  const scales: Record<string, StoredScale> = {};
  const list = Array.isArray(parsed.scales) ? parsed.scales : parsed.scales && typeof parsed.scales === "object" ? Object.values(parsed.scales) : [];
  for (const s of list as { key?: string; value?: unknown; sum?: unknown; mean?: unknown; valid?: unknown }[]) {
    if (!s || typeof s.key !== "string") continue;
    const num = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : null);
    scales[s.key] = { value: num(s.value), sum: num(s.sum), mean: num(s.mean), valid: s.valid === true };
  }
  return { scales, completeMystical: parsed.extras?.completeMysticalExperience ?? null };
}

export interface LoadedScope {
  kind: "cohort" | "program";
  id: string;
  name: string;
  programId: string;
  programName: string;
  cohorts: { id: string; name: string; startDate: string; timeZone: string }[];
  timepoints: ReportTimepoint[];
  eligibility: ProgramEligibility | null;
  defaults: { pre: string; post: string } | null;
}

/** Resolves the scope (404 outside the viewer's scope) and the program's measure plan. */
export async function loadScope(viewer: Viewer, scope: ReportScope): Promise<LoadedScope> {
  const db = await dbReady();
  const cohortWhere = seesAllCohorts(viewer.roles) ? {} : { staff: { some: { userId: viewer.id } } };
  const cohortSelect = { id: true, name: true, startDate: true, timeZone: true, programVersion: { select: { version: true, definition: true } } } as const;
  let base: { kind: "cohort" | "program"; id: string; name: string; programId: string; programName: string };
  let cohorts: { id: string; name: string; startDate: string; timeZone: string; programVersion: { version: number; definition: string } }[];
  let newest: string | null = null;
  if (scope.kind === "cohort") {
    const c = await db.cohort.findFirst({
      where: { id: scope.cohortId, ...cohortWhere },
      select: { ...cohortSelect, program: { select: { id: true, name: true } } },
    });
    if (!c) notFound("Cohort not found");
    base = { kind: "cohort", id: c.id, name: c.name, programId: c.program.id, programName: c.program.name };
    cohorts = [c];
    newest = c.programVersion.definition;
  } else {
    const p = await db.program.findUnique({
      where: { id: scope.programId },
      select: { id: true, name: true, versions: { orderBy: { version: "desc" }, take: 1, select: { definition: true } }, cohorts: { where: cohortWhere, orderBy: { startDate: "asc" }, select: cohortSelect } },
    });
    if (!p) notFound("Program not found");
    base = { kind: "program", id: p.id, name: p.name, programId: p.id, programName: p.name };
    cohorts = p.cohorts;
    newest = p.versions[0]?.definition ?? null;
  }
  // The newest plan decides order and labels; keys only older versions used are appended.
  const timepoints: ReportTimepoint[] = [];
  const seen = new Map<string, ReportTimepoint>();
  let eligibility: ProgramEligibility | null = null;
  const definitions = [newest, ...cohorts.map((c) => c.programVersion.definition)].filter((d): d is string => d !== null);
  definitions.forEach((json, i) => {
    const def = parseDefinition(json);
    if (i === 0) eligibility = def.eligibility ?? null;
    for (const tp of def.measurePlan ?? []) {
      const cur = seen.get(tp.key);
      if (cur) {
        for (const code of tp.instruments) if (!cur.instruments.includes(code)) cur.instruments.push(code);
      } else {
        const t = { key: tp.key, label: tp.label, instruments: [...tp.instruments] };
        seen.set(tp.key, t);
        timepoints.push(t);
      }
    }
  });
  return {
    ...base,
    cohorts: cohorts.map(({ id, name, startDate, timeZone }) => ({ id, name, startDate, timeZone })),
    timepoints,
    eligibility,
    defaults: defaultTimepoints(timepoints),
  };
}

export interface ReportData {
  enrollments: ReportEnrollment[];
  assessments: ReportAssessment[];
  dosings: ReportDosing[];
  adverseEvents: ReportAdverseEvent[];
}

/** Loads every row the report needs for these cohorts: six queries whatever the size. */
export async function loadReportData(cohorts: LoadedScope["cohorts"], db?: Db): Promise<ReportData> {
  db ??= await dbReady();
  const cohortIds = cohorts.map((c) => c.id);
  const inCohorts = { cohortId: { in: cohortIds } };
  const [enrollmentRows, history, assessmentRows, sessions, aeRows] = await Promise.all([
    readEnrollments(db, cohortIds),
    readStatusHistory(db, cohortIds),
    readCompletedAssessments(db, cohortIds),
    db.groupSession.findMany({
      where: { ...inCohorts, kind: "DOSING", status: { not: "CANCELLED" } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      select: { id: true, cohortId: true, route: true },
    }),
    db.adverseEvent.findMany({ where: inCohorts, select: { participantId: true, sessionId: true, grade: true, serious: true, relatednessKetamine: true } }),
  ]);
  const sessionNumber = new Map<string, number>();
  const perCohort = new Map<string, number>();
  for (const s of sessions) {
    const n = (perCohort.get(s.cohortId) ?? 0) + 1;
    perCohort.set(s.cohortId, n);
    sessionNumber.set(s.id, n);
  }
  const sessionRoute = new Map(sessions.map((s) => [s.id, s.route]));
  const dosingRows = sessions.length
    ? await db.dosingRecord.findMany({ where: { status: "SIGNED", sessionId: { in: sessions.map((s) => s.id) } }, select: { sessionId: true, enrollmentId: true, route: true } })
    : [];

  const statuses = new Map<string, string[]>();
  for (const h of history) {
    let list = statuses.get(h.enrollmentId);
    if (!list) statuses.set(h.enrollmentId, (list = []));
    list.push(h.toStatus);
  }
  const routes = new Map<string, Set<string>>();
  const dosedCount = new Map<string, number>();
  const enrollmentParticipant = new Map(enrollmentRows.map((e) => [e.id, e.participantId]));
  const dosings: ReportDosing[] = [];
  for (const d of dosingRows) {
    const route = d.route ?? sessionRoute.get(d.sessionId) ?? "Unknown";
    let set = routes.get(d.enrollmentId);
    if (!set) routes.set(d.enrollmentId, (set = new Set()));
    set.add(route);
    dosedCount.set(d.enrollmentId, (dosedCount.get(d.enrollmentId) ?? 0) + 1);
    const participantId = enrollmentParticipant.get(d.enrollmentId);
    const n = sessionNumber.get(d.sessionId);
    if (participantId && n) dosings.push({ participantId, sessionNumber: n });
  }
  const startOf = new Map(cohorts.map((c) => [c.id, c]));
  const enrollments: ReportEnrollment[] = enrollmentRows.map((e) => {
    const cohort = startOf.get(e.cohortId)!;
    const r = routes.get(e.id);
    return {
      enrollmentId: e.id,
      participantId: e.participantId,
      code: e.code,
      cohortId: e.cohortId,
      cohortName: cohort.name,
      cohortStartDate: cohort.startDate,
      sex: e.sex,
      occupation: e.occupation,
      ageBand: ageBand(e.dateOfBirth, cohort.startDate),
      route: !r || r.size === 0 ? "Not dosed" : r.size === 1 ? [...r][0] : "Mixed",
      status: e.status,
      statusReason: e.statusReason,
      statusesReached: statuses.get(e.id) ?? [],
      dosingSessions: dosedCount.get(e.id) ?? 0,
    };
  });
  const assessments: ReportAssessment[] = [];
  // Compact scale values repeat a lot (a PHQ-9 has at most 28 totals): parse each distinct
  // text once per instrument. Rows written before Assessment.scaleValues existed fall back
  // to the full `scores` JSON. The parsed values are only ever read.
  const parsedByText = new Map<string, Map<string, ReturnType<typeof parseScales>>>();
  for (const a of assessmentRows) {
    if (!isInstrumentCode(a.instrumentCode)) continue;
    const compact = a.scaleValues !== null;
    const text = compact ? a.scaleValues : a.scores;
    if (!text) continue;
    const bucket = compact ? a.instrumentCode : "";
    let byText = parsedByText.get(bucket);
    if (!byText) parsedByText.set(bucket, (byText = new Map()));
    let parsed = byText.get(text);
    if (parsed === undefined) byText.set(text, (parsed = compact ? parseScaleValues(a.instrumentCode, text) : parseScales(text)));
    if (!parsed) continue;
    assessments.push({ enrollmentId: a.enrollmentId, timepointKey: a.timepointKey, instrument: a.instrumentCode, completedOn: a.completedOn, scales: parsed.scales, completeMystical: parsed.completeMystical });
  }
  const adverseEvents: ReportAdverseEvent[] = aeRows.map((e) => ({
    participantId: e.participantId,
    grade: e.grade,
    serious: e.serious,
    related: safeRelated(e.relatednessKetamine),
    sessionNumber: e.sessionId ? (sessionNumber.get(e.sessionId) ?? null) : null,
  }));
  return { enrollments, assessments, dosings, adverseEvents };
}

type AssessmentRow = { enrollmentId: string; timepointKey: string; instrumentCode: string; completedOn: string | null; scaleValues: string | null; scores: string | null };

/**
 * The completed assessments of these cohorts: the one big read of a report (4 timepoints ×
 * 3 instruments × 20,000 participants = 240,000 rows), so it is a single plain SELECT of
 * the needed columns (about twice as fast as the equivalent findMany with a relation
 * filter). It reads the compact `scaleValues`; the full `scores` JSON only comes back for
 * rows written before that column existed. Identifiers are quoted the way both SQLite and
 * PostgreSQL schemas name them.
 */
export async function readCompletedAssessments(db: Db, cohortIds: readonly string[]): Promise<AssessmentRow[]> {
  return rawInCohorts<AssessmentRow>(
    db,
    `SELECT a."enrollmentId", a."timepointKey", a."instrumentCode", a."completedOn", a."scaleValues", ` +
      `CASE WHEN a."scaleValues" IS NULL THEN a."scores" END AS "scores" ` +
      `FROM "Assessment" a JOIN "Enrollment" e ON e."id" = a."enrollmentId" WHERE a."status" = 'COMPLETED' AND e."cohortId" IN (%)`,
    cohortIds,
  );
}

type EnrollmentRow = { id: string; cohortId: string; participantId: string; status: string; statusReason: string | null; code: string; sex: string; occupation: string; dateOfBirth: string };

/** Enrollments with the participant's pseudonymous code and demographics (never names or contacts). */
function readEnrollments(db: Db, cohortIds: readonly string[]) {
  return rawInCohorts<EnrollmentRow>(
    db,
    `SELECT e."id", e."cohortId", e."participantId", e."status", e."statusReason", p."code", p."sex", p."occupation", p."dateOfBirth" ` +
      `FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" WHERE e."cohortId" IN (%)`,
    cohortIds,
  );
}

function readStatusHistory(db: Db, cohortIds: readonly string[]) {
  return rawInCohorts<{ enrollmentId: string; toStatus: string }>(
    db,
    `SELECT h."enrollmentId", h."toStatus" FROM "EnrollmentStatusChange" h JOIN "Enrollment" e ON e."id" = h."enrollmentId" WHERE e."cohortId" IN (%)`,
    cohortIds,
  );
}

/** The three large reads of a report, unprocessed (the benchmark's "plain read" baseline). */
export function readReportRows(db: Db, cohortIds: readonly string[]) {
  return Promise.all([readEnrollments(db, cohortIds), readStatusHistory(db, cohortIds), readCompletedAssessments(db, cohortIds)]);
}

/** Runs `sql` with `%` replaced by one placeholder per cohort id (SQLite `?`, PostgreSQL `$n`). */
async function rawInCohorts<T>(db: Db, sql: string, cohortIds: readonly string[]): Promise<T[]> {
  if (cohortIds.length === 0) return [];
  const postgres = isPostgresUrl(getEnv().DATABASE_URL);
  const placeholders = cohortIds.map((_, i) => (postgres ? `$${i + 1}` : "?")).join(", ");
  return db.$queryRawUnsafe<T[]>(sql.replace("%", placeholders), ...cohortIds);
}

function safeRelated(r: string): boolean {
  try {
    return isRelated(r as Relatedness);
  } catch {
    return false;
  }
}

export async function computeReport(scope: LoadedScope, data: ReportData, filters: ReportFilters, options: ReportOptions): Promise<PrePostReport> {
  const input: ReportInput = {
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    timepoints: scope.timepoints,
    eligibility: scope.eligibility,
    ...data,
    filters,
    options,
  };
  return buildReport(input);
}

/** Every export is audit-logged: who downloaded what, for which scope and filters. */
export async function auditReportExport(
  viewer: Viewer,
  meta: RequestMeta,
  scope: LoadedScope,
  what: string,
  details: Record<string, unknown>,
) {
  await audit(await dbReady(), {
    actor: viewer,
    action: "report.export",
    entityType: scope.kind === "cohort" ? "Cohort" : "Program",
    entityId: scope.id,
    summary: `Exported ${what} for ${scope.kind} ${scope.name}`,
    details,
    ...meta,
  });
}
