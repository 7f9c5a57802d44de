// Assembles the whole pre/post report from the read model's inputs, and the JSON
// document printed by the CLI and served at /reports/…/report.json.
import { getInstrument, type InstrumentCode } from "~/domain/instruments";
import { AssessmentIndex, indexAssessments } from "./assessmentIndex";
import { measureTitle } from "./format";
import { derived } from "./memo";
import { methodsNote } from "./methods";
import { peopleOf } from "./people";
import { computeMeasures, mbiMultiSubscale, sharedInstruments, instrumentsIn } from "./prePost";
import {
  applyFilters,
  computeBandShifts,
  computeEligibility,
  computeFlow,
  computeMeq,
  computeProfiles,
  computeSafety,
  computeSubgroups,
  computeTrajectories,
  describeFilters,
  isEnrolled,
} from "./sections";
import { suppressSmallCells } from "./suppression";
import type { PrePostReport, ReportEnrollment, ReportInput, ReportReferral, ReportTimepoint } from "./types";

/**
 * Default pre/post timepoints: the first and the last timepoint of the plan that share
 * at least one instrument (baseline → post-treatment, skipping MEQ-only dosing timepoints).
 */
export function defaultTimepoints(timepoints: readonly ReportTimepoint[]): { pre: string; post: string } | null {
  for (let i = 0; i < timepoints.length; i++) {
    for (let j = timepoints.length - 1; j > i; j--) {
      if (sharedInstruments(timepoints[i].instruments, timepoints[j].instruments).length > 0) {
        return { pre: timepoints[i].key, post: timepoints[j].key };
      }
    }
  }
  return null;
}

/** The participants a report (and the dataset export) analyses: filters, then the population. */
export function analysedEnrollments(
  enrollments: readonly ReportEnrollment[],
  filters: ReportInput["filters"],
  population: ReportInput["options"]["population"],
) {
  return populationOf(applyFilters(enrollments, filters), population);
}

function populationOf(enrollments: readonly ReportEnrollment[], population: ReportInput["options"]["population"]) {
  return derived([enrollments], `population ${population}`, () => {
    if (population === "completers") return enrollments.filter((e) => e.status === "COMPLETED");
    if (population === "dosed") return enrollments.filter((e) => isEnrolled(e) && e.dosingSessions > 0);
    return enrollments.filter(isEnrolled);
  });
}

/**
 * The referrals the flow counts: those of the people in the (filtered) enrollments, and, in an
 * unfiltered program report, the referrals that never became an enrollment (they belong to
 * no cohort, occupation or date range, so any filter leaves them out).
 */
function flowReferrals(input: ReportInput, filtered: readonly ReportEnrollment[]): ReportReferral[] | undefined {
  if (!input.referrals) return undefined;
  if (input.referrals.length === 0) return [];
  const inScope = new Set(filtered.map((e) => e.participantId));
  const enrolledAnywhere = new Set(input.enrollments.map((e) => e.participantId));
  const unfiltered =
    input.scope.kind === "program" &&
    Object.values(input.filters).every((v) => v === undefined || v === "" || (Array.isArray(v) && v.length === 0));
  return input.referrals.filter((r) =>
    r.participantId && enrolledAnywhere.has(r.participantId) ? inScope.has(r.participantId) : unfiltered,
  );
}

export function buildReport(input: ReportInput): PrePostReport {
  const { options } = input;
  const tpByKey = new Map(input.timepoints.map((t) => [t.key, t]));
  const pre = tpByKey.get(options.pre);
  const post = tpByKey.get(options.post);
  if (!pre || !post) throw new RangeError(`Unknown timepoint: ${!pre ? options.pre : options.post}`);

  const cohortNames = derived([input.enrollments], "cohort names", () => {
    const names = new Map<string, string>();
    for (const e of input.enrollments) names.set(e.cohortId, e.cohortName);
    return names;
  });
  const filtered = applyFilters(input.enrollments, input.filters);
  const analysed = populationOf(filtered, options.population);
  const ids = derived([analysed], "ids", () => analysed.map((e) => e.enrollmentId));
  const index = input.assessments instanceof AssessmentIndex ? input.assessments : indexAssessments(input.assessments);
  const warnings: string[] = [];

  const shared = sharedInstruments(pre.instruments, post.instruments);
  if (pre.key === post.key) warnings.push("The pre and post timepoints are the same: every difference is zero.");
  else if (shared.length === 0)
    warnings.push(
      `“${pre.label}” and “${post.label}” share no instrument: there is no pre/post comparison. Choose two timepoints that measure the same questionnaire.`,
    );
  if (filtered.length === 0) warnings.push("No participant matches these filters.");

  const measures = computeMeasures(index, ids, pre.key, post.key, shared, options.responderPoints);
  const allInstruments = [...new Set(input.timepoints.flatMap((t) => instrumentsIn(t.instruments)))] as InstrumentCode[];
  const primary = measures.find((m) => m.id === options.primary) ?? measures[0];

  const report: Omit<PrePostReport, "methods"> = {
    scope: input.scope,
    pre,
    post,
    timepoints: input.timepoints,
    population: options.population,
    filters: input.filters,
    filterText: describeFilters(input.filters, cohortNames),
    flow: computeFlow(filtered, analysed, measures, flowReferrals(input, filtered)),
    measures,
    trajectories: computeTrajectories(
      index,
      analysed,
      input.timepoints,
      allInstruments.filter((c) => c !== "MEQ30" && c !== "CADSS6"),
      Boolean(options.participantLines),
    ),
    mbiMultiSubscale: shared.includes("MBI_GS") ? mbiMultiSubscale(index, ids, pre.key, post.key, options.responderPoints?.MBI_GS) : null,
    eligibility: computeEligibility(index, ids, pre.key, post.key, input.eligibility),
    bandShifts: computeBandShifts(index, ids, pre.key, post.key, shared),
    profiles: shared.includes("MBI_GS") ? computeProfiles(index, ids, pre.key, post.key, options.profileCutoffs) : null,
    meq: computeMeq(index, analysed, input.timepoints),
    safety: computeSafety(peopleOf(input.enrollments, input.dosings), analysed, input.dosings, input.adverseEvents),
    subgroups: primary
      ? {
          measure: measureTitle(primary.instrumentName, primary.label),
          rows: computeSubgroups(index, analysed, pre.key, post.key, primary),
        }
      : null,
    smallCells: null,
    warnings,
  };
  const built = { ...report, methods: methodsNote(report) };
  return options.minCellSize === undefined ? built : suppressSmallCells(built, options.minCellSize);
}

/** The documented JSON schema (CLI `report --json` and /reports/…/report.json). */
export function reportJson(r: PrePostReport) {
  return {
    pre: r.pre.key,
    post: r.post.key,
    flow: {
      referred: r.flow.referred,
      screened: r.flow.screened,
      eligible: r.flow.eligible,
      cleared: r.flow.cleared,
      enrolled: r.flow.enrolled,
      consented: r.flow.consented,
      dosed: r.flow.dosed,
      completed: r.flow.completed,
      paired: r.flow.paired,
    },
    measures: r.measures.map((m) => ({
      instrument: m.instrument,
      scale: m.scale,
      n: m.n,
      pre: m.pre,
      post: m.post,
      change: m.change,
      t_test: m.t_test,
      wilcoxon: m.wilcoxon,
      effect: m.effect,
      responders: m.responders && {
        rule: m.responders.rule,
        count: m.responders.count,
        rate: m.responders.rate,
        wilson95: m.responders.wilson95,
      },
    })),
    // Breakdowns, after the small-cell rule: a suppressed count is "<5" (or "suppressed") and
    // its statistics are null.
    small_cells: r.smallCells && {
      threshold: r.smallCells.threshold,
      small: r.smallCells.small,
      complementary: r.smallCells.complementary,
    },
    subgroups: r.subgroups && {
      measure: r.subgroups.measure,
      rows: r.subgroups.rows.map((g) => ({
        dimension: g.dimension,
        group: g.group,
        n: g.n,
        pre_mean: g.preMean,
        post_mean: g.postMean,
        change_mean: g.changeMean,
        ci95: g.ci95,
        wilcoxon_p: g.wilcoxonP,
      })),
    },
    categories: [...(r.eligibility ? [r.eligibility.table] : []), ...r.bandShifts, ...(r.profiles ? [r.profiles.table] : [])].map((t) => ({
      id: t.id,
      n: t.n,
      rows: t.rows,
      cols: t.cols,
      counts: t.counts,
      row_totals: t.rowTotals,
    })),
  };
}

export function instrumentName(code: string): string {
  try {
    return getInstrument(code).shortName;
  } catch {
    return code;
  }
}
