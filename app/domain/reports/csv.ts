// CSV exports: the report's tables, the de-identified long-format dataset and its data
// dictionary. Written by ~/utils/csv (RFC 4180, CRLF, its formula rule); numbers at full
// precision (the page rounds, the CSV does not); undefined values are empty cells.
import type { InstrumentCode, ScaleKey } from "~/domain/instruments";
import { getInstrument } from "~/domain/instruments";
import { toCsv, type CsvValue as Cell } from "~/utils/csv";
import { flowSteps, subgroupLabel } from "./format";
import type { PrePostReport, ReportAssessment, ReportEnrollment, ReportTimepoint } from "./types";

export const REPORT_TABLES = ["flow", "prepost", "trajectories", "responders", "categories", "meq", "safety", "subgroups"] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

export function reportTableCsv(r: PrePostReport, table: ReportTable): string {
  switch (table) {
    case "flow": {
      const f = r.flow;
      const rows: Cell[][] = [
        ...flowSteps(r).map(([label, n]): Cell[] =>
          label.startsWith("Analysed") ? ["Analysed population", n, r.population] : [label, n, ""],
        ),
        ...Object.entries(f.paired).map(([id, n]): Cell[] => [`With both timepoints: ${id}`, n, `${r.pre.key} → ${r.post.key}`]),
        ...f.dropouts.map((d): Cell[] => [`Drop-out: ${d.stage}`, d.count, d.reason]),
      ];
      return toCsv(["step", "count", "detail"], rows);
    }
    case "prepost":
      return toCsv(
        [
          "instrument",
          "scale",
          "n",
          "pre_median",
          "pre_q1",
          "pre_q3",
          "pre_mean",
          "pre_sd",
          "post_median",
          "post_q1",
          "post_q3",
          "post_mean",
          "post_sd",
          "change_mean",
          "change_sd",
          "change_ci95_low",
          "change_ci95_high",
          "wilcoxon_V",
          "wilcoxon_p",
          "wilcoxon_method",
          "t",
          "t_df",
          "t_p",
          "d_z",
          "rank_biserial",
          "notes",
        ],
        r.measures.map((m) => [
          m.instrument,
          m.scale,
          m.n,
          m.pre.median,
          m.pre.q1,
          m.pre.q3,
          m.pre.mean,
          m.pre.sd,
          m.post.median,
          m.post.q1,
          m.post.q3,
          m.post.mean,
          m.post.sd,
          m.change.mean,
          m.change.sd,
          m.change.ci95?.[0],
          m.change.ci95?.[1],
          m.n > 0 ? m.wilcoxon.V : null,
          m.wilcoxon.p,
          m.wilcoxon.method,
          m.t_test?.t,
          m.t_test?.df,
          m.t_test?.p,
          m.effect.dz,
          m.effect.rank_biserial,
          m.notes.join(" "),
        ]),
      );
    case "trajectories":
      return toCsv(
        ["instrument", "scale", "timepoint", "n", "mean", "sd", "ci95_low", "ci95_high", "percent_change_from_first"],
        r.trajectories.flatMap((t) =>
          t.points.map((p): Cell[] => [t.instrument, t.scale, p.timepoint, p.n, p.mean, p.sd, p.ci95?.[0], p.ci95?.[1], p.percentChange]),
        ),
      );
    case "responders": {
      const rows: Cell[][] = r.measures
        .filter((m) => m.responders)
        .map((m) => [
          m.instrument,
          m.scale,
          m.responders!.rule,
          m.responders!.n,
          m.responders!.count,
          m.responders!.rate,
          m.responders!.wilson95?.[0],
          m.responders!.wilson95?.[1],
          "",
          "",
          "",
          "",
          "",
        ]);
      if (r.mbiMultiSubscale) {
        const x = r.mbiMultiSubscale;
        for (const [k, c] of [
          ["≥ 1 subscale", x.atLeast1],
          ["≥ 2 subscales", x.atLeast2],
          ["all 3 subscales", x.all3],
        ] as const) {
          rows.push(["MBI_GS", k, "responder on subscales", x.n, c.count, c.rate, c.wilson95?.[0], c.wilson95?.[1], "", "", "", "", ""]);
        }
      }
      for (const m of r.measures) {
        const rc = m.reliableChange;
        rows.push([
          m.instrument,
          m.scale,
          "reliable change (Jacobson–Truax)",
          rc.n,
          rc.improved,
          null,
          null,
          null,
          rc.deteriorated,
          rc.unchanged,
          rc.reliability,
          rc.sdPre,
          rc.note ?? rc.reliabilitySource,
        ]);
      }
      return toCsv(
        [
          "instrument",
          "scale",
          "rule",
          "n",
          "count",
          "rate",
          "wilson95_low",
          "wilson95_high",
          "deteriorated",
          "unchanged",
          "reliability",
          "sd_pre",
          "note",
        ],
        rows,
      );
    }
    case "categories": {
      const rows: Cell[][] = [];
      const tables = [...(r.eligibility ? [r.eligibility.table] : []), ...r.bandShifts, ...(r.profiles ? [r.profiles.table] : [])];
      // Suppressed cells print as "<5" or "suppressed" (see the methods note); row totals follow each row.
      for (const t of tables)
        t.rows.forEach((row, i) => {
          t.cols.forEach((col, j) => rows.push([t.id, t.title, row, col, t.counts[i][j]]));
          rows.push([t.id, t.title, row, "Total", t.rowTotals[i]]);
        });
      return toCsv(["table", "title", "baseline", "post", "count"], rows);
    }
    case "meq":
      return toCsv(
        [
          "timepoint",
          "n",
          "factor",
          "factor_n",
          "mean",
          "sd",
          "complete_n",
          "complete_count",
          "complete_rate",
          "complete_wilson95_low",
          "complete_wilson95_high",
        ],
        r.meq.flatMap((s) =>
          s.factors.map((f): Cell[] => [
            s.timepoint,
            s.n,
            f.scale,
            f.n,
            f.mean,
            f.sd,
            s.complete.n,
            s.complete.count,
            s.complete.rate,
            s.complete.wilson95?.[0],
            s.complete.wilson95?.[1],
          ]),
        ),
      );
    case "safety": {
      const rows: Cell[][] = [
        ...r.safety.byGrade.map((g): Cell[] => [
          "grade",
          `Grade ${g.grade}`,
          g.serious + g.nonSerious,
          g.serious,
          g.participants,
          null,
          null,
          null,
        ]),
        ...r.safety.perSession.map((s): Cell[] => [
          "dosing_session",
          s.label,
          s.any.count,
          s.serious.count,
          s.participantsDosed,
          s.any.percent,
          s.related.percent,
          s.serious.percent,
        ]),
      ];
      return toCsv(
        [
          "kind",
          "group",
          "events_or_participants_with_any",
          "serious",
          "participants",
          "percent_any",
          "percent_related",
          "percent_serious",
        ],
        rows,
      );
    }
    case "subgroups":
      return toCsv(
        [
          "measure",
          "dimension",
          "group",
          "group_label",
          "n",
          "pre_mean",
          "post_mean",
          "change_mean",
          "change_ci95_low",
          "change_ci95_high",
          "wilcoxon_p",
          "wilcoxon_method",
          "note",
        ],
        (r.subgroups?.rows ?? []).map((g) => [
          r.subgroups!.measure,
          g.dimension,
          g.group,
          subgroupLabel(g.dimension, g.group),
          g.n,
          g.preMean,
          g.postMean,
          g.changeMean,
          g.ci95?.[0],
          g.ci95?.[1],
          g.wilcoxonP,
          g.method,
          g.note,
        ]),
      );
  }
}

/** Adds whole days to a YYYY-MM-DD date (UTC calendar arithmetic, so no DST surprises). */
export function shiftDate(date: string | null, days: number): string | null {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (YYYY-MM-DD, UTC calendar arithmetic); null when either is missing. */
export function daysSince(from: string | null, to: string | null): number | null {
  if (!from || !to || !/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return null;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const DATASET_COLUMNS = [
  [
    "participant_code",
    "string",
    "Code for this export only: drawn at random for each participant in each download, so it differs from the code staff see in GroupKAP and from the codes of any other export. No names, contacts or free text are exported.",
  ],
  ["cohort", "string", "Cohort name."],
  ["sex", "FEMALE | MALE | INTERSEX | UNKNOWN", "Sex as recorded at enrollment."],
  ["occupation", "string", "Occupation category (FIREFIGHTER, POLICE, EMS, NURSE, PHYSICIAN, OTHER_HEALTHCARE, OTHER)."],
  ["age_band", "string", "Age band at the cohort start date (18–29, 30–39, 40–49, 50–59, 60+)."],
  ["route", "string", "Route of the participant's signed dosing records; Mixed when more than one; Not dosed when none."],
  ["enrollment_status", "string", "Enrollment status at export (ENROLLED, ACTIVE, COMPLETED, WITHDRAWN, …)."],
  ["timepoint", "string", "Measurement timepoint key from the program's measure plan."],
  ["timepoint_order", "integer", "Position of the timepoint in the measure plan (1 = first)."],
  ["instrument", "string", "Instrument code (PHQ9, GAD7, PCL5, MBI_GS, MBI_HSS, MEQ30)."],
  [
    "scale",
    "string",
    "Scale key: total; PCL-5 clusters B, C, D, E; MBI-GS EX, CY, PE; MBI-HSS EE, DP, PA; MEQ-30 mystical, positive_mood, transcendence, ineffability.",
  ],
  ["value", "number", "Scale score as GroupKAP reports it (sum or item mean, see scale_method); empty when the scale is invalid."],
  ["scale_method", "sum | mean", "Whether value is the item sum or the item mean."],
  ["valid", "0 | 1", "1 when every item of the scale was answered."],
  [
    "days_from_cohort_start",
    "integer",
    "Days from the participant's cohort start date to completion (negative before the start). The time axis for pre/post analyses; it reveals no calendar date.",
  ],
  [
    "completed_on",
    "YYYY-MM-DD",
    "Empty unless a date shift was requested: then the completion date shifted by the participant's random offset (the same offset for all of a participant's rows). Calendar dates are never exported unshifted.",
  ],
] as const;

export type DatasetOptions = {
  /** The export code of a participant (the same for all of their rows in this export). */
  codeFor: (participantId: string) => string;
  /** The date shift of a participant in days, or null to export no calendar dates. */
  shiftFor: ((participantId: string) => number) | null;
};

export function datasetCsv(
  enrollments: readonly ReportEnrollment[],
  assessments: readonly ReportAssessment[],
  timepoints: readonly ReportTimepoint[],
  options: DatasetOptions,
): string {
  const order = new Map(timepoints.map((t, i) => [t.key, i + 1]));
  const byId = new Map(enrollments.map((e) => [e.enrollmentId, e]));
  const codes = new Map<string, string>();
  const codeOf = (e: ReportEnrollment) => {
    let code = codes.get(e.participantId);
    if (code === undefined) codes.set(e.participantId, (code = options.codeFor(e.participantId)));
    return code;
  };
  const rows: Cell[][] = [];
  // Sorted by export code, not by the staff-visible code, so row order links nothing either.
  const sorted = assessments
    .filter((a) => byId.has(a.enrollmentId))
    .sort((a, b) => {
      const ea = byId.get(a.enrollmentId)!;
      const eb = byId.get(b.enrollmentId)!;
      return (
        codeOf(ea).localeCompare(codeOf(eb)) ||
        ea.cohortName.localeCompare(eb.cohortName) ||
        (order.get(a.timepointKey) ?? 999) - (order.get(b.timepointKey) ?? 999) ||
        a.instrument.localeCompare(b.instrument)
      );
    });
  const shifts = new Map<string, number>();
  for (const a of sorted) {
    const e = byId.get(a.enrollmentId)!;
    let completedOn: string | null = null;
    if (options.shiftFor) {
      let shift = shifts.get(e.participantId);
      if (shift === undefined) shifts.set(e.participantId, (shift = options.shiftFor(e.participantId)));
      completedOn = shiftDate(a.completedOn, shift);
    }
    const def = getInstrument(a.instrument as InstrumentCode);
    for (const scale of def.scales) {
      const s = a.scales[scale.key as ScaleKey];
      if (!s) continue;
      rows.push([
        codeOf(e),
        e.cohortName,
        e.sex,
        e.occupation,
        e.ageBand,
        e.route,
        e.status,
        a.timepointKey,
        order.get(a.timepointKey) ?? null,
        a.instrument,
        scale.key,
        s.valid ? s.value : null,
        scale.method,
        s.valid ? 1 : 0,
        daysSince(e.cohortStartDate, a.completedOn),
        completedOn,
      ]);
    }
  }
  return toCsv(
    DATASET_COLUMNS.map((c) => c[0]),
    rows,
  );
}

export function dictionaryCsv(): string {
  return toCsv(
    ["column", "type", "description"],
    DATASET_COLUMNS.map((c) => [...c]),
  );
}

/** What the dataset leaves out entirely. */
export const DATASET_REMOVED = [
  "names, initials, contact details (e-mail, phone, address) and emergency contacts",
  "dates of birth",
  "the participant codes staff see (replaced by export-only random codes)",
  "free text: notes, status reasons, adverse-event descriptions, messages",
  "item-level answers (scale scores only)",
  "calendar dates (unless a date shift is requested)",
] as const;

/** What the dataset keeps in a coarser form. */
export const DATASET_GENERALISED = [
  "date of birth → age band at the cohort start date (18–29, 30–39, 40–49, 50–59, 60+)",
  "assessment dates → days from the cohort start date (or dates shifted by a random per-participant offset, when requested)",
  "occupation → category (FIREFIGHTER, POLICE, EMS, NURSE, PHYSICIAN, OTHER_HEALTHCARE, OTHER)",
  "dosing records → route (Mixed when more than one; Not dosed when none)",
] as const;

/** The columns that, combined, could single a participant out (quasi-identifiers). */
export const QUASI_IDENTIFIERS = ["cohort", "sex", "occupation", "age_band", "route"] as const;

/**
 * Participants of an export whose combination of quasi-identifiers (cohort, sex, occupation,
 * age band, route) is shared by fewer than `threshold` participants of the same export.
 */
export function quasiIdentifierRisk(enrollments: readonly ReportEnrollment[], threshold: number) {
  const people = new Map<string, string>();
  for (const e of enrollments)
    people.set(`${e.participantId}\u0000${e.cohortId}`, [e.cohortId, e.sex, e.occupation, e.ageBand, e.route].join("\u0000"));
  const sizes = new Map<string, number>();
  for (const key of people.values()) sizes.set(key, (sizes.get(key) ?? 0) + 1);
  let inSmallGroups = 0;
  for (const key of people.values()) if ((sizes.get(key) ?? 0) < threshold) inSmallGroups++;
  return { rows: people.size, inSmallGroups, threshold };
}

export type DatasetRiskSettings = {
  /** The small-cell threshold of the report the dataset was exported with. */
  minCellSize: number;
  risk?: ReturnType<typeof quasiIdentifierRisk>;
};

/** The re-identification risk settings, as Markdown lines (the dictionary prints them). */
export function riskSettingsMarkdown(shiftDays: number, s: DatasetRiskSettings): string[] {
  const k = s.minCellSize;
  return [
    "## Re-identification risk settings",
    "",
    `- Small-cell threshold: ${k}. The report's subgroup rows and band, profile and eligibility table cells with fewer than ${k} participants are shown as “<${k}” with no statistics (with complementary suppression). This dataset is row-level: it is not suppressed, so use it only under the data-sharing agreement.`,
    `- Removed: ${DATASET_REMOVED.join("; ")}.`,
    `- Generalised: ${DATASET_GENERALISED.join("; ")}.`,
    `- Participant codes: random, made for this export only, new in every download.`,
    shiftDays > 0
      ? `- Date shift: ±${shiftDays} days per participant.`
      : "- Date shift: none requested, so no calendar dates are exported.",
    `- Quasi-identifiers kept: ${QUASI_IDENTIFIERS.join(", ")}.` +
      (s.risk
        ? ` With these filters, ${s.risk.inSmallGroups} of ${s.risk.rows} participant enrollment${s.risk.rows === 1 ? "" : "s"} have a combination of them shared by fewer than ${k} participants: ${s.risk.inSmallGroups > 0 ? "such rows could single a person out to someone who knows them; drop or merge these columns before publishing" : "none stands out"}.`
        : ""),
    "",
  ];
}

export function dictionaryMarkdown(shiftDays: number, settings?: DatasetRiskSettings): string {
  const lines = [
    "# GroupKAP de-identified dataset: data dictionary",
    "",
    "Long format: one row per participant × timepoint × scale. Participants are identified only by a code made for this export (random, not the code staff see).",
    "Time is given as days from the cohort's start date (days_from_cohort_start), which is what a pre/post analysis needs and reveals no calendar date.",
    shiftDays > 0
      ? `completed_on holds dates shifted by a random whole number of days in [−${shiftDays}, +${shiftDays}], drawn once per participant and export.`
      : "completed_on is empty: no calendar dates are exported (ask for a date shift to get shifted dates).",
    "",
    "| column | type | description |",
    "|---|---|---|",
    ...DATASET_COLUMNS.map(([c, t, d]) => `| ${c} | ${t} | ${d} |`),
    "",
    ...(settings ? riskSettingsMarkdown(shiftDays, settings) : []),
  ];
  return lines.join("\n");
}
