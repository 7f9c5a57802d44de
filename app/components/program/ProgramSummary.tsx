import { SESSION_KIND_LABELS, describeRule, describeStaffMix, type ProgramTemplate } from "~/domain/scheduling";

/** Read-only view of a template (for users who may read but not edit programs). */
export function ProgramSummary({ template }: { template: ProgramTemplate }) {
  return (
    <>
      <section className="card" aria-labelledby="plan-h">
        <h2 id="plan-h">Session plan</h2>
        <div className="table-wrap">
          <table className="table table--dense">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Kind</th>
                <th scope="col">Title</th>
                <th scope="col">Day</th>
                <th scope="col">Start</th>
                <th scope="col">Minutes</th>
                <th scope="col">Staff</th>
              </tr>
            </thead>
            <tbody>
              {template.sessionPlan.map((s, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>{SESSION_KIND_LABELS[s.kind]}</td>
                  <td>{s.title}</td>
                  <td>{s.dayOffset}</td>
                  <td>{s.startTime}</td>
                  <td>{s.durationMinutes}</td>
                  <td>
                    {describeStaffMix(s.requiredStaff)}
                    {s.route ? ` · ${s.route}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="mplan-h">
        <h2 id="mplan-h">Measure plan</h2>
        {template.measurePlan.length === 0 ? (
          <p className="empty">No measures planned.</p>
        ) : (
          <ul>
            {template.measurePlan.map((m) => (
              <li key={m.key}>
                <strong>{m.label}</strong> ({m.key}): {m.instruments.join(", ")} —{" "}
                {m.anchor.type === "COHORT_START"
                  ? "cohort start"
                  : m.anchor.type === "LAST_SESSION"
                    ? "last session"
                    : `session ${m.anchor.sessionIndex + 1}`}
                {m.offsetDays ? ` ${m.offsetDays > 0 ? "+" : ""}${m.offsetDays} days` : ""}, open {m.windowDays} days
              </li>
            ))}
          </ul>
        )}
        <h3>Eligibility</h3>
        <p>
          {template.eligibility ? `${template.eligibility.instrument}: ${describeRule(template.eligibility.rule)}` : "No eligibility rule."}
        </p>
        <h3>Safety</h3>
        <p>
          Pre-dose BP limit {template.safetyThresholds.preDoseSystolicMax}/{template.safetyThresholds.preDoseDiastolicMax} mmHg; monitoring
          at least {template.safetyThresholds.minMonitoringMinutes} minutes. Dose ranges:{" "}
          {Object.keys(template.doseRanges ?? {}).length
            ? Object.entries(template.doseRanges ?? {})
                .map(([route, r]) => `${route} ${r!.min}–${r!.max} mg/kg`)
                .join(", ")
            : "none"}
          .
        </p>
      </section>
    </>
  );
}
