// Read model of the pre/post report: loads exactly the columns the report needs in a
// handful of queries (no N+1), parses each stored score once, and hands plain data to
// app/domain/reports. Names, contacts and free text are never selected.
import { createHash } from "node:crypto";
import { isInstrumentCode, type InstrumentCode } from "~/domain/instruments";
import { parseScaleValues } from "~/domain/instruments/compact";
import {
  ageBand,
  AssessmentIndex,
  buildReport,
  defaultTimepoints,
  parseReportParams,
  type PrePostReport,
  type ReportAdverseEvent,
  type ReportAssessment,
  type ReportDosing,
  type ReportEnrollment,
  type ReportFilters,
  type ReportInput,
  type ReportOptions,
  type ReportReferral,
  type ReportTimepoint,
  type StoredScale,
  type ParsedParams,
} from "~/domain/reports";
import { forgetDerived } from "~/domain/reports/memo";
import { isRelated, type Relatedness } from "~/domain/safety/adverseEvents";
import { readProgramDefinition } from "~/domain/scheduling/programDefinition";
import type { ProgramEligibility } from "~/domain/scheduling/types";
import { visibleCohortSql, type Viewer } from "~/models/access.server";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { booleanValue, dbReady, readColumn, readRow, readRows, sqlInList, type Db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { seesAllCohorts } from "~/utils/permissions";
import { isPostgresUrl } from "../../prisma/adapters";

export type ReportScope = { kind: "cohort"; cohortId: string } | { kind: "program"; programId: string };

function notFound(what: string): never {
  throw new Response(what, { status: 404 });
}

/** The programs for the reports index (a handful: one per kind of group), with their cohorts counted. */
export async function listReportPrograms(): Promise<{ id: string; name: string; archived: boolean; cohorts: number }[]> {
  // Through the driver: the reports index asks on every view (the ORM compiled this each time).
  const rows = await readRows(
    `SELECT p."id", p."name", p."archived", COUNT(c."id") FROM "Program" p LEFT JOIN "Cohort" c ON c."programId" = p."id" ` +
      `GROUP BY p."id", p."name", p."archived" ORDER BY p."name", p."id"`,
    [],
  );
  return rows.map(([id, name, archived, cohorts]) => ({
    id: id as string,
    name: name as string,
    archived: booleanValue(archived),
    cohorts: Number(cohorts),
  }));
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
  /** The viewer sees every cohort (a program report then counts the program's referrals too). */
  allCohorts: boolean;
  cohorts: { id: string; name: string; startDate: string; timeZone: string }[];
  timepoints: ReportTimepoint[];
  eligibility: ProgramEligibility | null;
  defaults: { pre: string; post: string } | null;
}

/**
 * Resolves the scope (404 outside the viewer's scope) and the program's measure plan. Asked on
 * every report page: through the driver (committed data: never inside a transaction).
 */
export async function loadScope(viewer: Viewer, scope: ReportScope): Promise<LoadedScope> {
  const visible = visibleCohortSql(viewer);
  const COHORT = `c."id", c."name", c."startDate", c."timeZone", c."programVersionId"`;
  type ScopeCohort = { id: string; name: string; startDate: string; timeZone: string; programVersionId: string };
  const cohortOf = ([id, name, startDate, timeZone, programVersionId]: unknown[]) =>
    ({ id, name, startDate, timeZone, programVersionId }) as ScopeCohort;
  let base: { kind: "cohort" | "program"; id: string; name: string; programId: string; programName: string };
  let cohorts: ScopeCohort[];
  let newest: string | null = null;
  let newestVersionId: string | null = null;
  if (scope.kind === "cohort") {
    const row = await readRow(
      `SELECT ${COHORT}, p."id", p."name" FROM "Cohort" c JOIN "Program" p ON p."id" = c."programId" WHERE c."id" = ? AND ${visible.sql}`,
      [scope.cohortId, ...visible.params],
    );
    if (!row) notFound("Cohort not found");
    const c = cohortOf(row);
    base = { kind: "cohort", id: c.id, name: c.name, programId: row[5] as string, programName: row[6] as string };
    cohorts = [c];
    newestVersionId = c.programVersionId;
  } else {
    const [program, cohortRows] = await Promise.all([
      readRow(
        `SELECT p."id", p."name", (SELECT v."definition" FROM "ProgramVersion" v WHERE v."programId" = p."id" ORDER BY v."version" DESC LIMIT 1) ` +
          `FROM "Program" p WHERE p."id" = ?`,
        [scope.programId],
      ),
      readRows(`SELECT ${COHORT} FROM "Cohort" c WHERE c."programId" = ? AND ${visible.sql} ORDER BY c."startDate", c."id"`, [
        scope.programId,
        ...visible.params,
      ]),
    ]);
    if (!program) notFound("Program not found");
    base = {
      kind: "program",
      id: program[0] as string,
      name: program[1] as string,
      programId: program[0] as string,
      programName: program[1] as string,
    };
    cohorts = cohortRows.map(cohortOf);
    newest = (program[2] as string | null) ?? null;
  }
  // The newest plan decides order and labels; keys only older versions used are appended.
  const timepoints: ReportTimepoint[] = [];
  const seen = new Map<string, ReportTimepoint>();
  let eligibility: ProgramEligibility | null = null;
  // Cohorts of one program mostly share a version: each distinct definition is read once.
  const versionIds = [...new Set(cohorts.map((c) => c.programVersionId))];
  const inVersions = sqlInList(versionIds);
  const versions = versionIds.length
    ? await readRows(`SELECT v."id", v."definition" FROM "ProgramVersion" v WHERE v."id" ${inVersions.sql}`, [inVersions.param])
    : [];
  const definitionOf = new Map(versions.map(([id, definition]) => [id as string, definition as string]));
  if (newestVersionId) newest = definitionOf.get(newestVersionId) ?? null;
  const definitions = [...new Set([newest, ...cohorts.map((c) => definitionOf.get(c.programVersionId) ?? null)])].filter(
    (d): d is string => d !== null,
  );
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
    allCohorts: seesAllCohorts(viewer.roles),
    cohorts: cohorts.map(({ id, name, startDate, timeZone }) => ({ id, name, startDate, timeZone })),
    timepoints,
    eligibility,
    defaults: defaultTimepoints(timepoints),
  };
}

/** A report's options and filters from search params, against this scope's plan and cohorts. */
export function parseScopeParams(params: URLSearchParams, scope: LoadedScope): ParsedParams {
  return parseReportParams(params, { timepoints: scope.timepoints, defaults: scope.defaults, cohortIds: scope.cohorts.map((c) => c.id) });
}

export interface ReportData {
  enrollments: ReportEnrollment[];
  /** The completed assessments indexed by enrollment, timepoint and instrument: what the report reads. */
  index: AssessmentIndex;
  /**
   * How many enrollments have assessments stored without scale values (normally none), read
   * from their full scores each time: such scores may change without their report row.
   */
  withoutScaleValues: number;
  /**
   * The same assessments as a list, built on first use (the dataset export reads it). Needs
   * the completion dates: load with `{ assessmentDates: true }`.
   */
  readonly assessments: ReportAssessment[];
  dosings: ReportDosing[];
  adverseEvents: ReportAdverseEvent[];
}

// Separators of the report rows' aggregated columns. Status names, session ids, routes, ISO
// dates and head numbers never contain them; head texts are "timepoint|instrument|scaleValues"
// (timepoint keys are /^[a-z][a-z0-9_]*$/, and the compact JSON of scale keys and numbers has no "|").
const LIST_SEP = ",";
const RECORD_SEP = ";";
const FIELD_SEP = "|";

const STORED_WITHOUT_SCALE_VALUES = "legacy";
/** What a ReportHead number stands for (kept per database: heads are never changed or deleted). */
type HeadInfo =
  | { timepointKey: string; instrument: InstrumentCode; parsed: NonNullable<ReturnType<typeof parseScaleValues>> }
  | typeof STORED_WITHOUT_SCALE_VALUES
  | null;

// Parsed scores by head text, kept between reports: parsing depends on the text alone, and
// the parsed values are only ever read. Bounded (a database has far fewer distinct texts).
const parsedHeads = new Map<string, ReturnType<typeof parseScaleValues>>();
const MAX_PARSED_HEADS = 200_000;

/**
 * One cohort's report rows, decoded. A process keeps the blocks it decoded (per database) and
 * uses a block again while the cohort's ReportCohortStamp (raised by triggers with every change
 * to the cohort's report rows, in the same transaction) and what the decoding read besides the
 * rows (the cohort's name and start date, its dosing sessions) are the same; only the cohorts
 * that changed are read again.
 */
interface CohortBlock {
  stamp: string;
  name: string;
  startDate: string;
  /** The cohort's dosing sessions in number order, "id|route;…". */
  sessions: string;
  enrollments: ReportEnrollment[];
  dosings: ReportDosing[];
  /** The enrollments with completed assessments, in row order: the block's rows of the index. */
  headRows: string[];
  /** (row in headRows, ReportHead id) pairs. */
  pairs: Int32Array;
  /** With `assessmentDates` only (such blocks are not kept): each row's head list and dates. */
  rowHeads: { text: string; from: number; to: number; dates: number }[];
}

type Last = { blocks: CohortBlock[]; enrollments: ReportEnrollment[]; dosings: ReportDosing[]; index: AssessmentIndex };

interface DecodedCache {
  blocks: Map<string, CohortBlock>;
  /** Enrollments in the kept blocks. */
  size: number;
  /**
   * Every ReportHead number read so far. Not trimmed: kept blocks' numbers must all be here,
   * and a database has as many as ReportHead rows (distinct timepoint, instrument and scores).
   */
  heads: Map<number, HeadInfo>;
  /**
   * A number per participant id seen (ReportEnrollment.person): kept blocks carry them, so
   * they are never renumbered; bounded by the database's participants.
   */
  people: Map<string, number>;
  /**
   * The last assembly of kept blocks per list of cohorts (a program's, a cohort's), most recent
   * last: reused while the same blocks are asked for, patched when some were read again. As
   * many as hold `keptEnrollments` between them (the newest always), so that two programs'
   * reports in turn do not assemble each other's away.
   */
  lasts: Map<string, Last>;
  /**
   * The dosing sessions and adverse events read for a list of cohorts (the last few lists,
   * most recent last), with the stamps read before them: used again while the stamps are the
   * same (triggers raise a cohort's stamp with every change to its sessions and adverse events).
   */
  headers: Map<string, { stamps: string; sessionRows: unknown[][]; aeRows: unknown[][] }>;
}
const KEPT_HEADERS = 8;

/**
 * Enrollments the report worker keeps decoded per MB of its heap: ~0.7 KB each with their
 * index, so 500 per MB (256,000 at the default 512 MB) leaves room for the report computed.
 */
export const KEPT_ENROLLMENTS_PER_HEAP_MB = 500;

const decodedCaches = new Map<string, DecodedCache>();
let keptEnrollments = 20_000;

/**
 * How many enrollments' decoded report rows this thread keeps between reports (default 20,000:
 * the server's thread, whose heap is small; the report worker keeps more). 0 keeps none.
 */
export function keepDecodedReportRows(enrollments: number) {
  keptEnrollments = enrollments;
  for (const cache of decodedCaches.values()) trimCache(cache, new Set());
}

/** How many enrollments' decoded report rows this thread keeps. */
export function keptReportEnrollments(): number {
  return keptEnrollments;
}

/** Forgets every decoded block and derived result (tests and the benchmark compare a cold read with a kept one). */
export function forgetDecodedReportRows() {
  decodedCaches.clear();
  forgetDerived();
}

function cacheFor(url: string): DecodedCache {
  let cache = decodedCaches.get(url);
  if (!cache) {
    // One database per process in production; tests switch databases per file.
    if (decodedCaches.size >= 4) decodedCaches.clear();
    decodedCaches.set(
      url,
      (cache = { blocks: new Map(), size: 0, heads: new Map(), people: new Map(), lasts: new Map(), headers: new Map() }),
    );
  }
  return cache;
}

/** Drops kept blocks, those not in `inUse` first, until the kept enrollments fit the limit. */
function trimCache(cache: DecodedCache, inUse: ReadonlySet<string>) {
  if (cache.size <= keptEnrollments) return;
  for (const pass of [false, true]) {
    for (const [id, block] of cache.blocks) {
      if (cache.size <= keptEnrollments) return;
      if (!pass && inUse.has(id)) continue;
      cache.blocks.delete(id);
      cache.size -= block.enrollments.length;
      cache.lasts.clear();
    }
  }
}

/**
 * What a report reads before its cohorts' report rows: their stamps (ReportCohortStamp), dosing
 * sessions and adverse events, as rows. The stamps come first: a row read after its stamp is
 * never older than the stamp it is kept under. The sessions and adverse events of the same
 * cohorts under the same stamps are the ones read before (kept per list of cohorts): a cohort's
 * stamp rises with every change to them. A kept report's key is made of them too
 * (app/models/reportSnapshot.server.ts). The rows are shared: only ever read.
 */
export interface ReportHeader {
  stampRows: unknown[][];
  sessionRows: readonly unknown[][];
  aeRows: readonly unknown[][];
}

export async function readReportHeader(cohortIds: readonly string[]): Promise<ReportHeader> {
  if (!cohortIds.length) return { stampRows: [], sessionRows: [], aeRows: [] };
  // A program of 4,000 cohorts is more ids than Prisma puts in one query: one parameter holds them all.
  const inCohorts = sqlInList(cohortIds);
  const stampRows = await readRows(`SELECT "cohortId", "seq" FROM "ReportCohortStamp" WHERE "cohortId" ${inCohorts.sql}`, [
    inCohorts.param,
  ]);
  const stamps = stampRows
    .map(([cohortId, seq]) => `${String(cohortId)}:${String(seq)}`)
    .sort()
    .join(",");
  const kept = cacheFor(getEnv().DATABASE_URL).headers;
  const key = cohortIds.join(",");
  const before = kept.get(key);
  if (before && before.stamps === stamps) {
    kept.delete(key);
    kept.set(key, before);
    return { stampRows, sessionRows: before.sessionRows, aeRows: before.aeRows };
  }
  const [sessionRows, aeRows] = await Promise.all([
    readRows(
      `SELECT "id", "cohortId", "route" FROM "GroupSession" WHERE "cohortId" ${inCohorts.sql} AND "kind" = 'DOSING' AND "status" <> 'CANCELLED' ` +
        `ORDER BY "startsAt", "id"`,
      [inCohorts.param],
    ),
    readRows(
      `SELECT "participantId", "sessionId", "grade", "serious", "relatednessKetamine" FROM "AdverseEvent" WHERE "cohortId" ${inCohorts.sql}`,
      [inCohorts.param],
    ),
  ]);
  kept.delete(key);
  kept.set(key, { stamps, sessionRows, aeRows });
  for (const k of kept.keys()) {
    if (kept.size <= KEPT_HEADERS) break;
    kept.delete(k);
  }
  return { stampRows, sessionRows, aeRows };
}

/**
 * Loads every row the report needs for these cohorts: the enrollments' report rows (indexed
 * reads of ReportRow, kept by triggers, for the cohorts whose decoded rows this process does
 * not hold under their current stamp), the score texts they number (ReportHead), the dosing
 * sessions and the adverse events. The result is the caller's to change (a new object each
 * time); the enrollment objects and the index are shared and only ever read.
 */
export async function loadReportData(
  cohorts: LoadedScope["cohorts"],
  { assessmentDates = false, header }: { assessmentDates?: boolean; header?: ReportHeader } = {},
): Promise<ReportData> {
  const cohortIds = cohorts.map((c) => c.id);
  const cache = cacheFor(getEnv().DATABASE_URL);
  // The stamps are read before the rows: a row read after its stamp is never older than the
  // stamp it is kept under (a write committed in between only makes the next read re-read it).
  const { stampRows, sessionRows, aeRows } = header ?? (await readReportHeader(cohortIds));
  const stampOf = new Map(stampRows.map(([cohortId, seq]) => [cohortId as string, String(seq)]));
  const sessionNumber = new Map<string, number>();
  const sessionRoute = new Map<string, string | null>();
  const sessionsOf = new Map<string, string>();
  const perCohort = new Map<string, number>();
  for (const [id, cohortId, route] of sessionRows as [string, string, string | null][]) {
    const n = (perCohort.get(cohortId) ?? 0) + 1;
    perCohort.set(cohortId, n);
    sessionNumber.set(id, n);
    sessionRoute.set(id, route);
    const before = sessionsOf.get(cohortId);
    sessionsOf.set(cohortId, `${before === undefined ? "" : `${before}${RECORD_SEP}`}${id}${FIELD_SEP}${route ?? ""}`);
  }
  // The blocks to decode: all (with dates: such blocks are not kept), or those not kept as they are now.
  const blocks = new Map<string, CohortBlock>();
  const stale: LoadedScope["cohorts"] = [];
  for (const c of cohorts) {
    const kept = assessmentDates ? undefined : cache.blocks.get(c.id);
    if (
      kept &&
      kept.stamp === (stampOf.get(c.id) ?? "") &&
      kept.name === c.name &&
      kept.startDate === c.startDate &&
      kept.sessions === (sessionsOf.get(c.id) ?? "")
    )
      blocks.set(c.id, kept);
    else stale.push(c);
  }
  if (stale.length) {
    const fresh = decodeBlocks(
      await readReportRowsOf(
        stale.map((c) => c.id),
        assessmentDates,
      ),
      stale,
      { stampOf, sessionsOf, sessionNumber, sessionRoute, assessmentDates, people: cache.people },
    );
    // The head texts first, then the blocks are kept: a report that finds a kept block (and
    // reads no heads) must find every number it uses known.
    await readHeads(cache, fresh.values());
    for (const [id, block] of fresh) {
      blocks.set(id, block);
      if (assessmentDates || keptEnrollments <= 0) continue;
      const old = cache.blocks.get(id);
      if (old) cache.size -= old.enrollments.length;
      cache.blocks.set(id, block);
      cache.size += block.enrollments.length;
      // The last assemblies stay: assemble patches them with the blocks decoded again.
    }
  }
  const ordered = cohorts.map((c) => blocks.get(c.id)!);
  const assembled = assemble(cache, cohortIds.join(","), ordered, !assessmentDates && keptEnrollments > 0);
  // Rows written without Assessment.scaleValues (normally none: every writer stores them) are
  // read from their full `scores` JSON each time: their `scores` may change without the row.
  const legacyAssessments = assembled.legacy.length ? await readLegacy(assembled, assembled.legacy) : [];
  if (!assessmentDates) trimCache(cache, new Set(cohortIds));
  let list: ReportAssessment[] | null = null;
  const listAssessments = () => {
    if (!assessmentDates) throw new Error("loadReportData: the assessment list needs { assessmentDates: true }");
    const out: ReportAssessment[] = [];
    for (const block of ordered) {
      for (const { text, from, to, dates: datesFrom } of block.rowHeads) {
        const enrollmentId = text.slice(0, text.indexOf(UNIT));
        const datesTo = text.indexOf(UNIT, datesFrom);
        const dates = text.slice(datesFrom, datesTo < 0 ? text.length : datesTo).split(LIST_SEP);
        text
          .slice(from, to)
          .split(LIST_SEP)
          .forEach((id, k) => {
            const head = cache.heads.get(Number(id));
            if (head === undefined || head === null || head === STORED_WITHOUT_SCALE_VALUES) return;
            out.push({
              enrollmentId,
              timepointKey: head.timepointKey,
              instrument: head.instrument,
              completedOn: dates[k] || null,
              scales: head.parsed.scales,
              completeMystical: head.parsed.completeMystical,
            });
          });
      }
    }
    return out.concat(legacyAssessments);
  };
  const adverseEvents: ReportAdverseEvent[] = aeRows.map(([participantId, sessionId, grade, serious, relatedness]) => ({
    participantId: participantId as string,
    person: personNumber(cache, participantId as string),
    grade: Number(grade),
    serious: Boolean(serious), // SQLite stores 0 / 1
    related: safeRelated(relatedness as string),
    sessionNumber: sessionId ? (sessionNumber.get(sessionId as string) ?? null) : null,
  }));
  return {
    enrollments: assembled.enrollments,
    index: assembled.index,
    withoutScaleValues: assembled.legacy.length,
    get assessments() {
      return (list ??= listAssessments());
    },
    dosings: assembled.dosings,
    adverseEvents,
  };
}

/** The participant's number in this cache (ReportEnrollment.person), given on first sight. */
function personNumber(cache: DecodedCache, participantId: string): number {
  let person = cache.people.get(participantId);
  if (person === undefined) cache.people.set(participantId, (person = cache.people.size));
  return person;
}

/**
 * The report rows of these cohorts decoded into one block per cohort, each block's rows in
 * enrollment id order (the same order however the rows were read).
 */
function decodeBlocks(
  rows: unknown[],
  cohorts: LoadedScope["cohorts"],
  ctx: {
    stampOf: ReadonlyMap<string, string>;
    sessionsOf: ReadonlyMap<string, string>;
    sessionNumber: ReadonlyMap<string, number>;
    sessionRoute: ReadonlyMap<string, string | null>;
    assessmentDates: boolean;
    people: Map<string, number>;
  },
): Map<string, CohortBlock> {
  const { sessionNumber, sessionRoute, assessmentDates, people } = ctx;
  // Each row is one text of fields separated by \x1f, starting with the enrollment id: sorted
  // texts are rows in enrollment id order.
  const textsOf = new Map<string, string[]>(cohorts.map((c) => [c.id, []]));
  for (const text of rows as string[]) {
    const cut = text.indexOf(UNIT, text.indexOf(UNIT, text.indexOf(UNIT) + 1) + 1);
    textsOf.get(text.slice(cut + 1, text.indexOf(UNIT, cut + 1)))?.push(text);
  }
  // Repeated column texts map to one shared value: status lists, dosing lists (one per cohort
  // when everyone was dosed at the same sessions) and age bands.
  const statusLists = new Map<string, string[]>();
  type Dosed = { route: string; numbers: number[] };
  const dosedBy = new Map<string, Dosed>();
  const readDosings = (text: string): Dosed => {
    let route = "Not dosed";
    const numbers: number[] = [];
    for (const item of text.split(RECORD_SEP)) {
      const cut = item.indexOf(FIELD_SEP);
      const sessionId = item.slice(0, cut);
      const n = sessionNumber.get(sessionId);
      if (cut < 0 || n === undefined) continue;
      const r = item.slice(cut + 1) || sessionRoute.get(sessionId) || "Unknown";
      route = numbers.length === 0 ? r : route === r ? route : "Mixed";
      numbers.push(n);
    }
    return { route, numbers };
  };
  const bands = new Map<string, Map<number | string, string>>();
  // Fields with few distinct values are matched against the texts already seen instead of
  // sliced, and head numbers and birth dates are read from the characters: a 200,000-row read
  // makes a few strings per row rather than a dozen.
  const knownCohorts = new Known();
  const sexes = new Known();
  const occupations = new Known();
  const statuses = new Known();
  const statusTexts = new Known();
  const dosingTexts = new Known();
  const pairs = new IntList();
  // The row being read, s; its next field is s[from, to) (one closure for all rows).
  let s = "";
  let at = 0;
  let from = 0;
  let to = 0;
  const field = () => {
    from = at;
    const e = s.indexOf(UNIT, at);
    to = e < 0 ? s.length : e;
    at = to + 1;
  };
  const out = new Map<string, CohortBlock>();
  for (const cohort of cohorts) {
    const texts = textsOf.get(cohort.id)!.sort();
    const enrollments: ReportEnrollment[] = [];
    const dosings: ReportDosing[] = [];
    const headRows: string[] = [];
    const rowHeads: CohortBlock["rowHeads"] = [];
    pairs.length = 0;
    let byDob = bands.get(cohort.startDate);
    if (!byDob) bands.set(cohort.startDate, (byDob = new Map()));
    for (const text of texts) {
      s = text;
      at = 0;
      field();
      const enrollmentId = s.slice(from, to);
      field();
      const participantId = s.slice(from, to);
      let person = people.get(participantId);
      if (person === undefined) people.set(participantId, (person = people.size));
      field();
      const code = s.slice(from, to);
      field();
      const cohortId = knownCohorts.take(s, from, to);
      field();
      const sex = sexes.take(s, from, to);
      field();
      const occupation = occupations.take(s, from, to);
      field();
      const dobFrom = from;
      const dobTo = to;
      field();
      const status = statuses.take(s, from, to);
      field();
      const statusText = from === to ? null : statusTexts.take(s, from, to);
      field();
      const dosingText = from === to ? null : dosingTexts.take(s, from, to);
      field();
      const headsFrom = from;
      const headsTo = to;
      let datesFrom = -1;
      if (assessmentDates) {
        field();
        datesFrom = from;
      }
      // The rest: "=reason", or nothing when there is none.
      const statusReason = at < s.length ? s.slice(at + 1) : null;
      let dosed: Dosed | undefined;
      if (dosingText) {
        dosed = dosedBy.get(dosingText);
        if (!dosed) dosedBy.set(dosingText, (dosed = readDosings(dosingText)));
        for (const n of dosed.numbers) dosings.push({ participantId, sessionNumber: n, person });
      }
      let statusesReached: string[] = [];
      if (statusText) {
        const known = statusLists.get(statusText);
        if (known) statusesReached = known;
        else statusLists.set(statusText, (statusesReached = statusText.split(LIST_SEP)));
      }
      // ageBand reads YYYY-MM-DD at the start of the date: that prefix, as a number, is the key.
      const key = dateKey(s, dobFrom, dobTo) ?? s.slice(dobFrom, dobTo);
      let band = byDob.get(key);
      if (band === undefined) byDob.set(key, (band = ageBand(s.slice(dobFrom, dobTo), cohort.startDate)));
      enrollments.push({
        enrollmentId,
        participantId,
        code,
        cohortId,
        cohortName: cohort.name,
        cohortStartDate: cohort.startDate,
        sex,
        occupation,
        ageBand: band,
        route: dosed ? dosed.route : "Not dosed",
        status,
        statusReason,
        statusesReached,
        dosingSessions: dosed ? dosed.numbers.length : 0,
        person,
      });
      if (headsFrom === headsTo) continue;
      if (assessmentDates) rowHeads.push({ text: s, from: headsFrom, to: headsTo, dates: datesFrom });
      // "12,7,803": head numbers, read without making a string per number, kept as (row, number).
      const row = headRows.length;
      headRows.push(enrollmentId);
      let id = 0;
      for (let k = headsFrom; k <= headsTo; k++) {
        const c = k < headsTo ? s.charCodeAt(k) : 44;
        if (c !== 44) {
          id = id * 10 + (c - 48);
          continue;
        }
        pairs.push(row, id);
        id = 0;
      }
    }
    out.set(cohort.id, {
      stamp: ctx.stampOf.get(cohort.id) ?? "",
      name: cohort.name,
      startDate: cohort.startDate,
      sessions: ctx.sessionsOf.get(cohort.id) ?? "",
      enrollments,
      dosings,
      headRows,
      pairs: pairs.values().slice(0, pairs.length),
      rowHeads,
    });
  }
  return out;
}

/** Reads the texts of the head numbers these blocks use that the cache does not know yet. */
async function readHeads(cache: DecodedCache, blocks: Iterable<CohortBlock>) {
  let wanted = new Uint8Array(1024);
  let any = false;
  for (const block of blocks) {
    const pairs = block.pairs;
    for (let k = 1; k < pairs.length; k += 2) {
      const id = pairs[k];
      if (cache.heads.has(id)) continue;
      if (id >= wanted.length) wanted = grow(wanted, id + 1);
      wanted[id] = 1;
      any = true;
    }
  }
  if (!any) return;
  const ids: number[] = [];
  for (let id = 0; id < wanted.length; id++) if (wanted[id]) ids.push(id);
  const inIds = sqlInList(ids, "INT");
  // Heads are never changed or deleted, so every number in rows already read is there.
  const texts = new Map<number, string>();
  for (const [id, text] of await readRows(`SELECT "id", "text" FROM "ReportHead" WHERE "id" ${inIds.sql}`, [inIds.param]))
    texts.set(Number(id), text as string);
  for (const id of ids) {
    const text = texts.get(id);
    cache.heads.set(id, text === undefined ? null : describeHead(text));
  }
}

function describeHead(head: string): HeadInfo {
  const i = head.indexOf(FIELD_SEP);
  const j = i < 0 ? -1 : head.indexOf(FIELD_SEP, i + 1);
  const instrument = head.slice(i + 1, j);
  if (j < 0 || !isInstrumentCode(instrument)) return null;
  const text = head.slice(j + 1);
  if (text === "") return STORED_WITHOUT_SCALE_VALUES;
  let parsed = parsedHeads.get(head);
  if (parsed === undefined) {
    if (parsedHeads.size >= MAX_PARSED_HEADS) parsedHeads.clear();
    parsedHeads.set(head, (parsed = parseScaleValues(instrument, text)));
  }
  return parsed ? { timepointKey: head.slice(0, i), instrument, parsed } : null;
}

type Assembled = { enrollments: ReportEnrollment[]; dosings: ReportDosing[]; index: AssessmentIndex; legacy: string[] };

/** How this process assembled report rows so far (a test checks that each way is taken). */
export const assemblies = { reused: 0, patched: 0, afresh: 0 };

/**
 * The blocks' enrollments, dosings and assessment index, in block order. With `reuse`, the
 * last assembly of kept blocks is used again: as it is when the same blocks are asked for (its
 * index keeps the score columns it made), patched when some blocks were decoded again with the
 * same rows of the index (a status or a score changed, not who has scores: the common write),
 * its index copied with only those rows rewritten. An assembly with rows stored without scale
 * values is never reused.
 */
function assemble(cache: DecodedCache, key: string, blocks: CohortBlock[], reuse: boolean): Assembled {
  const last = cache.lasts.get(key);
  if (reuse && last && last.blocks.length === blocks.length) {
    if (last.blocks.every((b, i) => b === blocks[i])) {
      assemblies.reused++;
      return { enrollments: last.enrollments, dosings: last.dosings, index: last.index, legacy: [] };
    }
    const patched = patch(cache, key, last, blocks);
    if (patched) {
      assemblies.patched++;
      return patched;
    }
  }
  assemblies.afresh++;
  const enrollments: ReportEnrollment[] = [];
  const dosings: ReportDosing[] = [];
  // No object per assessment (a large program has millions): the index holds the shared
  // parsed scores; the list is made only if an export asks for it.
  const index = new AssessmentIndex();
  for (const block of blocks) {
    for (const e of block.enrollments) enrollments.push(e);
    for (const d of block.dosings) dosings.push(d);
    for (const id of block.headRows) index.appendRow(id); // one report row per enrollment: never seen before
  }
  const legacy: string[] = [];
  storeScores(cache, index, blocks, legacy);
  if (reuse && legacy.length === 0) keepLast(cache, key, { blocks, enrollments, dosings, index });
  return { enrollments, dosings, index, legacy };
}

/** Each block's scores into the index's lists (the blocks' rows in block order); rows without scale values into `legacy`. */
function storeScores(cache: DecodedCache, index: AssessmentIndex, blocks: readonly CohortBlock[], legacy: string[]) {
  const lists = new Map<number, ReturnType<AssessmentIndex["listAt"]>>();
  let base = 0;
  for (const block of blocks) {
    const pairs = block.pairs;
    for (let k = 0; k < pairs.length; k += 2) {
      const id = pairs[k + 1];
      const head = cache.heads.get(id);
      // Every block's numbers are read before it is used or kept: a gap would drop scores silently.
      if (head === undefined) throw new Error(`Report head ${id} was not read before its rows were assembled`);
      if (head === STORED_WITHOUT_SCALE_VALUES) legacy.push(block.headRows[pairs[k]]);
      else if (head) {
        let list = lists.get(id);
        if (!list) lists.set(id, (list = index.listAt(head.timepointKey, head.instrument)));
        list[base + pairs[k]] = head.parsed;
      }
    }
    base += block.headRows.length;
  }
}

/** Keeps an assembly as the last of its cohorts, dropping the oldest others beyond `keptEnrollments`. */
function keepLast(cache: DecodedCache, key: string, last: Last) {
  cache.lasts.delete(key);
  cache.lasts.set(key, last);
  let total = 0;
  for (const l of cache.lasts.values()) total += l.enrollments.length;
  for (const [k, l] of cache.lasts) {
    if (total <= keptEnrollments || k === key) break;
    cache.lasts.delete(k);
    total -= l.enrollments.length;
  }
}

/**
 * The last assembly with the blocks that differ from it put in, when each such block has the
 * same rows in the index as the one it replaces (the same enrollments with scores, in order);
 * null otherwise (the caller assembles afresh). The index is copied with those rows rewritten,
 * or used as it is when their scores are the same too.
 */
function patch(cache: DecodedCache, key: string, last: Last, blocks: CohortBlock[]): Assembled | null {
  const changed: { block: CohortBlock; from: number }[] = [];
  let scoresChanged = false;
  let row = 0;
  for (let i = 0; i < blocks.length; i++) {
    const now = blocks[i];
    const before = last.blocks[i];
    if (now !== before) {
      if (now.headRows.length !== before.headRows.length || now.headRows.some((id, k) => id !== before.headRows[k])) return null;
      changed.push({ block: now, from: row });
      // The same (row, head) pairs: the same scores in the same rows (heads are parsed once per text).
      if (!scoresChanged && (now.pairs.length !== before.pairs.length || now.pairs.some((v, k) => v !== before.pairs[k])))
        scoresChanged = true;
    }
    row += before.headRows.length;
  }
  // More than a few changed: assembling afresh costs about the same.
  if (changed.length > Math.max(8, blocks.length / 8)) return null;
  // A row stored without scale values has its scores added to the index afterwards (readLegacy): assembled afresh.
  for (const { block } of changed)
    for (let k = 1; k < block.pairs.length; k += 2) if (cache.heads.get(block.pairs[k]) === STORED_WITHOUT_SCALE_VALUES) return null;
  // A status, a dosing or a participant's details changed, no score: the index as it was.
  const index = !scoresChanged
    ? last.index
    : last.index.withRowsReplaced(
        changed.map(({ block, from }) => ({ from, ids: block.headRows })),
        (put) => {
          for (const { block, from } of changed) {
            const pairs = block.pairs;
            for (let k = 0; k < pairs.length; k += 2) {
              const head = cache.heads.get(pairs[k + 1]);
              if (head === undefined) throw new Error(`Report head ${pairs[k + 1]} was not read before its rows were assembled`);
              if (head && head !== STORED_WITHOUT_SCALE_VALUES) put(head.timepointKey, head.instrument, from + pairs[k], head.parsed);
            }
          }
        },
      );
  // One concat of the blocks' arrays (a copy of 200,000 references: ~6 ms; pushing them one by one ~25 ms).
  const enrollments = ([] as ReportEnrollment[]).concat(...blocks.map((b) => b.enrollments));
  const dosings = ([] as ReportDosing[]).concat(...blocks.map((b) => b.dosings));
  keepLast(cache, key, { blocks, enrollments, dosings, index });
  return { enrollments, dosings, index, legacy: [] };
}

/** Adds the assessments stored without scale values (their full `scores` JSON) to the index. */
async function readLegacy(assembled: Assembled, enrollmentIds: string[]): Promise<ReportAssessment[]> {
  const out: ReportAssessment[] = [];
  const parsedByText = new Map<string, ReturnType<typeof parseScales>>();
  for (const a of await readLegacyAssessments([...new Set(enrollmentIds)])) {
    if (!isInstrumentCode(a.instrumentCode) || !a.scores) continue;
    let parsed = parsedByText.get(a.scores);
    if (parsed === undefined) parsedByText.set(a.scores, (parsed = parseScales(a.scores)));
    if (!parsed) continue;
    out.push({
      enrollmentId: a.enrollmentId,
      timepointKey: a.timepointKey,
      instrument: a.instrumentCode,
      completedOn: a.completedOn,
      scales: parsed.scales,
      completeMystical: parsed.completeMystical,
    });
    assembled.index.add(a.enrollmentId, a.timepointKey, a.instrumentCode, parsed);
  }
  return out;
}

/** Separates the fields of a report row's text (readReportRowsOf). */
const UNIT = "\x1f";

/**
 * The report rows of these cohorts (one plain indexed read of ReportRow), each as one text
 * (the database joins the columns, which costs less than a value per column):
 * enrollmentId, participantId, code, cohortId, sex, occupation, dateOfBirth, status,
 * statuses, dosings, heads[, completedOn] and last the status reason, "=" + reason or
 * nothing for none (last, so free text may hold any character). None of the other fields
 * can hold the separator (ids, codes, enumerations, dates, status and score lists). Names
 * and contacts are not in the table.
 */
export function readReportRowsOf(cohortIds: readonly string[], withDates = false): Promise<unknown[]> {
  if (cohortIds.length === 0) return Promise.resolve([]);
  const postgres = isPostgresUrl(getEnv().DATABASE_URL);
  const sep = postgres ? "chr(31)" : "char(31)";
  const fields = [
    `"enrollmentId"`,
    `"participantId"`,
    `"code"`,
    `"cohortId"`,
    `"sex"`,
    `"occupation"`,
    `"dateOfBirth"`,
    `"status"`,
    `COALESCE("statuses", '')`,
    `COALESCE("dosings", '')`,
    `COALESCE("heads", '')`,
    ...(withDates ? [`COALESCE("completedOn", '')`] : []),
    `COALESCE('=' || "statusReason", '')`,
  ];
  const inCohorts = sqlInList(cohortIds);
  return readColumn(`SELECT ${fields.join(` || ${sep} || `)} FROM "ReportRow" WHERE "cohortId" ${inCohorts.sql}`, [inCohorts.param]);
}

/** A growing list of 32-bit integers. */
class IntList {
  private data = new Int32Array(1 << 16);
  length = 0;
  push(a: number, b: number) {
    if (this.length + 2 > this.data.length) this.data = grow(this.data, this.length + 2);
    this.data[this.length++] = a;
    this.data[this.length++] = b;
  }
  values(): Int32Array {
    return this.data;
  }
}

/** A copy of `a` at least `min` long (doubling). */
function grow<T extends Int32Array | Uint8Array>(a: T, min: number): T {
  let n = a.length * 2;
  while (n < min) n *= 2;
  const out = new (a.constructor as new (n: number) => T)(n);
  out.set(a);
  return out;
}

/** The texts one field of the rows has had: a field equal to one of them is that same string. */
class Known {
  private last = "";
  private readonly seen: string[] = [];
  take(s: string, from: number, to: number): string {
    const len = to - from;
    if (this.last.length === len && s.startsWith(this.last, from)) return this.last;
    for (const k of this.seen) if (k.length === len && s.startsWith(k, from)) return (this.last = k);
    const v = s.slice(from, to);
    if (this.seen.length < 16) this.seen.push(v);
    return (this.last = v);
  }
}

/** YYYY-MM-DD at s[from…] as the number YYYYMMDD; null when the field does not start so. */
function dateKey(s: string, from: number, to: number): number | null {
  if (to - from < 10 || s.charCodeAt(from + 4) !== 45 || s.charCodeAt(from + 7) !== 45) return null;
  let n = 0;
  for (let k = from; k < from + 10; k++) {
    if (k === from + 4 || k === from + 7) continue;
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return n;
}

/** The completed assessments without compact scale values of these enrollments (normally none: every writer stores them). */
async function readLegacyAssessments(enrollmentIds: readonly string[]): Promise<AssessmentRow[]> {
  const inEnrollments = sqlInList(enrollmentIds);
  const rows = await readRows(
    `SELECT a."enrollmentId", a."timepointKey", a."instrumentCode", a."completedOn", a."scaleValues", a."scores" FROM "Assessment" a ` +
      `WHERE a."enrollmentId" ${inEnrollments.sql} ` +
      `AND a."scaleValues" IS NULL AND COALESCE(a."status", '') = 'COMPLETED'`, // COALESCE: keeps SQLite off the status index
    [inEnrollments.param],
  );
  return rows.map(([enrollmentId, timepointKey, instrumentCode, completedOn, scaleValues, scores]) => ({
    enrollmentId: enrollmentId as string,
    timepointKey: timepointKey as string,
    instrumentCode: instrumentCode as string,
    completedOn: completedOn as string | null,
    scaleValues: scaleValues as string | null,
    scores: scores as string | null,
  }));
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

/**
 * The referrals the CONSORT flow counts: in a program report seen by someone who sees every
 * cohort, all of the program's referrals (people screened out never had an enrollment);
 * otherwise only the referrals of the participants in the report.
 */
const PROGRAM_REFERRALS_SQL = `SELECT "participantId", "status", "statusReason", "ruleStatus", "clearance", "clearanceReason" FROM "Referral" WHERE "programId" = ?`;

/** Every referral of a program, as the flow of a report seen by someone who sees every cohort reads them. */
export function readProgramReferralRows(programId: string): Promise<unknown[][]> {
  return readRows(PROGRAM_REFERRALS_SQL, [programId]);
}

async function loadFlowReferrals(
  scope: LoadedScope,
  enrollments: readonly ReportEnrollment[],
  programRows?: unknown[][],
): Promise<ReportReferral[]> {
  let rows: unknown[][];
  if (scope.kind === "program" && scope.allCohorts) rows = programRows ?? (await readProgramReferralRows(scope.programId));
  else {
    const ids = [...new Set(enrollments.map((e) => e.participantId))];
    if (!ids.length) return [];
    const inIds = sqlInList(ids);
    rows = await readRows(`${PROGRAM_REFERRALS_SQL} AND "participantId" ${inIds.sql}`, [scope.programId, inIds.param]);
  }
  return rows.map(([participantId, status, statusReason, ruleStatus, clearance, clearanceReason]) => ({
    participantId: participantId as string | null,
    status: status as string,
    statusReason: statusReason as string | null,
    ruleStatus: ruleStatus as string | null,
    clearance: clearance as string | null,
    clearanceReason: clearanceReason as string | null,
  }));
}

/**
 * The report of these rows. `programReferralRows`: the program's referrals when the caller read
 * them already (`readProgramReferralRows`; a program report seen by someone who sees every cohort).
 */
export async function computeReport(
  scope: LoadedScope,
  data: ReportData,
  filters: ReportFilters,
  options: ReportOptions,
  programReferralRows?: unknown[][],
): Promise<PrePostReport> {
  const input: ReportInput = {
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    timepoints: scope.timepoints,
    eligibility: scope.eligibility,
    enrollments: data.enrollments,
    assessments: data.index,
    dosings: data.dosings,
    adverseEvents: data.adverseEvents,
    referrals: await loadFlowReferrals(scope, data.enrollments, programReferralRows),
    filters,
    options,
  };
  return keptReport(input, data.index);
}

/** Reports kept per kept enrollments list (the loader's assembly): the last few asked for. */
const keptReports = new WeakMap<
  readonly ReportEnrollment[],
  Map<string, { index: AssessmentIndex; dosings: readonly ReportDosing[]; report: PrePostReport }>
>();
const KEPT_REPORTS_PER_ROWS = 8;

/**
 * The report of this input: the same report object as before when everything it is made of
 * is the same. The enrollments, the index and the dosings by identity (the loader hands
 * unchanged rows' reports the same ones, and new ones as soon as any cohort's rows, name,
 * start date or sessions change); everything else (scope, timepoints, eligibility, filters,
 * options, adverse events, referrals: read afresh each time) by content, as a SHA-256 of its
 * JSON. Page, JSON and table downloads of one report, and everyone looking at it, then cost one
 * computation. The report is only ever read (posted from the worker, or serialized).
 */
function keptReport(input: ReportInput, index: AssessmentIndex): PrePostReport {
  const key = createHash("sha256")
    .update(
      JSON.stringify([
        input.scope,
        input.timepoints,
        input.eligibility,
        input.filters,
        input.options,
        input.adverseEvents,
        input.referrals,
      ]),
    )
    .digest("base64");
  let byKey = keptReports.get(input.enrollments);
  const kept = byKey?.get(key);
  if (kept && kept.index === index && kept.dosings === input.dosings) {
    byKey!.delete(key);
    byKey!.set(key, kept);
    return kept.report;
  }
  const report = buildReport(input);
  if (!byKey) keptReports.set(input.enrollments, (byKey = new Map()));
  byKey.set(key, { index, dosings: input.dosings, report });
  for (const k of byKey.keys()) {
    if (byKey.size <= KEPT_REPORTS_PER_ROWS) break;
    byKey.delete(k);
  }
  return report;
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
