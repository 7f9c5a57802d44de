// Demo referrals (synthetic): a few people at each stage of the referral path of the
// burnout program, screened with MBI-GS answers decided by the one eligibility engine, so
// the referral list and pages show real reasons ("EX sum 22 < 24"). Nobody is enrolled
// from here: the demo cohorts' rosters stay as the scheduling demo made them, and the
// program's enrolled participants get the "Enrolled" referral they came through, so the
// program report's flow counts referred → screened → eligible → cleared → enrolled once each.
import { decideEligibility, getInstrument, scaleInputsFromScores } from "~/domain/instruments";
import { screeningChecklist, type ContraAnswer, type ReferralStatus } from "~/domain/referrals";
import { readValidProgramDefinition } from "~/domain/scheduling/programDefinition";
import { BURNOUT_TEMPLATE } from "~/domain/scheduling/seedTemplates";
import { scoreResponses } from "~/models/assessment.server";
import { audit } from "~/utils/audit.server";
import type { Db } from "~/utils/db.server";

/** MBI-GS responses with the given EX, CY and PE item sums. */
function mbi(ex: number, cy: number, pe: number): number[] {
  const r: number[] = new Array(16).fill(0);
  const fill = (items: number[], total: number) => {
    let left = total;
    for (const i of items) {
      r[i - 1] = Math.min(6, left);
      left -= r[i - 1];
    }
  };
  fill([1, 2, 3, 4, 6], ex);
  fill([8, 9, 13, 14, 15], cy);
  fill([5, 7, 10, 11, 12, 16], pe);
  return r;
}

type Demo = {
  first: string;
  last: string;
  source: string;
  daysAgo: number;
  status: ReferralStatus;
  mbi?: [number, number, number];
  checklist?: "clear" | "psychosis";
  reason?: string;
  clearance?: { decision: "CLEARED" | "CLEARED_WITH_CONDITIONS" | "NOT_CLEARED"; reason: string };
  vitals?: [number, number, number];
};

const DEMO: Demo[] = [
  { first: "Harper", last: "Quist", source: "SELF", daysAgo: 1, status: "REFERRED" },
  { first: "Emery", last: "Valdez", source: "PEER_SUPPORT", daysAgo: 3, status: "REFERRED" },
  { first: "Rowan", last: "Ito", source: "CLINICIAN", daysAgo: 6, status: "SCREENING", mbi: [27, 21, 20] },
  { first: "Sasha", last: "Brennan", source: "EMPLOYER", daysAgo: 9, status: "INELIGIBLE", mbi: [22, 25, 18] },
  { first: "Kendall", last: "Osei", source: "CLINICIAN", daysAgo: 12, status: "INELIGIBLE", mbi: [29, 24, 14], checklist: "psychosis" },
  {
    first: "Dakota",
    last: "Lindqvist",
    source: "SELF",
    daysAgo: 10,
    status: "ELIGIBLE",
    mbi: [26, 20, 30],
    checklist: "clear",
    vitals: [124, 80, 72],
  },
  {
    first: "Reese",
    last: "Moreau",
    source: "EAP",
    daysAgo: 15,
    status: "CLEARED",
    mbi: [30, 15, 22],
    checklist: "clear",
    vitals: [118, 76, 64],
    clearance: { decision: "CLEARED_WITH_CONDITIONS", reason: "Recheck blood pressure before the first dosing session" },
  },
  {
    first: "Parker",
    last: "Haddad",
    source: "CLINICIAN",
    daysAgo: 18,
    status: "NOT_CLEARED",
    mbi: [28, 22, 19],
    checklist: "clear",
    vitals: [168, 104, 88],
    clearance: { decision: "NOT_CLEARED", reason: "Uncontrolled hypertension: 168/104 and 171/101 at screening; refer to primary care" },
  },
  {
    first: "Skyler",
    last: "Novak",
    source: "SELF",
    daysAgo: 20,
    status: "WITHDREW",
    mbi: [25, 19, 24],
    reason: "Moved to a day-shift role; may refer again later",
  },
  {
    first: "Jules",
    last: "Adeyemi",
    source: "PEER_SUPPORT",
    daysAgo: 25,
    status: "LOST_TO_CONTACT",
    reason: "Three calls and two emails without an answer",
  },
];

export async function seedDemoReferrals(db: Db, users: { coordinatorId: string; clinicianId: string }, today: Date) {
  if ((await db.referral.count()) > 0) return;
  const program = await db.program.findUnique({ where: { name: BURNOUT_TEMPLATE.name } });
  if (!program) return;
  const version = await db.programVersion.findUniqueOrThrow({
    where: { programId_version: { programId: program.id, version: program.version } },
  });
  const def = readValidProgramDefinition(version.definition);
  const checklist = screeningChecklist(def.contraindicationChecklist);
  const day = (daysAgo: number) => new Date(today.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  for (const d of DEMO) {
    const referredOn = day(d.daysAgo);
    const screenedOn = day(Math.max(0, d.daysAgo - 2));
    let ruleStatus: string | null = null;
    let ruleReason: string | null = null;
    let measure = null;
    if (d.mbi) {
      const responses = mbi(...d.mbi);
      const scored = scoreResponses("MBI_GS", responses);
      const decision = def.eligibility
        ? decideEligibility(def.eligibility.rule, scaleInputsFromScores(getInstrument("MBI_GS").score(responses).scales))
        : null;
      ruleStatus = decision?.status.toUpperCase() ?? null;
      ruleReason = decision?.reason ?? null;
      measure = {
        instrumentCode: "MBI_GS",
        completedOn: screenedOn,
        responses: JSON.stringify(responses),
        scores: JSON.stringify(scored.scores),
        scoringVersion: scored.scoringVersion,
        enteredById: users.coordinatorId,
      };
    }
    const answers = d.checklist
      ? checklist.map((i) => ({
          key: i.key,
          answer: (d.checklist === "psychosis" && i.key === "psychosis_history" ? "YES" : "NO") as ContraAnswer,
          note: d.checklist === "psychosis" && i.key === "psychosis_history" ? "Brief psychotic episode in 2019 (hospital record)" : null,
        }))
      : null;
    const statusReason =
      d.status === "INELIGIBLE"
        ? d.checklist === "psychosis"
          ? "Contraindication: history of psychosis"
          : ruleReason
        : d.status === "ELIGIBLE"
          ? ruleReason
          : (d.clearance?.reason ?? d.reason ?? null);
    const r = await db.referral.create({
      data: {
        programId: program.id,
        source: d.source,
        referredOn,
        firstName: d.first,
        lastName: d.last,
        email: `${d.first.toLowerCase()}.${d.last.toLowerCase()}@example.org`,
        phone: null,
        status: d.status,
        statusReason,
        statusOn: d.status === "REFERRED" ? null : screenedOn,
        ruleStatus,
        ruleReason,
        contraindications: answers ? JSON.stringify(answers) : null,
        medicalHistory: d.vitals ? "No significant history reported" : null,
        currentMedications: d.vitals ? "None" : null,
        allergies: d.vitals ? "No known drug allergies" : null,
        systolic: d.vitals?.[0] ?? null,
        diastolic: d.vitals?.[1] ?? null,
        heartRate: d.vitals?.[2] ?? null,
        vitalsOn: d.vitals ? screenedOn : null,
        clearance: d.clearance?.decision ?? null,
        clearanceReason: d.clearance?.reason ?? null,
        clearedById: d.clearance ? users.clinicianId : null,
        clearedAt: d.clearance ? new Date(`${screenedOn}T16:00:00Z`) : null,
        createdById: d.source === "SELF" ? null : users.coordinatorId,
        measures: measure ? { create: measure } : undefined,
      },
    });
    await audit(db, {
      actor: null,
      actorLabel: "seed",
      action: "referral.create",
      entityType: "Referral",
      entityId: r.id,
      summary: `Demo referral (${d.status.toLowerCase()})`,
    });
  }
  // The people already seated in the program's cohorts came through a referral too.
  const seated = await db.enrollment.findMany({
    where: { cohort: { programId: program.id }, status: { in: ["ENROLLED", "ACTIVE", "COMPLETED", "WITHDRAWN"] } },
    select: {
      id: true,
      participantId: true,
      participant: { select: { firstName: true, lastName: true } },
      cohort: { select: { startDate: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const seen = new Set<string>();
  for (const e of seated) {
    if (seen.has(e.participantId)) continue;
    seen.add(e.participantId);
    const start = new Date(`${e.cohort.startDate}T12:00:00Z`).getTime();
    const on = (days: number) => new Date(start - days * 86_400_000).toISOString().slice(0, 10);
    await db.referral.create({
      data: {
        programId: program.id,
        source: seen.size % 3 === 0 ? "SELF" : seen.size % 3 === 1 ? "PEER_SUPPORT" : "CLINICIAN",
        referredOn: on(42),
        firstName: e.participant.firstName,
        lastName: e.participant.lastName,
        status: "ENROLLED",
        statusOn: on(14),
        ruleStatus: "ELIGIBLE",
        clearance: "CLEARED",
        clearanceReason: "No contraindications; vitals within range",
        clearedById: users.clinicianId,
        clearedAt: new Date(`${on(21)}T16:00:00Z`),
        participantId: e.participantId,
        enrollmentId: e.id,
        createdById: users.coordinatorId,
      },
    });
  }
}
