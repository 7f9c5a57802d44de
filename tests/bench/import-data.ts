// A synthetic measures CSV for the import test (tests/security/10-import-size.test.ts) and
// benchmark (tests/bench/import-bench.ts): participants in cohorts of 6, each with 10
// questionnaires of the first-responders program's measure plan (baseline and last group,
// 4 each, and MEQ-30 after dosing sessions 1 and 2), until `rows` rows.
import { getInstrument } from "~/domain/instruments";
import { FIRST_RESPONDERS_TEMPLATE } from "~/domain/scheduling";
import { toCsv } from "~/utils/csv";

export const IMPORT_PROGRAM = FIRST_RESPONDERS_TEMPLATE;
/** Questionnaires per participant in the generated file. */
export const ROWS_PER_PARTICIPANT = 10;
const TIMEPOINTS = ["baseline", "last_group", "dosing_1", "dosing_2"];

export function importCsv(opts: { rows: number; prefix: string; cohortSize?: number }) {
  const plan = TIMEPOINTS.flatMap((key) => {
    const tp = IMPORT_PROGRAM.measurePlan.find((t) => t.key === key);
    if (!tp) throw new Error(`the measure plan has no timepoint ${key}`);
    return tp.instruments.map((inst) => ({ key, inst, items: getInstrument(inst).items.length }));
  });
  if (plan.length !== ROWS_PER_PARTICIPANT)
    throw new Error(`expected ${ROWS_PER_PARTICIPANT} questionnaires, the plan gives ${plan.length}`);
  const maxItems = Math.max(...plan.map((p) => p.items));
  const header = [
    "participant_code",
    "cohort",
    "timepoint",
    "instrument",
    "completed_on",
    ...Array.from({ length: maxItems }, (_, i) => `item_${i + 1}`),
  ];
  const rows: (string | number)[][] = [header];
  const cohortSize = opts.cohortSize ?? 6;
  const codes = new Set<string>();
  const cohorts = new Set<string>();
  for (let p = 0; rows.length - 1 < opts.rows; p++) {
    const code = `${opts.prefix}-${String(p).padStart(5, "0")}`;
    const cohort = `${opts.prefix} cohort ${Math.floor(p / cohortSize) + 1}`;
    codes.add(code);
    cohorts.add(cohort);
    for (const q of plan) {
      if (rows.length - 1 >= opts.rows) break;
      // Answers 0/1 are valid for every instrument; every other PHQ-9 has item 9 answered 1.
      rows.push([code, cohort, q.key, q.inst, "2025-02-03", ...Array.from({ length: q.items }, (_, i) => (i + p) % 2)]);
    }
  }
  return { csv: toCsv(header, rows.slice(1)), participants: codes.size, cohorts: cohorts.size, header, rows };
}
