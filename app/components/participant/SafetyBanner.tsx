import { Link } from "@remix-run/react";

type Signal = { id: string; kind: string; detail: string; createdAt: string };

const KIND_LABEL: Record<string, string> = {
  PHQ9_ITEM9: "PHQ-9 item 9 (thoughts of self-harm)",
  SERIOUS_AE: "Serious adverse event",
  AE_GRADE_3_PLUS: "Adverse event grade 3 or higher",
  BP_OVERRIDE: "Blood pressure gate overridden",
  VITALS_OUT_OF_RANGE: "Vitals out of range",
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
            {KIND_LABEL[s.kind] ?? s.kind}, {s.createdAt.slice(0, 10)}: {s.detail}
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
