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
import {
  addDaysToLocalDate,
  cohortEndDate,
  computeTimepointDueDates,
  expandTemplate,
  isValidLocalDate,
  startOfLocalDay,
  type MeasureTimepoint,
  type ProgramTemplate,
} from "~/domain/scheduling";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, type Tx } from "~/utils/db.server";
import { MEASURE_INSTRUMENTS, scoreResponses, syncExpectedAssessments, todayIn, type Actor } from "./assessment.server";
import { CsvSyntaxError, parseCsv } from "./measureCsv";

export const REQUIRED_COLUMNS = ["participant_code", "cohort", "timepoint", "instrument", "completed_on"] as const;
export const MAX_IMPORT_ROWS = 20_000;

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

/** Validates a file against the database without writing anything. */
export async function previewImport(input: ImportInput): Promise<ImportPreview> {
  const db = await dbReady();
  const fileHash = fileHashOf(input.csvText);
  const base: ImportPreview = { ok: false, duplicate: false, fileHash, programName: null, rows: [], errors: [], newCohorts: [], newParticipants: [], newEnrollments: 0 };
  const program = input.program.id
    ? await db.program.findUnique({ where: { id: input.program.id }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } })
    : await db.program.findUnique({ where: { name: input.program.name ?? "" }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
  if (!program || program.versions.length === 0) return { ...base, errors: [{ line: 0, message: `Unknown program ${JSON.stringify(input.program.name ?? input.program.id ?? "")}.` }] };
  base.programName = program.name;
  const previous = await db.importBatch.findUnique({ where: { fileHash } });
  if (previous) {
    return { ...base, duplicate: true, errors: [{ line: 0, message: `This file was already imported on ${previous.createdAt.toISOString().slice(0, 10)} (${previous.fileName}, ${previous.rowCount} rows). Nothing was written.` }] };
  }
  let records;
  try {
    records = parseCsv(input.csvText);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { ...base, errors: [{ line: e.line, message: e.message }] };
    throw e;
  }
  if (records.length < 2) return { ...base, errors: [{ line: 1, message: "The file has no data rows (the first line must be the column names)." }] };
  if (records.length - 1 > MAX_IMPORT_ROWS) return { ...base, errors: [{ line: 1, message: `Import at most ${MAX_IMPORT_ROWS} rows per file.` }] };
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const col = new Map(header.map((h, i) => [h, i]));
  const missingCols = REQUIRED_COLUMNS.filter((c) => !col.has(c));
  if (missingCols.length) return { ...base, errors: [{ line: records[0].line, message: `Missing column(s): ${missingCols.join(", ")}.` }] };
  const badCols = header.filter((h) => !(REQUIRED_COLUMNS as readonly string[]).includes(h) && !/^item_\d+$/.test(h));
  if (badCols.length) return { ...base, errors: [{ line: records[0].line, message: `Unknown column(s): ${badCols.join(", ")}.` }] };

  const latestPlan = planOf(program.versions[0].definition);
  const dataRows = records.slice(1);
  const get = (f: string[], name: string) => (f[col.get(name)!] ?? "").trim();
  const codes = [...new Set(dataRows.map((r) => get(r.fields, "participant_code")))];
  const cohortNames = [...new Set(dataRows.map((r) => get(r.fields, "cohort")))];
  const participants = new Map((await db.participant.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } })).map((p) => [p.code, p]));
  const cohorts = new Map(
    (await db.cohort.findMany({ where: { name: { in: cohortNames } }, include: { programVersion: true, program: true } })).map((c) => [c.name, c]),
  );
  const enrollments = await db.enrollment.findMany({
    where: { participant: { code: { in: codes } }, cohort: { name: { in: cohortNames } } },
    select: { id: true, participant: { select: { code: true } }, cohort: { select: { name: true } }, assessments: { where: { status: "COMPLETED" }, select: { timepointKey: true, instrumentCode: true } } },
  });
  const enrollmentKey = (code: string, cohort: string) => `${code}\u0000${cohort}`;
  const enrolled = new Map(enrollments.map((e) => [enrollmentKey(e.participant.code, e.cohort.name), e]));

  const errors: ImportError[] = [];
  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  const newCohorts = new Set<string>();
  const newParticipants = new Set<string>();
  const newEnrollments = new Set<string>();
  for (const r of dataRows) {
    const f = r.fields;
    const line = r.line;
    const rowErrors: string[] = [];
    if (f.length > header.length && f.slice(header.length).some((x) => x.trim() !== "")) rowErrors.push(`has ${f.length} fields but the header has ${header.length}`);
    const code = get(f, "participant_code");
    const cohortName = get(f, "cohort");
    const tpKey = get(f, "timepoint");
    const instrument = get(f, "instrument").toUpperCase();
    const completedOn = get(f, "completed_on");
    if (!code) rowErrors.push("participant_code is empty");
    if (!cohortName) rowErrors.push("cohort is empty");
    if (!isValidLocalDate(completedOn)) rowErrors.push(`completed_on ${JSON.stringify(completedOn)} is not a date between 1900 and 2100 (YYYY-MM-DD)`);
    const isKnownInstrument = (MEASURE_INSTRUMENTS as readonly string[]).includes(instrument) && isInstrumentCode(instrument);
    if (!isKnownInstrument) rowErrors.push(`unknown instrument ${JSON.stringify(instrument)} (use ${MEASURE_INSTRUMENTS.join(", ")})`);

    const cohort = cohorts.get(cohortName);
    if (cohortName && !cohort) {
      if (input.createMissing) newCohorts.add(cohortName);
      else rowErrors.push(`unknown cohort ${JSON.stringify(cohortName)} (use --create-missing / "Create missing" to create it)`);
    }
    if (cohort && cohort.programId !== program.id) rowErrors.push(`cohort ${JSON.stringify(cohortName)} belongs to program "${cohort.program.name}", not "${program.name}"`);
    const plan = cohort ? planOf(cohort.programVersion.definition) : latestPlan;
    const tp = plan.find((t) => t.key === tpKey);
    if (!tp) rowErrors.push(`unknown timepoint ${JSON.stringify(tpKey)} (the measure plan has ${plan.map((t) => t.key).join(", ")})`);
    else if (isKnownInstrument && !tp.instruments.includes(instrument)) rowErrors.push(`${instrument} is not measured at timepoint ${tpKey}`);

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
    if (isKnownInstrument) {
      const def = getInstrument(instrument);
      const n = def.items.length;
      const raw: Record<number, unknown> = {};
      const missingCols = def.items.filter((i) => !col.has(`item_${i.number}`)).map((i) => `item_${i.number}`);
      if (missingCols.length) rowErrors.push(`${def.shortName} needs column(s) ${missingCols.join(", ")}`);
      for (const i of def.items) raw[i.number] = col.has(`item_${i.number}`) ? (f[col.get(`item_${i.number}`)!] ?? "") : "";
      for (const [h, idx] of col) {
        const m = /^item_(\d+)$/.exec(h);
        if (m && Number(m[1]) > n && (f[idx] ?? "").trim() !== "") rowErrors.push(`${def.shortName} has ${n} items, but ${h} has a value`);
      }
      if (!missingCols.length) {
        const v = validateResponses(def, raw, { requireAll: true });
        if (!v.ok) for (const e of v.errors) rowErrors.push(e.message.replace(/^Item (\d+)/, "item_$1"));
        else {
          responses = def.items.map((i) => v.values[i.number] as number);
          summary = scoreResponses(instrument, responses).scores.scales.map((s) => `${s.key} ${s.value === null ? "—" : Math.round(s.value * 100) / 100}`).join(", ");
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
    else rows.push({ line, participantCode: code, cohortName, timepointKey: tpKey, instrumentCode: instrument as InstrumentCode, completedOn, responses, summary });
  }
  return {
    ...base,
    ok: errors.length === 0,
    rows,
    errors,
    newCohorts: [...newCohorts],
    newParticipants: [...newParticipants],
    newEnrollments: newEnrollments.size,
  };
}

function planOf(definition: string): MeasureTimepoint[] {
  try {
    return (JSON.parse(definition) as ProgramTemplate).measurePlan ?? [];
  } catch {
    return [];
  }
}

/** Validates again and, when everything is valid, writes the whole file in one transaction. */
export async function commitImport(actor: Actor | null, meta: RequestMeta, input: ImportInput & { actorLabel?: string }) {
  const preview = await previewImport(input);
  if (!preview.ok) return { ...preview, batchId: null as string | null };
  const db = await dbReady();
  const program = input.program.id
    ? await db.program.findUniqueOrThrow({ where: { id: input.program.id }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } })
    : await db.program.findUniqueOrThrow({ where: { name: input.program.name! }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
  const batchId = await db.$transaction(
    async (tx) => {
      const batch = await tx.importBatch.create({
        data: { fileName: input.fileName.slice(0, 200), fileHash: preview.fileHash, programId: program.id, rowCount: preview.rows.length, importedById: actor?.id ?? null },
      });
      await createMissing(tx, preview, program, actor);
      await writeRows(tx, preview.rows, batch.id);
      // Imported enrollments expect the rest of the measure plan as well.
      const cohortNames = [...new Set(preview.rows.map((r) => r.cohortName))];
      for (const c of await tx.cohort.findMany({ where: { name: { in: cohortNames } }, select: { id: true } })) await syncExpectedAssessments(c.id, tx);
      await audit(tx, {
        actor,
        actorLabel: input.actorLabel,
        action: "measure.import",
        entityType: "ImportBatch",
        entityId: batch.id,
        summary: `Imported ${preview.rows.length} questionnaire(s) from ${input.fileName} into ${program.name}` +
          (preview.newCohorts.length || preview.newParticipants.length ? ` (created ${preview.newCohorts.length} cohort(s), ${preview.newParticipants.length} participant(s))` : ""),
        details: { fileHash: preview.fileHash, rows: preview.rows.length, newCohorts: preview.newCohorts, newParticipants: preview.newParticipants.length },
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
  const template = JSON.parse(version.definition) as ProgramTemplate;
  const now = new Date();
  if (preview.newCohorts.length) {
    const site =
      (await tx.site.findFirst({ where: { active: true }, orderBy: { createdAt: "asc" } })) ??
      (await tx.site.upsert({ where: { name: "Imported" }, create: { name: "Imported", timeZone: "UTC" }, update: {} }));
    for (const name of preview.newCohorts) {
      const startDate = preview.rows.filter((r) => r.cohortName === name).map((r) => r.completedOn).sort()[0];
      const sessions = expandTemplate({ template, startDate, timeZone: site.timeZone });
      const endDate = cohortEndDate(sessions, site.timeZone) ?? startDate;
      const completed = endDate < todayIn(site.timeZone, now);
      const cohort = await tx.cohort.create({
        data: {
          name,
          programId: program.id,
          programVersionId: version.id,
          startDate,
          endDate,
          timeZone: site.timeZone,
          siteId: site.id,
          capacity: Math.max(template.defaultCapacity, preview.rows.filter((r) => r.cohortName === name).length),
          status: completed ? "COMPLETED" : "ACTIVE",
        },
      });
      await tx.groupSession.createMany({
        data: sessions.map((s) => ({
          cohortId: cohort.id,
          planIndex: s.index,
          kind: s.kind,
          title: s.title,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          requiredStaff: JSON.stringify(s.requiredStaff),
          route: s.route ?? null,
          status: s.endsAt.getTime() < now.getTime() ? "COMPLETED" : "SCHEDULED",
        })),
      });
    }
  }
  if (preview.newParticipants.length) {
    await tx.participant.createMany({
      data: preview.newParticipants.map((code) => ({ code, firstName: "Imported", lastName: code, dateOfBirth: "", sex: "UNKNOWN", occupation: "OTHER" })),
    });
  }
  const pairs = [...new Set(preview.rows.map((r) => `${r.participantCode}\u0000${r.cohortName}`))].map((k) => k.split("\u0000") as [string, string]);
  const participants = new Map((await tx.participant.findMany({ where: { code: { in: pairs.map((p) => p[0]) } }, select: { id: true, code: true } })).map((p) => [p.code, p.id]));
  const cohorts = new Map((await tx.cohort.findMany({ where: { name: { in: pairs.map((p) => p[1]) } }, select: { id: true, name: true, status: true } })).map((c) => [c.name, c]));
  const existing = await tx.enrollment.findMany({ where: { participantId: { in: [...participants.values()] }, cohortId: { in: [...cohorts.values()].map((c) => c.id) } }, select: { participantId: true, cohortId: true } });
  const have = new Set(existing.map((e) => `${e.participantId}|${e.cohortId}`));
  const toCreate = pairs
    .map(([code, name]) => ({ participantId: participants.get(code)!, cohort: cohorts.get(name)! }))
    .filter((p) => !have.has(`${p.participantId}|${p.cohort.id}`))
    .map((p) => ({ participantId: p.participantId, cohortId: p.cohort.id, status: p.cohort.status === "COMPLETED" ? "COMPLETED" : "ACTIVE", statusReason: "Created by measure import" }));
  if (toCreate.length) {
    await tx.enrollment.createMany({ data: toCreate });
    const created = await tx.enrollment.findMany({ where: { OR: toCreate.map((e) => ({ participantId: e.participantId, cohortId: e.cohortId })) }, select: { id: true, status: true } });
    await tx.enrollmentStatusChange.createMany({ data: created.map((e) => ({ enrollmentId: e.id, fromStatus: null, toStatus: e.status, reason: "Created by measure import", changedById: actor?.id ?? null })) });
  }
}

async function writeRows(tx: Tx, rows: ImportRow[], batchId: string) {
  const enrollments = await tx.enrollment.findMany({
    where: { participant: { code: { in: [...new Set(rows.map((r) => r.participantCode))] } }, cohort: { name: { in: [...new Set(rows.map((r) => r.cohortName))] } } },
    include: {
      participant: { select: { code: true } },
      cohort: { include: { programVersion: true, sessions: { select: { planIndex: true, startsAt: true, endsAt: true, status: true } } } },
      assessments: { select: { id: true, timepointKey: true, instrumentCode: true, status: true } },
    },
  });
  const byKey = new Map(enrollments.map((e) => [`${e.participant.code}\u0000${e.cohort.name}`, e]));
  const dueCache = new Map<string, Map<string, { dueDate: string; windowOpens: Date; windowCloses: Date }>>();
  const dueFor = (e: (typeof enrollments)[number]) => {
    let m = dueCache.get(e.cohortId);
    if (!m) {
      m = new Map();
      const sessions = e.cohort.sessions.map((s) => ({ index: s.planIndex, startsAt: s.startsAt, endsAt: s.endsAt, status: s.status }));
      for (const tp of planOf(e.cohort.programVersion.definition)) {
        try {
          const d = computeTimepointDueDates([tp], sessions, e.cohort.startDate, e.cohort.timeZone)[0];
          m.set(tp.key, d);
        } catch {
          // No anchor session: the row's own completion date stands in for the due date.
        }
      }
      dueCache.set(e.cohortId, m);
    }
    return m;
  };
  const completedAt = new Date();
  const creates = [];
  const signals: { participantId: string; cohortId: string; key: string; item9: number }[] = [];
  for (const r of rows) {
    const e = byKey.get(`${r.participantCode}\u0000${r.cohortName}`)!;
    const { scores, scaleValues, scoringVersion } = scoreResponses(r.instrumentCode, r.responses);
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
    const existing = e.assessments.find((a) => a.timepointKey === r.timepointKey && a.instrumentCode === r.instrumentCode);
    if (existing) {
      const res = await tx.assessment.updateMany({ where: { id: existing.id, status: { not: "COMPLETED" } }, data: { ...data, draftResponses: null, version: { increment: 1 } } });
      if (res.count !== 1) throw new Error(`Line ${r.line}: ${r.instrumentCode} at ${r.timepointKey} was completed meanwhile; nothing was imported.`);
    } else {
      const d = dueFor(e).get(r.timepointKey);
      const tz = e.cohort.timeZone;
      creates.push({
        enrollmentId: e.id,
        timepointKey: r.timepointKey,
        instrumentCode: r.instrumentCode,
        dueDate: d?.dueDate ?? r.completedOn,
        windowOpens: d?.windowOpens ?? startOfLocalDay(r.completedOn, tz),
        windowCloses: d?.windowCloses ?? startOfLocalDay(addDaysToLocalDate(r.completedOn, 1), tz),
        ...data,
      });
    }
    if (r.instrumentCode === "PHQ9" && r.responses[PHQ9_SUICIDALITY_ITEM - 1] >= 1) {
      signals.push({ participantId: e.participantId, cohortId: e.cohortId, key: `${e.id}|${r.timepointKey}`, item9: r.responses[PHQ9_SUICIDALITY_ITEM - 1] });
    }
  }
  for (let i = 0; i < creates.length; i += 500) await tx.assessment.createMany({ data: creates.slice(i, i + 500) });
  if (signals.length) {
    const phq = await tx.assessment.findMany({ where: { importBatchId: batchId, instrumentCode: "PHQ9" }, select: { id: true, enrollmentId: true, timepointKey: true } });
    const ids = new Map(phq.map((a) => [`${a.enrollmentId}|${a.timepointKey}`, a.id]));
    await tx.safetySignal.createMany({
      data: signals.map((s) => ({
        kind: "PHQ9_ITEM9",
        participantId: s.participantId,
        cohortId: s.cohortId,
        sourceType: "Assessment",
        sourceId: ids.get(s.key)!,
        detail: `PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered ${s.item9} (import). Same-day clinician risk assessment needed, whatever the total score.`,
      })),
    });
  }
}

/** A template CSV header for a program's instruments (the widest instrument sets the item columns). */
export function templateHeader() {
  const maxItems = Math.max(...MEASURE_INSTRUMENTS.map((c) => getInstrument(c).items.length));
  return [...REQUIRED_COLUMNS, ...Array.from({ length: maxItems }, (_, i) => `item_${i + 1}`)];
}
