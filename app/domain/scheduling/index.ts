export * from "./types";
export * from "./localTime";
export * from "./templateSchema";
export * from "./seedTemplates";
export {
  expandTemplate,
  cohortEndDate,
  computeTimepointDueDates,
  type ExpandedSession,
  type ExpandTemplateInput,
  type TimepointSessionRef,
  type TimepointDueDate,
} from "./expand";
export * from "./edits";
export * from "./conflicts";
export * from "./enrollment";
export * from "./calendarDays";
export { readProgramDefinition, readValidProgramDefinition, type ProgramDefinition } from "./programDefinition";
