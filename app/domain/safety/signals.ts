/**
 * Safety signals for the clinicians' inbox: what raised them and how to say it in one line.
 * Signals are derived (never typed in); the model stores them with an acknowledged/closed state.
 */
import { type AeTerm, type SeriousCriterion, AE_TERM_LABELS, SERIOUS_CRITERION_LABELS, deriveSerious } from "./adverseEvents";
import type { VitalsFlag } from "./vitals";

export const SAFETY_SIGNAL_KINDS = [
  "SERIOUS_AE",
  "AE_GRADE_3_PLUS",
  "PHQ9_ITEM9",
  "BP_OVERRIDE",
  "VITALS_OUT_OF_RANGE",
  "DOSE_OUT_OF_RANGE",
] as const;
export type SafetySignalKind = (typeof SAFETY_SIGNAL_KINDS)[number];

interface SignalBase {
  /** How the inbox shows the participant to this viewer (name for clinicians, code otherwise). */
  participantLabel: string;
  occurredAt: Date;
}

export type SafetySignal =
  | (SignalBase & {
      kind: "SERIOUS_AE";
      adverseEventId: string;
      term: AeTerm;
      otherTerm?: string | null;
      criteria: SeriousCriterion[];
    })
  | (SignalBase & {
      kind: "AE_GRADE_3_PLUS";
      adverseEventId: string;
      term: AeTerm;
      otherTerm?: string | null;
      grade: 3 | 4 | 5;
    })
  | (SignalBase & { kind: "PHQ9_ITEM9"; responseId: string; itemScore: 1 | 2 | 3 })
  | (SignalBase & {
      kind: "BP_OVERRIDE";
      dosingRecordId: string;
      gateReasons: string[];
      overrideReason: string;
      clinicianLabel: string;
    })
  | (SignalBase & { kind: "VITALS_OUT_OF_RANGE"; dosingRecordId: string; flags: Pick<VitalsFlag, "message">[] })
  | (SignalBase & {
      kind: "DOSE_OUT_OF_RANGE";
      dosingRecordId: string;
      /** The range check's sentence, e.g. "1.50 mg/kg is above this program's range for … (0.5–1 mg/kg)". */
      rangeMessage: string;
      overrideReason: string;
      prescriberLabel: string;
    });

export const SIGNAL_PRIORITIES = ["urgent", "high", "review"] as const;
export type SignalPriority = (typeof SIGNAL_PRIORITIES)[number];

/** The stored order of priorities (0 urgent first): the inbox sorts and pages by it. */
export const signalPriorityRank = (p: SignalPriority): number => SIGNAL_PRIORITIES.indexOf(p);
/** The priority of a stored rank; an unknown rank reads as "high", never hidden at the bottom. */
export const signalPriorityOfRank = (rank: number): SignalPriority => SIGNAL_PRIORITIES[rank] ?? "high";

export interface SignalDescription {
  title: string;
  detail: string;
  priority: SignalPriority;
}

function termText(term: AeTerm, otherTerm?: string | null): string {
  return term === "OTHER" && otherTerm ? otherTerm : AE_TERM_LABELS[term];
}

export function describeSignal(signal: SafetySignal): SignalDescription {
  const who = signal.participantLabel;
  switch (signal.kind) {
    case "SERIOUS_AE":
      return {
        title: `Serious adverse event: ${who}`,
        detail: `${termText(signal.term, signal.otherTerm)} — ${signal.criteria
          .map((c) => SERIOUS_CRITERION_LABELS[c].toLowerCase())
          .join(", ")}. A follow-up is due within 24 hours.`,
        priority: "urgent",
      };
    case "AE_GRADE_3_PLUS":
      return {
        title: `Grade ${signal.grade} adverse event: ${who}`,
        detail: `${termText(signal.term, signal.otherTerm)} was graded ${signal.grade} (${
          signal.grade === 3 ? "severe" : signal.grade === 4 ? "life-threatening" : "death"
        }).`,
        priority: signal.grade >= 4 ? "urgent" : "high",
      };
    case "PHQ9_ITEM9":
      return {
        title: `PHQ-9 item 9 answered above 0: ${who}`,
        detail: `Item 9 (thoughts of self-harm) scored ${signal.itemScore} of 3. Contact the participant and assess risk.`,
        priority: signal.itemScore >= 2 ? "urgent" : "high",
      };
    case "BP_OVERRIDE":
      return {
        title: `Pre-dose BP gate overridden: ${who}`,
        detail: `${signal.gateReasons.join("; ")}. Overridden by ${signal.clinicianLabel}: "${signal.overrideReason}"`,
        priority: "review",
      };
    case "VITALS_OUT_OF_RANGE":
      return {
        title: `Vitals out of range during dosing: ${who}`,
        detail: signal.flags.map((f) => f.message).join("; "),
        priority: "high",
      };
    case "DOSE_OUT_OF_RANGE":
      return {
        title: `Dose outside the program's range: ${who}`,
        detail: `${signal.rangeMessage}. Overridden by ${signal.prescriberLabel}: "${signal.overrideReason}"`,
        priority: "high",
      };
  }
}

/** The signals an adverse event raises (none, one or both AE kinds). */
export function signalsForAdverseEvent(ae: {
  id: string;
  participantLabel: string;
  recordedAt: Date;
  term: AeTerm;
  otherTerm?: string | null;
  grade: number;
  seriousCriteria: SeriousCriterion[];
}): SafetySignal[] {
  const signals: SafetySignal[] = [];
  const base = {
    participantLabel: ae.participantLabel,
    occurredAt: ae.recordedAt,
    adverseEventId: ae.id,
    term: ae.term,
    otherTerm: ae.otherTerm,
  };
  if (deriveSerious(ae.seriousCriteria)) {
    signals.push({ ...base, kind: "SERIOUS_AE", criteria: [...ae.seriousCriteria] });
  }
  if (ae.grade === 3 || ae.grade === 4 || ae.grade === 5) {
    signals.push({ ...base, kind: "AE_GRADE_3_PLUS", grade: ae.grade });
  }
  return signals;
}

/** A PHQ-9 response raises a signal when item 9 is answered 1, 2 or 3. */
export function phq9Item9Signal(response: {
  id: string;
  participantLabel: string;
  completedAt: Date;
  item9: number | null | undefined;
}): SafetySignal | null {
  const score = response.item9;
  if (score !== 1 && score !== 2 && score !== 3) return null;
  return {
    kind: "PHQ9_ITEM9",
    participantLabel: response.participantLabel,
    occurredAt: response.completedAt,
    responseId: response.id,
    itemScore: score,
  };
}
