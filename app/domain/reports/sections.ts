// Sections 1, 3, 5–8 of the pre/post report: flow, trajectories, thresholds and
// categories, MEQ-30 per dosing session, safety, subgroups. Pure functions over the
// indexed inputs.
import {
  classifyBurnoutProfile,
  compileRuleTruth,
  DEFAULT_PROFILE_CUTOFFS,
  formatProfileCutoffs,
  getInstrument,
  scaleInputFromScore,
  type BurnoutProfileCutoffs,
  type InstrumentCode,
  type ScaleDefinition,
  type ScaleInput,
  type ScaleKey,
} from "~/domain/instruments";
import { referralReach, type ReferralReach } from "~/domain/referrals";
import { aeRatesFromCounts } from "~/domain/safety/rates";
import { describeRule, type ProgramEligibility } from "~/domain/scheduling/types";
import { comparePaired, mean, meanSdCi, sd } from "~/domain/stats";
import { at, type AssessmentIndex, type ScoredValues } from "./assessmentIndex";
import { measureTitle } from "./format";
import { derived, internRows } from "./memo";
import { inMask, maskOf, peopleOf, type People } from "./people";
import { responderCount } from "./prePost";
import type {
  CrossTable,
  FlowResult,
  MeasureResult,
  MeqSession,
  ReportAdverseEvent,
  ReportDosing,
  ReportEnrollment,
  ReportFilters,
  ReportReferral,
  ReportTimepoint,
  ResponderCount,
  SafetyResult,
  SubgroupRow,
  Trajectory,
} from "./types";

// ------------------------------------------------------------------ filters

export const AGE_BANDS = ["18–29", "30–39", "40–49", "50–59", "60+"] as const;

/** Age in whole years on `onDate` (both YYYY-MM-DD), banded; "Unknown" when a date is unusable. */
export function ageBand(dateOfBirth: string | null | undefined, onDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(dateOfBirth ?? "");
  const d = /^(\d{4})-(\d{2})-(\d{2})/.exec(onDate);
  if (!m || !d) return "Unknown";
  let age = Number(d[1]) - Number(m[1]);
  if (Number(d[2]) * 100 + Number(d[3]) < Number(m[2]) * 100 + Number(m[3])) age -= 1;
  if (age < 18) return "Under 18";
  if (age < 30) return "18–29";
  if (age < 40) return "30–39";
  if (age < 50) return "40–49";
  if (age < 60) return "50–59";
  return "60+";
}

/** Filter lists kept per enrollments list (with the few other values derived from it), the most recently used. */
const KEPT_FILTERS = 8;

export function applyFilters(enrollments: readonly ReportEnrollment[], f: ReportFilters): ReportEnrollment[] {
  return derived([enrollments], `filters ${JSON.stringify(f)}`, () => filterEnrollments(enrollments, f), KEPT_FILTERS);
}

function filterEnrollments(enrollments: readonly ReportEnrollment[], f: ReportFilters): ReportEnrollment[] {
  const cohorts = f.cohortIds && f.cohortIds.length > 0 ? new Set(f.cohortIds) : null;
  return enrollments.filter(
    (e) =>
      (!cohorts || cohorts.has(e.cohortId)) &&
      (!f.from || e.cohortStartDate >= f.from) &&
      (!f.to || e.cohortStartDate <= f.to) &&
      (!f.occupation || e.occupation === f.occupation) &&
      (!f.sex || e.sex === f.sex) &&
      (!f.ageBand || e.ageBand === f.ageBand) &&
      (!f.route || e.route === f.route),
  );
}

export function describeFilters(f: ReportFilters, cohortNames: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  if (f.cohortIds?.length) out.push(`Cohort: ${f.cohortIds.map((id) => cohortNames.get(id) ?? id).join(", ")}`);
  if (f.from || f.to)
    out.push(`Cohort start date ${f.from ? `from ${f.from}` : ""}${f.from && f.to ? " " : ""}${f.to ? `to ${f.to}` : ""}`);
  if (f.occupation) out.push(`Occupation: ${f.occupation}`);
  if (f.sex) out.push(`Sex: ${f.sex}`);
  if (f.ageBand) out.push(`Age band: ${f.ageBand}`);
  if (f.route) out.push(`Route: ${f.route}`);
  return out;
}

// ------------------------------------------------------------------ 1. flow

const SCREENED = new Set(["SCREENING", "ELIGIBLE", "INELIGIBLE", "WAITLISTED", "ENROLLED", "ACTIVE", "COMPLETED"]);
const ELIGIBLE = new Set(["ELIGIBLE", "WAITLISTED", "ENROLLED", "ACTIVE", "COMPLETED"]);
const ENROLLED = new Set(["ENROLLED", "ACTIVE", "COMPLETED"]);

/** Current statuses, most advanced first: a person with several enrollments is shown by the furthest one. */
const STATUS_RANK = ["COMPLETED", "ACTIVE", "ENROLLED", "WAITLISTED", "ELIGIBLE", "SCREENING", "REFERRED", "WITHDRAWN", "INELIGIBLE"];
const rankOf = (status: string) => {
  const i = STATUS_RANK.indexOf(status);
  return i < 0 ? STATUS_RANK.length : i;
};
const CONSENTED = new Set(["ACTIVE", "COMPLETED"]);

// The flow's stages as bits, so that "did this person reach a stage" is one test per stage.
const REACHED_SCREENED = 1;
const REACHED_ELIGIBLE = 2;
const REACHED_ENROLLED = 4;
const REACHED_CONSENTED = 8;
const stageBits = (status: string) =>
  (SCREENED.has(status) ? REACHED_SCREENED : 0) |
  (ELIGIBLE.has(status) ? REACHED_ELIGIBLE : 0) |
  (ENROLLED.has(status) ? REACHED_ENROLLED : 0) |
  (CONSENTED.has(status) ? REACHED_CONSENTED : 0);
// Loaders share one statuses array between enrollments with the same history (the arrays are
// never changed): each array's stage bits are worked out once.
const bitsOfList = new WeakMap<readonly string[], number>();
function bitsOf(e: ReportEnrollment): number {
  let bits = bitsOfList.get(e.statusesReached);
  if (bits === undefined) {
    bits = 0;
    for (const s of e.statusesReached) bits |= stageBits(s);
    bitsOfList.set(e.statusesReached, bits);
  }
  return bits | stageBits(e.status);
}

export const isEnrolled = (e: ReportEnrollment) => (bitsOf(e) & REACHED_ENROLLED) !== 0;

/**
 * Each person's enrollments, in order, as a chain of positions in `all` (no array per
 * person): each person's first position, in order of first appearance, then `next` (−1 ends
 * the chain).
 */
function chainsOf(all: readonly ReportEnrollment[]): { firsts: Int32Array; next: Int32Array } {
  const people = peopleOf(all);
  const firstOf = new Int32Array(people.size).fill(-1);
  const firsts = new Int32Array(all.length);
  let count = 0;
  const next = new Int32Array(all.length).fill(-1);
  const lastOf = new Int32Array(all.length);
  for (let i = 0; i < all.length; i++) {
    const p = people.of(all[i]);
    const first = firstOf[p];
    if (first < 0) {
      firstOf[p] = i;
      firsts[count++] = i;
      lastOf[i] = i;
    } else {
      next[lastOf[first]] = i;
      lastOf[first] = i;
    }
  }
  return { firsts: firsts.subarray(0, count), next };
}

/**
 * The CONSORT flow, each person counted once per program: a participant's enrollments (a
 * waitlisted seat in one cohort and a place in the next are one person) merged with their
 * referral, plus the referrals that never became an enrollment (screened out, not cleared,
 * withdrew, lost to contact, still open).
 */
export function computeFlow(
  all: readonly ReportEnrollment[],
  analysed: readonly ReportEnrollment[],
  measures: readonly MeasureResult[],
  referrals?: readonly ReportReferral[],
): FlowResult {
  const dropouts = new Map<string, { stage: string; reason: string; count: number }>();
  const drop = (stage: string, reason: string | null) => {
    const r = reason?.trim() || "No reason recorded";
    const key = `${stage}\u0000${r}`;
    const cur = dropouts.get(key);
    if (cur) cur.count++;
    else dropouts.set(key, { stage, reason: r, count: 1 });
  };
  const { firsts, next } = derived([all], "chains", () => chainsOf(all));
  // A person's referral: the furthest one when they were referred more than once. Referrals
  // of no one in `all` are counted on their own below.
  const reaches = (referrals ?? []).map((r) => referralReach(r));
  const referralOf = new Map<string, ReferralReach>();
  (referrals ?? []).forEach((r, k) => {
    if (!r.participantId) return;
    const reach = reaches[k];
    const cur = referralOf.get(r.participantId);
    if (
      !cur ||
      Number(reach.screened) + Number(reach.eligible) + Number(reach.cleared) >
        Number(cur.screened) + Number(cur.eligible) + Number(cur.cleared)
    )
      referralOf.set(r.participantId, reach);
  });
  const linked = new Set<string>();
  let screened = 0;
  let eligible = 0;
  let cleared = 0;
  let enrolled = 0;
  let consented = 0;
  let dosed = 0;
  let completed = 0;
  for (const first of firsts) {
    let best = all[first];
    let bits = bitsOf(best);
    let anyDosed = best.dosingSessions > 0;
    let anyCompleted = best.status === "COMPLETED";
    for (let i = next[first]; i >= 0; i = next[i]) {
      const e = all[i];
      if (rankOf(e.status) < rankOf(best.status)) best = e;
      bits |= bitsOf(e);
      if (e.dosingSessions > 0) anyDosed = true;
      if (e.status === "COMPLETED") anyCompleted = true;
    }
    const referral = referralOf.size ? referralOf.get(best.participantId) : undefined;
    if (referral) linked.add(best.participantId);
    const isIn = (bits & REACHED_ENROLLED) !== 0;
    if (bits & REACHED_SCREENED || referral?.screened) screened++;
    if (bits & REACHED_ELIGIBLE || referral?.eligible) eligible++;
    if (isIn || referral?.cleared) cleared++;
    if (isIn) {
      enrolled++;
      if (bits & REACHED_CONSENTED) consented++;
      if (anyDosed) dosed++;
    }
    if (anyCompleted) completed++;
    const e = best;
    if (e.status === "INELIGIBLE") drop("Not eligible at screening", e.statusReason);
    else if (e.status === "WITHDRAWN") {
      const stage = isIn ? "Withdrew after enrolling" : bits & REACHED_SCREENED ? "Withdrew during screening" : "Withdrew before screening";
      drop(stage, e.statusReason);
    } else if (e.status === "WAITLISTED") drop("Waitlisted (not enrolled)", e.statusReason);
    else if (e.status === "REFERRED" || e.status === "SCREENING" || e.status === "ELIGIBLE")
      drop("Not yet enrolled", `Status ${e.status.toLowerCase()}`);
  }
  const unlinked = reaches.filter((_, k) => {
    const id = referrals![k].participantId;
    return !id || !linked.has(id);
  });
  for (const r of unlinked) {
    if (r.screened) screened++;
    if (r.eligible) eligible++;
    if (r.cleared) cleared++;
    if (r.stop) drop(r.stop.stage, r.stop.reason);
    else drop("Not yet enrolled", "Enrollment not in this report");
  }
  const paired: Record<string, number> = {};
  for (const m of measures) paired[m.id] = m.n;
  return {
    referred: firsts.length + unlinked.length,
    screened,
    eligible,
    cleared: referrals && referrals.length > 0 ? cleared : null,
    enrolled,
    consented,
    dosed,
    completed,
    analysed: analysed.length,
    paired,
    dropouts: [...dropouts.values()].sort((a, b) => a.stage.localeCompare(b.stage) || b.count - a.count),
  };
}

// ------------------------------------------------------------------ 3. trajectories

/** The non-missing values of a column at these rows, in row order (−1 rows are missing). */
function presentValues(col: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r < 0) continue;
    const v = col[r];
    if (!Number.isNaN(v)) out[n++] = v;
  }
  return out.subarray(0, n);
}

/** A column's values at these rows, NaN where missing (−1 rows included). */
function valuesAt(col: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = rows[i] < 0 ? NaN : col[rows[i]];
  return out;
}

export const MAX_PARTICIPANT_LINES = 400;

export function computeTrajectories(
  index: AssessmentIndex,
  enrollments: readonly ReportEnrollment[],
  timepoints: readonly ReportTimepoint[],
  instruments: readonly InstrumentCode[],
  withLines: boolean,
): Trajectory[] {
  const out: Trajectory[] = [];
  const rows = index.rowsFor(enrollments);
  for (const code of instruments) {
    const def = getInstrument(code);
    const tps = timepoints.filter((t) => t.instruments.includes(code));
    if (tps.length === 0) continue;
    for (const scale of def.scales as readonly ScaleDefinition[]) {
      const cols = tps.map((tp) => index.column(tp.key, code, scale.key).value);
      let baseline: number | null = null;
      const points = tps.map((tp, i) => {
        const {
          n,
          mean: m,
          sd: s,
          ci95,
        } = derived([rows, index.recordsAt(tp.key, code)], `summary ${code} ${scale.key}`, () => {
          const vals = presentValues(cols[i], rows);
          return { n: vals.length, ...meanSdCi(vals) };
        });
        if (i === 0) baseline = m;
        return {
          timepoint: tp.key,
          label: tp.label,
          n,
          mean: m,
          sd: s,
          ci95,
          percentChange:
            i === 0 || baseline === null || baseline === 0 || m === null
              ? i === 0 && m !== null
                ? 0
                : null
              : ((m - baseline) / baseline) * 100,
        };
      });
      const lines: Trajectory["lines"] = [];
      let linesNote: string | null = null;
      if (withLines) {
        // Lines of the participants with any value, the first MAX_PARTICIPANT_LINES of them.
        let withData = 0;
        for (let i = 0; i < enrollments.length; i++) {
          const values = cols.map((col) => at(col, rows[i]));
          if (!values.some((v) => v !== null)) continue;
          if (++withData <= MAX_PARTICIPANT_LINES) lines.push({ code: enrollments[i].code, values });
        }
        if (withData > MAX_PARTICIPANT_LINES) linesNote = `Showing the first ${MAX_PARTICIPANT_LINES} of ${withData} participants' lines.`;
      }
      out.push({
        id: `${code}.${scale.key}`,
        instrument: code,
        scale: scale.key,
        label: measureTitle(def.shortName, scale.label),
        min: scale.min,
        max: scale.max,
        points,
        lines,
        linesNote,
      });
    }
  }
  return out;
}

// ------------------------------------------------------------------ 5. thresholds and categories

/** Counts of (before, after) label pairs, by the labels' positions in `labels`. */
class PairCounts {
  readonly counts: number[][];
  n = 0;
  constructor(readonly labels: readonly string[]) {
    this.counts = labels.map(() => labels.map(() => 0));
  }
  add(a: number, b: number) {
    this.counts[a][b]++;
    this.n++;
  }
  /** Labels that occur on either side. */
  used(): string[] {
    return this.labels.filter((_, i) => this.labels.some((__, j) => this.counts[i][j] > 0 || this.counts[j][i] > 0));
  }
}

/** The table of these counts over `rows` (labels of `pc`), in that order. */
function crossTable(id: string, title: string, pc: PairCounts, note: string | null = null, rows: string[] = pc.used()): CrossTable {
  const at = rows.map((r) => pc.labels.indexOf(r));
  const counts = at.map((i) => at.map((j) => pc.counts[i][j]));
  return { id, title, rows, cols: rows, counts, rowTotals: counts.map((r) => r.reduce((a, b) => a + b, 0)), n: pc.n, note };
}

/** The score lists (records by row) of one instrument at the pre (a) and post (b) timepoints: what a result is kept by. */
type ScoreLists = { a: readonly (ScoredValues | undefined)[]; b: readonly (ScoredValues | undefined)[] };

export function computeEligibility(
  index: AssessmentIndex,
  ids: readonly string[],
  pre: string,
  post: string,
  eligibility: ProgramEligibility | null,
): { ruleText: string; n: number; before: ResponderCount; after: ResponderCount; table: CrossTable } | null {
  if (!eligibility) return null;
  const code = eligibility.instrument as InstrumentCode;
  let def;
  try {
    def = getInstrument(code);
  } catch {
    return null;
  }
  // Read from these rows of the two timepoints' lists only (see computeMeasures).
  const rows = index.rows(ids);
  const lists = { a: index.recordsAt(pre, code), b: index.recordsAt(post, code) };
  return derived([rows, lists.a, lists.b], `eligibility ${JSON.stringify(eligibility.rule)}`, () =>
    eligibilityOf(index, rows, lists, pre, post, code, def, eligibility),
  );
}

function eligibilityOf(
  index: AssessmentIndex,
  rows: Int32Array,
  lists: ScoreLists,
  pre: string,
  post: string,
  code: InstrumentCode,
  def: ReturnType<typeof getInstrument>,
  eligibility: ProgramEligibility,
) {
  const scaleDefs = def.scales as readonly ScaleDefinition[];
  const cols = (tp: string) =>
    scaleDefs.map((sd) => {
      const c = index.column(tp, code, sd.key);
      return { key: sd.key, itemCount: sd.items.length, value: c.value, sum: c.sum, mean: c.mean };
    });
  const preCols = cols(pre);
  const postCols = cols(post);
  // Many participants share the same scores, and the read model shares one parsed `scales`
  // object between identical stored scores: evaluate each distinct one once. The engine's
  // outcome alone (decideEligibility's status, without its reasons' text).
  const truthOf = compileRuleTruth(eligibility.rule);
  const memo = new Map<object, { eligible: boolean; complete: boolean }>();
  const evaluate = (c: typeof preCols, r: number, scalesOf: object) => {
    let res = memo.get(scalesOf);
    if (res) return res;
    // The same engine and the same input as screening: each scale's integer sum and item count.
    const scores: Record<string, ScaleInput | null> = {};
    for (const x of c) {
      if (Number.isNaN(x.value[r])) continue;
      scores[x.key] = scaleInputFromScore({
        sum: Number.isNaN(x.sum[r]) ? null : x.sum[r],
        mean: Number.isNaN(x.mean[r]) ? null : x.mean[r],
        itemCount: x.itemCount,
      });
    }
    const truth = truthOf(scores);
    memo.set(scalesOf, (res = { eligible: truth === true, complete: truth !== null }));
    return res;
  };
  const ELIGIBILITY_LABELS = ["Meets rule", "Does not meet"];
  const pairs = new PairCounts(ELIGIBILITY_LABELS);
  let before = 0;
  let after = 0;
  const { a: listA, b: listB } = lists;
  for (const r of rows) {
    if (r < 0) continue;
    const recA = listA[r];
    const recB = listB[r];
    if (!recA || !recB) continue;
    const ra = evaluate(preCols, r, recA.scales);
    const rb = evaluate(postCols, r, recB.scales);
    if (!ra.complete || !rb.complete) continue;
    if (ra.eligible) before++;
    if (rb.eligible) after++;
    pairs.add(ra.eligible ? 0 : 1, rb.eligible ? 0 : 1);
  }
  const n = pairs.n;
  return {
    ruleText: `${def.shortName}: ${describeRule(eligibility.rule)}`,
    n,
    before: responderCount(before, n),
    after: responderCount(after, n),
    table: crossTable(
      "eligibility",
      "Eligibility rule: baseline × post",
      pairs,
      n === 0 ? "Nobody has the eligibility instrument at both timepoints." : null,
    ),
  };
}

export function computeBandShifts(
  index: AssessmentIndex,
  ids: readonly string[],
  pre: string,
  post: string,
  instruments: readonly InstrumentCode[],
): CrossTable[] {
  const out: CrossTable[] = [];
  const rows = index.rows(ids);
  for (const code of instruments) {
    const def = getInstrument(code);
    const lists = [index.recordsAt(pre, code), index.recordsAt(post, code)];
    for (const scale of def.scales as readonly ScaleDefinition[]) {
      const bands = scale.bands;
      if (!bands?.length) continue;
      // Read from these rows of the two timepoints' lists only (see computeMeasures).
      out.push(
        derived([rows, ...lists], `bands ${code} ${scale.key}`, () =>
          bandShift(index.column(pre, code, scale.key).value, index.column(post, code, scale.key).value, rows, bands, {
            id: `bands.${code}.${scale.key}`,
            title: `${measureTitle(def.shortName, scale.label)}: severity band at baseline × post`,
          }),
        ),
      );
    }
  }
  return out;
}

/** The table of severity bands at baseline × post of two columns over these rows. */
function bandShift(
  ca: Float64Array,
  cb: Float64Array,
  rows: Int32Array,
  bands: NonNullable<ScaleDefinition["bands"]>,
  table: { id: string; title: string },
): CrossTable {
  const labels = [...bands.map((b) => b.label), "Out of range"];
  const outOfRange = labels.length - 1;
  // The first band holding v (a few comparisons: cheaper than a lookup by value).
  const from = Float64Array.from(bands, (b) => b.from);
  const to = Float64Array.from(bands, (b) => b.to);
  const bandOf = (v: number) => {
    for (let k = 0; k < from.length; k++) if (v >= from[k] && v <= to[k]) return k;
    return outOfRange;
  };
  const pairs = new PairCounts(labels);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r < 0) continue;
    const a = ca[r];
    const b = cb[r];
    if (!Number.isNaN(a) && !Number.isNaN(b)) pairs.add(bandOf(a), bandOf(b));
  }
  const text = bands.map((b) => `${b.label} ${b.from}–${b.to}`).join(", ");
  // Keep every band in the table so shifts read the same across reports.
  const used = pairs.used();
  return crossTable(
    table.id,
    table.title,
    pairs,
    `Bands: ${text}.`,
    labels.filter((l) => l !== "Out of range" || used.includes(l)),
  );
}

const PROFILE_ORDER = ["Burnout", "Overextended", "Disengaged", "Ineffective", "Mixed", "Engaged"];

/** A whole number from 0 to 1,023 (three of them make one memo key). */
function smallWhole(x: number) {
  return Number.isInteger(x) && x >= 0 && x < 1024;
}

export function computeProfiles(
  index: AssessmentIndex,
  ids: readonly string[],
  pre: string,
  post: string,
  cutoffs: BurnoutProfileCutoffs = DEFAULT_PROFILE_CUTOFFS,
): { cutoffText: string; table: CrossTable; stillBurnout: string | null } | null {
  // Read from these rows of the two timepoints' MBI-GS lists only (see computeMeasures).
  const rows = index.rows(ids);
  const lists = { a: index.recordsAt(pre, "MBI_GS"), b: index.recordsAt(post, "MBI_GS") };
  return derived([rows, lists.a, lists.b], `profiles ${JSON.stringify(cutoffs)}`, () => profilesOf(index, rows, lists, pre, post, cutoffs));
}

function profilesOf(
  index: AssessmentIndex,
  rows: Int32Array,
  lists: ScoreLists,
  pre: string,
  post: string,
  cutoffs: BurnoutProfileCutoffs,
) {
  const pairs = new PairCounts(PROFILE_ORDER);
  const keys = ["EX", "CY", "PE"] as const;
  const sums = (tp: string) => keys.map((k) => index.column(tp, "MBI_GS", k).sum);
  const a = sums(pre);
  const b = sums(post);
  // Classification depends only on the three sums: classify each combination of sums once
  // (whole sums from 0 to 1,023 make one number; anything else is classified as it comes).
  const memo = new Map<number, string | null>();
  const classify = (c: Float64Array[], r: number, scalesOf: object | undefined): string | null => {
    if (!scalesOf) return null;
    const ex = c[0][r];
    const cy = c[1][r];
    const pe = c[2][r];
    if (Number.isNaN(ex) || Number.isNaN(cy) || Number.isNaN(pe)) return null;
    const key = smallWhole(ex) && smallWhole(cy) && smallWhole(pe) ? (ex * 1024 + cy) * 1024 + pe : -1;
    let profile = key < 0 ? undefined : memo.get(key);
    if (profile === undefined) {
      profile = classifyBurnoutProfile({ sums: { EX: ex, CY: cy, PE: pe } }, cutoffs)?.profile ?? null;
      if (key >= 0) memo.set(key, profile);
    }
    return profile;
  };
  let anyBaseline = false;
  const { a: listA, b: listB } = lists;
  for (const r of rows) {
    if (r < 0) continue;
    const recA = listA[r];
    if (recA) anyBaseline = true;
    const pa = classify(a, r, recA?.scales);
    const pb = pa === null ? null : classify(b, r, listB[r]?.scales);
    if (pa && pb) pairs.add(PROFILE_ORDER.indexOf(pa), PROFILE_ORDER.indexOf(pb));
  }
  if (pairs.n === 0 && !anyBaseline) return null;
  const table = crossTable(
    "profiles",
    "Burnout profile at baseline × post (MBI-GS)",
    pairs,
    pairs.n === 0 ? "Nobody has all three MBI-GS subscales at both timepoints." : null,
  );
  const burnout = pairs.counts[PROFILE_ORDER.indexOf("Burnout")];
  const baseBurnout = burnout.reduce((x, y) => x + y, 0);
  const stillBurnout =
    baseBurnout === 0
      ? null
      : `${baseBurnout - burnout[PROFILE_ORDER.indexOf("Burnout")]} of ${baseBurnout} participants in the Burnout profile at baseline no longer met it after treatment.`;
  return { cutoffText: formatProfileCutoffs(cutoffs), table, stillBurnout };
}

// ------------------------------------------------------------------ 6. MEQ-30

const MEQ_FACTORS: ScaleKey[] = ["mystical", "positive_mood", "transcendence", "ineffability", "total"];

export function computeMeq(
  index: AssessmentIndex,
  enrollments: readonly ReportEnrollment[],
  timepoints: readonly ReportTimepoint[],
): MeqSession[] {
  const def = getInstrument("MEQ30");
  return timepoints
    .filter((t) => t.instruments.includes("MEQ30"))
    .map((tp) => {
      const rowNumbers = index.rowsFor(enrollments);
      const rows = Array.from(rowNumbers, (r) => index.record(r, tp.key, "MEQ30")).filter((a) => a !== undefined);
      const factors = MEQ_FACTORS.map((key) => {
        const vals = presentValues(index.column(tp.key, "MEQ30", key).value, rowNumbers);
        const label = (def.scales as readonly ScaleDefinition[]).find((s) => s.key === key)?.label ?? key;
        return { scale: key, label, n: vals.length, mean: mean(vals), sd: sd(vals) };
      });
      const known = rows.filter((r) => r.completeMystical !== null);
      const c = responderCount(known.filter((r) => r.completeMystical).length, known.length);
      return { timepoint: tp.key, label: tp.label, n: rows.length, factors, complete: { ...c, n: known.length } };
    });
}

// ------------------------------------------------------------------ 7. safety

/**
 * Section 7 for the analysed enrollments: their people's dosings and adverse events, by grade
 * and per dosing session. `people` numbers everyone in `dosings` and `analysed`.
 */
export function computeSafety(
  people: People,
  analysed: readonly ReportEnrollment[],
  dosings: readonly ReportDosing[],
  events: readonly ReportAdverseEvent[],
): SafetyResult {
  const mask = derived([people, analysed], "analysed people", () => maskOf(people, analysed));
  const ds = derived([mask, dosings], "dosings of", () => dosings.filter((d) => inMask(mask, people, d)));
  const es = events.filter((e) => inMask(mask, people, e));
  const grades = new Map<number, { grade: number; serious: number; nonSerious: number; people: Set<string> }>();
  for (const e of es) {
    let g = grades.get(e.grade);
    if (!g) grades.set(e.grade, (g = { grade: e.grade, serious: 0, nonSerious: 0, people: new Set() }));
    if (e.serious) g.serious++;
    else g.nonSerious++;
    g.people.add(e.participantId);
  }
  const rates = aeRatesFromCounts(
    sessionCounts(
      people,
      derived([ds], "dosed by session", () => dosedPeople(people, ds)),
      es,
    ),
  );
  return {
    byGrade: [...grades.values()]
      .sort((a, b) => a.grade - b.grade)
      .map((g) => ({ grade: g.grade, serious: g.serious, nonSerious: g.nonSerious, participants: g.people.size })),
    totalEvents: es.length,
    seriousEvents: es.filter((e) => e.serious).length,
    participantsWithAe: new Set(es.map((e) => e.participantId)).size,
    perSession: rates.sessions.map((s) => ({
      sessionNumber: s.sessionNumber,
      label: s.label,
      participantsDosed: s.participantsDosed,
      any: s.withAnyAe,
      related: s.withRelatedAe,
      serious: s.withSeriousAe,
    })),
    eventsWithoutSession: rates.eventsWithoutSession,
  };
}

/** Per dosing session number: the people dosed there (a mask) and how many. */
function dosedPeople(people: People, dosings: readonly ReportDosing[]): Map<number, { mask: Uint8Array; count: number }> {
  const out = new Map<number, { mask: Uint8Array; count: number }>();
  for (const d of dosings) {
    if (!Number.isInteger(d.sessionNumber) || d.sessionNumber < 1) {
      throw new RangeError(`Dosing session numbers start at 1 (got ${d.sessionNumber})`);
    }
    let at = out.get(d.sessionNumber);
    if (!at) out.set(d.sessionNumber, (at = { mask: new Uint8Array(people.size), count: 0 }));
    const p = people.of(d);
    if (p >= 0 && at.mask[p] === 0) {
      at.mask[p] = 1;
      at.count++;
    }
  }
  return out;
}

/**
 * The distinct-person counts of `aeRatesPerDosingSession` (safety/rates.ts), from people
 * numbers: per session, those dosed there and those of them with any, a related and a serious
 * event; events at no session, and at a session where that person has no dosing, apart.
 */
function sessionCounts(
  people: People,
  dosed: ReadonlyMap<number, { mask: Uint8Array; count: number }>,
  events: readonly ReportAdverseEvent[],
): Parameters<typeof aeRatesFromCounts>[0] {
  const any = new Map<number, Set<number>>();
  const related = new Map<number, Set<number>>();
  const serious = new Map<number, Set<number>>();
  const add = (map: Map<number, Set<number>>, session: number, p: number) => {
    let set = map.get(session);
    if (!set) map.set(session, (set = new Set()));
    set.add(p);
  };
  let eventsWithoutSession = 0;
  let eventsWithoutMatchingDosing = 0;
  const sessionNumbers = new Set<number>(dosed.keys());
  for (const e of events) {
    if (e.sessionNumber === null) {
      eventsWithoutSession += 1;
      continue;
    }
    sessionNumbers.add(e.sessionNumber);
    const p = people.of(e);
    if (p < 0 || dosed.get(e.sessionNumber)?.mask[p] !== 1) {
      eventsWithoutMatchingDosing += 1;
      continue;
    }
    add(any, e.sessionNumber, p);
    if (e.related) add(related, e.sessionNumber, p);
    if (e.serious) add(serious, e.sessionNumber, p);
  }
  const count = (map: ReadonlyMap<number, ReadonlySet<number>>, n: number) => map.get(n)?.size ?? 0;
  return {
    sessions: [...sessionNumbers].map((n) => ({
      sessionNumber: n,
      participantsDosed: dosed.get(n)?.count ?? 0,
      withAnyAe: count(any, n),
      withRelatedAe: count(related, n),
      withSeriousAe: count(serious, n),
    })),
    eventsWithoutSession,
    eventsWithoutMatchingDosing,
  };
}

// ------------------------------------------------------------------ 8. subgroups

const DIMENSIONS: SubgroupRow["dimension"][] = ["occupation", "sex", "ageBand", "route"];

/** Each group's (sorted by name) members' index rows, in the order of `enrollments`. */
function groupRows(enrollments: readonly ReportEnrollment[], allRows: Int32Array, dim: SubgroupRow["dimension"]): [string, Int32Array][] {
  // Two passes, without an array per group to grow: each enrollment's group number and the
  // groups' sizes, then each group's rows.
  const numberOf = new Map<string, number>();
  const names: string[] = [];
  const sizes: number[] = [];
  const groupOf = new Int32Array(enrollments.length);
  let lastName: string | null = null;
  let last = -1;
  for (let i = 0; i < enrollments.length; i++) {
    const g = enrollments[i][dim];
    if (g !== lastName) {
      let n = numberOf.get(g);
      if (n === undefined) {
        numberOf.set(g, (n = names.length));
        names.push(g);
        sizes.push(0);
      }
      lastName = g;
      last = n;
    }
    groupOf[i] = last;
    sizes[last]++;
  }
  const rows = sizes.map((size) => new Int32Array(size));
  const filled = new Int32Array(sizes.length);
  for (let i = 0; i < enrollments.length; i++) {
    const g = groupOf[i];
    rows[g][filled[g]++] = allRows[i];
  }
  // The same rows as an earlier group's are that group's (its comparison is found again).
  return names.map((name, g): [string, Int32Array] => [name, internRows(rows[g])]).sort((a, b) => a[0].localeCompare(b[0]));
}

export function computeSubgroups(
  index: AssessmentIndex,
  enrollments: readonly ReportEnrollment[],
  pre: string,
  post: string,
  measure: MeasureResult,
): SubgroupRow[] {
  const rows: SubgroupRow[] = [];
  const allRows = index.rowsFor(enrollments);
  const ca = index.column(pre, measure.instrument, measure.scale).value;
  const cb = index.column(post, measure.instrument, measure.scale).value;
  const lists = [index.recordsAt(pre, measure.instrument), index.recordsAt(post, measure.instrument)];
  for (const dim of DIMENSIONS) {
    for (const [group, rowNumbers] of derived([enrollments, allRows], `groups ${dim}`, () => groupRows(enrollments, allRows, dim))) {
      // A group's comparison is read from its rows of the two lists only (see computeMeasures).
      const cmp = derived([rowNumbers, ...lists], `subgroup ${measure.instrument} ${measure.scale}`, () =>
        comparePaired(valuesAt(ca, rowNumbers), valuesAt(cb, rowNumbers), { quartiles: false }),
      );
      const important = cmp.notes.find((n) => !/one timepoint only|neither timepoint/.test(n)) ?? null;
      rows.push({
        dimension: dim,
        group,
        n: cmp.n,
        preMean: cmp.pre.mean,
        postMean: cmp.post.mean,
        changeMean: cmp.change.mean,
        ci95: cmp.change.ci95,
        wilcoxonP: cmp.wilcoxon.p,
        method: cmp.wilcoxon.method,
        note: cmp.n < 2 || cmp.change.ci95 === null || cmp.wilcoxon.p === null ? important : null,
      });
    }
  }
  return rows;
}
