export * from "./result";
export * from "./vitals";
export * from "./dosing";
export * from "./signing";
export * from "./ledger";
export * from "./adverseEvents";
export * from "./signals";
export * from "./rates";
export { parseInstant, isCalendarDate } from "./fields";
