// Inputs and outputs of the pre/post report. Pure data: the read model
// (app/models/reportData.server.ts) fills the inputs from the database; everything else is
// computed here so that every number is reproducible from the same inputs.
import type { BurnoutProfileCutoffs, InstrumentCode, ScaleKey } from "~/domain/instruments";
import type { ProgramEligibility } from "~/domain/scheduling/types";
import type { SignedRankMethod } from "~/domain/stats";
import type { AssessmentIndex, ReportAssessment } from "./assessmentIndex";

export type { ReportAssessment, ScoredValues, StoredScale } from "./assessmentIndex";

export type FlowStage = "REFERRED" | "SCREENED" | "ELIGIBLE" | "ENROLLED" | "COMPLETED";

export interface ReportEnrollment {
  enrollmentId: string;
  participantId: string;
  /** Pseudonymous participant code: the only identifier a report ever shows. */
  code: string;
  cohortId: string;
  cohortName: string;
  cohortStartDate: string;
  sex: string;
  occupation: string;
  ageBand: string;
  /** Route of the participant's signed dosing records ("IM", "Mixed", "Not dosed"…). */
  route: string;
  status: string;
  statusReason: string | null;
  /** Statuses ever held (history plus current), for the CONSORT flow. */
  statusesReached: readonly string[];
  /** Signed dosing records. */
  dosingSessions: number;
  /**
   * The loader's number for `participantId` (the same participant, the same number in every
   * enrollment, dosing and adverse event it loads): reports then mark people in typed arrays.
   * Optional: without it, reports number people by id themselves.
   */
  person?: number;
}

/**
 * A referral of the program (program reports) or of a participant in scope, for the CONSORT
 * flow: people screened out before they ever had an enrollment are counted from here.
 */
export interface ReportReferral {
  /** Set once the referral became a participant (enrolled). */
  participantId: string | null;
  status: string;
  statusReason: string | null;
  /** The eligibility engine's last decision (ELIGIBLE | INELIGIBLE | UNDETERMINED), if screened. */
  ruleStatus: string | null;
  clearance: string | null;
  clearanceReason: string | null;
}

export interface ReportTimepoint {
  key: string;
  label: string;
  instruments: string[];
}

export interface ReportAdverseEvent {
  participantId: string;
  grade: number;
  serious: boolean;
  related: boolean;
  /** The participant's dosing-session number the event belongs to; null when not tied to one. */
  sessionNumber: number | null;
  /** As ReportEnrollment.person. */
  person?: number;
}

export interface ReportDosing {
  participantId: string;
  sessionNumber: number;
  /** As ReportEnrollment.person. */
  person?: number;
}

export type Population = "enrolled" | "dosed" | "completers";

export interface ReportFilters {
  cohortIds?: string[];
  from?: string;
  to?: string;
  occupation?: string;
  sex?: string;
  ageBand?: string;
  route?: string;
}

export interface ReportOptions {
  pre: string;
  post: string;
  population: Population;
  /** Responder points per instrument (defaults from the instrument library). */
  responderPoints?: Partial<Record<InstrumentCode, number>>;
  profileCutoffs?: BurnoutProfileCutoffs;
  /** "PHQ9.total": the measure used for subgroups; default the first measure. */
  primary?: string;
  /** Include one line per participant in trajectories (capped). */
  participantLines?: boolean;
  /**
   * Small-cell threshold: subgroup rows and band/profile/eligibility table cells with fewer
   * people are suppressed (`suppression.ts`). The routes and the CLI always set it (default 5,
   * `parseReportParams`); left out, `buildReport` returns every count (the R-checked tests).
   */
  minCellSize?: number;
}

export interface ReportInput {
  scope: { kind: "cohort" | "program"; id: string; name: string };
  timepoints: ReportTimepoint[];
  eligibility: ProgramEligibility | null;
  enrollments: ReportEnrollment[];
  /**
   * The completed assessments, as a list or already indexed (the read model builds the
   * index straight from the database rows, without an object per assessment).
   */
  assessments: readonly ReportAssessment[] | AssessmentIndex;
  dosings: ReportDosing[];
  adverseEvents: ReportAdverseEvent[];
  /** The program's referrals (omitted: the flow is counted from enrollments alone). */
  referrals?: ReportReferral[];
  filters: ReportFilters;
  options: ReportOptions;
}

// ------------------------------------------------------------------ outputs

export type Summary5 = { median: number | null; q1: number | null; q3: number | null; mean: number | null; sd: number | null };

export interface ResponderSummary {
  rule: string;
  points: number;
  count: number;
  /** Participants with both timepoints on this scale (the denominator). */
  n: number;
  rate: number | null;
  wilson95: [number, number] | null;
}

export interface ReliableChangeSummary {
  reliability: number | null;
  reliabilitySource: string | null;
  sdPre: number | null;
  improved: number;
  deteriorated: number;
  unchanged: number;
  n: number;
  note: string | null;
}

export interface MeasureResult {
  id: string;
  instrument: InstrumentCode;
  instrumentName: string;
  scale: ScaleKey;
  label: string;
  method: "sum" | "mean";
  improvement: "decrease" | "increase";
  n: number;
  excluded: { missingPre: number; missingPost: number; missingBoth: number };
  pre: Summary5;
  post: Summary5;
  change: { mean: number | null; sd: number | null; ci95: [number, number] | null };
  t_test: { t: number; df: number; p: number } | null;
  wilcoxon: { V: number; p: number | null; method: SignedRankMethod };
  effect: { dz: number | null; rank_biserial: number | null };
  responders: ResponderSummary | null;
  reliableChange: ReliableChangeSummary;
  notes: string[];
}

/** The CONSORT flow: each person counted once per program, at the furthest step reached. */
export interface FlowResult {
  referred: number;
  screened: number;
  eligible: number;
  /**
   * Medically cleared by a clinician (referral records), or enrolled without a referral record
   * (screened outside GroupKAP). Null when the scope has no referral records at all.
   */
  cleared: number | null;
  enrolled: number;
  /** Signed consent: the enrollment became active (ACTIVE needs consent) or completed. */
  consented: number;
  dosed: number;
  completed: number;
  analysed: number;
  /** Participants of the analysed population with both timepoints, per measure id. */
  paired: Record<string, number>;
  dropouts: { stage: string; reason: string; count: number }[];
}

export interface TrajectoryPoint {
  timepoint: string;
  label: string;
  n: number;
  mean: number | null;
  sd: number | null;
  ci95: [number, number] | null;
  percentChange: number | null;
}

export interface Trajectory {
  id: string;
  instrument: InstrumentCode;
  scale: ScaleKey;
  label: string;
  min: number;
  max: number;
  points: TrajectoryPoint[];
  lines: { code: string; values: (number | null)[] }[];
  linesNote: string | null;
}

/**
 * A count as published: the number, or a suppressed cell — `"<5"` (fewer than the threshold
 * of 5 people) or `"suppressed"` (complementary suppression: at least the threshold, hidden so
 * that a small cell cannot be recovered by subtraction from a total).
 */
export type CellCount = number | `<${number}` | "suppressed";

export interface CrossTable {
  id: string;
  title: string;
  rows: string[];
  cols: string[];
  counts: CellCount[][];
  /** Row totals (baseline category totals), suppressed like the cells. */
  rowTotals: CellCount[];
  n: number;
  note: string | null;
}

export interface MultiSubscaleResponders {
  n: number;
  atLeast1: ResponderCount;
  atLeast2: ResponderCount;
  all3: ResponderCount;
}
export interface ResponderCount {
  count: number;
  rate: number | null;
  wilson95: [number, number] | null;
}

/** A rate whose count may be suppressed (then rate and interval are null). */
export interface PublishedRate {
  count: CellCount;
  rate: number | null;
  wilson95: [number, number] | null;
}

export interface MeqSession {
  timepoint: string;
  label: string;
  n: number;
  factors: { scale: ScaleKey; label: string; n: number; mean: number | null; sd: number | null }[];
  complete: ResponderCount & { n: number };
}

export interface SafetyResult {
  byGrade: { grade: number; serious: number; nonSerious: number; participants: number }[];
  totalEvents: number;
  seriousEvents: number;
  participantsWithAe: number;
  perSession: {
    sessionNumber: number;
    label: string;
    participantsDosed: number;
    any: { count: number; percent: number | null };
    related: { count: number; percent: number | null };
    serious: { count: number; percent: number | null };
  }[];
  eventsWithoutSession: number;
}

export interface SubgroupRow {
  dimension: "occupation" | "sex" | "ageBand" | "route";
  group: string;
  /** Participants with both timepoints; a `"<5"`/`"suppressed"` row has every statistic null. */
  n: CellCount;
  preMean: number | null;
  postMean: number | null;
  changeMean: number | null;
  ci95: [number, number] | null;
  wilcoxonP: number | null;
  method: SignedRankMethod;
  note: string | null;
}

export interface PrePostReport {
  scope: ReportInput["scope"];
  pre: ReportTimepoint;
  post: ReportTimepoint;
  timepoints: ReportTimepoint[];
  population: Population;
  filters: ReportFilters;
  filterText: string[];
  flow: FlowResult;
  measures: MeasureResult[];
  trajectories: Trajectory[];
  mbiMultiSubscale: MultiSubscaleResponders | null;
  eligibility: { ruleText: string; n: number; before: PublishedRate; after: PublishedRate; table: CrossTable } | null;
  bandShifts: CrossTable[];
  profiles: { cutoffText: string; table: CrossTable; stillBurnout: string | null } | null;
  meq: MeqSession[];
  safety: SafetyResult;
  subgroups: { measure: string; rows: SubgroupRow[] } | null;
  /** The small-cell rule applied to this report (null: every count shown). */
  smallCells: SmallCellRule | null;
  methods: string[];
  warnings: string[];
}

export interface SmallCellRule {
  threshold: number;
  /** Cells and subgroup rows with 1 to threshold − 1 people. */
  small: number;
  /** Cells, row totals and subgroup rows hidden so that a small one cannot be recovered from a total. */
  complementary: number;
}
