// Demo measures: synthetic, deterministic item-level histories for the demo cohorts,
// scored and stored by the same code as real answers (completeAssessmentTx).
import { getInstrument, isInstrumentCode, PHQ9_SUICIDALITY_ITEM, type InstrumentCode } from "~/domain/instruments";
import { completeAssessmentTx, measurePlanOf, syncExpectedAssessments } from "~/models/assessment.server";
import { seededRandom } from "~/models/measureState";
import type { Db } from "~/utils/db.server";

/** Item-mean targets (pre → post) per scale, shaped like the case series. */
const DEMO_TARGETS: Record<string, Record<string, [number, number]>> = {
  PHQ9: { total: [12 / 9, 5 / 9] },
  GAD7: { total: [9.5 / 7, 5.3 / 7] },
  PCL5: { total: [27 / 20, 10 / 20] },
  MBI_HSS: { EE: [3.6, 2.4], DP: [2.4, 1.4], PA: [3.8, 4.6] },
  MBI_GS: { EX: [5.4, 3.7], CY: [4.3, 2.6], PE: [3.6, 4.6] }, // baseline meets the burnout eligibility rule
  MEQ30: { mystical: [2.5, 3.5], positive_mood: [2.6, 3.6], transcendence: [2.4, 3.4], ineffability: [2.5, 3.5] },
};

function demoResponses(code: InstrumentCode, fraction: number, rnd: () => number, personOffset: number): number[] {
  const def = getInstrument(code);
  const targets = DEMO_TARGETS[code];
  const scales = def.scales as readonly { key: string; items: readonly number[] }[];
  return def.items.map((item) => {
    const scale =
      scales.find((s) => s.key !== "total" && s.items.includes(item.number) && targets[s.key]) ?? scales.find((s) => targets[s.key]);
    const [pre, post] = targets[scale!.key];
    const mean = pre + (post - pre) * fraction + personOffset;
    if (code === "PHQ9" && item.number === PHQ9_SUICIDALITY_ITEM) return 0; // keep demo data free of safety flags
    const v = Math.round(mean + (rnd() - 0.5) * 1.6);
    return Math.max(def.min, Math.min(def.max, v));
  });
}

/**
 * Synthetic item-level histories for the demo cohorts (deterministic). The completed
 * cohort gets every timepoint (a few missed), the active cohort those whose window has
 * closed. Scores are computed by the domain code.
 */
export async function seedDemoMeasures(db: Db, ids: { completedCohortId: string; activeCohortId?: string | null }, now = new Date()) {
  for (const [cohortId, full] of [
    [ids.completedCohortId, true],
    [ids.activeCohortId, false],
  ] as const) {
    if (!cohortId) continue;
    await syncExpectedAssessments(cohortId, db);
    const cohort = await db.cohort.findUniqueOrThrow({
      where: { id: cohortId },
      include: { programVersion: true, enrollments: { include: { participant: true, assessments: true } } },
    });
    const plan = measurePlanOf(cohort.programVersion.definition);
    await db.$transaction(
      async (tx) => {
        for (const e of cohort.enrollments) {
          const rnd = seededRandom(`${e.participant.code}|${cohort.name}`);
          const personOffset = (rnd() - 0.5) * 0.6;
          for (const a of e.assessments) {
            if (a.status !== "EXPECTED" || !isInstrumentCode(a.instrumentCode)) continue;
            if (!full && a.windowCloses.getTime() > now.getTime()) continue;
            const r = rnd();
            if (r < (full ? 0.04 : 0.08)) {
              await tx.assessment.update({ where: { id: a.id }, data: { status: "MISSED", version: { increment: 1 } } });
              continue;
            }
            const tps = plan.filter((tp) => tp.instruments.includes(a.instrumentCode));
            const main = tps.filter((tp) => !tp.key.startsWith("followup"));
            const idx = main.findIndex((tp) => tp.key === a.timepointKey);
            const fraction = idx < 0 ? 0.92 : main.length > 1 ? idx / (main.length - 1) : 0;
            const responses = demoResponses(a.instrumentCode, fraction, rnd, personOffset);
            const completedOn = a.dueDate;
            await completeAssessmentTx(tx, {
              assessment: a,
              participantId: e.participantId,
              cohortId,
              responses,
              completedOn,
              source: r < 0.6 ? "SELF_REPORT" : "STAFF",
              actor: null,
              actorLabel: "seed",
              meta: { ip: null, userAgent: "seed" },
            });
          }
        }
      },
      { timeout: 60_000 },
    );
  }
}
