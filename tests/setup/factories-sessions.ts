// Sessions, lots and signed-in staff for the session-documentation tests.
import * as sessionRoute from "~/routes/sessions.$sessionId._index";
import { dbReady } from "~/utils/db.server";
import type { RoleCode } from "~/utils/permissions";
import { createTestUser, signIn } from "./factories";
import { createEnrolledTestParticipant, createTestCohort } from "./factories-scheduling";
import { call, cookieFrom } from "./http";

export async function signedInUser(roles: RoleCode[], opts: { name?: string } = {}) {
  const user = await createTestUser({ roles, name: opts.name });
  const res = await signIn(user.email);
  return { user, cookie: cookieFrom(res.headers) };
}

export async function createTestSession(cohortId: string, opts: { kind?: string; startsAt?: Date; title?: string } = {}) {
  const db = await dbReady();
  const startsAt = opts.startsAt ?? new Date(Date.now() - 5 * 3_600_000);
  return db.groupSession.create({
    data: {
      cohortId,
      kind: opts.kind ?? "INTEGRATION",
      title: opts.title ?? `${opts.kind ?? "INTEGRATION"} session`,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 4 * 3_600_000),
    },
  });
}

/** A lot at a site with one RECEIVE entry (vials of 50 mg/mL × 10 mL = 500 mg each unless told). */
export async function createTestLot(siteId: string, opts: { lotNumber?: string; totalMg?: number; recordedById: string }) {
  const db = await dbReady();
  const totalUg = (opts.totalMg ?? 500) * 1000;
  return db.ketamineLot.create({
    data: {
      siteId,
      lotNumber: opts.lotNumber ?? `LOT-${Math.random().toString(36).slice(2, 8)}`,
      product: "Ketamine HCl 50 mg/mL",
      concentrationMgPerMl: "50",
      vialVolumeMl: String(totalUg / 50_000),
      vialCount: 1,
      totalUg,
      supplier: "Test supplier",
      invoiceNumber: "INV-1",
      expiryDate: "2099-12-31",
      receivedAt: new Date(),
      createdById: opts.recordedById,
      entries: { create: { seq: 1, type: "RECEIVE", amountUg: totalUg, balanceAfterUg: totalUg, recordedById: opts.recordedById } },
    },
  });
}

/** A cohort with a facilitator, a second facilitator, a clinician, N active participants and one session of a kind. */
export async function sessionFixture(opts: { kind?: string; participants?: number } = {}) {
  const facilitator = await signedInUser(["FACILITATOR"], { name: "Fran Facilitator" });
  const cofacilitator = await signedInUser(["FACILITATOR"], { name: "Cole Cofacilitator" });
  const clinician = await signedInUser(["CLINICIAN"], { name: "Dr Clin" });
  const cohort = await createTestCohort({
    status: "ACTIVE",
    staff: [
      { userId: facilitator.user.id, role: "LEAD_FACILITATOR" },
      { userId: cofacilitator.user.id, role: "FACILITATOR" },
      { userId: clinician.user.id, role: "CLINICIAN" },
    ],
  });
  const people = [];
  for (let i = 0; i < (opts.participants ?? 2); i++)
    people.push(await createEnrolledTestParticipant(cohort.id, "ACTIVE", { weightKg: 80 }));
  const session = await createTestSession(cohort.id, { kind: opts.kind ?? "INTEGRATION" });
  return { facilitator, cofacilitator, clinician, cohort, people, session };
}

/** A discharge form with every safety item ticked (escort "Sam"), discharged at `at`. */
export function completeDischarge(at: string) {
  return {
    orientedToBaseline: "on",
    walkingSteadily: "on",
    vitalsWithinRange: "on",
    escortPresent: "on",
    escortName: "Sam",
    noDrivingAdvised: "on",
    dischargedAt: at,
  };
}

/** Attendance for the whole roster of a fixture's session, saved by its facilitator through the page's action. */
export async function markAttendance(f: Awaited<ReturnType<typeof sessionFixture>>, statuses: string[]) {
  const form: Record<string, string> = { intent: "attendance" };
  f.people.forEach((p, i) => {
    form[`status.${p.enrollment.id}`] = statuses[i] ?? "PRESENT";
    form[`version.${p.enrollment.id}`] = "0";
  });
  const res = await call(sessionRoute.action, `/sessions/${f.session.id}`, "POST", {
    cookie: f.facilitator.cookie,
    form,
    params: { sessionId: f.session.id },
  });
  if (res.status !== 200) throw new Error(`attendance not saved: HTTP ${res.status}`);
}
