export * from "./types";
export { analysedEnrollments, buildReport, defaultTimepoints, reportJson, instrumentName } from "./build";
export { ageBand, applyFilters, AGE_BANDS, MAX_PARTICIPANT_LINES } from "./sections";
export { AssessmentIndex, indexAssessments } from "./assessmentIndex";
export { responderRuleFor, sharedInstruments } from "./prePost";
export { methodsNote } from "./methods";
export * from "./csv";
export * from "./format";
export { parseReportParams, type ParsedParams } from "./params";
