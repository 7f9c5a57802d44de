// Outcome measures: expected assessments per enrollment, staff entry, scoring on save,
// revisions on edit, and the PHQ-9 item 9 safety signal. Scores always come from
// app/domain/instruments; nothing here computes a score by itself.
import { getInstrument, isInstrumentCode, PHQ9_SUICIDALITY_ITEM, type InstrumentCode, type ScaleKey } from "~/domain/instruments";
import { compactScaleValues, scaleValuesHeadline, scoreHeadline } from "~/domain/instruments/compact";
import { describeSignal } from "~/domain/safety";
import {
  computeTimepointDueDates,
  instantToLocal,
  type MeasureTimepoint,
  type TimepointDueDate,
  type TimepointSessionRef,
} from "~/domain/scheduling";
import { readProgramDefinition } from "~/domain/scheduling/programDefinition";
import { responsesOf, type AssessmentEntryInput } from "~/forms/measures";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { inChunks } from "~/utils/bulk.server";
import { dbReady, instantValue, modelColumns, readRow, readRows, sqlInList, type Db, type Tx } from "~/utils/db.server";
import { auditParticipantRead, visibleCohortSql, visibleCohortWhere, type Reader, type Viewer } from "./access.server";
import { ConflictError, FieldError, found, notFound, type Actor } from "./kernel.server";
import { TRACKER_ALL } from "./measureState";
import { syncEnrollmentOutreach } from "./outreach/planner.server";
import { recordSafetySignal } from "./safetySignal.server";

/** Enrollment statuses that are expected to answer questionnaires. */
export const MEASURED_ENROLLMENT_STATUSES = ["ENROLLED", "ACTIVE", "COMPLETED"] as const;
/** Instruments a program's measure plan may ask participants (CADSS-6 is a clinician rating). */
export const MEASURE_INSTRUMENTS = ["PHQ9", "GAD7", "PCL5", "MBI_GS", "MBI_HSS", "MEQ30"] as const;

// ---------------------------------------------------------------------------
// Measure plan and expected assessments
// ---------------------------------------------------------------------------

export function measurePlanOf(definitionJson: string): MeasureTimepoint[] {
  return readProgramDefinition(definitionJson).measurePlan;
}

function planInstruments(tp: MeasureTimepoint): InstrumentCode[] {
  return tp.instruments.filter((c): c is InstrumentCode => (MEASURE_INSTRUMENTS as readonly string[]).includes(c));
}

export type SyncResult = { created: number; updated: number; skippedTimepoints: { key: string; reason: string }[] };

/**
 * Makes the cohort's Assessment rows match its program version's measure plan and its
 * current sessions. Idempotent: creates missing rows for every ENROLLED/ACTIVE/COMPLETED
 * enrollment, moves the due date and window of EXPECTED rows when sessions moved, and
 * never touches COMPLETED or MISSED rows. A timepoint whose anchor session does not
 * exist is skipped and reported.
 *
 * Called inside the transaction of every write that changes what is expected: an
 * enrollment created or moved into a measured status, a schedule edit, a measure import,
 * and once at setup for databases written before this rule. Never on a page view: a GET
 * writes nothing clinical (the tracker only reads, see `getCohortTracker`).
 */
export async function syncExpectedAssessments(cohortId: string, client?: Db | Tx): Promise<SyncResult> {
  const db = client ?? (await dbReady());
  const { toCreate, toUpdate, skippedTimepoints } = await planExpectedAssessments(db, cohortId);
  // In slices: SQLite limits the bound parameters of one statement.
  for (let i = 0; i < toCreate.length; i += 1000) await db.assessment.createMany({ data: toCreate.slice(i, i + 1000) });
  for (const u of toUpdate) {
    // Only rows still EXPECTED: a row completed meanwhile keeps its dates.
    await db.assessment.updateMany({
      where: { id: u.id, status: "EXPECTED" },
      data: { dueDate: u.dueDate, windowOpens: u.windowOpens, windowCloses: u.windowCloses },
    });
  }
  return { created: toCreate.length, updated: toUpdate.length, skippedTimepoints };
}

/** Every cohort's expected assessments (setup: databases whose rows were once created by viewing the tracker). */
export async function syncAllExpectedAssessments(db: Db) {
  let created = 0;
  for (const c of await db.cohort.findMany({ select: { id: true }, orderBy: { id: "asc" } })) {
    created += (await db.$transaction((tx) => syncExpectedAssessments(c.id, tx))).created;
  }
  return created;
}

/** What `syncExpectedAssessments` would change, computed without writing. */
async function planExpectedAssessments(db: Db | Tx, cohortId: string) {
  const { cohorts, enrollments } = await loadMeasureState(db, [cohortId], MEASURED_ENROLLMENT_STATUSES);
  const cohort = cohorts.get(cohortId);
  if (!cohort) notFound("Cohort not found");
  return expectedAssessmentChanges(cohort, enrollments);
}

export type MeasureCohort = { id: string; startDate: string; timeZone: string; definition: string; sessions: TimepointSessionRef[] };
export type MeasureAssessment = {
  id: string;
  timepointKey: string;
  instrumentCode: string;
  status: string;
  dueDate: string;
  windowOpens: Date;
  windowCloses: Date;
};
export type MeasureEnrollment = { id: string; participantId: string; cohortId: string; status: string; assessments: MeasureAssessment[] };

/**
 * Cohorts (sessions, program version definition), their enrollments (only `statuses` when
 * given) and the enrollments' assessments. Flat queries, one after another: a relation
 * include makes Prisma run its child queries at once, which inside an interactive
 * PostgreSQL transaction overlap on the one connection (pg's "already executing a query").
 */
export async function loadMeasureState(db: Db | Tx, cohortIds: readonly string[], statuses?: readonly string[]) {
  const rows = await inChunks(cohortIds, (ids) =>
    db.cohort.findMany({ where: { id: { in: ids } }, select: { id: true, startDate: true, timeZone: true, programVersionId: true } }),
  );
  const versions = new Map(
    (
      await inChunks([...new Set(rows.map((c) => c.programVersionId))], (ids) =>
        db.programVersion.findMany({ where: { id: { in: ids } }, select: { id: true, definition: true } }),
      )
    ).map((v) => [v.id, v.definition]),
  );
  const cohorts = new Map<string, MeasureCohort>(
    rows.map((c) => [
      c.id,
      { id: c.id, startDate: c.startDate, timeZone: c.timeZone, definition: versions.get(c.programVersionId)!, sessions: [] },
    ]),
  );
  for (const s of await inChunks([...cohorts.keys()], (ids) =>
    db.groupSession.findMany({
      where: { cohortId: { in: ids } },
      select: { cohortId: true, planIndex: true, startsAt: true, endsAt: true, status: true },
    }),
  ))
    cohorts.get(s.cohortId)!.sessions.push({ index: s.planIndex, startsAt: s.startsAt, endsAt: s.endsAt, status: s.status });
  const enrollments: MeasureEnrollment[] = (
    await inChunks([...cohorts.keys()], (ids) =>
      db.enrollment.findMany({
        where: { cohortId: { in: ids }, ...(statuses ? { status: { in: [...statuses] } } : {}) },
        select: { id: true, participantId: true, cohortId: true, status: true },
      }),
    )
  ).map((e) => ({ ...e, assessments: [] }));
  const byId = new Map(enrollments.map((e) => [e.id, e]));
  for (const a of await inChunks([...byId.keys()], (ids) =>
    db.assessment.findMany({
      where: { enrollmentId: { in: ids } },
      select: {
        id: true,
        enrollmentId: true,
        timepointKey: true,
        instrumentCode: true,
        status: true,
        dueDate: true,
        windowOpens: true,
        windowCloses: true,
      },
    }),
  )) {
    const { enrollmentId, ...rest } = a;
    byId.get(enrollmentId)!.assessments.push(rest);
  }
  return { cohorts, enrollments };
}

/** Each timepoint of the cohort's measure plan with its due date and window, or why it has none (its anchor session is missing). */
export function timepointDueDatesOf(cohort: MeasureCohort) {
  const out: { tp: MeasureTimepoint; due: TimepointDueDate | null; skipped: string | null }[] = [];
  for (const tp of measurePlanOf(cohort.definition)) {
    try {
      out.push({ tp, due: computeTimepointDueDates([tp], cohort.sessions, cohort.startDate, cohort.timeZone)[0], skipped: null });
    } catch (e) {
      out.push({ tp, due: null, skipped: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

/** What `syncExpectedAssessments` changes for these enrollments (those in a measured status) of the cohort. */
export function expectedAssessmentChanges(
  cohort: MeasureCohort,
  enrollments: readonly { id: string; assessments: readonly MeasureAssessment[] }[],
  dueDates = timepointDueDatesOf(cohort),
) {
  const skippedTimepoints: SyncResult["skippedTimepoints"] = dueDates
    .filter((t) => t.skipped !== null)
    .map((t) => ({ key: t.tp.key, reason: t.skipped! }));
  const due = dueDates.filter((t) => t.due !== null).map((t) => ({ tp: t.tp, d: t.due! }));
  const toCreate: {
    enrollmentId: string;
    timepointKey: string;
    instrumentCode: string;
    dueDate: string;
    windowOpens: Date;
    windowCloses: Date;
  }[] = [];
  const toUpdate: { id: string; dueDate: string; windowOpens: Date; windowCloses: Date }[] = [];
  for (const e of enrollments) {
    const existing = new Map(e.assessments.map((a) => [`${a.timepointKey}|${a.instrumentCode}`, a]));
    for (const { tp, d } of due) {
      for (const code of planInstruments(tp)) {
        const a = existing.get(`${tp.key}|${code}`);
        if (!a) {
          toCreate.push({
            enrollmentId: e.id,
            timepointKey: tp.key,
            instrumentCode: code,
            dueDate: d.dueDate,
            windowOpens: d.windowOpens,
            windowCloses: d.windowCloses,
          });
        } else if (
          a.status === "EXPECTED" &&
          (a.dueDate !== d.dueDate ||
            a.windowOpens.getTime() !== d.windowOpens.getTime() ||
            a.windowCloses.getTime() !== d.windowCloses.getTime())
        ) {
          toUpdate.push({ id: a.id, dueDate: d.dueDate, windowOpens: d.windowOpens, windowCloses: d.windowCloses });
        }
      }
    }
  }
  return { toCreate, toUpdate, skippedTimepoints };
}

// ---------------------------------------------------------------------------
// Scoring and saving
// ---------------------------------------------------------------------------

export type StoredScaleScore = {
  key: ScaleKey;
  label: string;
  method: "sum" | "mean";
  valid: boolean;
  sum: number | null;
  mean: number | null;
  value: number | null;
  band: string | null;
};
export type StoredScores = {
  instrument: string;
  complete: boolean;
  scales: StoredScaleScore[];
  flags: { code: string; severity: string; message: string }[];
  extras: unknown;
};

/** Scores responses (array, index 0 = item 1) with the domain code. */
export function scoreResponses(
  code: InstrumentCode,
  responses: (number | null)[],
): { scores: StoredScores; scaleValues: string; scoringVersion: string } {
  const def = getInstrument(code);
  const result = def.score(responses);
  const scales = Object.values(
    result.scales as Record<
      string,
      {
        key: ScaleKey;
        label: string;
        method: "sum" | "mean";
        valid: boolean;
        sum: number | null;
        mean: number | null;
        value: number | null;
        band: { label: string } | null;
      }
    >,
  ).map((s) => ({
    key: s.key,
    label: s.label,
    method: s.method,
    valid: s.valid,
    sum: s.sum,
    mean: s.mean,
    value: s.value,
    band: s.band?.label ?? null,
  }));
  return {
    scores: { instrument: code, complete: result.complete, scales, flags: result.flags, extras: result.extras },
    // What reports read (Assessment.scaleValues), written with `scores` by every writer.
    scaleValues: compactScaleValues(result),
    scoringVersion: result.scoringVersion,
  };
}

export function parseStoredScores(json: string | null): StoredScores | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as StoredScores;
  } catch {
    return null;
  }
}

type CompleteInput = {
  assessment: {
    id: string;
    instrumentCode: string;
    status: string;
    version: number;
    responses: string | null;
    scores: string | null;
    scoringVersion: string | null;
    source: string | null;
    enteredById: string | null;
  };
  participantId: string;
  cohortId: string;
  responses: number[];
  completedOn: string;
  source: "STAFF" | "SELF_REPORT" | "IMPORT";
  actor: Actor | null;
  actorLabel?: string;
  meta: RequestMeta;
  reason?: string | null;
  /** The version the editor started from (staff entry); defaults to the row's version. */
  expectedVersion?: number;
  importBatchId?: string;
};

/**
 * Stores answers, their scores and scoring version, keeps the previous answers as a
 * revision when the assessment was already completed, raises the PHQ-9 item 9 signal
 * and writes the audit event — all on the caller's transaction.
 */
export async function completeAssessmentTx(tx: Tx, input: CompleteInput) {
  const { assessment: a } = input;
  const code = a.instrumentCode as InstrumentCode;
  const { scores, scaleValues, scoringVersion } = scoreResponses(code, input.responses);
  const editing = a.status === "COMPLETED" && a.responses !== null;
  if (editing) {
    await tx.assessmentRevision.create({
      data: {
        assessmentId: a.id,
        responses: a.responses!,
        scores: a.scores,
        scoringVersion: a.scoringVersion,
        source: a.source,
        enteredById: a.enteredById,
        reason: input.reason ?? null,
      },
    });
  }
  const version = input.expectedVersion ?? a.version;
  const updated = await tx.assessment.updateMany({
    where: { id: a.id, version },
    data: {
      status: "COMPLETED",
      completedOn: input.completedOn,
      completedAt: new Date(),
      source: input.source,
      enteredById: input.actor?.id ?? null,
      responses: JSON.stringify(input.responses),
      draftResponses: null,
      scores: JSON.stringify(scores),
      scaleValues,
      scoringVersion,
      importBatchId: input.importBatchId ?? undefined,
      version: { increment: 1 },
    },
  });
  if (updated.count !== 1) {
    throw new ConflictError(
      "Someone else saved this questionnaire while you were editing it. Reload the page to see their answers, then make your change again.",
    );
  }
  const headline = scores.scales.map((s) => `${s.key} ${s.value === null ? "—" : Math.round(s.value * 100) / 100}`).join(", ");
  await audit(tx, {
    actor: input.actor,
    actorLabel: input.actorLabel,
    action: editing ? "assessment.edit" : "assessment.complete",
    entityType: "Assessment",
    entityId: a.id,
    summary: `${editing ? "Edited" : "Completed"} ${getInstrument(code).shortName} (${input.source.toLowerCase().replace("_", "-")}): ${headline}`,
    details: {
      source: input.source,
      scoringVersion,
      completedOn: input.completedOn,
      reason: input.reason ?? undefined,
      previousVersion: version,
    },
    ...input.meta,
  });
  if (code === "PHQ9")
    await raisePhq9SignalIfNeeded(tx, {
      assessmentId: a.id,
      participantId: input.participantId,
      cohortId: input.cohortId,
      responses: input.responses,
      source: input.source,
    });
  // The last questionnaire of a timepoint done: its pending reminders are cancelled now.
  if (!editing) {
    const e = await tx.enrollment.findUnique({
      where: { participantId_cohortId: { participantId: input.participantId, cohortId: input.cohortId } },
      select: { id: true },
    });
    if (e) await syncEnrollmentOutreach(tx, [e.id]);
  }
  return { scores, scoringVersion };
}

/**
 * The PHQ-9 item 9 signal of one questionnaire (null when item 9 is 0 or unanswered): what
 * raisePhq9SignalIfNeeded stores, and the CSV import in bulk. `source` is ENTRY,
 * SELF_REPORT or IMPORT.
 */
export function phq9SignalOf(p: {
  assessmentId: string;
  participantId: string;
  cohortId: string;
  responses: (number | null)[];
  source: string;
}) {
  const item9 = p.responses[PHQ9_SUICIDALITY_ITEM - 1];
  if (item9 === null || item9 === undefined || item9 < 1) return null;
  const { priority } = describeSignal({
    kind: "PHQ9_ITEM9",
    responseId: p.assessmentId,
    itemScore: Math.min(item9, 3) as 1 | 2 | 3,
    participantLabel: "",
    occurredAt: new Date(),
  });
  return {
    kind: "PHQ9_ITEM9" as const,
    priority,
    participantId: p.participantId,
    cohortId: p.cohortId,
    sourceType: "Assessment",
    sourceId: p.assessmentId,
    detail: `PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered ${item9} (${p.source.toLowerCase().replace("_", "-")}). Same-day clinician risk assessment needed, whatever the total score.`,
  };
}

/** PHQ-9 item 9 ≥ 1 raises a signal for the cohort's clinicians, whatever the total (once per assessment). */
export async function raisePhq9SignalIfNeeded(
  tx: Tx,
  p: { assessmentId: string; participantId: string; cohortId: string; responses: (number | null)[]; source: string },
) {
  const signal = phq9SignalOf(p);
  if (!signal) return false;
  const existing = await tx.safetySignal.findUnique({
    where: { kind_sourceType_sourceId: { kind: "PHQ9_ITEM9", sourceType: "Assessment", sourceId: p.assessmentId } },
  });
  if (existing) return false;
  // The safety inbox's own helper, so every signal is created the same way.
  await recordSafetySignal(tx, signal);
  return true;
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

const assessmentInclude = {
  enrollment: { include: { participant: true, cohort: { include: { programVersion: true } } } },
  revisions: { orderBy: { createdAt: "desc" as const } },
};

/** The assessment if the viewer may see its participant's cohort (404 otherwise, by returning null); an audited read. */
export async function getAssessmentForViewer(viewer: Reader, id: string) {
  const db = await dbReady();
  const a = await db.assessment.findFirst({
    where: { id, enrollment: { cohort: visibleCohortWhere(viewer) } },
    include: assessmentInclude,
  });
  if (a)
    await auditParticipantRead(viewer, {
      what: `questionnaire ${a.instrumentCode} (${a.timepointKey})`,
      participantIds: [a.enrollment.participantId],
    });
  return a;
}

/** For an action: the assessment's id and instrument if the viewer may see it (null otherwise). */
export async function findAssessmentForWrite(viewer: Viewer, id: string) {
  const db = await dbReady();
  return db.assessment.findFirst({
    where: { id, enrollment: { cohort: visibleCohortWhere(viewer) } },
    select: { id: true, instrumentCode: true },
  });
}

export async function getEnteredByNames(ids: (string | null)[]) {
  const db = await dbReady();
  const list = ids.filter((x): x is string => Boolean(x));
  if (!list.length) return new Map<string, string>();
  const users = await db.user.findMany({ where: { id: { in: list } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

/** Staff entry or edit of one assessment (answers already checked by the form's schema). */
export async function enterAssessment(actor: Actor, meta: RequestMeta, assessmentId: string, input: AssessmentEntryInput) {
  const db = await dbReady();
  const a = found(
    await db.assessment.findUnique({ where: { id: assessmentId }, include: { enrollment: true } }),
    "Questionnaire not found",
  );
  if (!isInstrumentCode(a.instrumentCode))
    throw new ConflictError(`This questionnaire's instrument (${a.instrumentCode}) is not one GroupKAP knows.`);
  if (a.status === "COMPLETED" && !input.reason)
    throw new FieldError("reason", "Say why you are changing answers that were already saved.");
  if (a.version !== input.version) {
    throw new ConflictError(
      "Someone else saved this questionnaire while you were editing it. Reload the page to see their answers, then make your change again.",
    );
  }
  return db.$transaction((tx) =>
    completeAssessmentTx(tx, {
      assessment: a,
      participantId: a.enrollment.participantId,
      cohortId: a.enrollment.cohortId,
      responses: responsesOf(a.instrumentCode, input.r),
      completedOn: input.completedOn,
      source: "STAFF",
      actor,
      meta,
      reason: input.reason,
      expectedVersion: input.version,
    }),
  );
}

export async function markAssessmentMissed(actor: Actor, meta: RequestMeta, id: string, version: number) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const res = await tx.assessment.updateMany({
      where: { id, version, status: "EXPECTED" },
      data: { status: "MISSED", version: { increment: 1 } },
    });
    if (res.count !== 1)
      throw new ConflictError("This questionnaire changed since you opened the page (or is already completed). Reload and try again.");
    await audit(tx, {
      actor,
      action: "assessment.missed",
      entityType: "Assessment",
      entityId: id,
      summary: "Marked a questionnaire as missed",
      ...meta,
    });
  });
}

/** One questionnaire cell of the tracker, as read (window instants as the driver gives them). */
export type TrackerAssessment = {
  id: string;
  timepointKey: string;
  instrumentCode: string;
  status: string;
  windowOpens: Date | string;
  windowCloses: Date | string;
  completedOn: string | null;
  /** The first scales of a completed questionnaire ("38 · B 12 · C 7 · D 8"), else null. */
  headline: string | null;
};

// Headlines by instrument and compact scores: a tracker shows the same completed
// questionnaires on every view. Bounded (~5,000 short texts: a dozen cohorts' trackers).
const headlines = new Map<string, string | null>();
const MAX_HEADLINES = 5_000;
function trackerHeadline(instrument: string, scaleValues: string): string | null {
  const key = `${instrument}|${scaleValues}`;
  let headline = headlines.get(key);
  if (headline === undefined) {
    if (headlines.size >= MAX_HEADLINES) headlines.clear();
    headlines.set(key, (headline = scaleValuesHeadline(instrument, scaleValues)));
  }
  return headline;
}

/** Questionnaires of the tracker counted by column and window: one row per group. */
export type TrackerWindowGroup = {
  timepointKey: string;
  instrumentCode: string;
  status: string;
  windowOpens: Date | string;
  windowCloses: Date | string;
  count: number;
};

/**
 * Completion tracker data for one cohort. Read-only: the expected rows were created by the
 * writes that made them expected; the timepoints that cannot be scheduled are computed here.
 * One round of statements through the driver (the page is the heaviest of a cohort's tabs: the
 * ORM took eleven, each compiled on the event loop): the cohort with its program version's
 * definition, its sessions, its measured enrollments with their participants and their open
 * questionnaire links, and their questionnaires:
 * - `show` = `TRACKER_ALL`: every questionnaire, in full;
 * - otherwise counted by column, status and window (a timepoint's questionnaires share a window:
 *   a few dozen rows for a cohort's hundreds), with each enrollment's totals, and in full only
 *   those of the timepoint `show` names; with no `show`, the caller chooses the timepoint from
 *   the counts and reads it with `readTrackerTimepoint` (a second round). A cohort of 46 has ~650
 *   questionnaires: making every one's values was most of the read (on PostgreSQL ~2.2 ms of the
 *   server's CPU against ~0.8 ms for the counts and one timepoint's).
 * One more statement when completed questionnaires were stored before their compact scale
 * values (their full scores, for the headline).
 */
export async function getCohortTracker(viewer: Reader, cohortId: string, show: string | null) {
  const measured = MEASURED_ENROLLMENT_STATUSES.map(() => "?").join(", ");
  const { ofMeasured, params } = measuredOf(cohortId);
  const [head, sessionRows, enrollmentRows, linkRows, groupRows, cellRows] = await Promise.all([
    readRow(
      `SELECT c."name", c."startDate", c."timeZone", pv."definition" FROM "Cohort" c ` +
        `JOIN "ProgramVersion" pv ON pv."id" = c."programVersionId" WHERE c."id" = ?`,
      [cohortId],
    ),
    readRows(`SELECT g."planIndex", g."startsAt", g."endsAt", g."status" FROM "GroupSession" g WHERE g."cohortId" = ?`, [cohortId]),
    readRows(
      `SELECT e."id", p."id", p."code", p."firstName", p."lastName" FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" ` +
        `WHERE e."cohortId" = ? AND e."status" IN (${measured}) ORDER BY p."code" ASC`,
      params,
    ),
    // Open links: not revoked, not submitted; the expired ones are left out below. Oldest
    // first, so that of two open links of one timepoint the newest is shown.
    readRows(
      `SELECT x."enrollmentId", x."id", x."timepointKey", x."expiresAt" FROM "SelfReportLink" x ${ofMeasured} ` +
        `AND x."revokedAt" IS NULL AND x."submittedAt" IS NULL ORDER BY x."createdAt", x."id"`,
      params,
    ),
    // The counts: 'W' rows by column, status and window; 'E' rows each enrollment's totals.
    show === TRACKER_ALL
      ? null
      : readRows(
          `SELECT 'W', x."timepointKey", x."instrumentCode", x."status", x."windowOpens", x."windowCloses", COUNT(*), NULL ` +
            `FROM "Assessment" x ${ofMeasured} ` +
            `GROUP BY x."timepointKey", x."instrumentCode", x."status", x."windowOpens", x."windowCloses" ` +
            `UNION ALL SELECT 'E', x."enrollmentId", NULL, NULL, NULL, NULL, COUNT(*), COUNT(CASE WHEN x."status" = 'COMPLETED' THEN 1 END) ` +
            `FROM "Assessment" x ${ofMeasured} GROUP BY x."enrollmentId"`,
          [...params, ...params],
        ),
    show === null ? null : readTrackerCells(cohortId, show),
  ]);
  if (!head) notFound("Cohort not found");
  const [name, startDate, timeZone, definition] = head as string[];
  const measureCohort: MeasureCohort = {
    id: cohortId,
    startDate,
    timeZone,
    definition,
    sessions: sessionRows.map(([index, startsAt, endsAt, status]) => ({
      index: index === null ? null : Number(index),
      startsAt: instantValue(startsAt),
      endsAt: instantValue(endsAt),
      status: status as string,
    })),
  };
  const { skippedTimepoints } = expectedAssessmentChanges(measureCohort, []);
  const enrollments = enrollmentRows.map(([id, participantId, code, firstName, lastName]) => ({
    id: id as string,
    participant: { id: participantId as string, code: code as string, firstName: firstName as string, lastName: lastName as string },
    /** The questionnaires read in full (those of the timepoint shown, or all). */
    assessments: [] as TrackerAssessment[],
    /** Every timepoint's questionnaires: how many, and how many completed. */
    expected: 0,
    completed: 0,
    selfReportLinks: [] as { id: string; timepointKey: string; expiresAt: Date }[],
  }));
  const byId = new Map(enrollments.map((e) => [e.id, e]));
  let windows: TrackerWindowGroup[] | null = null;
  if (groupRows) {
    windows = [];
    for (const [tag, key, instrumentCode, status, windowOpens, windowCloses, count, completed] of groupRows) {
      if (tag === "W")
        windows.push({
          timepointKey: key as string,
          instrumentCode: instrumentCode as string,
          status: status as string,
          windowOpens: windowOpens as Date | string,
          windowCloses: windowCloses as Date | string,
          count: Number(count),
        });
      else {
        const e = byId.get(key as string);
        if (e) {
          e.expected = Number(count);
          e.completed = Number(completed);
        }
      }
    }
  }
  if (cellRows) await fillTrackerCells(enrollments, cellRows, !groupRows);
  const now = Date.now();
  for (const [enrollmentId, id, timepointKey, expires] of linkRows) {
    const expiresAt = instantValue(expires);
    if (expiresAt.getTime() > now)
      byId.get(enrollmentId as string)?.selfReportLinks.push({ id: id as string, timepointKey: timepointKey as string, expiresAt });
  }
  await auditParticipantRead(viewer, {
    what: "measures tracker",
    participantIds: enrollments.map((e) => e.participant.id),
    subject: { type: "Cohort", id: cohortId },
  });
  const plan = measurePlanOf(definition);
  const columns = plan.flatMap((tp) =>
    planInstruments(tp).map((code) => ({
      timepointKey: tp.key,
      timepointLabel: tp.label,
      instrumentCode: code,
      instrumentName: getInstrument(code).shortName,
    })),
  );
  return {
    cohort: { id: cohortId, name, timeZone, enrollments },
    plan,
    columns,
    skippedTimepoints,
    /** The counts by column, status and window; null when every questionnaire was read (`TRACKER_ALL`). */
    windows,
    /** The timepoint whose questionnaires were read in full (a key or `TRACKER_ALL`), or null: see `readTrackerTimepoint`. */
    read: show as string | null,
  };
}

type CohortTracker = Awaited<ReturnType<typeof getCohortTracker>>;

/** Reads a timepoint's questionnaires of the tracker in full (or every one's: `TRACKER_ALL`) into its enrollments' `assessments`. */
export async function readTrackerTimepoint(tracker: CohortTracker, timepointKey: string) {
  const rows = await readTrackerCells(tracker.cohort.id, timepointKey);
  for (const e of tracker.cohort.enrollments) {
    e.assessments = [];
    if (!tracker.windows) e.expected = e.completed = 0;
  }
  await fillTrackerCells(tracker.cohort.enrollments, rows, !tracker.windows);
  tracker.read = timepointKey;
}

/** The join and condition (on `x`, by its `enrollmentId`) to a cohort's measured enrollments, with their parameters. */
function measuredOf(cohortId: string) {
  const measured = MEASURED_ENROLLMENT_STATUSES.map(() => "?").join(", ");
  return {
    ofMeasured: `JOIN "Enrollment" e ON e."id" = x."enrollmentId" WHERE e."cohortId" = ? AND e."status" IN (${measured})`,
    params: [cohortId, ...MEASURED_ENROLLMENT_STATUSES],
  };
}

/** The tracker's questionnaires of one timepoint (or every one: `TRACKER_ALL`), in full. */
function readTrackerCells(cohortId: string, timepointKey: string) {
  const { ofMeasured, params } = measuredOf(cohortId);
  const all = timepointKey === TRACKER_ALL;
  return readRows(
    `SELECT x."enrollmentId", x."id", x."timepointKey", x."instrumentCode", x."status", x."windowOpens", x."windowCloses", ` +
      `x."completedOn", x."scaleValues" FROM "Assessment" x ${ofMeasured}${all ? "" : ` AND x."timepointKey" = ?`}`,
    all ? params : [...params, timepointKey],
  );
}

/**
 * The questionnaires of `readTrackerCells` into their enrollments (`countTotals`: each
 * enrollment's totals from them too). Headlines from the compact scale values (~40 bytes a row,
 * not the ~640 of the full scores); rows written before that column get theirs from their
 * scores, read in one more statement.
 */
async function fillTrackerCells(
  enrollments: { id: string; assessments: TrackerAssessment[]; expected: number; completed: number }[],
  rows: unknown[][],
  countTotals: boolean,
) {
  const byId = new Map(enrollments.map((e) => [e.id, e]));
  const legacy: { id: string; cell: TrackerAssessment }[] = [];
  for (const [enrollmentId, id, timepointKey, instrumentCode, status, windowOpens, windowCloses, completedOn, scaleValues] of rows) {
    const cell: TrackerAssessment = {
      id: id as string,
      timepointKey: timepointKey as string,
      instrumentCode: instrumentCode as string,
      status: status as string,
      windowOpens: windowOpens as Date | string,
      windowCloses: windowCloses as Date | string,
      completedOn: completedOn as string | null,
      headline: null,
    };
    if (status === "COMPLETED") {
      if (scaleValues) cell.headline = trackerHeadline(cell.instrumentCode, scaleValues as string);
      else legacy.push({ id: cell.id, cell });
    }
    const e = byId.get(enrollmentId as string);
    if (!e) continue;
    e.assessments.push(cell);
    if (countTotals) {
      e.expected++;
      if (status === "COMPLETED") e.completed++;
    }
  }
  if (!legacy.length) return;
  const ids = sqlInList(legacy.map((l) => l.id));
  const scoresOf = new Map(
    (await readRows(`SELECT "id", "scores" FROM "Assessment" WHERE "id" ${ids.sql}`, [ids.param])).map(([id, scores]) => [
      id as string,
      scores as string | null,
    ]),
  );
  for (const { id, cell } of legacy) {
    const stored = parseStoredScores(scoresOf.get(id) ?? null);
    cell.headline = stored ? scoreHeadline(cell.instrumentCode, stored.scales) : null;
  }
}

/** Score history and assessment list for a participant, across the cohorts the viewer may see. */
/** One questionnaire as the participant's measures tab shows it. */
export type ParticipantMeasure = {
  id: string;
  timepointKey: string;
  instrumentCode: string;
  status: string;
  windowOpens: Date;
  windowCloses: Date;
  dueDate: string;
  completedOn: string | null;
  source: string | null;
  scores: string | null;
};

const PARTICIPANT_MEASURE = modelColumns<ParticipantMeasure>("x", {
  id: "text",
  timepointKey: "text",
  instrumentCode: "text",
  status: "text",
  windowOpens: "instant",
  windowCloses: "instant",
  dueDate: "text",
  completedOn: "text?",
  source: "text?",
  scores: "text?",
});

/**
 * A participant's questionnaires in each visible cohort, with the cohort's measure plan: two
 * statements through the driver, run together (the ORM's nested read took four, each compiled
 * on the event loop), then the read is audited.
 */
export async function getParticipantMeasures(viewer: Reader, participantId: string) {
  const visible = visibleCohortSql(viewer);
  const cohortOf = `FROM "Enrollment" e JOIN "Cohort" c ON c."id" = e."cohortId"`;
  const theirs = `WHERE e."participantId" = ? AND ${visible.sql}`;
  const [enrollments, assessments] = await Promise.all([
    readRows(
      `SELECT e."id", e."cohortId", c."name", c."timeZone", v."definition" ${cohortOf} ` +
        `JOIN "ProgramVersion" v ON v."id" = c."programVersionId" ${theirs} ` +
        `ORDER BY e."createdAt", e."id"`,
      [participantId, ...visible.params],
    ),
    readRows(
      `SELECT x."enrollmentId", ${PARTICIPANT_MEASURE.sql} FROM "Assessment" x WHERE x."enrollmentId" IN (SELECT e."id" ${cohortOf} ${theirs}) ` +
        `ORDER BY x."dueDate", x."instrumentCode", x."id"`,
      [participantId, ...visible.params],
    ),
  ]);
  await auditParticipantRead(viewer, { what: "participant's measures", participantIds: [participantId] });
  const byEnrollment = new Map<string, ParticipantMeasure[]>();
  for (const row of assessments) {
    let list = byEnrollment.get(row[0] as string);
    if (!list) byEnrollment.set(row[0] as string, (list = []));
    list.push(PARTICIPANT_MEASURE.read(row, 1));
  }
  return enrollments.map(([id, cohortId, cohortName, timeZone, definition]) => ({
    enrollmentId: id as string,
    cohortId: cohortId as string,
    cohortName: cohortName as string,
    timeZone: timeZone as string,
    plan: measurePlanOf(definition as string),
    assessments: byEnrollment.get(id as string) ?? [],
  }));
}

export function todayIn(timeZone: string, now = new Date()) {
  return instantToLocal(now, timeZone).date;
}
