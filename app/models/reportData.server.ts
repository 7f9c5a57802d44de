// Read model of the pre/post report: loads exactly the columns the report needs in a
// handful of queries (no N+1), parses each stored score once, and hands plain data to
// app/domain/reports. Names, contacts and free text are never selected.
import { isInstrumentCode, type InstrumentCode } from "~/domain/instruments";
import { parseScaleValues } from "~/domain/instruments/compact";
import {
  ageBand,
  AssessmentIndex,
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
import { isRelated, type Relatedness } from "~/domain/safety/adverseEvents";
import { readProgramDefinition } from "~/domain/scheduling/programDefinition";
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
      select: {
        id: true,
        name: true,
        status: true,
        startDate: true,
        endDate: true,
        program: { select: { id: true, name: true } },
        _count: { select: { enrollments: true } },
      },
    }),
    db.program.findMany({
      orderBy: { name: "asc" },
      select: { id: true, name: true, archived: true, _count: { select: { cohorts: true } } },
    }),
  ]);
  return { cohorts, programs };
}

/** Stored scores → scale values. Accepts the stored array form and a keyed record. */
export function parseScales(
  json: string | null,
): { scales: Partial<Record<string, StoredScale>>; completeMystical: boolean | null } | null {
  if (!json) return null;
  let parsed: { scales?: unknown; extras?: { completeMysticalExperience?: boolean | null } | null };
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  const scales: Record<string, StoredScale> = {};
  const list = Array.isArray(parsed.scales)
    ? parsed.scales
    : parsed.scales && typeof parsed.scales === "object"
      ? Object.values(parsed.scales)
      : [];
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
  const cohortSelect = {
    id: true,
    name: true,
    startDate: true,
    timeZone: true,
    programVersion: { select: { version: true, definition: true } },
  } as const;
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
      select: {
        id: true,
        name: true,
        versions: { orderBy: { version: "desc" }, take: 1, select: { definition: true } },
        cohorts: { where: cohortWhere, orderBy: { startDate: "asc" }, select: cohortSelect },
      },
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
  // Cohorts of one program mostly share a version: each distinct definition is read once.
  const definitions = [...new Set([newest, ...cohorts.map((c) => c.programVersion.definition)])].filter((d): d is string => d !== null);
  definitions.forEach((json, i) => {
    const def = readProgramDefinition(json);
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
  /** The completed assessments indexed by enrollment, timepoint and instrument: what the report reads. */
  index: AssessmentIndex;
  /** The same assessments as a list, built on first use (the dataset export reads it). */
  readonly assessments: ReportAssessment[];
  dosings: ReportDosing[];
  adverseEvents: ReportAdverseEvent[];
}

/** Loads every row the report needs for these cohorts: three queries whatever the size. */
export async function loadReportData(cohorts: LoadedScope["cohorts"], db?: Db): Promise<ReportData> {
  db ??= await dbReady();
  const cohortIds = cohorts.map((c) => c.id);
  const inCohorts = { cohortId: { in: cohortIds } };
  const [enrollmentRows, sessions, aeRows] = await Promise.all([
    readEnrollmentSummaries(db, cohortIds),
    db.groupSession.findMany({
      where: { ...inCohorts, kind: "DOSING", status: { not: "CANCELLED" } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      select: { id: true, cohortId: true, route: true },
    }),
    db.adverseEvent.findMany({
      where: inCohorts,
      select: { participantId: true, sessionId: true, grade: true, serious: true, relatednessKetamine: true },
    }),
  ]);
  const sessionNumber = new Map<string, number>();
  const perCohort = new Map<string, number>();
  for (const s of sessions) {
    const n = (perCohort.get(s.cohortId) ?? 0) + 1;
    perCohort.set(s.cohortId, n);
    sessionNumber.set(s.id, n);
  }
  const sessionRoute = new Map(sessions.map((s) => [s.id, s.route]));
  const dosings: ReportDosing[] = [];
  const startOf = new Map(cohorts.map((c) => [c.id, c]));
  const enrollments: ReportEnrollment[] = [];
  // No object per assessment (a large program has hundreds of thousands): the index holds
  // the shared parsed scores; the list is made only if an export asks for it.
  const index = new AssessmentIndex();
  // Scale values repeat a lot (a PHQ-9 has at most 28 totals): each distinct compact text is
  // parsed once per instrument and the parsed values are shared (they are only ever read).
  const parsedByText = new Map<string, Map<string, ReturnType<typeof parseScales>>>();
  const parsedFor = (instrument: string, text: string, compact: boolean) => {
    const bucket = compact ? instrument : "";
    let byText = parsedByText.get(bucket);
    if (!byText) parsedByText.set(bucket, (byText = new Map()));
    let parsed = byText.get(text);
    if (parsed === undefined) byText.set(text, (parsed = compact ? parseScaleValues(instrument, text) : parseScales(text)));
    return parsed;
  };
  const legacy: string[] = [];
  const STORED_WITHOUT_SCALE_VALUES = "legacy";
  type Head =
    | { timepointKey: string; instrument: InstrumentCode; parsed: NonNullable<ReturnType<typeof parseScales>> }
    | typeof STORED_WITHOUT_SCALE_VALUES
    | null;
  const heads = new Map<string, Head>();
  const describeHead = (head: string): Head => {
    const i = head.indexOf(FIELD_SEP);
    const j = i < 0 ? -1 : head.indexOf(FIELD_SEP, i + 1);
    const instrument = head.slice(i + 1, j);
    if (j < 0 || !isInstrumentCode(instrument)) return null;
    const text = head.slice(j + 1);
    if (text === "") return STORED_WITHOUT_SCALE_VALUES;
    const parsed = parsedFor(instrument, text, true);
    return parsed ? { timepointKey: head.slice(0, i), instrument, parsed } : null;
  };
  /** Calls `fn` for each of the enrollment's aggregated assessments: "tp|instrument|scaleValues|completedOn". */
  const forEachAssessment = (e: EnrollmentSummaryRow, fn: (head: Exclude<Head, null>, item: string, cut: number) => void) => {
    if (!e.assessments) return;
    for (const item of e.assessments.split(RECORD_SEP)) {
      // Everything before the date repeats across participants: described once and shared.
      const cut = item.lastIndexOf(FIELD_SEP);
      if (cut < 0) continue;
      const head = item.slice(0, cut);
      let kind = heads.get(head);
      if (kind === undefined) heads.set(head, (kind = describeHead(head)));
      if (kind !== null) fn(kind, item, cut);
    }
  };
  for (const e of enrollmentRows) {
    const cohort = startOf.get(e.cohortId)!;
    // Signed dosing records at the cohort's (not cancelled) dosing sessions.
    let dosingSessions = 0;
    let route = "Not dosed";
    if (e.dosings) {
      for (const item of e.dosings.split(RECORD_SEP)) {
        const cut = item.indexOf(FIELD_SEP);
        const sessionId = item.slice(0, cut);
        const n = sessionNumber.get(sessionId);
        if (cut < 0 || n === undefined) continue;
        const r = item.slice(cut + 1) || sessionRoute.get(sessionId) || "Unknown";
        route = dosingSessions === 0 ? r : route === r ? route : "Mixed";
        dosingSessions++;
        dosings.push({ participantId: e.participantId, sessionNumber: n });
      }
    }
    enrollments.push({
      enrollmentId: e.id,
      participantId: e.participantId,
      code: e.code,
      cohortId: e.cohortId,
      cohortName: cohort.name,
      cohortStartDate: cohort.startDate,
      sex: e.sex,
      occupation: e.occupation,
      ageBand: ageBand(e.dateOfBirth, cohort.startDate),
      route,
      status: e.status,
      statusReason: e.statusReason,
      statusesReached: e.statuses ? e.statuses.split(LIST_SEP) : [],
      dosingSessions,
    });
    forEachAssessment(e, (head) => {
      if (head === STORED_WITHOUT_SCALE_VALUES)
        legacy.push(e.id); // read from `scores` below
      else index.add(e.id, head.timepointKey, head.instrument, head.parsed);
    });
  }
  // Rows written without Assessment.scaleValues: their full `scores` JSON.
  const legacyAssessments: ReportAssessment[] = [];
  for (const a of legacy.length ? await readLegacyAssessments(db, [...new Set(legacy)]) : []) {
    if (!isInstrumentCode(a.instrumentCode) || !a.scores) continue;
    const parsed = parsedFor(a.instrumentCode, a.scores, false);
    if (!parsed) continue;
    legacyAssessments.push({
      enrollmentId: a.enrollmentId,
      timepointKey: a.timepointKey,
      instrument: a.instrumentCode,
      completedOn: a.completedOn,
      scales: parsed.scales,
      completeMystical: parsed.completeMystical,
    });
    index.add(a.enrollmentId, a.timepointKey, a.instrumentCode, parsed);
  }
  let list: ReportAssessment[] | null = null;
  const listAssessments = () => {
    const out: ReportAssessment[] = [];
    for (const e of enrollmentRows) {
      forEachAssessment(e, (head, item, cut) => {
        if (head === STORED_WITHOUT_SCALE_VALUES) return;
        const completedOn = cut === item.length - 1 ? null : item.slice(cut + 1);
        out.push({
          enrollmentId: e.id,
          timepointKey: head.timepointKey,
          instrument: head.instrument,
          completedOn,
          scales: head.parsed.scales,
          completeMystical: head.parsed.completeMystical,
        });
      });
    }
    return out.concat(legacyAssessments);
  };
  const adverseEvents: ReportAdverseEvent[] = aeRows.map((e) => ({
    participantId: e.participantId,
    grade: e.grade,
    serious: e.serious,
    related: safeRelated(e.relatednessKetamine),
    sessionNumber: e.sessionId ? (sessionNumber.get(e.sessionId) ?? null) : null,
  }));
  return {
    enrollments,
    index,
    get assessments() {
      return (list ??= listAssessments());
    },
    dosings,
    adverseEvents,
  };
}

// Separators of the aggregated columns. Timepoint keys (/^[a-z][a-z0-9_]*$/), instrument
// codes, ISO dates, status names and the compact scale JSON (scale keys and numbers) never
// contain them.
const LIST_SEP = ",";
const RECORD_SEP = ";";
const FIELD_SEP = "|";

type EnrollmentSummaryRow = {
  id: string;
  cohortId: string;
  participantId: string;
  status: string;
  statusReason: string | null;
  code: string;
  sex: string;
  occupation: string;
  dateOfBirth: string;
  /** Its signed dosing records, "sessionId|route" joined by ";" (route empty when not recorded). */
  dosings: string | null;
  /** Every status the enrollment has been in, comma-separated. */
  statuses: string | null;
  /** Its completed assessments, "tp|instrument|scaleValues|completedOn" joined by ";" (scaleValues empty on rows stored without it). */
  assessments: string | null;
};

/**
 * One row per enrollment with everything the report reads of it: the participant's
 * pseudonymous code and demographics (never names or contacts), the statuses it reached,
 * its signed dosing records and its completed assessments, aggregated by the database
 * (`string_agg`, in both SQLite ≥ 3.44 and PostgreSQL). A 20,000-participant program is
 * 20,000 rows instead of ~330,000, which is what keeps the report under a second. The
 * per-enrollment lookups use the (enrollmentId, …) indexes (Assessment_report_covering_idx
 * covers the assessment columns); the assessment status filter sits inside the aggregate so
 * that SQLite, which has no statistics, never prefers the Assessment status index.
 */
export function readEnrollmentSummaries(db: Db, cohortIds: readonly string[]) {
  return rawInCohorts<EnrollmentSummaryRow>(
    db,
    `SELECT e."id", e."cohortId", e."participantId", e."status", e."statusReason", p."code", p."sex", p."occupation", p."dateOfBirth", ` +
      `(SELECT string_agg(h."toStatus", '${LIST_SEP}') FROM "EnrollmentStatusChange" h WHERE h."enrollmentId" = e."id") AS "statuses", ` +
      `(SELECT string_agg(d."sessionId" || '${FIELD_SEP}' || COALESCE(d."route", ''), '${RECORD_SEP}') FROM "DosingRecord" d WHERE d."enrollmentId" = e."id" AND d."status" = 'SIGNED') AS "dosings", ` +
      `(SELECT string_agg(CASE WHEN a."status" = 'COMPLETED' ` +
      `THEN a."timepointKey" || '${FIELD_SEP}' || a."instrumentCode" || '${FIELD_SEP}' || COALESCE(a."scaleValues", '') || '${FIELD_SEP}' || COALESCE(a."completedOn", '') END, '${RECORD_SEP}') ` +
      `FROM "Assessment" a WHERE a."enrollmentId" = e."id") AS "assessments" ` +
      `FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" WHERE e."cohortId" IN (%)`,
    cohortIds,
    { withoutJit: true },
  );
}

/** The completed assessments without compact scale values of these enrollments (normally none: every writer stores them). */
async function readLegacyAssessments(db: Db, enrollmentIds: readonly string[]): Promise<AssessmentRow[]> {
  const out: AssessmentRow[] = [];
  const postgres = isPostgresUrl(getEnv().DATABASE_URL);
  for (let i = 0; i < enrollmentIds.length; i += 500) {
    const ids = enrollmentIds.slice(i, i + 500);
    const placeholders = ids.map((_, k) => (postgres ? `$${k + 1}` : "?")).join(", ");
    out.push(
      ...(await db.$queryRawUnsafe<AssessmentRow[]>(
        `SELECT a."enrollmentId", a."timepointKey", a."instrumentCode", a."completedOn", a."scaleValues", a."scores" FROM "Assessment" a ` +
          `WHERE a."enrollmentId" IN (${placeholders}) AND a."scaleValues" IS NULL AND COALESCE(a."status", '') = 'COMPLETED'`, // COALESCE: keeps SQLite off the status index
        ...ids,
      )),
    );
  }
  return out;
}

type AssessmentRow = {
  enrollmentId: string;
  timepointKey: string;
  instrumentCode: string;
  completedOn: string | null;
  scaleValues: string | null;
  scores: string | null;
};

/**
 * The benchmark's "plain read" baseline (tests/bench/report-bench.ts): the same rows and
 * columns the report reads, one result row per database row, unprocessed: enrollments with
 * the participant's code and demographics, status changes, signed dosing records and
 * completed assessments.
 */
export function readReportRows(db: Db, cohortIds: readonly string[]) {
  const read = <T>(sql: string) => rawInCohorts<T>(db, sql, cohortIds);
  return Promise.all([
    read(
      `SELECT e."id", e."cohortId", e."participantId", e."status", e."statusReason", p."code", p."sex", p."occupation", p."dateOfBirth" ` +
        `FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" WHERE e."cohortId" IN (%)`,
    ),
    read(
      `SELECT h."enrollmentId", h."toStatus" FROM "Enrollment" e JOIN "EnrollmentStatusChange" h ON h."enrollmentId" = e."id" WHERE e."cohortId" IN (%)`,
    ),
    read(
      `SELECT d."enrollmentId", d."sessionId", d."route" FROM "Enrollment" e JOIN "DosingRecord" d ON d."enrollmentId" = e."id" WHERE e."cohortId" IN (%) AND d."status" = 'SIGNED'`,
    ),
    read<AssessmentRow>(
      `SELECT a."enrollmentId", a."timepointKey", a."instrumentCode", a."completedOn", a."scaleValues" ` +
        `FROM "Enrollment" e JOIN "Assessment" a ON a."enrollmentId" = e."id" WHERE e."cohortId" IN (%) AND COALESCE(a."status", '') = 'COMPLETED'`,
    ), // COALESCE: the covering index, as the report uses, rather than a walk of the status index
  ]);
}

/** Runs `sql` with `%` replaced by one placeholder per cohort id (SQLite `?`, PostgreSQL `$n`). */
async function rawInCohorts<T>(db: Db, sql: string, cohortIds: readonly string[], opts: { withoutJit?: boolean } = {}): Promise<T[]> {
  if (cohortIds.length === 0) return [];
  const postgres = isPostgresUrl(getEnv().DATABASE_URL);
  const placeholders = cohortIds.map((_, i) => (postgres ? `$${i + 1}` : "?")).join(", ");
  const query = db.$queryRawUnsafe<T[]>(sql.replace("%", placeholders), ...cohortIds);
  if (!postgres || !opts.withoutJit) return query;
  // PostgreSQL compiles a query whose estimated cost passes jit_above_cost; for the per-
  // enrollment summary of a large program that compilation takes longer (~0.3 s) than the
  // whole query does without it. Off for this one statement only.
  const [, rows] = await db.$transaction([db.$executeRawUnsafe("SET LOCAL jit = off"), query]);
  return rows;
}

function safeRelated(r: string): boolean {
  try {
    return isRelated(r as Relatedness);
  } catch {
    return false;
  }
}

export async function computeReport(
  scope: LoadedScope,
  data: ReportData,
  filters: ReportFilters,
  options: ReportOptions,
): Promise<PrePostReport> {
  const input: ReportInput = {
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    timepoints: scope.timepoints,
    eligibility: scope.eligibility,
    enrollments: data.enrollments,
    assessments: data.index,
    dosings: data.dosings,
    adverseEvents: data.adverseEvents,
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
