// The dosing board: one DosingRecord per attending participant of a DOSING session. Each
// section (checklist, pre-dose vitals, override, dose, vitals series, CADSS-6, discharge) is a
// small form with an `intent`; every edit checks the record is unsigned and its version current.
// Saving the dose appends the ADMINISTER ledger entry in the same transaction (the ledger is
// the safe: the amount leaves the balance when it is given, and shows as pending signature
// until the record is signed); a corrected dose reverses the earlier entry.
import { consentRefusal } from "~/domain/consent";
import {
  type ChecklistAnswer,
  type DischargeChecklistState,
  type DosingRecordForSigning,
  type DosingRoute,
  type PreDoseLimits,
  DEFAULT_MONITORING_RANGES,
  administrationExpiryRefusal,
  applyOverride,
  checkDoseRange,
  dischargeVitalsRefusal,
  suggestLot,
  timeOutsideWindowWarning,
  describeSignal,
  doseRangeRefusal,
  formatMg,
  formatMgPerKg,
  isOutOfRange,
  mgToUg,
  missingForSigning,
  lotTotalUg,
  openVialRemainderUg,
  monitoringDuration,
  preDoseGate,
  scoreCadss6,
} from "~/domain/safety";
import { DEFAULT_SAFETY_THRESHOLDS, type DoseRangesByRoute, type PreDoseCheckItem, type SafetyThresholds } from "~/domain/scheduling";
import { readProgramDefinition } from "~/domain/scheduling/programDefinition";
import { signedRecordMessage, type DosingInput } from "~/forms/dosing";
import type { DoseOrder, DosingAddendum, DosingRecord, KetamineLot, VitalsReading } from "~/generated/prisma/client";
import { auditParticipantRead, type Reader } from "~/models/access.server";
import { ATTENDING, type RosterRow, type SessionWithCohort } from "~/models/attendance.server";
import {
  LEDGER_TX_OPTIONS,
  appendLedgerEntryTx,
  assertMayHandleKetamine,
  lockLotTx,
  lotBalanceSql,
  todayIn,
  withLedgerRetry,
} from "~/models/ledger.server";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { booleanValue, dbReady, instantOrNull, modelColumns, readRows, sqlInList, sqlTrue, type Db, type Tx } from "~/utils/db.server";
import { consentRefusalFor, consentWithdrawn, currentConsentDocument } from "./consent.server";
import { administrationRefusal, orderInForce, orderSummary, signingOrderBlocker } from "./doseOrder.server";
import { ConflictError, FieldError, type Actor } from "./kernel.server";
import { recordSafetySignal } from "./safetySignal.server";
import { confirmSignature } from "./signature.server";

export function programSafety(session: SessionWithCohort): {
  checklist: PreDoseCheckItem[];
  thresholds: SafetyThresholds;
  doseRanges: DoseRangesByRoute;
} {
  const def = readProgramDefinition(session.cohort.programVersion.definition);
  return {
    checklist: def.preDoseChecklist,
    thresholds: { ...DEFAULT_SAFETY_THRESHOLDS, ...def.safetyThresholds },
    doseRanges: def.doseRanges ?? {},
  };
}

/** Whether a user may override a dose range: an active clinician flagged as prescriber, with a DEA number. */
export async function isActivePrescriber(tx: Db | Tx, userId: string): Promise<boolean> {
  const u = await tx.user.findUnique({ where: { id: userId }, include: { roles: true } });
  return !!u && u.active && u.isPrescriber && !!u.deaNumber && u.roles.some((r) => r.roleCode === "CLINICIAN");
}

/** The stored dose against the cohort's program-version range (null when the record has no dose yet). */
function storedDoseRange(record: DosingRecord, session: SessionWithCohort) {
  if (record.doseUg === null || record.weightG === null || !record.route) return null;
  return checkDoseRange(
    { doseMg: record.doseUg / 1000, weightKg: record.weightG / 1000, route: record.route as DosingRoute },
    programSafety(session).doseRanges,
  );
}

/**
 * What stops a record from being signed beyond the domain's list: the participant must be
 * marked present (attending) at the session, and a dose outside the program's range needs a
 * prescriber's override.
 */
function signingBlockers(
  record: RecordWithVitals | null,
  lotNumber: string | null,
  session: SessionWithCohort,
  row: RosterRow,
  orderBlocker: string | null = null,
  consentProblem: string | null = null,
): string[] {
  const blockers: string[] = [];
  if (consentProblem) blockers.push(`Signed consent on file: ${consentProblem}`);
  if (!row.status) blockers.push(`Attendance has not been taken: ${row.label} must be marked present at this session before signing`);
  else if (!ATTENDING.includes(row.status))
    blockers.push(
      `${row.label} is marked ${row.status.toLowerCase().replace(/_/g, " ")}: only a participant marked present can have a dosing record signed`,
    );
  if (!record) return [...blockers, "Nothing has been recorded yet"];
  blockers.push(...missingForSigning(forSigning(record, lotNumber, session), signingRules(session)));
  const range = storedDoseRange(record, session);
  if (range && (range.level === "below" || range.level === "above") && !record.doseOverrideReason)
    blockers.push(`${range.message}; a prescriber must override it with a reason`);
  const discharge = parseJson<DischargeChecklistState>(record.dischargeChecklist);
  const vitalsRefusal = discharge?.vitalsWithinRange ? dischargeVitals(record, session) : null;
  if (vitalsRefusal) blockers.push(`“Vitals within range” is ticked but ${vitalsRefusal.charAt(0).toLowerCase()}${vitalsRefusal.slice(1)}`);
  if (orderBlocker) blockers.push(orderBlocker);
  return blockers;
}

/** The pre-dose checklist item answered from the consent record (for programs with a consent document), never by hand. */
export const CONSENT_CHECKLIST_KEY = "consent_on_file";

/** Null for a program without a consent document; else whether this participant's consent is current, and why not. */
async function consentOnFile(client: Db | Tx, session: SessionWithCohort, participantId: string) {
  if (!(await currentConsentDocument(client, session.cohort.programId))) return null;
  const problem = await consentRefusalFor(client, participantId, session.cohort.programId);
  return { answer: (problem ? "NO" : "YES") as ChecklistAnswer, problem };
}

/** Withdrawn consent stops dosing: nothing can be saved or signed for the participant. */
async function refuseIfConsentWithdrawn(client: Db | Tx, session: SessionWithCohort, row: RosterRow) {
  if (await consentWithdrawn(client, row.participantId, session.cohort.programId))
    throw new FieldError("form", `${row.label} has withdrawn consent to this program: no dosing record can be saved or signed for them.`);
}

/** "Vitals within range" at discharge: the last post-dose reading recorded, against the program's pre-dose limits. */
function dischargeVitals(record: RecordWithVitals, session: SessionWithCohort): string | null {
  return dischargeVitalsRefusal(record.vitals, gateLimits(programSafety(session).thresholds), session.cohort.timeZone);
}

/** The session's date at its site (YYYY-MM-DD): lots must not have expired before it. */
export function sessionDate(session: SessionWithCohort): string {
  return todayIn(session.cohort.site.timeZone, session.startsAt);
}

/** A clinical time outside the session window is kept only when the clinician ticked "The time is correct". */
function requireTimeInWindow(session: SessionWithCohort, at: Date | null | undefined, confirmed: boolean, field: string, label: string) {
  if (!at || confirmed) return;
  const warning = timeOutsideWindowWarning(at, session, session.cohort.timeZone, label);
  if (warning) throw new FieldError(field, warning);
}

export function gateLimits(t: SafetyThresholds): PreDoseLimits {
  return {
    systolicMax: t.preDoseSystolicMax,
    diastolicMax: t.preDoseDiastolicMax,
    hrMax: t.preDoseHeartRateMax,
    spo2Min: t.preDoseSpo2Min,
  };
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

/** The record's pre-dose reading, once all four values are there. */
function preDoseVitalsOf(
  record: Pick<DosingRecord, "preDoseSystolic" | "preDoseDiastolic" | "preDoseHeartRate" | "preDoseSpo2">,
): Parameters<typeof preDoseGate>[0] | null {
  return record.preDoseSystolic !== null &&
    record.preDoseDiastolic !== null &&
    record.preDoseHeartRate !== null &&
    record.preDoseSpo2 !== null
    ? { systolic: record.preDoseSystolic, diastolic: record.preDoseDiastolic, heartRate: record.preDoseHeartRate, spo2: record.preDoseSpo2 }
    : null;
}

export function forSigning(record: RecordWithVitals, lotNumber: string | null, session: SessionWithCohort): DosingRecordForSigning {
  const { checklist, thresholds } = programSafety(session);
  const discharge = parseJson<DischargeChecklistState>(record.dischargeChecklist);
  return {
    signedAt: record.signedAt,
    preDoseChecklist: record.preDoseChecklist ? checklistFor(record, checklist) : null,
    preDoseVitals: preDoseVitalsOf(record),
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
  return {
    minMonitoringMinutes: programSafety(session).thresholds.minMonitoringMinutes,
    monitoringRanges: { ...DEFAULT_MONITORING_RANGES },
  };
}

/** Everything the board shows, one card per participant who is attending (or not yet marked). */
const DOSING_RECORD = modelColumns<DosingRecord>("d", {
  id: "text",
  sessionId: "text",
  enrollmentId: "text",
  status: "text",
  preDoseChecklist: "text?",
  preDoseSystolic: "int?",
  preDoseDiastolic: "int?",
  preDoseHeartRate: "int?",
  preDoseSpo2: "int?",
  preDoseTakenAt: "instant?",
  overrideReason: "text?",
  overrideById: "text?",
  overrideAt: "instant?",
  doseOverrideReason: "text?",
  doseOverrideById: "text?",
  doseOverrideAt: "instant?",
  doseUg: "int?",
  weightG: "int?",
  route: "text?",
  lotId: "text?",
  givenAt: "instant?",
  givenById: "text?",
  cadss6: "text?",
  observations: "text?",
  dischargeChecklist: "text?",
  escortName: "text?",
  dischargedAt: "instant?",
  signedAt: "instant?",
  signedById: "text?",
  signatureMeaning: "text?",
  signatureName: "text?",
  version: "int",
  createdAt: "instant",
  updatedAt: "instant",
});

const VITALS_READING = modelColumns<VitalsReading>("v", {
  id: "text",
  dosingRecordId: "text",
  takenAt: "instant",
  timepoint: "text",
  systolic: "int",
  diastolic: "int",
  heartRate: "int",
  spo2: "int",
  respiratoryRate: "int?",
  temperatureC: "float?",
  outOfRange: "bool",
  flags: "text?",
  recordedById: "text",
  createdAt: "instant",
});

const DOSING_ADDENDUM = modelColumns<DosingAddendum>("a", {
  id: "text",
  dosingRecordId: "text",
  authorId: "text",
  text: "text",
  createdAt: "instant",
});

const DOSE_ORDER = modelColumns<DoseOrder>("o", {
  id: "text",
  sessionId: "text",
  enrollmentId: "text",
  version: "int",
  status: "text",
  unit: "text",
  amount: "text",
  doseUg: "int",
  weightG: "int?",
  route: "text",
  repeatDoseUg: "int?",
  repeatAfterMinutes: "int?",
  reason: "text?",
  rangeOverride: "text?",
  orderedById: "text",
  signedAt: "instant",
  signatureMeaning: "text",
  signatureName: "text",
  createdAt: "instant",
});

/** What the board shows and computes of a lot (its choice in the dose form, the opened vial's remainder). */
type BoardLot = Pick<KetamineLot, "id" | "lotNumber" | "product" | "concentrationMgPerMl" | "vialVolumeMl" | "expiryDate">;

const BOARD_LOT = modelColumns<BoardLot>("l", {
  id: "text",
  lotNumber: "text",
  product: "text",
  concentrationMgPerMl: "text",
  vialVolumeMl: "text",
  expiryDate: "text",
});

/**
 * The board's rows of one session, in one round of statements through the driver: its dosing
 * records (their vitals and addenda: `readCardDetails`), its orders in force, and the site's
 * lots usable on the session's date (not expired by then) plus any lot a record names, each with
 * its balance (the latest ledger entry's).
 */
export async function readBoardRows(session: SessionWithCohort) {
  const onDate = sessionDate(session);
  const [recordRows, orderRows, lotRows] = await Promise.all([
    readRows(`SELECT ${DOSING_RECORD.sql} FROM "DosingRecord" d WHERE d."sessionId" = ? ORDER BY d."createdAt", d."id"`, [session.id]),
    readRows(
      `SELECT ${DOSE_ORDER.sql} FROM "DoseOrder" o WHERE o."sessionId" = ? AND o."status" = 'ACTIVE' ORDER BY o."createdAt", o."id"`,
      [session.id],
    ),
    readRows(
      `SELECT ${BOARD_LOT.sql}, ${lotBalanceSql("l")} ` +
        `FROM "KetamineLot" l WHERE l."siteId" = ? AND (l."expiryDate" >= ? OR l."id" IN (SELECT d."lotId" FROM "DosingRecord" d WHERE d."sessionId" = ?)) ` +
        `ORDER BY l."expiryDate", l."id"`,
      [session.cohort.siteId, onDate, session.id],
    ),
  ]);
  const records = recordRows.map((r) => ({
    ...DOSING_RECORD.read(r),
    vitals: [] as VitalsReading[],
    addenda: [] as DosingAddendum[],
  }));
  const lots = lotRows.map((r) => BOARD_LOT.read(r));
  const balances = new Map(lotRows.map((r) => [r[0] as string, Number(r[BOARD_LOT.width] ?? 0)]));
  return { records, orders: orderRows.map((r) => DOSE_ORDER.read(r)), lots, balances };
}

/**
 * The vitals series and addenda of the records on the cards shown (a large board shows one):
 * into each record's `vitals` and `addenda`, in the order taken and written.
 */
export async function readCardDetails(records: Awaited<ReturnType<typeof readBoardRows>>["records"]) {
  if (!records.length) return;
  const ids = sqlInList(records.map((r) => r.id));
  const [vitalsRows, addendumRows] = await Promise.all([
    readRows(`SELECT ${VITALS_READING.sql} FROM "VitalsReading" v WHERE v."dosingRecordId" ${ids.sql} ORDER BY v."takenAt", v."id"`, [
      ids.param,
    ]),
    readRows(`SELECT ${DOSING_ADDENDUM.sql} FROM "DosingAddendum" a WHERE a."dosingRecordId" ${ids.sql} ORDER BY a."createdAt", a."id"`, [
      ids.param,
    ]),
  ]);
  const recordOf = new Map(records.map((r) => [r.id, r]));
  for (const row of vitalsRows) {
    const v = VITALS_READING.read(row);
    recordOf.get(v.dosingRecordId)?.vitals.push(v);
  }
  for (const row of addendumRows) {
    const a = DOSING_ADDENDUM.read(row);
    recordOf.get(a.dosingRecordId)?.addenda.push(a);
  }
}

/**
 * The program's current consent document (id and version) and the consents of these
 * participants: one statement through the driver (no row: the program has no consent document).
 */
async function readBoardConsents(programId: string, participantIds: string[]) {
  const inIds = sqlInList(participantIds);
  const rows = await readRows(
    `SELECT d."id", d."versionLabel", c."participantId", c."documentId", c."countersignedAt", c."withdrawnAt" FROM ` +
      `(SELECT x."id", x."versionLabel" FROM "ConsentDocument" x WHERE x."programId" = ? ORDER BY x."createdAt" DESC, x."id" DESC LIMIT 1) d ` +
      `LEFT JOIN "ParticipantConsent" c ON c."programId" = ? AND c."participantId" ${inIds.sql}`,
    [programId, programId, inIds.param],
  );
  const current = rows.length ? { id: rows[0][0] as string, versionLabel: rows[0][1] as string } : null;
  const consents = rows
    .filter((r) => r[2] !== null && r[2] !== undefined)
    .map(([, , participantId, documentId, countersignedAt, withdrawnAt]) => ({
      participantId: participantId as string,
      documentId: documentId as string,
      countersignedAt: instantOrNull(countersignedAt),
      withdrawnAt: instantOrNull(withdrawnAt),
    }));
  return [current, consents] as const;
}

/** More attending participants than this: an overview and the card of one participant at a time. */
export const BOARD_CARDS_AT_ONCE = 12;

/**
 * Everything a session's dosing board shows. A group fits on one page of cards; a larger board
 * (a big cohort's dosing day) is an overview of everyone (a line each) and the card of one
 * participant: `chosen`, else the first not yet signed, else the first. Only the cards shown
 * are built, so the page costs the same however many are dosed.
 */
export async function getDosingBoard(
  viewer: Reader,
  session: SessionWithCohort,
  roster: RosterRow[],
  { chosen = null }: { chosen?: string | null } = {},
) {
  await auditParticipantRead(viewer, {
    what: `dosing board of session ${session.title}`,
    participantIds: roster.map((r) => r.participantId),
    subject: { type: "GroupSession", id: session.id },
  });
  // Read on every view of the board: through the driver (committed data: never inside a
  // transaction), everything the session's id decides in one round; then, for the cards shown,
  // their vitals, addenda and consents; then the names.
  const { records, orders, lots, balances } = await readBoardRows(session);
  const usesOrders = orders.length > 0;
  const onDate = sessionDate(session);
  const { checklist, thresholds, doseRanges } = programSafety(session);
  const limits = gateLimits(thresholds);
  const lotStock = lots.map((l) => ({ id: l.id, lotNumber: l.lotNumber, expiryDate: l.expiryDate, balanceUg: balances.get(l.id) ?? 0 }));
  const recordOf = new Map(records.map((x) => [x.enrollmentId, x]));
  const shown = roster.filter((r) => r.status === null || ATTENDING.includes(r.status) || recordOf.has(r.enrollmentId));
  const many = shown.length > BOARD_CARDS_AT_ONCE;
  const selected = many
    ? (shown.find((r) => r.enrollmentId === chosen) ?? shown.find((r) => !recordOf.get(r.enrollmentId)?.signedAt) ?? shown[0])
    : null;
  const carded = selected ? [selected] : shown;
  // "Signed consent on file" for every card: the current version once, their consents in one query.
  const [, [currentConsent, consentRows]] = await Promise.all([
    readCardDetails(carded.flatMap((r) => recordOf.get(r.enrollmentId) ?? [])),
    readBoardConsents(
      session.cohort.programId,
      carded.map((r) => r.participantId),
    ),
  ]);
  const userIds = new Set<string>();
  for (const r of records)
    [r.givenById, r.signedById, r.overrideById, r.doseOverrideById, ...r.addenda.map((a) => a.authorId)].forEach(
      (x) => x && userIds.add(x),
    );
  // The names on the records and whether the viewer is a prescriber (isActivePrescriber's
  // test, in SQL): one statement through the driver instead of three through the ORM.
  const ids = [...new Set([viewer.id, ...userIds])];
  const userRows = await readRows(
    `SELECT u."id", u."name", CASE WHEN u."id" = ? AND u."active" = ${sqlTrue()} AND u."isPrescriber" = ${sqlTrue()} ` +
      `AND u."deaNumber" IS NOT NULL AND u."deaNumber" <> '' ` +
      `AND EXISTS (SELECT 1 FROM "UserRole" r WHERE r."userId" = u."id" AND r."roleCode" = 'CLINICIAN') THEN 1 ELSE 0 END ` +
      `FROM "User" u WHERE u."id" IN (${ids.map(() => "?").join(", ")})`,
    [viewer.id, ...ids],
  );
  const viewerIsPrescriber = userRows.some((u) => u[0] === viewer.id && booleanValue(u[2]));
  const names = new Map(userRows.map(([id, userName]) => [id as string, userName as string]));
  const name = (id: string | null) => (id ? (names.get(id) ?? "Unknown") : null);
  /** One line per participant for the overview of a large board. */
  const overview = many
    ? shown.map((r) => {
        const rec = recordOf.get(r.enrollmentId);
        const pre = rec ? preDoseVitalsOf(rec) : null;
        const gate = pre ? preDoseGate(pre, limits) : null;
        const state = !rec
          ? "Not started"
          : rec.signedAt
            ? `Signed by ${rec.signatureName ?? name(rec.signedById) ?? "—"}`
            : rec.dischargedAt
              ? "Discharged, not signed"
              : rec.givenAt
                ? "Dosed, monitoring"
                : gate && gate.status !== "ok" && !rec.overrideReason
                  ? "Pre-dose gate not passed"
                  : gate
                    ? "Pre-dose vitals taken"
                    : "Started";
        return { enrollmentId: r.enrollmentId, label: r.label, state };
      })
    : null;
  const consentByEnrollment = new Map(
    carded.map((r) => {
      if (!currentConsent) return [r.enrollmentId, null] as const;
      const problem = consentRefusal(
        currentConsent,
        consentRows.filter((c) => c.participantId === r.participantId),
      );
      return [r.enrollmentId, { answer: (problem ? "NO" : "YES") as ChecklistAnswer, problem }] as const;
    }),
  );
  const cards = carded.map((r) => {
    const consent = consentByEnrollment.get(r.enrollmentId) ?? null;
    const rec = recordOf.get(r.enrollmentId) ?? null;
    const lot = rec?.lotId ? lots.find((l) => l.id === rec.lotId) : null;
    const pre = rec ? forSigning(rec, lot?.lotNumber ?? null, session) : null;
    const gate = pre?.preDoseVitals ? preDoseGate(pre.preDoseVitals, limits) : null;
    const discharge = parseJson<DischargeChecklistState>(rec?.dischargeChecklist ?? null);
    const cadss = parseJson<Record<string, number>>(rec?.cadss6 ?? null);
    const duration = rec?.givenAt && rec.dischargedAt ? monitoringDuration(rec.givenAt, rec.dischargedAt) : null;
    const order = orders.find((o) => o.enrollmentId === r.enrollmentId) ?? null;
    return {
      /** The order in force, in words, with its signature line (null: none). */
      order: order ? orderSummary(order, session.cohort.timeZone) : null,
      enrollmentId: r.enrollmentId,
      participantId: r.participantId,
      label: r.label,
      code: r.code,
      attendance: r.status,
      participantWeightKg: r.weightKg,
      /** First expiry, first out: the lot to use for this participant's dose (enough left for it once recorded). */
      suggestedLotId: suggestLot(lotStock, onDate, rec?.doseUg ?? null)?.id ?? null,
      /** "Signed consent on file", from the consent record (null: the program has no consent document). */
      consent,
      record: rec
        ? {
            id: rec.id,
            status: rec.status,
            version: rec.version,
            signedAt: rec.signedAt?.toISOString() ?? null,
            signedBy: rec.signatureName ?? name(rec.signedById),
            signatureMeaning: rec.signatureMeaning,
            checklist: checklistFor(rec, checklist),
            preDose: pre?.preDoseVitals ?? null,
            preDoseTakenAt: rec.preDoseTakenAt?.toISOString() ?? null,
            gate,
            override: rec.overrideReason
              ? { reason: rec.overrideReason, by: name(rec.overrideById), at: rec.overrideAt?.toISOString() ?? null }
              : null,
            doseMg: rec.doseUg !== null ? formatMg(rec.doseUg).replace(/,/g, "") : null,
            weightKg: rec.weightG !== null ? formatMg(rec.weightG).replace(/,/g, "") : null,
            mgPerKg: rec.doseUg && rec.weightG ? formatMgPerKg(rec.doseUg / 1000, rec.weightG / 1000) : null,
            doseOverride: rec.doseOverrideReason
              ? { reason: rec.doseOverrideReason, by: name(rec.doseOverrideById), at: rec.doseOverrideAt?.toISOString() ?? null }
              : null,
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
            /** Why "vitals within range" cannot be ticked now (the last reading recorded), or null. */
            dischargeVitalsWarning: rec.signedAt ? null : dischargeVitals(rec, session),
            missing: rec.signedAt
              ? []
              : signingBlockers(
                  rec,
                  lot?.lotNumber ?? null,
                  session,
                  r,
                  signingOrderBlocker({ usesOrders, order }, rec),
                  consent?.problem ?? null,
                ),
            addenda: rec.addenda.map((a) => ({ id: a.id, text: a.text, by: name(a.authorId), at: a.createdAt.toISOString() })),
          }
        : null,
    };
  });
  return {
    cards,
    overview,
    selectedId: selected?.enrollmentId ?? null,
    checklist,
    thresholds,
    doseRanges,
    viewerIsPrescriber,
    /** Once any participant of the session has an order, every dose needs one. */
    usesOrders,
    lots: lots.map((l) => ({
      id: l.id,
      lotNumber: l.lotNumber,
      product: l.product,
      balanceUg: balances.get(l.id) ?? 0,
      /** What an opened vial of this lot still holds (from the balance and the vial size), to prompt its waste. */
      openVialUg: openVialRemainderUg(
        balances.get(l.id) ?? 0,
        lotTotalUg({ concentrationMgPerMl: Number(l.concentrationMgPerMl), vialVolumeMl: Number(l.vialVolumeMl), vialCount: 1 }),
      ),
      expiryDate: l.expiryDate,
      expired: onDate > l.expiryDate,
    })),
    suggestedLotId: suggestLot(lotStock, onDate, null)?.id ?? null,
    sessionDate: onDate,
    window: { startsAt: session.startsAt.toISOString(), endsAt: session.endsAt.toISOString() },
    clinicians: session.cohort.staff
      .filter((s) => s.role === "CLINICIAN" && s.user.active)
      .map((s) => ({ id: s.user.id, name: s.user.name })),
  };
}

export type DosingBoard = Awaited<ReturnType<typeof getDosingBoard>>;

/** The session a board command writes to, and its roster (who may have a record). */
export type DosingTarget = { session: SessionWithCohort; roster: RosterRow[] };

/** Which records of the session are signed (enrollment id → when), for `dosingIntents`. */
export async function signedDosingRecords(sessionId: string): Promise<Map<string, Date>> {
  const db = await dbReady();
  const rows = await db.dosingRecord.findMany({
    where: { sessionId, signedAt: { not: null } },
    select: { enrollmentId: true, signedAt: true },
  });
  return new Map(rows.map((r) => [r.enrollmentId, r.signedAt!]));
}

/** The schema context for a session's board on the server (now, the cohort's zone, the program's checklist). */
export function dosingFormContext(session: SessionWithCohort) {
  return { timeZone: session.cohort.timeZone, now: new Date(), checklist: programSafety(session).checklist };
}

const CHANGED = "Someone else changed this record while you were editing; reload to see their changes";

/**
 * Runs one section's edit: the record (created on first edit) must be unsigned and at the
 * version the form was loaded with; `apply` returns the fields to write.
 */
async function editRecord(
  actor: Actor,
  meta: RequestMeta,
  { session, roster }: DosingTarget,
  { enrollmentId, version }: { enrollmentId: string; version: number },
  action: string,
  apply: (tx: Tx, record: RecordWithVitals, participantId: string) => Promise<Partial<DosingRecord> | null>,
  /** Ledger lots this edit writes to: locked first, in the transaction's first statements (lockLotTx). */
  lockLotIds: readonly (string | null | undefined)[] = [],
) {
  const row = roster.find((r) => r.enrollmentId === enrollmentId);
  if (!row) throw new FieldError("form", "This participant is not on the session's roster");
  if (row.status && !ATTENDING.includes(row.status)) throw new FieldError("form", `${row.label} is marked as not attending this session`);
  const db = await dbReady();
  await refuseIfConsentWithdrawn(db, session, row);
  const lots = [...new Set(lockLotIds.filter((x): x is string => !!x))].sort();
  const run = () =>
    db.$transaction(
      async (tx) => {
        for (const lotId of lots) await lockLotTx(tx, lotId);
        let record = await tx.dosingRecord.findUnique({
          where: { sessionId_enrollmentId: { sessionId: session.id, enrollmentId } },
          include: { vitals: { orderBy: { takenAt: "asc" } } },
        });
        if (record?.signedAt) throw new FieldError("form", signedRecordMessage(record.signedAt));
        if (!record) {
          if (version !== 0) throw new ConflictError(CHANGED);
          record = { ...(await tx.dosingRecord.create({ data: { sessionId: session.id, enrollmentId } })), vitals: [] };
        } else if (record.version !== version) {
          throw new ConflictError(CHANGED);
        }
        const data = await apply(tx, record, row.participantId);
        const updated = await tx.dosingRecord.updateMany({
          where: { id: record.id, version: record.version, signedAt: null },
          data: { ...(data ?? {}), version: { increment: 1 } },
        });
        if (updated.count !== 1) throw new ConflictError(CHANGED);
        await audit(tx, {
          actor,
          action: `dosing.${action}`,
          entityType: "DosingRecord",
          entityId: record.id,
          summary: `Dosing record (${session.title}): ${action.replace(/_/g, " ")}`,
          details: data
            ? Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]))
            : undefined,
          ...meta,
        });
      },
      lots.length ? LEDGER_TX_OPTIONS : undefined,
    );
  await (lots.length ? withLedgerRetry(run) : run());
}

/** The record's ADMINISTER entries that no reversal names (at most one, by construction). */
async function activeAdministrations(tx: Tx, dosingRecordId: string) {
  const entries = await tx.ledgerEntry.findMany({ where: { dosingRecordId, type: "ADMINISTER" } });
  if (entries.length === 0) return [];
  const reversed = await tx.ledgerEntry.findMany({
    where: { reversesEntryId: { in: entries.map((e) => e.id) } },
    select: { reversesEntryId: true },
  });
  const gone = new Set(reversed.map((r) => r.reversesEntryId));
  return entries.filter((e) => !gone.has(e.id));
}

/**
 * Makes the ledger hold exactly one active ADMINISTER entry for the record, of `amountUg`
 * from `lotId`: nothing to do when it already does; otherwise the earlier entry is reversed
 * and a new one appended (the ledger is append-only). Balance and expiry refusals come back
 * as FieldError on the dose form's fields.
 */
async function syncAdministration(
  tx: Tx,
  actor: Actor,
  meta: RequestMeta,
  session: SessionWithCohort,
  record: { id: string },
  want: { lotId: string; amountUg: number; participantId: string },
) {
  const active = await activeAdministrations(tx, record.id);
  if (active.length === 1 && active[0].lotId === want.lotId && active[0].amountUg === want.amountUg) return;
  for (const e of active)
    await appendLedgerEntryTx(tx, actor, meta, e.lotId, {
      type: "REVERSAL",
      amountUg: 0,
      reversesEntryId: e.id,
      reason: "Dose corrected on the dosing record before signing",
    });
  try {
    await appendLedgerEntryTx(tx, actor, meta, want.lotId, {
      type: "ADMINISTER",
      amountUg: want.amountUg,
      participantId: want.participantId,
      dosingRecordId: record.id,
      administeredOn: sessionDate(session),
      note: session.title,
    });
  } catch (e) {
    if (e instanceof FieldError) throw new FieldError("doseMg", e.message);
    throw e;
  }
}

const preDoseGateOf = (record: DosingRecord, session: SessionWithCohort) =>
  preDoseGate(
    {
      systolic: record.preDoseSystolic!,
      diastolic: record.preDoseDiastolic!,
      heartRate: record.preDoseHeartRate!,
      spo2: record.preDoseSpo2!,
    },
    gateLimits(programSafety(session).thresholds),
  );

/** The pre-dose checklist: every program item, answered or not. */
export async function saveChecklist(actor: Actor, meta: RequestMeta, target: DosingTarget, input: DosingInput<"checklist">) {
  const { checklist } = programSafety(target.session);
  return editRecord(actor, meta, target, input, "checklist", async (tx, _record, participantId) => {
    const consent = await consentOnFile(tx, target.session, participantId);
    const answers = checklist.map((item) => ({
      key: item.key,
      label: item.label,
      answer: (consent && item.key === CONSENT_CHECKLIST_KEY ? consent.answer : (input.answer[item.key] ?? null)) as ChecklistAnswer | null,
    }));
    return { preDoseChecklist: JSON.stringify(answers) };
  });
}

/** Pre-dose vitals; new ones replace an earlier override (it answered a different reading). */
export async function savePreDoseVitals(actor: Actor, meta: RequestMeta, target: DosingTarget, input: DosingInput<"predose_vitals">) {
  return editRecord(actor, meta, target, input, "predose_vitals", async (_tx, record) => {
    if (record.givenAt) throw new FieldError("form", "The dose has already been recorded; pre-dose vitals can no longer change");
    requireTimeInWindow(target.session, input.takenAt, input.timeConfirmed, "takenAt", "Time taken");
    return {
      preDoseSystolic: input.systolic,
      preDoseDiastolic: input.diastolic,
      preDoseHeartRate: input.heartRate,
      preDoseSpo2: input.spo2,
      preDoseTakenAt: input.takenAt,
      overrideReason: null,
      overrideById: null,
      overrideAt: null,
    };
  });
}

/** A clinician's written reason to dose despite a blocked pre-dose gate; raises a safety signal. */
export async function overridePreDoseGate(actor: Actor, meta: RequestMeta, target: DosingTarget, input: DosingInput<"override">) {
  const { session } = target;
  return editRecord(actor, meta, target, input, "override", async (tx, record, participantId) => {
    if (record.preDoseSystolic === null) throw new FieldError("form", "Record pre-dose vitals before overriding the gate");
    const gate = preDoseGateOf(record, session);
    const outcome = applyOverride(gate, { reason: input.reason, clinicianId: actor.id });
    if (!outcome.ok) throw new FieldError("reason", outcome.message);
    await recordSafetySignal(
      tx,
      {
        kind: "BP_OVERRIDE",
        priority: describeSignal({
          kind: "BP_OVERRIDE",
          dosingRecordId: record.id,
          gateReasons: gate.reasons,
          overrideReason: input.reason,
          clinicianLabel: "",
          participantLabel: "",
          occurredAt: new Date(),
        }).priority,
        participantId,
        cohortId: session.cohortId,
        sourceType: "DosingRecord",
        sourceId: record.id,
        detail: `${gate.reasons.join("; ")}. Override reason: ${input.reason}`,
      },
      { refreshDetail: true },
    );
    return { overrideReason: input.reason, overrideById: actor.id, overrideAt: new Date() };
  });
}

/** The dose: gate passed (or overridden), a current lot of the session's site, an eligible giver. */
export async function saveDose(actor: Actor, meta: RequestMeta, target: DosingTarget, input: DosingInput<"dose">) {
  const { session } = target;
  // The lots the ledger entries touch (the chosen one, and the one of an earlier dose to reverse) are locked first.
  const db = await dbReady();
  const current = await db.dosingRecord.findUnique({
    where: { sessionId_enrollmentId: { sessionId: session.id, enrollmentId: input.enrollmentId } },
    select: { id: true },
  });
  const earlierLots = current
    ? (await db.ledgerEntry.findMany({ where: { dosingRecordId: current.id }, select: { lotId: true } })).map((e) => e.lotId)
    : [];
  return editRecord(
    actor,
    meta,
    target,
    input,
    "dose",
    async (tx, record, participantId) => {
      if (record.preDoseSystolic === null) throw new FieldError("form", "Record pre-dose vitals before the dose");
      const gate = preDoseGateOf(record, session);
      if (gate.status === "blocked" && !record.overrideReason) {
        throw new FieldError("form", `Dosing is blocked: ${gate.reasons.join("; ")}. A clinician must record an override reason first`);
      }
      const lot = await tx.ketamineLot.findUnique({ where: { id: input.lotId } });
      if (!lot) throw new FieldError("lotId", "Choose a lot from the list");
      if (lot.siteId !== session.cohort.siteId)
        throw new FieldError("lotId", `Lot ${lot.lotNumber} is held at another site; use a lot from ${session.cohort.site.name}`);
      const expired = administrationExpiryRefusal(lot, sessionDate(session));
      if (expired) throw new FieldError("lotId", expired);
      requireTimeInWindow(session, input.givenAt, input.timeConfirmed, "givenAt", "Time given");
      if (record.preDoseTakenAt && input.givenAt < record.preDoseTakenAt)
        throw new FieldError("givenAt", "Time given cannot be before the pre-dose vitals");
      await assertMayHandleKetamine(tx, input.givenById, { cohortId: session.cohortId }, "giver", "givenById");
      const giver = await tx.user.findUniqueOrThrow({ where: { id: input.givenById } });
      if (record.dischargedAt && record.dischargedAt < input.givenAt)
        throw new FieldError("givenAt", "Time given cannot be after the recorded discharge");
      // The order in force (when the session uses orders): a different dose or route is refused.
      const ordered = await orderInForce(tx, session.id, input.enrollmentId);
      const refusal = administrationRefusal(ordered, input);
      if (refusal) throw new FieldError(refusal.field, refusal.message);
      const override = await doseRangeOverride(tx, actor, meta, target, record, participantId, input, ordered.order);
      await syncAdministration(tx, actor, meta, session, record, { lotId: lot.id, amountUg: mgToUg(input.doseMg), participantId });
      return {
        doseUg: mgToUg(input.doseMg),
        weightG: mgToUg(input.weightKg),
        route: input.route,
        lotId: lot.id,
        givenAt: input.givenAt,
        givenById: giver.id,
        ...override,
      };
    },
    [input.lotId, ...earlierLots],
  );
}

/**
 * The program's mg/kg range for the route is a hard stop: outside it, only an active prescriber
 * who ticks the override and writes a reason may save the dose; the override raises a
 * DOSE_OUT_OF_RANGE signal and is audited. A dose inside the range clears an earlier override.
 */
async function doseRangeOverride(
  tx: Tx,
  actor: Actor,
  meta: RequestMeta,
  { session }: DosingTarget,
  record: DosingRecord,
  participantId: string,
  input: DosingInput<"dose">,
  order: DoseOrder | null = null,
): Promise<Pick<DosingRecord, "doseOverrideReason" | "doseOverrideById" | "doseOverrideAt">> {
  const check = checkDoseRange(input, programSafety(session).doseRanges);
  if (check.level !== "below" && check.level !== "above") return { doseOverrideReason: null, doseOverrideById: null, doseOverrideAt: null };
  // A dose given as ordered outside the range carries the prescriber's signed override from
  // the order (its DOSE_OUT_OF_RANGE signal was raised when it was ordered).
  if (order?.rangeOverride && order.reason)
    return { doseOverrideReason: order.reason, doseOverrideById: order.orderedById, doseOverrideAt: order.signedAt };
  const prescriber = await isActivePrescriber(tx, actor.id);
  if (!input.overrideDoseRange) throw new FieldError("doseMg", doseRangeRefusal(check, { prescriber }));
  if (!prescriber)
    throw new FieldError(
      "overrideDoseRange",
      `Only a prescriber (a clinician with a DEA number on their user record) can override the range: ${check.message}`,
    );
  const reason = input.doseOverrideReason!;
  const signal = describeSignal({
    kind: "DOSE_OUT_OF_RANGE",
    dosingRecordId: record.id,
    rangeMessage: check.message!,
    overrideReason: reason,
    prescriberLabel: (await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { name: true } })).name,
    participantLabel: "",
    occurredAt: new Date(),
  });
  await recordSafetySignal(
    tx,
    {
      kind: "DOSE_OUT_OF_RANGE",
      priority: signal.priority,
      participantId,
      cohortId: session.cohortId,
      sourceType: "DosingRecord",
      sourceId: record.id,
      detail: signal.detail,
    },
    { refreshDetail: true },
  );
  await audit(tx, {
    actor,
    action: "dosing.dose_range_override",
    entityType: "DosingRecord",
    entityId: record.id,
    summary: `Prescriber override of the dose range (${session.title}): ${check.message}`,
    details: { mgPerKg: check.mgPerKg, route: input.route, range: check.range, reason },
    ...meta,
  });
  return { doseOverrideReason: reason, doseOverrideById: actor.id, doseOverrideAt: new Date() };
}

/** One reading of the post-dose series; an out-of-range reading raises a safety signal. */
export async function addVitalsReading(actor: Actor, meta: RequestMeta, target: DosingTarget, input: DosingInput<"vitals">) {
  const { session } = target;
  return editRecord(actor, meta, target, input, "vitals", async (tx, record, participantId) => {
    requireTimeInWindow(session, input.takenAt, input.timeConfirmed, "takenAt", "Time taken");
    const check = isOutOfRange(input, DEFAULT_MONITORING_RANGES);
    const reading = await tx.vitalsReading.create({
      data: {
        dosingRecordId: record.id,
        takenAt: input.takenAt,
        timepoint: input.timepoint === "PRE_DOSE" ? "OTHER" : input.timepoint,
        systolic: input.systolic,
        diastolic: input.diastolic,
        heartRate: input.heartRate,
        spo2: input.spo2,
        respiratoryRate: input.respiratoryRate ?? null,
        temperatureC: input.temperatureC ?? null,
        outOfRange: check.outOfRange,
        flags: check.outOfRange ? JSON.stringify(check.flags.map((f) => ({ field: f.field, message: f.message }))) : null,
        recordedById: actor.id,
      },
    });
    if (check.outOfRange) {
      await recordSafetySignal(
        tx,
        {
          kind: "VITALS_OUT_OF_RANGE",
          priority: describeSignal({
            kind: "VITALS_OUT_OF_RANGE",
            dosingRecordId: record.id,
            flags: check.flags,
            participantLabel: "",
            occurredAt: new Date(),
          }).priority,
          participantId,
          cohortId: session.cohortId,
          sourceType: "VitalsReading",
          sourceId: reading.id,
          detail: check.flags.map((f) => f.message).join("; "),
        },
        { refreshDetail: true },
      );
    }
    return null;
  });
}

/** CADSS-6 scores and the observer's notes. */
export async function saveCadss(actor: Actor, meta: RequestMeta, target: DosingTarget, input: DosingInput<"cadss">) {
  const { item1, item2, item6, item7, item15, item22, observations } = input;
  return editRecord(actor, meta, target, input, "cadss", async () => ({
    cadss6: JSON.stringify({ item1, item2, item6, item7, item15, item22 }),
    observations: observations ?? null,
  }));
}

/** The discharge checklist and time (after the dose, within the monitoring rules). */
export async function saveDischarge(actor: Actor, meta: RequestMeta, target: DosingTarget, input: DosingInput<"discharge">) {
  const { orientedToBaseline, walkingSteadily, vitalsWithinRange, escortPresent, escortName, noDrivingAdvised, dischargedAt } = input;
  const checklist = { orientedToBaseline, walkingSteadily, vitalsWithinRange, escortPresent, escortName, noDrivingAdvised };
  return editRecord(actor, meta, target, input, "discharge", async (_tx, record) => {
    if (vitalsWithinRange) {
      const refusal = dischargeVitals(record, target.session);
      if (refusal) throw new FieldError("vitalsWithinRange", refusal);
    }
    requireTimeInWindow(target.session, dischargedAt, input.timeConfirmed, "dischargedAt", "Discharge time");
    if (dischargedAt) {
      if (!record.givenAt) throw new FieldError("dischargedAt", "Record the dose before the discharge time");
      const duration = monitoringDuration(record.givenAt, dischargedAt);
      if (!duration.ok) throw new FieldError("dischargedAt", duration.message);
    }
    return { dischargeChecklist: JSON.stringify(checklist), escortName: escortName ?? null, dischargedAt: dischargedAt ?? null };
  });
}

/** Refuses signing with what is still missing (the page lists it from `details.missing`). */
function missingForSigningError(missing: string[]) {
  return new FieldError(
    { form: `This record cannot be signed yet: ${missing.length} item${missing.length === 1 ? " is" : "s are"} missing` },
    undefined,
    { missing },
  );
}

/** Signs a complete record: locks it; its ADMINISTER ledger entry (written with the dose) stops being pending. */
export async function signDosingRecord(
  actor: Actor,
  meta: RequestMeta,
  { session, roster }: DosingTarget,
  { enrollmentId, version, password }: DosingInput<"sign">,
) {
  const row = roster.find((r) => r.enrollmentId === enrollmentId);
  if (!row) throw new FieldError("form", "This participant is not on the session's roster");
  const db = await dbReady();
  const where = { sessionId_enrollmentId: { sessionId: session.id, enrollmentId } };
  // What can be judged without the password is judged first (a record that cannot be signed
  // costs no password attempt); the transaction below checks all of it again.
  const draft = await db.dosingRecord.findUnique({ where, include: { vitals: { orderBy: { takenAt: "asc" } } } });
  if (draft?.signedAt) throw new FieldError("form", signedRecordMessage(draft.signedAt));
  if (draft && draft.version !== version)
    throw new ConflictError("The record changed since you loaded it; reload and check it before signing");
  if (draft?.givenById) await assertMayHandleKetamine(db, draft.givenById, { cohortId: session.cohortId }, "giver", "givenById");
  const draftLot = draft?.lotId ? await db.ketamineLot.findUnique({ where: { id: draft.lotId } }) : null;
  await refuseIfConsentWithdrawn(db, session, row);
  const early = signingBlockers(
    draft,
    draftLot?.lotNumber ?? null,
    session,
    row,
    signingOrderBlocker(await orderInForce(db, session.id, enrollmentId), draft),
    (await consentOnFile(db, session, row.participantId))?.problem ?? null,
  );
  if (early.length > 0) throw missingForSigningError(early);
  const signature = await confirmSignature(actor, meta, "DOSING_RECORD", password);
  // The lot is locked as the transaction's first statement (lockLotTx explains why), so
  // its id is read beforehand; the version check below catches a lot changed meanwhile.
  const lotId = (await db.dosingRecord.findUnique({ where, select: { lotId: true } }))?.lotId ?? null;
  await withLedgerRetry(() =>
    db.$transaction(async (tx) => {
      if (lotId) await lockLotTx(tx, lotId);
      const record = await tx.dosingRecord.findUnique({ where, include: { vitals: { orderBy: { takenAt: "asc" } } } });
      if (!record) throw missingForSigningError(["Nothing has been recorded yet"]);
      if (record.signedAt) throw new FieldError("form", signedRecordMessage(record.signedAt));
      if (record.version !== version || record.lotId !== lotId)
        throw new ConflictError("The record changed since you loaded it; reload and check it before signing");
      // Checked again at signing: the giver may have left the cohort's staff or been
      // deactivated since the dose was recorded (or the draft predates the rule).
      if (record.givenById) await assertMayHandleKetamine(tx, record.givenById, { cohortId: session.cohortId }, "giver", "givenById");
      const lot = record.lotId ? await tx.ketamineLot.findUnique({ where: { id: record.lotId } }) : null;
      const missing = signingBlockers(
        record,
        lot?.lotNumber ?? null,
        session,
        row,
        signingOrderBlocker(await orderInForce(tx, session.id, enrollmentId), record),
        (await consentOnFile(tx, session, row.participantId))?.problem ?? null,
      );
      if (missing.length > 0) throw missingForSigningError(missing);
      const now = new Date();
      const updated = await tx.dosingRecord.updateMany({
        where: { id: record.id, version, signedAt: null },
        data: {
          status: "SIGNED",
          signedAt: now,
          signedById: actor.id,
          signatureMeaning: signature.meaning,
          signatureName: signature.name,
          version: { increment: 1 },
        },
      });
      if (updated.count !== 1) throw new ConflictError("The record changed since you loaded it; reload and check it before signing");
      // The administration left the balance when the dose was saved; a draft from before that
      // rule (or one whose entry was reversed by hand) gets its entry now.
      await syncAdministration(tx, actor, meta, session, record, {
        lotId: record.lotId!,
        amountUg: record.doseUg!,
        participantId: row.participantId,
      });
      await audit(tx, {
        actor,
        action: "dosing.sign",
        entityType: "DosingRecord",
        entityId: record.id,
        summary: `Signed the dosing record (${session.title}) — ${signature.meaning} ${signature.name}; ${formatMg(record.doseUg!)} mg from lot ${lot!.lotNumber}`,
        details: { meaning: signature.meaning, signerName: signature.name },
        ...meta,
      });
    }, LEDGER_TX_OPTIONS),
  );
}

/** A correction or late entry on a signed record (an unsigned draft is edited instead). */
export async function addDosingAddendum(
  actor: Actor,
  meta: RequestMeta,
  { session }: DosingTarget,
  { enrollmentId, text }: DosingInput<"addendum">,
) {
  const db = await dbReady();
  const record = await db.dosingRecord.findUnique({ where: { sessionId_enrollmentId: { sessionId: session.id, enrollmentId } } });
  if (!record || !record.signedAt) throw new FieldError("text", "Addenda are for signed records; edit the draft instead");
  await db.$transaction(async (tx) => {
    const a = await tx.dosingAddendum.create({ data: { dosingRecordId: record.id, authorId: actor.id, text } });
    await audit(tx, {
      actor,
      action: "dosing.addendum",
      entityType: "DosingRecord",
      entityId: record.id,
      summary: `Added an addendum to a signed dosing record (${session.title})`,
      details: { addendumId: a.id },
      ...meta,
    });
  });
}
