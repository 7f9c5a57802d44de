import { Link } from "@remix-run/react";
import type { SafetySignalKind } from "~/domain/safety";
import { formatUtcDateTime } from "~/domain/scheduling/localTime";

type Signal = { id: string; kind: string; detail: string; createdAt: string };

// Typed on every kind, so a new kind cannot be missing here (the inbox's titles: KIND_TITLES).
const KIND_LABEL: Record<SafetySignalKind, string> = {
  PHQ9_ITEM9: "PHQ-9 item 9 (thoughts of self-harm)",
  SERIOUS_AE: "Serious adverse event",
  AE_GRADE_3_PLUS: "Adverse event grade 3 or higher",
  BP_OVERRIDE: "Blood pressure gate overridden",
  VITALS_OUT_OF_RANGE: "Vitals out of range",
  DOSE_OUT_OF_RANGE: "Dose outside the program's range",
};

/** Unacknowledged safety signals: shown on every tab of the participant until a clinician acknowledges them. */
export function SafetyBanner({ signals, canSeeInbox }: { signals: Signal[]; canSeeInbox: boolean }) {
  if (signals.length === 0) return null;
  return (
    <div className="safety-banner" role="alert">
      <strong>
        {signals.length === 1 ? "Open safety signal" : `${signals.length} open safety signals`}: not yet acknowledged by a clinician
      </strong>
      <ul>
        {signals.map((s) => (
          <li key={s.id}>
            {KIND_LABEL[s.kind as SafetySignalKind] ?? s.kind}, {formatUtcDateTime(s.createdAt)}: {s.detail}
          </li>
        ))}
      </ul>
      {canSeeInbox ? (
        <p>
          <Link to="/safety" style={{ color: "#fff" }}>
            Open the safety inbox
          </Link>
        </p>
      ) : null}
    </div>
  );
}
