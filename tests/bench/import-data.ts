// A synthetic measures CSV for the import test (tests/security/10-import-size.test.ts) and
// benchmark (tests/bench/import-bench.ts): participants in cohorts of 6, each with every
// questionnaire of the first-responders program's measure plan, until `rows` rows.
import { getInstrument } from "~/domain/instruments";
import { FIRST_RESPONDERS_TEMPLATE } from "~/domain/scheduling";
import { toCsv } from "~/utils/csv";

export const IMPORT_PROGRAM = FIRST_RESPONDERS_TEMPLATE;

export function importCsv(opts: { rows: number; prefix: string; cohortSize?: number }) {
  const plan = IMPORT_PROGRAM.measurePlan.flatMap((tp) =>
    tp.instruments.map((inst) => ({ key: tp.key, inst, items: getInstrument(inst).items.length })),
  );
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
