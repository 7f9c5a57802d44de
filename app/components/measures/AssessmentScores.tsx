import type { StoredScores } from "~/models/assessment.server";

/** The stored scores of one assessment: a value per scale with its band, and any flags. */
export function AssessmentScores({ scores, scoringVersion }: { scores: StoredScores; scoringVersion: string | null }) {
  return (
    <section className="card" aria-labelledby="scores-h">
      <h2 id="scores-h">Scores</h2>
      {scores.flags
        .filter((f) => f.severity === "critical")
        .map((f) => (
          <div key={f.code} className="callout callout--error" role="alert">
            <strong>Safety flag.</strong> {f.message}
          </div>
        ))}
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Scale scores</caption>
          <thead>
            <tr>
              <th scope="col">Scale</th>
              <th scope="col">Score</th>
              <th scope="col">Sum</th>
              <th scope="col">Band</th>
            </tr>
          </thead>
          <tbody>
            {scores.scales.map((s) => (
              <tr key={s.key}>
                <th scope="row">{s.label}</th>
                <td>
                  {s.value === null
                    ? "Not scorable (missing items)"
                    : `${Math.round(s.value * 100) / 100}${s.method === "mean" ? " (mean)" : ""}`}
                </td>
                <td>{s.sum ?? "—"}</td>
                <td>{s.band ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {scores.flags
        .filter((f) => f.severity !== "critical")
        .map((f) => (
          <p key={f.code} className="callout callout--warn">
            {f.message}
          </p>
        ))}
      <p className="muted small">
        Scored by GroupKAP ({scoringVersion ?? "unknown scoring version"}); scores are computed from the item answers, never typed in.
      </p>
    </section>
  );
}
