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
import { createHash, randomUUID } from "node:crypto";
import { getInstrument, isInstrumentCode, PHQ9_SUICIDALITY_ITEM, validateResponses, type InstrumentCode } from "~/domain/instruments";
import {
  addDaysToLocalDate,
  cohortEndDate,
  computeTimepointDueDates,
  expandTemplate,
  isValidLocalDate,
  startOfLocalDay,
  type MeasureTimepoint,
} from "~/domain/scheduling";
import { readProgramDefinition, readValidProgramDefinition } from "~/domain/scheduling/programDefinition";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { CsvSyntaxError, parseCsv } from "~/utils/csv";
import { dbReady, type Db, type Tx } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { MEASURE_INSTRUMENTS, scoreResponses, syncExpectedAssessments, todayIn } from "./assessment.server";
import type { Actor } from "./kernel.server";
import { isPostgresUrl } from "../../prisma/adapters";

export const REQUIRED_COLUMNS = ["participant_code", "cohort", "timepoint", "instrument", "completed_on"] as const;
export const MAX_IMPORT_ROWS = 20_000;

// Prisma refuses a SQLite query with more than 999 bound values unless it can split it
// itself (it does for createMany and a lone `in` list, not for a filter with two lists or
// an OR of pairs). A 20,000-row file names thousands of participants, so every lookup by
// a list runs in chunks of this many values, one round trip per chunk, never one per row.
const LOOKUP_CHUNK = 500;

async function inChunks<T, R>(items: readonly T[], read: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += LOOKUP_CHUNK) for (const r of await read(items.slice(i, i + LOOKUP_CHUNK))) out.push(r);
  return out;
}

/** The enrollments of these participants in these cohorts, each with its completed questionnaires. */
async function enrollmentsOf(client: Db | Tx, participantIds: string[], cohortIds: Set<string>) {
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

/** Validates a file against the database without writing anything. */
export async function previewImport(input: ImportInput): Promise<ImportPreview> {
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
  const program = input.program.id
    ? await db.program.findUnique({ where: { id: input.program.id }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } })
    : await db.program.findUnique({
        where: { name: input.program.name ?? "" },
        include: { versions: { orderBy: { version: "desc" }, take: 1 } },
      });
  if (!program || program.versions.length === 0)
    return { ...base, errors: [{ line: 0, message: `Unknown program ${JSON.stringify(input.program.name ?? input.program.id ?? "")}.` }] };
  base.programName = program.name;
  const previous = await db.importBatch.findUnique({ where: { fileHash } });
  if (previous) {
    return {
      ...base,
      duplicate: true,
      errors: [
        {
          line: 0,
          message: `This file was already imported on ${previous.createdAt.toISOString().slice(0, 10)} (${previous.fileName}, ${previous.rowCount} rows). Nothing was written.`,
        },
      ],
    };
  }
  let records;
  try {
    records = parseCsv(input.csvText);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { ...base, errors: [{ line: e.line, message: e.message }] };
    throw e;
  }
  if (records.length < 2)
    return { ...base, errors: [{ line: 1, message: "The file has no data rows (the first line must be the column names)." }] };
  if (records.length - 1 > MAX_IMPORT_ROWS)
    return { ...base, errors: [{ line: 1, message: `Import at most ${MAX_IMPORT_ROWS} rows per file.` }] };
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
          summary = scoreResponses(instrument, responses)
            .scores.scales.map((s) => `${s.key} ${s.value === null ? "—" : Math.round(s.value * 100) / 100}`)
            .join(", ");
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
    else
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
  return readProgramDefinition(definition).measurePlan;
}

/** Validates again and, when everything is valid, writes the whole file in one transaction. */
export async function commitImport(actor: Actor | null, meta: RequestMeta, input: ImportInput & { actorLabel?: string }) {
  const preview = await previewImport(input);
  if (!preview.ok) return { ...preview, batchId: null as string | null };
  const db = await dbReady();
  const program = input.program.id
    ? await db.program.findUniqueOrThrow({
        where: { id: input.program.id },
        include: { versions: { orderBy: { version: "desc" }, take: 1 } },
      })
    : await db.program.findUniqueOrThrow({
        where: { name: input.program.name! },
        include: { versions: { orderBy: { version: "desc" }, take: 1 } },
      });
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
      await writeRows(tx, preview.rows, batch.id);
      // Imported enrollments expect the rest of the measure plan as well.
      const cohortNames = [...new Set(preview.rows.map((r) => r.cohortName))];
      for (const c of await tx.cohort.findMany({ where: { name: { in: cohortNames } }, select: { id: true } }))
        await syncExpectedAssessments(c.id, tx);
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
    const planned = preview.newCohorts.map((name) => {
      const { startDate, count } = rowsOf.get(name)!;
      const sessions = expandTemplate({ template, startDate, timeZone: site.timeZone });
      const endDate = cohortEndDate(sessions, site.timeZone) ?? startDate;
      const completed = endDate < todayIn(site.timeZone, now);
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
    await tx.cohort.createMany({ data: planned.map((p) => p.data) });
    const ids = new Map(
      (
        await inChunks(preview.newCohorts, (names) =>
          tx.cohort.findMany({ where: { name: { in: names } }, select: { id: true, name: true } }),
        )
      ).map((c) => [c.name, c.id]),
    );
    await insertRows(
      tx,
      "GroupSession",
      planned.flatMap((p) =>
        p.sessions.map((s) => ({
          cohortId: ids.get(p.data.name)!,
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
  if (preview.newParticipants.length) {
    await insertRows(
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
  }
  const pairs = [...new Set(preview.rows.map((r) => `${r.participantCode}\u0000${r.cohortName}`))].map(
    (k) => k.split("\u0000") as [string, string],
  );
  const participants = new Map(
    (
      await inChunks([...new Set(pairs.map((p) => p[0]))], (codes) =>
        tx.participant.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } }),
      )
    ).map((p) => [p.code, p.id]),
  );
  const cohorts = new Map(
    (
      await inChunks([...new Set(pairs.map((p) => p[1]))], (names) =>
        tx.cohort.findMany({ where: { name: { in: names } }, select: { id: true, name: true, status: true } }),
      )
    ).map((c) => [c.name, c]),
  );
  const existing = await enrollmentsOf(tx, [...participants.values()], new Set([...cohorts.values()].map((c) => c.id)));
  const have = new Set(existing.map((e) => `${e.participantId}|${e.cohortId}`));
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
    await insertRows(tx, "Enrollment", toCreate, ["createdAt", "updatedAt"]);
    const wanted = new Set(toCreate.map((e) => `${e.participantId}|${e.cohortId}`));
    const created = (
      await inChunks([...new Set(toCreate.map((e) => e.participantId))], (ids) =>
        tx.enrollment.findMany({
          where: { participantId: { in: ids } },
          select: { id: true, participantId: true, cohortId: true, status: true },
        }),
      )
    ).filter((e) => wanted.has(`${e.participantId}|${e.cohortId}`));
    await insertRows(
      tx,
      "EnrollmentStatusChange",
      created.map((e) => ({
        enrollmentId: e.id,
        fromStatus: null,
        toStatus: e.status,
        reason: "Created by measure import",
        changedById: actor?.id ?? null,
      })),
      ["changedAt"],
    );
  }
}

type CohortForRows = {
  id: string;
  name: string;
  startDate: string;
  timeZone: string;
  programVersion: { definition: string };
  sessions: { planIndex: number | null; startsAt: Date; endsAt: Date; status: string }[];
};
type EnrollmentForRows = {
  id: string;
  participantId: string;
  cohortId: string;
  cohort: CohortForRows;
  assessments: { id: string; timepointKey: string; instrumentCode: string; status: string }[];
};

async function writeRows(tx: Tx, rows: ImportRow[], batchId: string) {
  const participants = await inChunks([...new Set(rows.map((r) => r.participantCode))], (codes) =>
    tx.participant.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } }),
  );
  const cohorts = await inChunks([...new Set(rows.map((r) => r.cohortName))], (names) =>
    tx.cohort.findMany({
      where: { name: { in: names } },
      select: {
        id: true,
        name: true,
        startDate: true,
        timeZone: true,
        programVersion: { select: { definition: true } },
        sessions: { select: { planIndex: true, startsAt: true, endsAt: true, status: true } },
      },
    }),
  );
  const codeOf = new Map(participants.map((p) => [p.id, p.code]));
  const cohortById = new Map(cohorts.map((c) => [c.id, c]));
  const links = (
    await inChunks([...codeOf.keys()], (ids) =>
      tx.enrollment.findMany({ where: { participantId: { in: ids } }, select: { id: true, participantId: true, cohortId: true } }),
    )
  ).filter((e) => cohortById.has(e.cohortId));
  const assessments = await inChunks(
    links.map((e) => e.id),
    (ids) =>
      tx.assessment.findMany({
        where: { enrollmentId: { in: ids } },
        select: { id: true, enrollmentId: true, timepointKey: true, instrumentCode: true, status: true },
      }),
  );
  const byKey = new Map<string, EnrollmentForRows>();
  const byId = new Map<string, EnrollmentForRows>();
  for (const l of links) {
    const e = { ...l, cohort: cohortById.get(l.cohortId)!, assessments: [] as EnrollmentForRows["assessments"] };
    byId.set(e.id, e);
    byKey.set(`${codeOf.get(l.participantId)}\u0000${e.cohort.name}`, e);
  }
  for (const a of assessments) byId.get(a.enrollmentId)!.assessments.push(a);
  const dueCache = new Map<string, Map<string, { dueDate: string; windowOpens: Date; windowCloses: Date }>>();
  const dueFor = (e: EnrollmentForRows) => {
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
  const creates: Record<string, unknown>[] = [];
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
      const res = await tx.assessment.updateMany({
        where: { id: existing.id, status: { not: "COMPLETED" } },
        data: { ...data, draftResponses: null, version: { increment: 1 } },
      });
      if (res.count !== 1)
        throw new Error(`Line ${r.line}: ${r.instrumentCode} at ${r.timepointKey} was completed meanwhile; nothing was imported.`);
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
      signals.push({
        participantId: e.participantId,
        cohortId: e.cohortId,
        key: `${e.id}|${r.timepointKey}`,
        item9: r.responses[PHQ9_SUICIDALITY_ITEM - 1],
      });
    }
  }
  await insertRows(tx, "Assessment", creates, ["createdAt", "updatedAt"]);
  if (signals.length) {
    const phq = await tx.assessment.findMany({
      where: { importBatchId: batchId, instrumentCode: "PHQ9" },
      select: { id: true, enrollmentId: true, timepointKey: true },
    });
    const ids = new Map(phq.map((a) => [`${a.enrollmentId}|${a.timepointKey}`, a.id]));
    await insertRows(
      tx,
      "SafetySignal",
      signals.map((s) => ({
        kind: "PHQ9_ITEM9",
        participantId: s.participantId,
        cohortId: s.cohortId,
        sourceType: "Assessment",
        sourceId: ids.get(s.key)!,
        detail: `PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered ${s.item9} (import). Same-day clinician risk assessment needed, whatever the total score.`,
      })),
      ["createdAt"],
    );
  }
}

/**
 * Inserts many rows with multi-row INSERT statements. Prisma's createMany spends about a
 * millisecond of CPU per row building and checking its query, which made up most of a
 * 20,000-row import; a plain INSERT with bound values writes the same values (dates are
 * bound as Date objects, which the driver adapter encodes exactly as for createMany). Each
 * row gets a new id, and `createdAt`/`updatedAt`-style columns named in `stamps` get the
 * current time, as Prisma would set them. Each statement stays within the provider's
 * bound-value limit (999 on SQLite as Prisma sees it; PostgreSQL allows 65,535).
 */
async function insertRows(tx: Tx, table: string, rows: Record<string, unknown>[], stamps: readonly string[]) {
  if (!rows.length) return;
  const postgres = isPostgresUrl(getEnv().DATABASE_URL);
  const keys = Object.keys(rows[0]);
  const columns = ["id", ...keys, ...stamps];
  const perStatement = Math.floor((postgres ? 30_000 : 999) / columns.length);
  const now = new Date();
  for (let i = 0; i < rows.length; i += perStatement) {
    const params: unknown[] = [];
    const tuples = rows.slice(i, i + perStatement).map((row) => {
      const values = [randomUUID(), ...keys.map((k) => row[k] ?? null), ...stamps.map(() => now)];
      const marks = values.map((v) => {
        params.push(v);
        return postgres ? `$${params.length}` : "?";
      });
      return `(${marks.join(", ")})`;
    });
    await tx.$executeRawUnsafe(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}`,
      ...params,
    );
  }
}

/** A template CSV header for a program's instruments (the widest instrument sets the item columns). */
export function templateHeader() {
  const maxItems = Math.max(...MEASURE_INSTRUMENTS.map((c) => getInstrument(c).items.length));
  return [...REQUIRED_COLUMNS, ...Array.from({ length: maxItems }, (_, i) => `item_${i + 1}`)];
}
