// The instrument registry: the one place that maps a stored code to its definition.
import { CADSS6 } from "./cadss6";
import { GAD7 } from "./gad7";
import { MBI_GS } from "./mbiGs";
import { MBI_HSS } from "./mbiHss";
import { MEQ30 } from "./meq30";
import { PCL5 } from "./pcl5";
import { PHQ9 } from "./phq9";
import { INSTRUMENT_CODES, type Band, type InstrumentCode, type ScaleDefinition, type ScaleKey } from "./types";

export const INSTRUMENTS = {
  PHQ9,
  GAD7,
  PCL5,
  MBI_GS,
  MBI_HSS,
  MEQ30,
  CADSS6,
} as const satisfies Record<InstrumentCode, unknown>;

export type InstrumentRegistry = typeof INSTRUMENTS;
/** Any instrument definition (a union, so score() results narrow by `instrument`). */
export type AnyInstrumentDefinition = InstrumentRegistry[InstrumentCode];
export type AnyScoreResult = ReturnType<AnyInstrumentDefinition["score"]>;

export function isInstrumentCode(code: unknown): code is InstrumentCode {
  return typeof code === "string" && (INSTRUMENT_CODES as readonly string[]).includes(code);
}

/** The definition for a code. Throws on an unknown code (a stored code that no longer exists is a bug). */
export function getInstrument<C extends InstrumentCode>(code: C): InstrumentRegistry[C];
export function getInstrument(code: string): AnyInstrumentDefinition;
export function getInstrument(code: string): AnyInstrumentDefinition {
  if (!isInstrumentCode(code)) throw new Error(`Unknown instrument code: ${JSON.stringify(code)}`);
  return INSTRUMENTS[code];
}

export function listInstruments(): AnyInstrumentDefinition[] {
  return INSTRUMENT_CODES.map((code) => INSTRUMENTS[code]);
}

/** A scale's definition by key, or undefined when the instrument has no such scale. */
export function getScaleDefinition(code: InstrumentCode, key: ScaleKey): ScaleDefinition | undefined {
  return (INSTRUMENTS[code].scales as readonly ScaleDefinition[]).find((s) => s.key === key);
}

/** Bands for chart shading ([] when the scale has none — PCL-5, MBI, MEQ-30, CADSS-6). */
export function getBands(code: InstrumentCode, key: ScaleKey = "total"): readonly Band[] {
  return getScaleDefinition(code, key)?.bands ?? [];
}

export * from "./types";
export {
  validateResponses,
  InvalidResponsesError,
  bandFor,
  itemLabel,
  meanCutoffToSum,
  meanMeetsCutoff,
  type ValidationResult,
  type ValidateOptions,
  type ComparisonOp,
} from "./scoring";
export * from "./phq9";
export * from "./gad7";
export * from "./pcl5";
export * from "./mbiGs";
export * from "./mbiHss";
export * from "./meq30";
export * from "./cadss6";
export * from "./burnout";
export * from "./eligibility";
export * from "./change";
