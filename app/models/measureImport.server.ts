// Import of historical item-level measures from CSV (UI /measures/import and the CLI).
// Columns: participant_code, cohort, timepoint, instrument, completed_on, item_1 … item_N.
// All or nothing: every row is validated first; one invalid row aborts with every error
// listed by line, and nothing is written. The same file (SHA-256) is refused twice.
//
// With createMissing, unknown cohorts are created in the program (latest version) at the
// first site (by creation; else a new site "Imported" in UTC), starting on the earliest
// completed_on of their rows, with the program's sessions expanded; status COMPLETED when
// their last session is in the past, else ACTIVE. Unknown participants are created with
// placeholder names ("Imported" + code, unknown date of birth/sex/occupation) and enrolled
// with status COMPLETED in a completed cohort, ACTIVE otherwise.
import { createHash } from "node:crypto";
import { getInstrument, isInstrumentCode, PHQ9_SUICIDALITY_ITEM, validateResponses, type InstrumentCode } from "~/domain/instruments";
import { signalPriorityRank } from "~/domain/safety";
import {
  addDaysToLocalDate,
  cohortEndDate,
  expandTemplate,
  isValidLocalDate,
  startOfLocalDay,
  type MeasureTimepoint,
} from "~/domain/scheduling";
import { readProgramDefinition, readValidProgramDefinition } from "~/domain/scheduling/programDefinition";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { inChunks, insertRows } from "~/utils/bulk.server";
import { CsvSyntaxError, parseCsv } from "~/utils/csv";
import { dbReady, type Db, type Tx } from "~/utils/db.server";
import {
  expectedAssessmentChanges,
  loadMeasureState,
  MEASURE_INSTRUMENTS,
  type MeasureAssessment,
  type MeasureCohort,
  MEASURED_ENROLLMENT_STATUSES,
  phq9SignalOf,
  scoreResponses,
  timepointDueDatesOf,
  todayIn,
} from "./assessment.server";
import type { Actor } from "./kernel.server";

export const REQUIRED_COLUMNS = ["participant_code", "cohort", "timepoint", "instrument", "completed_on"] as const;
export const MAX_IMPORT_ROWS = 20_000;

/** The enrollments of these participants in these cohorts, each with its completed questionnaires. */
async function enrollmentsOf(client: Db, participantIds: string[], cohortIds: Set<string>) {
  const enrollments = (
    await inChunks(participantIds, (ids) =>
      client.enrollment.findMany({ where: { participantId: { in: ids } }, select: { id: true, participantId: true, cohortId: true } }),
    )
  ).filter((e) => cohortIds.has(e.cohortId));
  const completed = await inChunks(
    enrollments.map((e) => e.id),
    (ids) =>
      client.assessment.findMany({
        where: { enrollmentId: { in: ids }, status: "COMPLETED" },
        select: { enrollmentId: true, timepointKey: true, instrumentCode: true },
      }),
  );
  const byEnrollment = new Map<string, { timepointKey: string; instrumentCode: string }[]>();
  for (const a of completed) {
    const list = byEnrollment.get(a.enrollmentId);
    if (list) list.push(a);
    else byEnrollment.set(a.enrollmentId, [a]);
  }
  return enrollments.map((e) => ({ ...e, assessments: byEnrollment.get(e.id) ?? [] }));
}

export type ImportError = { line: number; message: string };
export type ImportRow = {
  line: number;
  participantCode: string;
  cohortName: string;
  timepointKey: string;
  instrumentCode: InstrumentCode;
  completedOn: string;
  responses: number[];
  summary: string;
};
export type ImportInput = { csvText: string; fileName: string; program: { id?: string; name?: string }; createMissing: boolean };
export type ImportPreview = {
  ok: boolean;
  duplicate: boolean;
  fileHash: string;
  programName: string | null;
  rows: ImportRow[];
  errors: ImportError[];
  newCohorts: string[];
  newParticipants: string[];
  newEnrollments: number;
};

export function fileHashOf(text: string) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

type Scored = ReturnType<typeof scoreResponses>;
type Checked = { preview: ImportPreview; program: ProgramWithVersion | null; scored: Scored[] };

/** Validates a file against the database without writing anything. */
export async function previewImport(input: ImportInput): Promise<ImportPreview> {
  return (await checkImport(input)).preview;
}

/** The preview, the program and, for each valid row, its scores (what the commit writes). */
async function checkImport(input: ImportInput): Promise<Checked> {
  const db = await dbReady();
  const fileHash = fileHashOf(input.csvText);
  const base: ImportPreview = {
    ok: false,
    duplicate: false,
    fileHash,
    programName: null,
    rows: [],
    errors: [],
    newCohorts: [],
    newParticipants: [],
    newEnrollments: 0,
  };
  const fail = (program: ProgramWithVersion | null, errors: ImportError[]): Checked => ({
    preview: { ...base, errors },
    program,
    scored: [],
  });
  const program = input.program.id
    ? await db.program.findUnique({ where: { id: input.program.id }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } })
    : await db.program.findUnique({
        where: { name: input.program.name ?? "" },
        include: { versions: { orderBy: { version: "desc" }, take: 1 } },
      });
  if (!program || program.versions.length === 0)
    return fail(null, [{ line: 0, message: `Unknown program ${JSON.stringify(input.program.name ?? input.program.id ?? "")}.` }]);
  base.programName = program.name;
  const previous = await db.importBatch.findUnique({ where: { fileHash } });
  if (previous) {
    return {
      program,
      scored: [],
      preview: {
        ...base,
        duplicate: true,
        errors: [
          {
            line: 0,
            message: `This file was already imported on ${previous.createdAt.toISOString().slice(0, 10)} (${previous.fileName}, ${previous.rowCount} rows). Nothing was written.`,
          },
        ],
      },
    };
  }
  let records;
  try {
    records = parseCsv(input.csvText);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return fail(program, [{ line: e.line, message: e.message }]);
    throw e;
  }
  if (records.length < 2)
    return fail(program, [{ line: 1, message: "The file has no data rows (the first line must be the column names)." }]);
  if (records.length - 1 > MAX_IMPORT_ROWS)
    return fail(program, [{ line: 1, message: `Import at most ${MAX_IMPORT_ROWS} rows per file.` }]);
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const col = new Map(header.map((h, i) => [h, i]));
  const missingCols = REQUIRED_COLUMNS.filter((c) => !col.has(c));
  if (missingCols.length) return fail(program, [{ line: records[0].line, message: `Missing column(s): ${missingCols.join(", ")}.` }]);
  const badCols = header.filter((h) => !(REQUIRED_COLUMNS as readonly string[]).includes(h) && !/^item_\d+$/.test(h));
  if (badCols.length) return fail(program, [{ line: records[0].line, message: `Unknown column(s): ${badCols.join(", ")}.` }]);

  const latestPlan = planOf(program.versions[0].definition);
  const dataRows = records.slice(1);
  const get = (f: string[], name: string) => (f[col.get(name)!] ?? "").trim();
  const codes = [...new Set(dataRows.map((r) => get(r.fields, "participant_code")))];
  const cohortNames = [...new Set(dataRows.map((r) => get(r.fields, "cohort")))];
  const participants = new Map(
    (await inChunks(codes, (c) => db.participant.findMany({ where: { code: { in: c } }, select: { id: true, code: true } }))).map((p) => [
      p.code,
      p,
    ]),
  );
  const cohorts = new Map(
    (
      await inChunks(cohortNames, (c) =>
        db.cohort.findMany({ where: { name: { in: c } }, include: { programVersion: true, program: true } }),
      )
    ).map((c) => [c.name, c]),
  );
  const codeOf = new Map([...participants.values()].map((p) => [p.id, p.code]));
  const cohortNameOf = new Map([...cohorts.values()].map((c) => [c.id, c.name]));
  const enrollments = await enrollmentsOf(db, [...codeOf.keys()], new Set(cohortNameOf.keys()));
  const enrollmentKey = (code: string, cohort: string) => `${code}\u0000${cohort}`;
  const enrolled = new Map(enrollments.map((e) => [enrollmentKey(codeOf.get(e.participantId)!, cohortNameOf.get(e.cohortId)!), e]));

  // Per file, not per row: the item columns, and for each instrument its columns' positions.
  const itemColumns = [...col]
    .map(([name, index]) => ({ name, index, m: /^item_(\d+)$/.exec(name) }))
    .filter((c) => c.m)
    .map((c) => ({ name: c.name, index: c.index, number: Number(c.m![1]) }));
  const instrumentColumns = new Map<
    InstrumentCode,
    { def: ReturnType<typeof getInstrument>; missingCols: string[]; itemIndex: (number | undefined)[] }
  >();
  const columnsOf = (code: InstrumentCode) => {
    let c = instrumentColumns.get(code);
    if (!c) {
      const def = getInstrument(code);
      c = {
        def,
        missingCols: def.items.filter((i) => !col.has(`item_${i.number}`)).map((i) => `item_${i.number}`),
        itemIndex: def.items.map((i) => col.get(`item_${i.number}`)),
      };
      instrumentColumns.set(code, c);
    }
    return c;
  };

  const errors: ImportError[] = [];
  const rows: ImportRow[] = [];
  const scored: Scored[] = [];
  const seen = new Map<string, number>();
  const newCohorts = new Set<string>();
  const newParticipants = new Set<string>();
  const newEnrollments = new Set<string>();
  for (const r of dataRows) {
    const f = r.fields;
    const line = r.line;
    const rowErrors: string[] = [];
    if (f.length > header.length && f.slice(header.length).some((x) => x.trim() !== ""))
      rowErrors.push(`has ${f.length} fields but the header has ${header.length}`);
    const code = get(f, "participant_code");
    const cohortName = get(f, "cohort");
    const tpKey = get(f, "timepoint");
    const instrument = get(f, "instrument").toUpperCase();
    const completedOn = get(f, "completed_on");
    if (!code) rowErrors.push("participant_code is empty");
    if (!cohortName) rowErrors.push("cohort is empty");
    if (!isValidLocalDate(completedOn))
      rowErrors.push(`completed_on ${JSON.stringify(completedOn)} is not a date between 1900 and 2100 (YYYY-MM-DD)`);
    const isKnownInstrument = (MEASURE_INSTRUMENTS as readonly string[]).includes(instrument) && isInstrumentCode(instrument);
    if (!isKnownInstrument) rowErrors.push(`unknown instrument ${JSON.stringify(instrument)} (use ${MEASURE_INSTRUMENTS.join(", ")})`);

    const cohort = cohorts.get(cohortName);
    if (cohortName && !cohort) {
      if (input.createMissing) newCohorts.add(cohortName);
      else rowErrors.push(`unknown cohort ${JSON.stringify(cohortName)} (use --create-missing / "Create missing" to create it)`);
    }
    if (cohort && cohort.programId !== program.id)
      rowErrors.push(`cohort ${JSON.stringify(cohortName)} belongs to program "${cohort.program.name}", not "${program.name}"`);
    const plan = cohort ? planOf(cohort.programVersion.definition) : latestPlan;
    const tp = plan.find((t) => t.key === tpKey);
    if (!tp) rowErrors.push(`unknown timepoint ${JSON.stringify(tpKey)} (the measure plan has ${plan.map((t) => t.key).join(", ")})`);
    else if (isKnownInstrument && !tp.instruments.includes(instrument))
      rowErrors.push(`${instrument} is not measured at timepoint ${tpKey}`);

    if (code && !participants.has(code)) {
      if (input.createMissing) newParticipants.add(code);
      else rowErrors.push(`unknown participant ${JSON.stringify(code)}`);
    }
    const enrollment = enrolled.get(enrollmentKey(code, cohortName));
    if (code && cohortName && !enrollment) {
      if (input.createMissing) newEnrollments.add(enrollmentKey(code, cohortName));
      else if (participants.has(code) && cohort) rowErrors.push(`participant ${code} is not enrolled in ${cohortName}`);
    }

    let responses: number[] = [];
    let summary = "";
    let score: Scored | null = null;
    if (isKnownInstrument) {
      const { def, missingCols, itemIndex } = columnsOf(instrument);
      const n = def.items.length;
      const raw: Record<number, unknown> = {};
      if (missingCols.length) rowErrors.push(`${def.shortName} needs column(s) ${missingCols.join(", ")}`);
      for (const [k, i] of def.items.entries()) raw[i.number] = itemIndex[k] === undefined ? "" : (f[itemIndex[k]!] ?? "");
      for (const c of itemColumns) {
        if (c.number > n && (f[c.index] ?? "").trim() !== "") rowErrors.push(`${def.shortName} has ${n} items, but ${c.name} has a value`);
      }
      if (!missingCols.length) {
        const v = validateResponses(def, raw, { requireAll: true });
        if (!v.ok) for (const e of v.errors) rowErrors.push(e.message.replace(/^Item (\d+)/, "item_$1"));
        else {
          responses = def.items.map((i) => v.values[i.number] as number);
          score = scoreResponses(instrument, responses);
          summary = score.scores.scales.map((s) => `${s.key} ${s.value === null ? "—" : Math.round(s.value * 100) / 100}`).join(", ");
        }
      }
      const key = `${code}|${cohortName}|${tpKey}|${instrument}`;
      const first = seen.get(key);
      if (first !== undefined) rowErrors.push(`duplicate of line ${first} (same participant, cohort, timepoint and instrument)`);
      else seen.set(key, line);
      if (enrollment?.assessments.some((a) => a.timepointKey === tpKey && a.instrumentCode === instrument)) {
        rowErrors.push(`${instrument} at ${tpKey} is already completed for ${code} in ${cohortName}`);
      }
    }
    if (rowErrors.length) for (const m of rowErrors) errors.push({ line, message: m });
    else {
      scored.push(score!);
      rows.push({
        line,
        participantCode: code,
        cohortName,
        timepointKey: tpKey,
        instrumentCode: instrument as InstrumentCode,
        completedOn,
        responses,
        summary,
      });
    }
  }
  return {
    program,
    scored,
    preview: {
      ...base,
      ok: errors.length === 0,
      rows,
      errors,
      newCohorts: [...newCohorts],
      newParticipants: [...newParticipants],
      newEnrollments: newEnrollments.size,
    },
  };
}

function planOf(definition: string): MeasureTimepoint[] {
  return readProgramDefinition(definition).measurePlan;
}

/** Validates again and, when everything is valid, writes the whole file in one transaction. */
export async function commitImport(actor: Actor | null, meta: RequestMeta, input: ImportInput & { actorLabel?: string }) {
  const { preview, program, scored } = await checkImport(input);
  if (!preview.ok || !program) return { ...preview, batchId: null as string | null };
  const db = await dbReady();
  const batchId = await db.$transaction(
    async (tx) => {
      const batch = await tx.importBatch.create({
        data: {
          fileName: input.fileName.slice(0, 200),
          fileHash: preview.fileHash,
          programId: program.id,
          rowCount: preview.rows.length,
          importedById: actor?.id ?? null,
        },
      });
      await createMissing(tx, preview, program, actor);
      await writeRows(tx, preview.rows, scored, batch.id);
      await audit(tx, {
        actor,
        actorLabel: input.actorLabel,
        action: "measure.import",
        entityType: "ImportBatch",
        entityId: batch.id,
        summary:
          `Imported ${preview.rows.length} questionnaire(s) from ${input.fileName} into ${program.name}` +
          (preview.newCohorts.length || preview.newParticipants.length
            ? ` (created ${preview.newCohorts.length} cohort(s), ${preview.newParticipants.length} participant(s))`
            : ""),
        details: {
          fileHash: preview.fileHash,
          rows: preview.rows.length,
          newCohorts: preview.newCohorts,
          newParticipants: preview.newParticipants.length,
        },
        ...meta,
      });
      return batch.id;
    },
    { timeout: 120_000, maxWait: 20_000 },
  );
  return { ...preview, batchId };
}

type ProgramWithVersion = { id: string; name: string; versions: { id: string; definition: string }[] };

async function createMissing(tx: Tx, preview: ImportPreview, program: ProgramWithVersion, actor: Actor | null) {
  if (!preview.newCohorts.length && !preview.newParticipants.length && !preview.newEnrollments) return;
  const version = program.versions[0];
  const template = readValidProgramDefinition(version.definition);
  const now = new Date();
  // Id and status of each cohort of the file: the new ones, then those that existed.
  const cohorts = new Map<string, { id: string; status: string }>();
  if (preview.newCohorts.length) {
    const site =
      (await tx.site.findFirst({ where: { active: true }, orderBy: { createdAt: "asc" } })) ??
      (await tx.site.upsert({ where: { name: "Imported" }, create: { name: "Imported", timeZone: "UTC" }, update: {} }));
    const rowsOf = new Map<string, { startDate: string; count: number }>();
    for (const r of preview.rows) {
      const c = rowsOf.get(r.cohortName);
      if (!c) rowsOf.set(r.cohortName, { startDate: r.completedOn, count: 1 });
      else {
        c.count += 1;
        if (r.completedOn < c.startDate) c.startDate = r.completedOn;
      }
    }
    const today = todayIn(site.timeZone, now);
    const planned = preview.newCohorts.map((name) => {
      const { startDate, count } = rowsOf.get(name)!;
      const sessions = expandTemplate({ template, startDate, timeZone: site.timeZone });
      const endDate = cohortEndDate(sessions, site.timeZone) ?? startDate;
      const completed = endDate < today;
      return {
        sessions,
        data: {
          name,
          programId: program.id,
          programVersionId: version.id,
          startDate,
          endDate,
          timeZone: site.timeZone,
          siteId: site.id,
          capacity: Math.max(template.defaultCapacity, count),
          status: completed ? "COMPLETED" : "ACTIVE",
        },
      };
    });
    const ids = await insertRows(
      tx,
      "Cohort",
      planned.map((p) => p.data),
      ["createdAt", "updatedAt"],
    );
    planned.forEach((p, i) => cohorts.set(p.data.name, { id: ids[i], status: p.data.status }));
    await insertRows(
      tx,
      "GroupSession",
      planned.flatMap((p, i) =>
        p.sessions.map((s) => ({
          cohortId: ids[i],
          planIndex: s.index,
          kind: s.kind,
          title: s.title,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          requiredStaff: JSON.stringify(s.requiredStaff),
          route: s.route ?? null,
          status: s.endsAt.getTime() < now.getTime() ? "COMPLETED" : "SCHEDULED",
        })),
      ),
      ["createdAt", "updatedAt"],
    );
  }
  const newParticipantIds = new Map<string, string>();
  if (preview.newParticipants.length) {
    const ids = await insertRows(
      tx,
      "Participant",
      preview.newParticipants.map((code) => ({
        code,
        firstName: "Imported",
        lastName: code,
        dateOfBirth: "",
        sex: "UNKNOWN",
        occupation: "OTHER",
      })),
      ["createdAt", "updatedAt"],
    );
    preview.newParticipants.forEach((code, i) => newParticipantIds.set(code, ids[i]));
  }
  const pairs = [...new Set(preview.rows.map((r) => `${r.participantCode}\u0000${r.cohortName}`))].map(
    (k) => k.split("\u0000") as [string, string],
  );
  // Ids of the participants and cohorts that existed before, and which of those pairs are enrolled already.
  const participants = new Map(newParticipantIds);
  const knownCodes = [...new Set(pairs.map((p) => p[0]))].filter((c) => !participants.has(c));
  for (const p of await inChunks(knownCodes, (codes) =>
    tx.participant.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } }),
  ))
    participants.set(p.code, p.id);
  const knownNames = [...new Set(pairs.map((p) => p[1]))].filter((n) => !cohorts.has(n));
  for (const c of await inChunks(knownNames, (names) =>
    tx.cohort.findMany({ where: { name: { in: names } }, select: { id: true, name: true, status: true } }),
  ))
    cohorts.set(c.name, { id: c.id, status: c.status });
  const existingCohortIds = new Set(knownNames.map((n) => cohorts.get(n)!.id));
  const have = new Set(
    (
      await inChunks(
        [...new Set(pairs.filter((p) => existingCohortIds.has(cohorts.get(p[1])!.id)).map((p) => participants.get(p[0])!))],
        (ids) => tx.enrollment.findMany({ where: { participantId: { in: ids } }, select: { participantId: true, cohortId: true } }),
      )
    ).map((e) => `${e.participantId}|${e.cohortId}`),
  );
  const toCreate = pairs
    .map(([code, name]) => ({ participantId: participants.get(code)!, cohort: cohorts.get(name)! }))
    .filter((p) => !have.has(`${p.participantId}|${p.cohort.id}`))
    .map((p) => ({
      participantId: p.participantId,
      cohortId: p.cohort.id,
      status: p.cohort.status === "COMPLETED" ? "COMPLETED" : "ACTIVE",
      statusReason: "Created by measure import",
    }));
  if (toCreate.length) {
    const ids = await insertRows(tx, "Enrollment", toCreate, ["createdAt", "updatedAt"]);
    await insertRows(
      tx,
      "EnrollmentStatusChange",
      toCreate.map((e, i) => ({
        enrollmentId: ids[i],
        fromStatus: null,
        toStatus: e.status,
        reason: "Created by measure import",
        changedById: actor?.id ?? null,
      })),
      ["changedAt"],
    );
  }
}
/**
 * Writes the rows into their enrollments, then what `syncExpectedAssessments` would add for
 * each cohort of the file (imported enrollments expect the rest of the measure plan as
 * well), computed on the state just written rather than read back, and last the PHQ-9
 * item 9 safety signals.
 */
async function writeRows(tx: Tx, rows: ImportRow[], scored: Scored[], batchId: string) {
  const participants = new Map(
    (
      await inChunks([...new Set(rows.map((r) => r.participantCode))], (codes) =>
        tx.participant.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } }),
      )
    ).map((p) => [p.code, p.id]),
  );
  const cohortIds = new Map(
    (
      await inChunks([...new Set(rows.map((r) => r.cohortName))], (names) =>
        tx.cohort.findMany({ where: { name: { in: names } }, select: { id: true, name: true } }),
      )
    ).map((c) => [c.name, c.id]),
  );
  const { cohorts, enrollments } = await loadMeasureState(tx, [...new Set(cohortIds.values())]);
  const enrollmentOf = new Map(enrollments.map((e) => [`${e.participantId}|${e.cohortId}`, e]));
  const dueDates = new Map<string, ReturnType<typeof timepointDueDatesOf>>();
  const dueOf = (c: MeasureCohort) => {
    let d = dueDates.get(c.id);
    if (!d) dueDates.set(c.id, (d = timepointDueDatesOf(c)));
    return d;
  };
  const completedAt = new Date();
  const creates: Record<string, unknown>[] = [];
  const created: MeasureAssessment[] = [];
  const signals: { participantId: string; cohortId: string; assessment: MeasureAssessment; responses: number[] }[] = [];
  for (const [i, r] of rows.entries()) {
    const e = enrollmentOf.get(`${participants.get(r.participantCode)}|${cohortIds.get(r.cohortName)}`)!;
    const cohort = cohorts.get(e.cohortId)!;
    const { scores, scaleValues, scoringVersion } = scored[i];
    const data = {
      status: "COMPLETED",
      completedOn: r.completedOn,
      completedAt,
      source: "IMPORT",
      responses: JSON.stringify(r.responses),
      scores: JSON.stringify(scores),
      scaleValues,
      scoringVersion,
      importBatchId: batchId,
    };
    let assessment = e.assessments.find((a) => a.timepointKey === r.timepointKey && a.instrumentCode === r.instrumentCode);
    if (assessment) {
      const res = await tx.assessment.updateMany({
        where: { id: assessment.id, status: { not: "COMPLETED" } },
        data: { ...data, draftResponses: null, version: { increment: 1 } },
      });
      if (res.count !== 1)
        throw new Error(`Line ${r.line}: ${r.instrumentCode} at ${r.timepointKey} was completed meanwhile; nothing was imported.`);
      assessment.status = "COMPLETED";
    } else {
      // No anchor session: the row's own completion date stands in for the due date.
      const d = dueOf(cohort).find((t) => t.tp.key === r.timepointKey)?.due;
      const tz = cohort.timeZone;
      assessment = {
        id: "",
        timepointKey: r.timepointKey,
        instrumentCode: r.instrumentCode,
        status: "COMPLETED",
        dueDate: d?.dueDate ?? r.completedOn,
        windowOpens: d?.windowOpens ?? startOfLocalDay(r.completedOn, tz),
        windowCloses: d?.windowCloses ?? startOfLocalDay(addDaysToLocalDate(r.completedOn, 1), tz),
      };
      e.assessments.push(assessment);
      created.push(assessment);
      creates.push({
        enrollmentId: e.id,
        timepointKey: r.timepointKey,
        instrumentCode: r.instrumentCode,
        dueDate: assessment.dueDate,
        windowOpens: assessment.windowOpens,
        windowCloses: assessment.windowCloses,
        ...data,
      });
    }
    if (r.instrumentCode === "PHQ9" && r.responses[PHQ9_SUICIDALITY_ITEM - 1] >= 1) {
      signals.push({ participantId: e.participantId, cohortId: e.cohortId, assessment, responses: r.responses });
    }
  }
  const ids = await insertRows(tx, "Assessment", creates, ["createdAt", "updatedAt"]);
  created.forEach((a, i) => (a.id = ids[i]));

  const measured = new Map<string, typeof enrollments>();
  for (const e of enrollments) {
    if (!(MEASURED_ENROLLMENT_STATUSES as readonly string[]).includes(e.status)) continue;
    const list = measured.get(e.cohortId);
    if (list) list.push(e);
    else measured.set(e.cohortId, [e]);
  }
  const expected: Record<string, unknown>[] = [];
  for (const c of cohorts.values()) {
    const { toCreate, toUpdate } = expectedAssessmentChanges(c, measured.get(c.id) ?? [], dueOf(c));
    for (const a of toCreate) expected.push(a);
    for (const u of toUpdate) {
      // As in syncExpectedAssessments: only rows still EXPECTED.
      await tx.assessment.updateMany({
        where: { id: u.id, status: "EXPECTED" },
        data: { dueDate: u.dueDate, windowOpens: u.windowOpens, windowCloses: u.windowCloses },
      });
    }
  }
  await insertRows(tx, "Assessment", expected, ["createdAt", "updatedAt"]);

  // The same signal raisePhq9SignalIfNeeded stores, in bulk (stored priority as a rank).
  await insertRows(
    tx,
    "SafetySignal",
    signals.map((s) => {
      const { priority, ...signal } = phq9SignalOf({
        assessmentId: s.assessment.id,
        participantId: s.participantId,
        cohortId: s.cohortId,
        responses: s.responses,
        source: "IMPORT",
      })!;
      return { ...signal, priority: signalPriorityRank(priority) };
    }),
    ["createdAt"],
  );
}

/** A template CSV header for a program's instruments (the widest instrument sets the item columns). */
export function templateHeader() {
  const maxItems = Math.max(...MEASURE_INSTRUMENTS.map((c) => getInstrument(c).items.length));
  return [...REQUIRED_COLUMNS, ...Array.from({ length: maxItems }, (_, i) => `item_${i + 1}`)];
}
