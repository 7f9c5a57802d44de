export * from "./types";
export { analysedEnrollments, buildReport, defaultTimepoints, reportJson, instrumentName } from "./build";
export { ageBand, applyFilters, AGE_BANDS, MAX_PARTICIPANT_LINES } from "./sections";
export { AssessmentIndex, indexAssessments } from "./assessmentIndex";
export { responderRuleFor, sharedInstruments } from "./prePost";
export { methodsNote } from "./methods";
export * from "./csv";
export * from "./format";
export { parseReportParams, type ParsedParams } from "./params";
export {
  COMPLEMENTARY,
  DEFAULT_MIN_CELL_SIZE,
  isSuppressed,
  MIN_CELL_SIZE_CEILING,
  MIN_CELL_SIZE_FLOOR,
  suppressSmallCells,
} from "./suppression";
