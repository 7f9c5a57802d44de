// Demo data for the dosing board: synthetic, deterministic documentation (a ketamine lot,
// attendance, signed group notes, the prescriber's signed dose orders and signed dosing records
// with their ledger entries).
import { SIGNATURE_MEANINGS } from "~/domain/safety";
import type { SessionWithCohort } from "~/models/attendance.server";
import { programSafety } from "~/models/dosing.server";
import { noteSnapshotTx } from "~/models/groupNote.server";
import { appendLedgerEntryTx } from "~/models/ledger.server";
import type { Db } from "~/utils/db.server";

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
      enrollments: {
        where: { status: { in: ["ENROLLED", "ACTIVE", "COMPLETED"] } },
        include: { participant: true },
        orderBy: { id: "asc" },
      },
    },
  });
  if (!cohort) return;
  const lotNumber = "DEMO-KET-0001";
  if (await db.ketamineLot.findUnique({ where: { siteId_lotNumber: { siteId: cohort.siteId, lotNumber } } })) return;
  const facilitator = cohort.staff.find((s) => s.role === "LEAD_FACILITATOR" || s.role === "FACILITATOR");
  const cofacilitator = cohort.staff.find(
    (s) => (s.role === "LEAD_FACILITATOR" || s.role === "FACILITATOR") && s.userId !== facilitator?.userId,
  );
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
        siteId: cohort.siteId,
        lotNumber,
        product: "Ketamine HCl injection, USP (demo)",
        concentrationMgPerMl: "50",
        vialVolumeMl: "10",
        vialCount: 10,
        totalUg,
        supplier: "Demo Pharma Supply",
        supplierAddress: "400 Wholesale Ave, Denver CO 80216 (synthetic)",
        // A synthetic number with a valid check digit (app/domain/safety/dea.ts).
        supplierDeaNumber: "PD1234563",
        invoiceNumber: "INV-DEMO-1001",
        expiryDate: expiry,
        receivedAt,
        createdById: recorderId,
      },
    });
    await appendLedgerEntryTx(tx, actor, meta, lot.id, { type: "RECEIVE", amountUg: totalUg, note: "Invoice INV-DEMO-1001 (demo)" });
    // The site is the registrant; its initial inventory is taken on receipt (the ten unopened vials).
    const site = await tx.site.findUniqueOrThrow({ where: { id: cohort.siteId } });
    if (!site.deaRegistrationNumber) {
      await tx.site.update({
        where: { id: site.id },
        data: {
          deaRegistrationNumber: "FL1234563",
          deaRegistrantName: `${site.name} (demo registrant)`,
          deaRegistrantAddress: site.address ?? "Synthetic address",
        },
      });
    }
    if ((await tx.deaInventory.count({ where: { siteId: site.id } })) === 0) {
      const takenOn = receivedAt.toISOString().slice(0, 10);
      const count = await appendLedgerEntryTx(tx, actor, meta, lot.id, {
        type: "INVENTORY_COUNT",
        amountUg: totalUg,
        expectedUg: totalUg,
        note: `Initial inventory ${takenOn}`,
      });
      const recorder = await tx.user.findUniqueOrThrow({ where: { id: recorderId }, select: { name: true } });
      await tx.deaInventory.create({
        data: {
          siteId: site.id,
          kind: "INITIAL",
          takenOn,
          timeOfDay: "OPENING",
          takenById: recorderId,
          signedByName: recorder.name,
          signatureMeaning: SIGNATURE_MEANINGS.DEA_INVENTORY,
          signedAt: receivedAt,
          lines: {
            create: {
              lotId: lot.id,
              drugName: lot.product,
              strength: "50 mg/mL, 10 mL vial",
              dosageForm: "Injectable solution",
              fullContainers: 10,
              openedContainers: 0,
              countedUg: totalUg,
              ledgerBalanceUg: totalUg,
              ledgerEntryId: count.id,
            },
          },
        },
      });
    }
    return lot;
  });
  const { checklist } = programSafety({
    cohort: await db.cohort.findUniqueOrThrow({ where: { id: cohort.id }, include: { programVersion: true } }),
  } as unknown as SessionWithCohort);
  const now = Date.now();
  const nameOf = async (id: string | undefined) =>
    (id ? (await db.user.findUnique({ where: { id }, select: { name: true } }))?.name : null) ?? null;
  const facilitatorName = await nameOf(facilitator?.userId);
  const clinicianName = await nameOf(clinician?.userId);
  for (const [si, s] of cohort.sessions.entries()) {
    if (s.startsAt.getTime() > now) continue;
    await db.$transaction(async (tx) => {
      const attending: typeof cohort.enrollments = [];
      for (const [ei, e] of cohort.enrollments.entries()) {
        const status = (si + ei) % 9 === 4 ? "EXCUSED" : (si + ei) % 11 === 6 ? "LATE" : "PRESENT";
        await tx.attendance.create({
          data: { sessionId: s.id, enrollmentId: e.id, status, recordedById: facilitator?.userId ?? recorderId },
        });
        if (status !== "EXCUSED") attending.push(e);
      }
      if (facilitator) {
        const note = await tx.groupNote.create({
          data: {
            sessionId: s.id,
            authorId: facilitator.userId,
            status: "SIGNED",
            signedAt: new Date(s.endsAt.getTime() + 3_600_000),
            signatureMeaning: SIGNATURE_MEANINGS.GROUP_NOTE,
            signatureName: facilitatorName,
            themes: `Demo themes for ${s.title}: moral injury, sleep, returning to work.`,
            process: "Synthetic demo text: the group settled quickly; members responded to each other with care.",
            interventions: "Synthetic demo text: grounding exercise, paired reflection, closing round.",
            cosignedById: cofacilitator?.userId ?? null,
            cosignedAt: cofacilitator ? new Date(s.endsAt.getTime() + 7_200_000) : null,
          },
        });
        for (const e of attending) {
          await tx.participantObservation.create({
            data: {
              noteId: note.id,
              enrollmentId: e.id,
              text: `Demo observation for ${e.participant.code}: engaged, shared once, calm at close.`,
            },
          });
        }
        // Signed notes keep what they were signed with (as signNote stores it).
        await tx.groupNote.update({
          where: { id: note.id },
          data: { signedSnapshot: JSON.stringify(await noteSnapshotTx(tx, note.id, s.id)) },
        });
      }
      if (s.kind !== "DOSING" || !clinician) return;
      for (const [ei, e] of attending.entries()) {
        const givenAt = new Date(s.startsAt.getTime() + (30 + ei * 5) * 60_000);
        const weightKg = e.participant.weightKg ?? 70 + ((ei * 7) % 25);
        const doseMg = Math.round(weightKg * 0.5);
        // The prescriber's signed order the day before, as given (mg IM at the recorded weight).
        await tx.doseOrder.create({
          data: {
            sessionId: s.id,
            enrollmentId: e.id,
            version: 1,
            unit: "MG",
            amount: String(doseMg),
            doseUg: doseMg * 1000,
            weightG: Math.round(weightKg * 1000),
            route: "IM",
            repeatDoseUg: ei % 3 === 0 ? 10_000 : null,
            repeatAfterMinutes: ei % 3 === 0 ? 30 : null,
            orderedById: clinician.userId,
            signedAt: new Date(s.startsAt.getTime() - 86_400_000),
            signatureMeaning: SIGNATURE_MEANINGS.DOSE_ORDER,
            signatureName: clinicianName ?? "Demo prescriber",
          },
        });
        const record = await tx.dosingRecord.create({
          data: {
            sessionId: s.id,
            enrollmentId: e.id,
            status: "SIGNED",
            preDoseChecklist: JSON.stringify(checklist.map((c) => ({ key: c.key, label: c.label, answer: "YES" }))),
            preDoseSystolic: 118 + ((ei * 3) % 15),
            preDoseDiastolic: 76 + (ei % 8),
            preDoseHeartRate: 70 + ei,
            preDoseSpo2: 98,
            preDoseTakenAt: new Date(givenAt.getTime() - 20 * 60_000),
            doseUg: doseMg * 1000,
            weightG: Math.round(weightKg * 1000),
            route: "IM",
            lotId: lot.id,
            givenAt,
            givenById: clinician.userId,
            cadss6: JSON.stringify({ item1: 1, item2: 1, item6: 0, item7: 1, item15: 0, item22: 1 }),
            dischargeChecklist: JSON.stringify({
              orientedToBaseline: true,
              walkingSteadily: true,
              vitalsWithinRange: true,
              escortPresent: true,
              escortName: "Demo escort",
              noDrivingAdvised: true,
            }),
            escortName: "Demo escort",
            dischargedAt: new Date(givenAt.getTime() + 150 * 60_000),
            signedAt: new Date(givenAt.getTime() + 160 * 60_000),
            signedById: clinician.userId,
            signatureMeaning: SIGNATURE_MEANINGS.DOSING_RECORD,
            signatureName: clinicianName,
          },
        });
        for (const minutes of [40, 90, 140]) {
          await tx.vitalsReading.create({
            data: {
              dosingRecordId: record.id,
              takenAt: new Date(givenAt.getTime() + minutes * 60_000),
              timepoint: minutes === 140 ? "PRE_DISCHARGE" : "POST_DOSE",
              systolic: 128 - minutes / 10,
              diastolic: 80,
              heartRate: 78,
              spo2: 98,
              recordedById: clinician.userId,
            },
          });
        }
        await appendLedgerEntryTx(tx, { id: clinician.userId, email: "seed" }, meta, lot.id, {
          type: "ADMINISTER",
          amountUg: doseMg * 1000,
          participantId: e.participantId,
          dosingRecordId: record.id,
          note: s.title,
        });
      }
    });
  }
}
