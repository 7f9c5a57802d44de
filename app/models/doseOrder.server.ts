// Dose orders: before a dosing session a prescriber orders each participant's dose (mg or
// mg/kg at a weight, route, an optional repeat rule), signed with their password ("ordered
// by"). An amendment is a new version with a reason; the earlier version is kept (SUPERSEDED).
// The dosing board refuses a dose that differs from the order in force (saveDose), and, once a
// session has any order, a dose for a participant without one. Weight: the order form starts
// from the participant's recorded weight (Participant.weightKg); the weight the prescriber
// signs is stored on the order. An mg/kg order is compared at the weight recorded with the dose.
import {
  type DoseOrderTerms,
  type DoseOrderUnit,
  type DosingRoute,
  NO_ORDER_MESSAGE,
  checkOrderAgainstProtocol,
  compareWithOrder,
  describeOrderDose,
  describeRepeat,
  describeSignal,
  formatMg,
  mgToUg,
  orderedMg,
  signatureLine,
  DOSING_ROUTE_LABELS,
} from "~/domain/safety";
import type { OrderInput } from "~/forms/orders";
import type { DoseOrder, DosingRecord } from "~/generated/prisma/client";
import { auditParticipantRead, type Reader } from "~/models/access.server";
import { ATTENDING, type RosterRow, type SessionWithCohort } from "~/models/attendance.server";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, type Db, type Tx } from "~/utils/db.server";
import { pdfFields, pdfHeading, pdfParagraph, pdfTable, renderPdf } from "~/utils/pdf.server";
import { isActivePrescriber, programSafety, type DosingTarget } from "./dosing.server";
import { ConflictError, FieldError, type Actor } from "./kernel.server";
import { recordSafetySignal } from "./safetySignal.server";
import { confirmSignature } from "./signature.server";

export const NOT_A_PRESCRIBER = "Only a prescriber (a clinician with a DEA number on their user record) can order or amend doses";
const CHANGED = "The order changed since you loaded it; reload and check it before signing";

/** The order's terms for the domain's comparisons. */
export function orderTerms(o: DoseOrder): DoseOrderTerms {
  return {
    unit: o.unit as DoseOrderUnit,
    amount: o.amount,
    weightKg: o.weightG !== null ? o.weightG / 1000 : null,
    route: o.route as DosingRoute,
    repeat:
      o.repeatDoseUg !== null && o.repeatAfterMinutes !== null
        ? { doseMg: o.repeatDoseUg / 1000, afterMinutes: o.repeatAfterMinutes }
        : null,
    prescriberName: o.signatureName,
  };
}

/** The order in force for one participant, and whether the session uses orders at all (any order in force). */
export async function orderInForce(db: Db | Tx, sessionId: string, enrollmentId: string) {
  const active = await db.doseOrder.findMany({ where: { sessionId, status: "ACTIVE" }, select: { id: true, enrollmentId: true } });
  const mine = active.find((o) => o.enrollmentId === enrollmentId);
  return { usesOrders: active.length > 0, order: mine ? await db.doseOrder.findUniqueOrThrow({ where: { id: mine.id } }) : null };
}

/**
 * The dose against the order (saveDose): null when it may be given, else the field and the
 * refusal. A session without any order keeps working as before (no orders required).
 */
export function administrationRefusal(
  state: { usesOrders: boolean; order: DoseOrder | null },
  given: { doseMg: number; weightKg: number; route: DosingRoute },
): { field: "doseMg" | "route"; message: string } | null {
  if (!state.order) return state.usesOrders ? { field: "doseMg", message: NO_ORDER_MESSAGE } : null;
  const c = compareWithOrder(orderTerms(state.order), given);
  return c.ok ? null : { field: c.field, message: c.message };
}

/** Why a saved dose cannot be signed against the order in force (an order amended after the dose was saved), or null. */
export function signingOrderBlocker(state: { usesOrders: boolean; order: DoseOrder | null }, record: DosingRecord | null): string | null {
  if (!record || record.doseUg === null || record.weightG === null || !record.route) return null;
  const refusal = administrationRefusal(state, {
    doseMg: record.doseUg / 1000,
    weightKg: record.weightG / 1000,
    route: record.route as DosingRoute,
  });
  return refusal ? `The dose does not match the order: ${refusal.message}` : null;
}

/** The order in force as the dosing board shows it on the participant's card. */
export function orderSummary(o: DoseOrder, timeZone: string) {
  const terms = orderTerms(o);
  return {
    version: o.version,
    text: describeOrderDose(terms),
    repeat: describeRepeat(terms.repeat),
    reason: o.reason,
    signature: signatureLine({ name: o.signatureName, at: o.signedAt, meaning: o.signatureMeaning, timeZone }),
  };
}

/** Places or amends (a new signed version) the order of one participant's dose. */
export async function placeOrder(actor: Actor, meta: RequestMeta, { session, roster }: DosingTarget, input: OrderInput) {
  const row = roster.find((r) => r.enrollmentId === input.enrollmentId);
  if (!row) throw new FieldError("form", "This participant is not on the session's roster");
  if (row.status && !ATTENDING.includes(row.status)) throw new FieldError("form", `${row.label} is marked as not attending this session`);
  const db = await dbReady();
  if (!(await isActivePrescriber(db, actor.id))) throw new FieldError("form", NOT_A_PRESCRIBER);
  const where = { sessionId: session.id, enrollmentId: input.enrollmentId };
  const record = await db.dosingRecord.findUnique({ where: { sessionId_enrollmentId: where } });
  if (record?.signedAt) throw new FieldError("form", `${row.label}'s dosing record is signed; the order can no longer change`);
  const current = await db.doseOrder.findFirst({ where: { ...where, status: "ACTIVE" } });
  if ((current?.version ?? 0) !== input.version) throw new ConflictError(CHANGED);
  const weightKg = input.weightKg ?? row.weightKg ?? null;
  const terms = { unit: input.unit, amount: String(input.amount), weightKg, route: input.route };
  const { doseRanges } = programSafety(session);
  const protocol = checkOrderAgainstProtocol(terms, { sessionRoute: (session.route as DosingRoute | null) ?? null, ranges: doseRanges });
  if (protocol.outOfRange && !input.overrideDoseRange)
    throw new FieldError("amount", `${protocol.outOfRange}. To order it, tick the prescriber's override and write the reason`);
  if (!input.reason && (current || protocol.deviations.length))
    throw new FieldError(
      "reason",
      current
        ? "Write why the order is amended (the earlier order is kept)"
        : `Write the reason for ordering outside the protocol: ${protocol.deviations.join("; ")}`,
    );
  const doseUg = mgToUg(orderedMg(terms));
  // The password last: an order that cannot be placed costs no password attempt.
  const signature = await confirmSignature(actor, meta, "DOSE_ORDER", input.password);
  await db.$transaction(async (tx) => {
    if (current) {
      const superseded = await tx.doseOrder.updateMany({ where: { id: current.id, status: "ACTIVE" }, data: { status: "SUPERSEDED" } });
      if (superseded.count !== 1) throw new ConflictError(CHANGED);
    }
    const order = await tx.doseOrder.create({
      data: {
        ...where,
        version: (current?.version ?? 0) + 1,
        unit: input.unit,
        amount: String(input.amount),
        doseUg,
        weightG: weightKg !== null ? mgToUg(weightKg) : null,
        route: input.route,
        repeatDoseUg: input.repeatDoseMg !== undefined ? mgToUg(input.repeatDoseMg) : null,
        repeatAfterMinutes: input.repeatAfterMinutes ?? null,
        reason: input.reason ?? null,
        rangeOverride: protocol.outOfRange,
        orderedById: actor.id,
        signedAt: new Date(),
        signatureMeaning: signature.meaning,
        signatureName: signature.name,
      },
    });
    if (protocol.outOfRange) {
      const signal = describeSignal({
        kind: "DOSE_OUT_OF_RANGE",
        dosingRecordId: order.id,
        rangeMessage: protocol.outOfRange,
        overrideReason: input.reason!,
        prescriberLabel: signature.name,
        participantLabel: "",
        occurredAt: new Date(),
      });
      await recordSafetySignal(
        tx,
        {
          kind: "DOSE_OUT_OF_RANGE",
          priority: signal.priority,
          participantId: row.participantId,
          cohortId: session.cohortId,
          sourceType: "DoseOrder",
          sourceId: order.id,
          detail: signal.detail,
        },
        { refreshDetail: true },
      );
    }
    await audit(tx, {
      actor,
      action: current ? "order.amend" : "order.place",
      entityType: "DoseOrder",
      entityId: order.id,
      summary: `${current ? `Amended the dose order (version ${order.version})` : "Ordered the dose"} for ${session.title}: ${describeOrderDose(orderTerms(order))} — ${signature.meaning} ${signature.name}`,
      details: { enrollmentId: input.enrollmentId, version: order.version, reason: order.reason, rangeOverride: order.rangeOverride },
      ...meta,
    });
  });
}

/** Everything the orders page and its PDF show: per participant the order in force, its history, and the dosing record's signature. */
export async function getSessionOrders(viewer: Reader, session: SessionWithCohort, roster: RosterRow[]) {
  await auditParticipantRead(viewer, {
    what: `dose orders of session ${session.title}`,
    participantIds: roster.map((r) => r.participantId),
    subject: { type: "GroupSession", id: session.id },
  });
  const db = await dbReady();
  const [orders, records] = await Promise.all([
    db.doseOrder.findMany({ where: { sessionId: session.id }, orderBy: [{ enrollmentId: "asc" }, { version: "desc" }] }),
    db.dosingRecord.findMany({ where: { sessionId: session.id } }),
  ]);
  const users = await db.user.findMany({
    where: { id: { in: records.flatMap((r) => (r.givenById ? [r.givenById] : [])) } },
    select: { id: true, name: true },
  });
  const tz = session.cohort.timeZone;
  const { doseRanges } = programSafety(session);
  const rows = roster
    .filter((r) => r.status === null || ATTENDING.includes(r.status) || orders.some((o) => o.enrollmentId === r.enrollmentId))
    .map((r) => {
      const mine = orders.filter((o) => o.enrollmentId === r.enrollmentId);
      const active = mine.find((o) => o.status === "ACTIVE") ?? null;
      const rec = records.find((x) => x.enrollmentId === r.enrollmentId) ?? null;
      const administered = !!rec?.givenAt && !!active && !signingOrderBlocker({ usesOrders: true, order: active }, rec);
      return {
        enrollmentId: r.enrollmentId,
        label: r.label,
        participantWeightKg: r.weightKg,
        order: active
          ? describeVersion(active, tz, administered ? "Administered" : active.version > 1 ? "Ordered (amended)" : "Ordered")
          : null,
        history: mine
          .filter((o) => o.status !== "ACTIVE")
          .map((o) => describeVersion(o, tz, `Amended (replaced by version ${o.version + 1})`)),
        dose: rec?.doseUg
          ? {
              text: `${formatMg(rec.doseUg)} mg ${rec.route ?? ""}${rec.weightG ? ` at ${formatMg(rec.weightG)} kg` : ""}`,
              givenBy: users.find((u) => u.id === rec.givenById)?.name ?? null,
              givenAt: rec.givenAt?.toISOString() ?? null,
              signature:
                rec.signedAt && rec.signatureName
                  ? signatureLine({ name: rec.signatureName, at: rec.signedAt, meaning: rec.signatureMeaning, timeZone: tz })
                  : null,
            }
          : null,
      };
    });
  return {
    rows,
    sessionRoute: session.route as DosingRoute | null,
    doseRanges,
    usesOrders: orders.some((o) => o.status === "ACTIVE"),
    viewerIsPrescriber: await isActivePrescriber(db, viewer.id),
  };
}

function describeVersion(o: DoseOrder, timeZone: string, status: string) {
  const terms = orderTerms(o);
  return {
    id: o.id,
    version: o.version,
    status,
    unit: o.unit,
    amount: o.amount,
    weightKg: terms.weightKg,
    route: o.route,
    repeatDoseMg: terms.repeat?.doseMg ?? null,
    repeatAfterMinutes: terms.repeat?.afterMinutes ?? null,
    text: describeOrderDose(terms),
    routeLabel: DOSING_ROUTE_LABELS[terms.route],
    repeat: describeRepeat(terms.repeat),
    reason: o.reason,
    rangeOverride: o.rangeOverride,
    signature: signatureLine({ name: o.signatureName, at: o.signedAt, meaning: o.signatureMeaning, timeZone }),
  };
}

export type SessionOrders = Awaited<ReturnType<typeof getSessionOrders>>;

/** The printable orders of a session as a PDF (the same content as the page, with every signature line). */
export async function sessionOrdersPdf(
  session: SessionWithCohort,
  data: SessionOrders,
  printed: { by: string; at: Date; atText: string },
): Promise<Buffer> {
  return renderPdf({ title: `Dose orders — ${session.title}`, subject: session.cohort.name, createdAt: printed.at }, (doc) => {
    pdfHeading(doc, `Dose orders — ${session.title}`);
    pdfFields(doc, [
      ["Cohort", session.cohort.name],
      ["Site", session.cohort.site.name],
      ["Planned route", session.route ? DOSING_ROUTE_LABELS[session.route as DosingRoute] : "—"],
      ["Printed", `${printed.atText} by ${printed.by}`],
    ]);
    pdfTable(
      doc,
      [
        { label: "Participant", width: 110 },
        { label: "Order", width: 170 },
        { label: "Status", width: 90 },
        { label: "Given", width: 134 },
      ],
      data.rows.map((r) => [r.label, r.order?.text ?? "No order", r.order?.status ?? "—", r.dose?.text ?? "—"]),
    );
    for (const r of data.rows) {
      pdfHeading(doc, r.label, 12);
      if (!r.order) pdfParagraph(doc, "No order.");
      for (const v of [...(r.order ? [r.order] : []), ...r.history]) {
        pdfFields(doc, [
          [`Version ${v.version}`, `${v.text}${v.repeat ? `; ${v.repeat}` : ""}`],
          ["Status", v.status],
          ...(v.reason ? ([["Reason", v.reason]] as const) : []),
          ...(v.rangeOverride ? ([["Outside the program's range", v.rangeOverride]] as const) : []),
        ]);
        doc.text(v.signature).moveDown(0.3);
      }
      if (r.dose) {
        pdfFields(doc, [["Given", `${r.dose.text}${r.dose.givenBy ? ` by ${r.dose.givenBy}` : ""}`]]);
        doc.text(r.dose.signature ?? "Dosing record not signed yet.").moveDown(0.3);
      }
    }
  });
}
