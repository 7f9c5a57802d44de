// The dosing board: one DosingRecord per attending participant of a DOSING session. Each
// section (checklist, pre-dose vitals, override, dose, vitals series, CADSS-6, discharge) is a
// small form with an `intent`; every edit checks the record is unsigned and its version current.
// Signing appends the ADMINISTER ledger entry in the same transaction.
import { readProgramDefinition } from "~/domain/scheduling/programDefinition";
import { z } from "zod";
import { auditParticipantRead, type Reader, type Viewer } from "~/models/access.server";
import { ATTENDING, type RosterRow, type SessionWithCohort } from "~/models/attendance.server";
import { ConflictError, FieldError } from "~/models/kernel.server";
import { LEDGER_TX_OPTIONS, appendLedgerEntryTx, assertMayHandleKetamine, lockLotTx, todayIn, withLedgerRetry } from "~/models/ledger.server";
import {
  type ChecklistAnswer,
  type DischargeChecklistState,
  type DosingRecordForSigning,
  type DosingRoute,
  type PreDoseLimits,
  DEFAULT_MONITORING_RANGES,
  addendumSchema,
  applyOverride,
  cadss6Schema,
  createDoseSchema,
  createTimedVitalsSchema,
  dischargeChecklistSchema,
  formatMg,
  formatMgPerKg,
  gateOverrideSchema,
  isOutOfRange,
  mgToUg,
  missingForSigning,
  monitoringDuration,
  parseInstant,
  preDoseGate,
  scoreCadss6,
} from "~/domain/safety";
import { DEFAULT_SAFETY_THRESHOLDS, STANDARD_PRE_DOSE_CHECKLIST, type PreDoseCheckItem, type SafetyThresholds } from "~/domain/scheduling";
import type { DosingRecord, VitalsReading } from "~/generated/prisma/client";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, type Db, type Tx } from "~/utils/db.server";
import { parseForm, parseFormInt } from "~/utils/forms";

export function programSafety(session: SessionWithCohort): { checklist: PreDoseCheckItem[]; thresholds: SafetyThresholds } {
  const def = readProgramDefinition(session.cohort.programVersion.definition);
  return { checklist: def.preDoseChecklist, thresholds: { ...DEFAULT_SAFETY_THRESHOLDS, ...def.safetyThresholds } };
}

export function gateLimits(t: SafetyThresholds): PreDoseLimits {
  return { systolicMax: t.preDoseSystolicMax, diastolicMax: t.preDoseDiastolicMax, hrMax: t.preDoseHeartRateMax, spo2Min: t.preDoseSpo2Min };
}

type StoredChecklist = { key: string; label: string; answer: ChecklistAnswer | null }[];
const parseJson = <T>(s: string | null): T | null => {
  if (!s) return null;
  try {
    return JSON.parse(s) as T;
  } catch {
    return null;
  }
};

function checklistFor(record: DosingRecord | null, items: PreDoseCheckItem[]): StoredChecklist {
  const stored = parseJson<StoredChecklist>(record?.preDoseChecklist ?? null) ?? [];
  return items.map((i) => ({ key: i.key, label: i.label, answer: stored.find((s) => s.key === i.key)?.answer ?? null }));
}

type RecordWithVitals = DosingRecord & { vitals: VitalsReading[] };

export function forSigning(record: RecordWithVitals, lotNumber: string | null, session: SessionWithCohort): DosingRecordForSigning {
  const { checklist, thresholds } = programSafety(session);
  const discharge = parseJson<DischargeChecklistState>(record.dischargeChecklist);
  return {
    signedAt: record.signedAt,
    preDoseChecklist: record.preDoseChecklist ? checklistFor(record, checklist) : null,
    preDoseVitals:
      record.preDoseSystolic !== null && record.preDoseDiastolic !== null && record.preDoseHeartRate !== null && record.preDoseSpo2 !== null
        ? { systolic: record.preDoseSystolic, diastolic: record.preDoseDiastolic, heartRate: record.preDoseHeartRate, spo2: record.preDoseSpo2 }
        : null,
    gateLimits: gateLimits(thresholds),
    gateOverride: record.overrideReason && record.overrideById ? { reason: record.overrideReason, clinicianId: record.overrideById } : null,
    doseMg: record.doseUg !== null ? record.doseUg / 1000 : null,
    weightKg: record.weightG !== null ? record.weightG / 1000 : null,
    route: record.route as DosingRoute | null,
    lotNumber,
    givenAt: record.givenAt,
    givenById: record.givenById,
    postDoseVitals: record.vitals.map((v) => ({ ...v, timepoint: v.timepoint as "OTHER" })),
    dischargeChecklist: discharge ? { ...discharge, escortName: record.escortName ?? discharge.escortName } : null,
    dischargedAt: record.dischargedAt,
  };
}

export function signingRules(session: SessionWithCohort) {
  return { minMonitoringMinutes: programSafety(session).thresholds.minMonitoringMinutes, monitoringRanges: { ...DEFAULT_MONITORING_RANGES } };
}

/** Everything the board shows, one card per participant who is attending (or not yet marked). */
export async function getDosingBoard(viewer: Reader, session: SessionWithCohort, roster: RosterRow[]) {
  await auditParticipantRead(viewer, { what: `dosing board of session ${session.title}`, participantIds: roster.map((r) => r.participantId), subject: { type: "GroupSession", id: session.id } });
  const db = await dbReady();
  const records = await db.dosingRecord.findMany({
    where: { sessionId: session.id },
    include: { vitals: { orderBy: { takenAt: "asc" } }, addenda: { orderBy: { createdAt: "asc" } } },
  });
  const lots = await db.ketamineLot.findMany({ where: { siteId: session.cohort.siteId }, include: { entries: { orderBy: { seq: "desc" }, take: 1 } }, orderBy: { expiryDate: "asc" } });
  const today = todayIn(session.cohort.site.timeZone);
  const userIds = new Set<string>();
  for (const r of records) [r.givenById, r.signedById, r.overrideById, ...r.addenda.map((a) => a.authorId)].forEach((x) => x && userIds.add(x));
  const users = await db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, name: true } });
  const name = (id: string | null) => (id ? (users.find((u) => u.id === id)?.name ?? "Unknown") : null);
  const { checklist, thresholds } = programSafety(session);
  const limits = gateLimits(thresholds);
  const rules = signingRules(session);
  const cards = roster
    .filter((r) => r.status === null || ATTENDING.includes(r.status) || records.some((x) => x.enrollmentId === r.enrollmentId))
    .map((r) => {
      const rec = records.find((x) => x.enrollmentId === r.enrollmentId) ?? null;
      const lot = rec?.lotId ? lots.find((l) => l.id === rec.lotId) : null;
      const pre = rec ? forSigning(rec, lot?.lotNumber ?? null, session) : null;
      const gate = pre?.preDoseVitals ? preDoseGate(pre.preDoseVitals, limits) : null;
      const discharge = parseJson<DischargeChecklistState>(rec?.dischargeChecklist ?? null);
      const cadss = parseJson<Record<string, number>>(rec?.cadss6 ?? null);
      const duration = rec?.givenAt && rec.dischargedAt ? monitoringDuration(rec.givenAt, rec.dischargedAt) : null;
      return {
        enrollmentId: r.enrollmentId,
        participantId: r.participantId,
        label: r.label,
        code: r.code,
        attendance: r.status,
        participantWeightKg: r.weightKg,
        record: rec
          ? {
              id: rec.id,
              status: rec.status,
              version: rec.version,
              signedAt: rec.signedAt?.toISOString() ?? null,
              signedBy: name(rec.signedById),
              checklist: checklistFor(rec, checklist),
              preDose: pre?.preDoseVitals ?? null,
              preDoseTakenAt: rec.preDoseTakenAt?.toISOString() ?? null,
              gate,
              override: rec.overrideReason ? { reason: rec.overrideReason, by: name(rec.overrideById), at: rec.overrideAt?.toISOString() ?? null } : null,
              doseMg: rec.doseUg !== null ? formatMg(rec.doseUg).replace(/,/g, "") : null,
              weightKg: rec.weightG !== null ? formatMg(rec.weightG).replace(/,/g, "") : null,
              mgPerKg: rec.doseUg && rec.weightG ? formatMgPerKg(rec.doseUg / 1000, rec.weightG / 1000) : null,
              route: rec.route,
              lotId: rec.lotId,
              lotNumber: lot?.lotNumber ?? null,
              givenAt: rec.givenAt?.toISOString() ?? null,
              givenById: rec.givenById,
              givenBy: name(rec.givenById),
              vitals: rec.vitals.map((v) => ({
                id: v.id,
                takenAt: v.takenAt.toISOString(),
                timepoint: v.timepoint,
                systolic: v.systolic,
                diastolic: v.diastolic,
                heartRate: v.heartRate,
                spo2: v.spo2,
                respiratoryRate: v.respiratoryRate,
                outOfRange: v.outOfRange,
                flags: parseJson<{ message: string }[]>(v.flags) ?? [],
              })),
              cadss: cadss,
              cadssTotal: cadss ? scoreCadss6(cadss) : null,
              observations: rec.observations,
              discharge,
              escortName: rec.escortName,
              dischargedAt: rec.dischargedAt?.toISOString() ?? null,
              monitoringMinutes: duration?.ok ? duration.value : null,
              missing: rec.signedAt ? [] : missingForSigning(pre!, rules),
              addenda: rec.addenda.map((a) => ({ id: a.id, text: a.text, by: name(a.authorId), at: a.createdAt.toISOString() })),
            }
          : null,
      };
    });
  return {
    cards,
    checklist,
    thresholds,
    lots: lots.map((l) => ({ id: l.id, lotNumber: l.lotNumber, product: l.product, balanceUg: l.entries[0]?.balanceAfterUg ?? 0, expired: today > l.expiryDate })),
    clinicians: session.cohort.staff
      .filter((s) => s.role === "CLINICIAN" && s.user.active)
      .map((s) => ({ id: s.user.id, name: s.user.name })),
  };
}

export type DosingBoard = Awaited<ReturnType<typeof getDosingBoard>>;

const CHECKLIST_ANSWERS = ["YES", "NO", "NOT_APPLICABLE"] as const;

/** Interim (until the dosing board joins the form seam): a kernel FieldError taking (message, field). */
class DocError extends FieldError {
  constructor(message: string, field = "form") {
    super(field, message);
  }
}

function firstError(errors: Record<string, string>): DocError {
  const [field, message] = Object.entries(errors)[0] ?? ["form", "Check the form"];
  return new DocError(message, field);
}

function parseOrThrow<S extends z.ZodType>(schema: S, form: FormData): z.output<S> {
  const parsed = parseForm(schema, form);
  if (!parsed.ok) throw Object.assign(firstError(parsed.errors), { errors: parsed.errors });
  return parsed.data;
}

const LOCKED = (at: Date) => `This dosing record was signed at ${at.toISOString()} and can no longer be edited; add an addendum to correct it`;

/**
 * Runs one section's edit: the record (created on first edit) must be unsigned and at the
 * version the form was loaded with; `apply` returns the fields to write.
 */
async function editRecord(
  actor: Viewer,
  meta: RequestMeta,
  session: SessionWithCohort,
  roster: RosterRow[],
  form: FormData,
  action: string,
  apply: (tx: Tx, record: RecordWithVitals, participantId: string) => Promise<Partial<DosingRecord> | null>,
) {
  const enrollmentId = String(form.get("enrollmentId") ?? "");
  const row = roster.find((r) => r.enrollmentId === enrollmentId);
  if (!row) throw new DocError("This participant is not on the session's roster");
  if (row.status && !ATTENDING.includes(row.status)) throw new DocError(`${row.label} is marked as not attending this session`);
  const version = parseFormInt(form.get("version") ?? "0");
  if (version === null) throw new DocError("Reload the page and try again: the form did not say which version it edits");
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    let record = await tx.dosingRecord.findUnique({
      where: { sessionId_enrollmentId: { sessionId: session.id, enrollmentId } },
      include: { vitals: { orderBy: { takenAt: "asc" } } },
    });
    if (record?.signedAt) throw new DocError(LOCKED(record.signedAt));
    if (!record) {
      if (version !== 0) throw new ConflictError("Someone else changed this record while you were editing; reload to see their changes");
      record = { ...(await tx.dosingRecord.create({ data: { sessionId: session.id, enrollmentId } })), vitals: [] };
    } else if (record.version !== version) {
      throw new ConflictError("Someone else changed this record while you were editing; reload to see their changes");
    }
    const data = await apply(tx, record, row.participantId);
    const updated = await tx.dosingRecord.updateMany({
      where: { id: record.id, version: record.version, signedAt: null },
      data: { ...(data ?? {}), version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ConflictError("Someone else changed this record while you were editing; reload to see their changes");
    await audit(tx, {
      actor,
      action: `dosing.${action}`,
      entityType: "DosingRecord",
      entityId: record.id,
      summary: `Dosing record (${session.title}): ${action.replace(/_/g, " ")}`,
      details: data ? Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])) : undefined,
      ...meta,
    });
  });
}

async function raiseSignal(tx: Tx, s: { kind: string; participantId: string; cohortId: string; sourceType: string; sourceId: string; detail: string }) {
  await tx.safetySignal.upsert({
    where: { kind_sourceType_sourceId: { kind: s.kind, sourceType: s.sourceType, sourceId: s.sourceId } },
    create: s,
    update: { detail: s.detail },
  });
}

const observationSchema = z.object({
  observations: z.preprocess((v) => (typeof v === "string" && v.trim() ? v.trim() : undefined), z.string().max(5000, "Observations must be at most 5000 characters").optional()),
});

/** One board action (by `intent`). Refusals are DocError (field + message) or ConflictError; nothing is written then. */
export async function handleDosingIntent(actor: Viewer, meta: RequestMeta, session: SessionWithCohort, roster: RosterRow[], intent: string, form: FormData) {
  const tz = session.cohort.timeZone;
  const now = new Date();
  const { checklist, thresholds } = programSafety(session);
  const limits = gateLimits(thresholds);
  switch (intent) {
    case "checklist":
      return editRecord(actor, meta, session, roster, form, "checklist", async () => {
        const answers = checklist.map((item) => {
          const raw = form.get(`answer.${item.key}`);
          if (raw === null || raw === "") return { key: item.key, label: item.label, answer: null };
          if (!(CHECKLIST_ANSWERS as readonly string[]).includes(String(raw))) throw new DocError(`Answer "${item.label}" with yes, no or not applicable`, `answer.${item.key}`);
          return { key: item.key, label: item.label, answer: raw as ChecklistAnswer };
        });
        return { preDoseChecklist: JSON.stringify(answers) };
      });
    case "predose_vitals":
      return editRecord(actor, meta, session, roster, form, "predose_vitals", async (_tx, record) => {
        const v = parseOrThrow(createTimedVitalsSchema({ now, timeZone: tz }), form);
        if (record.givenAt) throw new DocError("The dose has already been recorded; pre-dose vitals can no longer change");
        // New pre-dose vitals replace an earlier override: it answered a different reading.
        return {
          preDoseSystolic: v.systolic,
          preDoseDiastolic: v.diastolic,
          preDoseHeartRate: v.heartRate,
          preDoseSpo2: v.spo2,
          preDoseTakenAt: v.takenAt,
          overrideReason: null,
          overrideById: null,
          overrideAt: null,
        };
      });
    case "override":
      return editRecord(actor, meta, session, roster, form, "override", async (tx, record, participantId) => {
        const { reason } = parseOrThrow(gateOverrideSchema, form);
        if (record.preDoseSystolic === null) throw new DocError("Record pre-dose vitals before overriding the gate");
        const gate = preDoseGate(
          { systolic: record.preDoseSystolic, diastolic: record.preDoseDiastolic!, heartRate: record.preDoseHeartRate!, spo2: record.preDoseSpo2! },
          limits,
        );
        const outcome = applyOverride(gate, { reason, clinicianId: actor.id });
        if (!outcome.ok) throw new DocError(outcome.message, "reason");
        await raiseSignal(tx, {
          kind: "BP_OVERRIDE",
          participantId,
          cohortId: session.cohortId,
          sourceType: "DosingRecord",
          sourceId: record.id,
          detail: `${gate.reasons.join("; ")}. Override reason: ${reason}`,
        });
        return { overrideReason: reason, overrideById: actor.id, overrideAt: now };
      });
    case "dose":
      return editRecord(actor, meta, session, roster, form, "dose", async (tx, record) => {
        const schema = createDoseSchema({ now, timeZone: tz }).omit({ lotNumber: true }).extend({
          lotId: z.preprocess((v) => (v === "" ? undefined : v), z.string({ error: "Choose the lot" })),
        });
        const d = parseOrThrow(schema, form);
        if (record.preDoseSystolic === null) throw new DocError("Record pre-dose vitals before the dose");
        const gate = preDoseGate(
          { systolic: record.preDoseSystolic, diastolic: record.preDoseDiastolic!, heartRate: record.preDoseHeartRate!, spo2: record.preDoseSpo2! },
          limits,
        );
        if (gate.status === "blocked" && !record.overrideReason) {
          throw new DocError(`Dosing is blocked: ${gate.reasons.join("; ")}. A clinician must record an override reason first`);
        }
        const lot = await tx.ketamineLot.findUnique({ where: { id: d.lotId } });
        if (!lot) throw new DocError("Choose a lot from the list", "lotId");
        if (lot.siteId !== session.cohort.siteId) throw new DocError(`Lot ${lot.lotNumber} is held at another site; use a lot from ${session.cohort.site.name}`, "lotId");
        if (todayIn(session.cohort.site.timeZone) > lot.expiryDate) throw new DocError(`Lot ${lot.lotNumber} expired on ${lot.expiryDate}`, "lotId");
        if (record.preDoseTakenAt && d.givenAt < record.preDoseTakenAt) throw new DocError("Time given cannot be before the pre-dose vitals", "givenAt");
        await assertMayHandleKetamine(tx, d.givenById, { cohortId: session.cohortId }, "giver", "givenById");
        const giver = await tx.user.findUniqueOrThrow({ where: { id: d.givenById } });
        if (record.dischargedAt && record.dischargedAt < d.givenAt) throw new DocError("Time given cannot be after the recorded discharge", "givenAt");
        return { doseUg: mgToUg(d.doseMg), weightG: mgToUg(d.weightKg), route: d.route, lotId: lot.id, givenAt: d.givenAt, givenById: giver.id };
      });
    case "vitals":
      return editRecord(actor, meta, session, roster, form, "vitals", async (tx, record, participantId) => {
        const v = parseOrThrow(createTimedVitalsSchema({ now, timeZone: tz }), form);
        const check = isOutOfRange(v, DEFAULT_MONITORING_RANGES);
        const reading = await tx.vitalsReading.create({
          data: {
            dosingRecordId: record.id,
            takenAt: v.takenAt,
            timepoint: v.timepoint === "PRE_DOSE" ? "OTHER" : v.timepoint,
            systolic: v.systolic,
            diastolic: v.diastolic,
            heartRate: v.heartRate,
            spo2: v.spo2,
            respiratoryRate: v.respiratoryRate ?? null,
            temperatureC: v.temperatureC ?? null,
            outOfRange: check.outOfRange,
            flags: check.outOfRange ? JSON.stringify(check.flags.map((f) => ({ field: f.field, message: f.message }))) : null,
            recordedById: actor.id,
          },
        });
        if (check.outOfRange) {
          await raiseSignal(tx, {
            kind: "VITALS_OUT_OF_RANGE",
            participantId,
            cohortId: session.cohortId,
            sourceType: "VitalsReading",
            sourceId: reading.id,
            detail: check.flags.map((f) => f.message).join("; "),
          });
        }
        return null;
      });
    case "cadss":
      return editRecord(actor, meta, session, roster, form, "cadss", async () => {
        const c = parseOrThrow(cadss6Schema, form);
        const o = parseOrThrow(observationSchema, form);
        return { cadss6: JSON.stringify(c), observations: o.observations ?? null };
      });
    case "discharge":
      return editRecord(actor, meta, session, roster, form, "discharge", async (_tx, record) => {
        const c = parseOrThrow(dischargeChecklistSchema, form);
        const { dischargedAt } = parseOrThrow(
          z.object({
            dischargedAt: z.preprocess((v) => parseInstant(v, tz), z.date({ error: "Discharge time is not a valid date and time" }).optional()),
          }),
          form,
        );
        if (dischargedAt) {
          if (dischargedAt > now) throw new DocError("Discharge time cannot be in the future", "dischargedAt");
          if (!record.givenAt) throw new DocError("Record the dose before the discharge time", "dischargedAt");
          const duration = monitoringDuration(record.givenAt, dischargedAt);
          if (!duration.ok) throw new DocError(duration.message, "dischargedAt");
        }
        return { dischargeChecklist: JSON.stringify(c), escortName: c.escortName ?? null, dischargedAt: dischargedAt ?? null };
      });
    case "sign":
      return signDosingRecord(actor, meta, session, roster, form);
    case "addendum":
      return addDosingAddendum(actor, meta, session, form);
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export class MissingForSigningError extends DocError {
  constructor(public missing: string[]) {
    super(`This record cannot be signed yet: ${missing.length} item${missing.length === 1 ? " is" : "s are"} missing`);
  }
}

async function signDosingRecord(actor: Viewer, meta: RequestMeta, session: SessionWithCohort, roster: RosterRow[], form: FormData) {
  const enrollmentId = String(form.get("enrollmentId") ?? "");
  const row = roster.find((r) => r.enrollmentId === enrollmentId);
  if (!row) throw new DocError("This participant is not on the session's roster");
  const version = parseFormInt(form.get("version") ?? "0");
  if (version === null) throw new DocError("Reload the page and try again: the form did not say which version it edits");
  const db = await dbReady();
  const where = { sessionId_enrollmentId: { sessionId: session.id, enrollmentId } };
  // The lot is locked as the transaction's first statement (lockLotTx explains why), so
  // its id is read beforehand; the version check below catches a lot changed meanwhile.
  const lotId = (await db.dosingRecord.findUnique({ where, select: { lotId: true } }))?.lotId ?? null;
  await withLedgerRetry(() => db.$transaction(async (tx) => {
    if (lotId) await lockLotTx(tx, lotId);
    const record = await tx.dosingRecord.findUnique({ where, include: { vitals: { orderBy: { takenAt: "asc" } } } });
    if (!record) throw new MissingForSigningError(["Nothing has been recorded yet"]);
    if (record.signedAt) throw new DocError(LOCKED(record.signedAt));
    if (record.version !== version || record.lotId !== lotId) throw new ConflictError("The record changed since you loaded it; reload and check it before signing");
    // Checked again at signing: the giver may have left the cohort's staff or been
    // deactivated since the dose was recorded (or the draft predates the rule).
    if (record.givenById) await assertMayHandleKetamine(tx, record.givenById, { cohortId: session.cohortId }, "giver", "givenById");
    const lot = record.lotId ? await tx.ketamineLot.findUnique({ where: { id: record.lotId } }) : null;
    const missing = missingForSigning(forSigning(record, lot?.lotNumber ?? null, session), signingRules(session));
    if (missing.length > 0) throw new MissingForSigningError(missing);
    const now = new Date();
    const updated = await tx.dosingRecord.updateMany({
      where: { id: record.id, version, signedAt: null },
      data: { status: "SIGNED", signedAt: now, signedById: actor.id, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ConflictError("The record changed since you loaded it; reload and check it before signing");
    await appendLedgerEntryTx(tx, actor, meta, record.lotId!, {
      type: "ADMINISTER",
      amountUg: record.doseUg!,
      participantId: row.participantId,
      dosingRecordId: record.id,
      note: `${session.title}`,
    });
    await audit(tx, { actor, action: "dosing.sign", entityType: "DosingRecord", entityId: record.id, summary: `Signed the dosing record (${session.title}); ${formatMg(record.doseUg!)} mg from lot ${lot!.lotNumber}`, ...meta });
  }, LEDGER_TX_OPTIONS));
}

async function addDosingAddendum(actor: Viewer, meta: RequestMeta, session: SessionWithCohort, form: FormData) {
  const { text } = parseOrThrow(addendumSchema, form);
  const db = await dbReady();
  const record = await db.dosingRecord.findUnique({
    where: { sessionId_enrollmentId: { sessionId: session.id, enrollmentId: String(form.get("enrollmentId") ?? "") } },
  });
  if (!record || !record.signedAt) throw new DocError("Addenda are for signed records; edit the draft instead", "text");
  await db.$transaction(async (tx) => {
    const a = await tx.dosingAddendum.create({ data: { dosingRecordId: record.id, authorId: actor.id, text } });
    await audit(tx, { actor, action: "dosing.addendum", entityType: "DosingRecord", entityId: record.id, summary: `Added an addendum to a signed dosing record (${session.title})`, details: { addendumId: a.id }, ...meta });
  });
}

// ---------------------------------------------------------------------------------------------
// Demo data

/**
 * Synthetic, deterministic demo documentation for the completed demo cohort: a ketamine lot
 * for its site, attendance for every past session, signed group notes, and signed dosing
 * records with their ADMINISTER ledger entries. Idempotent: does nothing if the lot exists.
 */
export async function seedDemoSessionDocs(db: Db, { completedCohortId }: { completedCohortId: string }) {
  const cohort = await db.cohort.findUnique({
    where: { id: completedCohortId },
    include: {
      site: true,
      staff: true,
      sessions: { where: { status: { not: "CANCELLED" } }, orderBy: { startsAt: "asc" } },
      enrollments: { where: { status: { in: ["ENROLLED", "ACTIVE", "COMPLETED"] } }, include: { participant: true }, orderBy: { id: "asc" } },
    },
  });
  if (!cohort) return;
  const lotNumber = "DEMO-KET-0001";
  if (await db.ketamineLot.findUnique({ where: { siteId_lotNumber: { siteId: cohort.siteId, lotNumber } } })) return;
  const facilitator = cohort.staff.find((s) => s.role === "LEAD_FACILITATOR" || s.role === "FACILITATOR");
  const cofacilitator = cohort.staff.find((s) => (s.role === "LEAD_FACILITATOR" || s.role === "FACILITATOR") && s.userId !== facilitator?.userId);
  const clinician = cohort.staff.find((s) => s.role === "CLINICIAN");
  const admin = await db.user.findFirst({ where: { roles: { some: { roleCode: "ADMIN" } } } });
  const recorderId = clinician?.userId ?? admin?.id;
  if (!recorderId) return;
  const meta = { ip: null, userAgent: "seed" };
  const actor = { id: recorderId, email: "seed" };
  const firstSession = cohort.sessions[0];
  const receivedAt = new Date((firstSession?.startsAt.getTime() ?? Date.now()) - 14 * 86_400_000);
  const expiry = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
  const { lotTotalUg } = await import("~/domain/safety");
  const lotInput = { concentrationMgPerMl: 50, vialVolumeMl: 10, vialCount: 10 };
  const totalUg = lotTotalUg(lotInput);
  const lot = await db.$transaction(async (tx) => {
    const lot = await tx.ketamineLot.create({
      data: {
        siteId: cohort.siteId, lotNumber, product: "Ketamine HCl injection, USP (demo)", concentrationMgPerMl: "50", vialVolumeMl: "10",
        vialCount: 10, totalUg, supplier: "Demo Pharma Supply", invoiceNumber: "INV-DEMO-1001", expiryDate: expiry, receivedAt, createdById: recorderId,
      },
    });
    await appendLedgerEntryTx(tx, actor, meta, lot.id, { type: "RECEIVE", amountUg: totalUg, note: "Invoice INV-DEMO-1001 (demo)" });
    return lot;
  });
  const { checklist } = programSafety({ cohort: await db.cohort.findUniqueOrThrow({ where: { id: cohort.id }, include: { programVersion: true } }) } as unknown as SessionWithCohort);
  const now = Date.now();
  for (const [si, s] of cohort.sessions.entries()) {
    if (s.startsAt.getTime() > now) continue;
    await db.$transaction(async (tx) => {
      const attending: typeof cohort.enrollments = [];
      for (const [ei, e] of cohort.enrollments.entries()) {
        const status = (si + ei) % 9 === 4 ? "EXCUSED" : (si + ei) % 11 === 6 ? "LATE" : "PRESENT";
        await tx.attendance.create({ data: { sessionId: s.id, enrollmentId: e.id, status, recordedById: facilitator?.userId ?? recorderId } });
        if (status !== "EXCUSED") attending.push(e);
      }
      if (facilitator) {
        const note = await tx.groupNote.create({
          data: {
            sessionId: s.id, authorId: facilitator.userId, status: "SIGNED", signedAt: new Date(s.endsAt.getTime() + 3_600_000),
            themes: `Demo themes for ${s.title}: moral injury, sleep, returning to work.`,
            process: "Synthetic demo text: the group settled quickly; members responded to each other with care.",
            interventions: "Synthetic demo text: grounding exercise, paired reflection, closing round.",
            cosignedById: cofacilitator?.userId ?? null, cosignedAt: cofacilitator ? new Date(s.endsAt.getTime() + 7_200_000) : null,
          },
        });
        for (const e of attending) {
          await tx.participantObservation.create({ data: { noteId: note.id, enrollmentId: e.id, text: `Demo observation for ${e.participant.code}: engaged, shared once, calm at close.` } });
        }
      }
      if (s.kind !== "DOSING" || !clinician) return;
      for (const [ei, e] of attending.entries()) {
        const givenAt = new Date(s.startsAt.getTime() + (30 + ei * 5) * 60_000);
        const weightKg = e.participant.weightKg ?? 70 + ((ei * 7) % 25);
        const doseMg = Math.round(weightKg * 0.5);
        const record = await tx.dosingRecord.create({
          data: {
            sessionId: s.id, enrollmentId: e.id, status: "SIGNED",
            preDoseChecklist: JSON.stringify(checklist.map((c) => ({ key: c.key, label: c.label, answer: "YES" }))),
            preDoseSystolic: 118 + ((ei * 3) % 15), preDoseDiastolic: 76 + (ei % 8), preDoseHeartRate: 70 + ei, preDoseSpo2: 98,
            preDoseTakenAt: new Date(givenAt.getTime() - 20 * 60_000),
            doseUg: doseMg * 1000, weightG: Math.round(weightKg * 1000), route: "IM", lotId: lot.id, givenAt, givenById: clinician.userId,
            cadss6: JSON.stringify({ item1: 1, item2: 1, item6: 0, item7: 1, item15: 0, item22: 1 }),
            dischargeChecklist: JSON.stringify({ orientedToBaseline: true, walkingSteadily: true, vitalsWithinRange: true, escortPresent: true, escortName: "Demo escort", noDrivingAdvised: true }),
            escortName: "Demo escort", dischargedAt: new Date(givenAt.getTime() + 150 * 60_000),
            signedAt: new Date(givenAt.getTime() + 160 * 60_000), signedById: clinician.userId,
          },
        });
        for (const minutes of [40, 90, 140]) {
          await tx.vitalsReading.create({
            data: { dosingRecordId: record.id, takenAt: new Date(givenAt.getTime() + minutes * 60_000), timepoint: minutes === 140 ? "PRE_DISCHARGE" : "POST_DOSE", systolic: 128 - minutes / 10, diastolic: 80, heartRate: 78, spo2: 98, recordedById: clinician.userId },
          });
        }
        await appendLedgerEntryTx(tx, { id: clinician.userId, email: "seed" }, meta, lot.id, { type: "ADMINISTER", amountUg: doseMg * 1000, participantId: e.participantId, dosingRecordId: record.id, note: s.title });
      }
    });
  }
}
