import type { AeRatesForCohorts } from "~/models/adverseEvent.server";

type Cell = { count: number; percent: number | null };

function Rate({ cell }: { cell: Cell }) {
  return (
    <>
      {cell.count}
      <span className="muted"> ({cell.percent === null ? "—" : `${cell.percent.toFixed(1)}%`})</span>
    </>
  );
}

/** Participants with an adverse event per dosing session (1st, 2nd, …), as counts and % of those dosed. */
export function AeRateTable({ rates, caption }: { rates: AeRatesForCohorts; caption: string }) {
  return (
    <section className="card" aria-labelledby="ae-rates-h">
      <h2 id="ae-rates-h">Adverse events per dosing session</h2>
      <p className="muted small">
        Denominator: participants dosed at that session (a signed dosing record with the time given). A participant counts once per session
        however many events they had. “Related” means possibly, probably or definitely related to ketamine.
      </p>
      {rates.sessions.length === 0 ? (
        <div className="empty">No dosing sessions with a signed dosing record yet. Rates appear once dosing records are signed.</div>
      ) : (
        <div className="table-wrap">
          <table className="table ae-rates">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">Dosing session</th>
                <th scope="col">Participants dosed</th>
                <th scope="col">With any AE</th>
                <th scope="col">With a related AE</th>
                <th scope="col">With a serious AE</th>
                <th scope="col">AE reports</th>
              </tr>
            </thead>
            <tbody>
              {rates.sessions.map((s) => (
                <tr key={s.sessionNumber}>
                  <th scope="row">{s.label}</th>
                  <td>{s.participantsDosed}</td>
                  <td>
                    <Rate cell={s.withAnyAe} />
                  </td>
                  <td>
                    <Rate cell={s.withRelatedAe} />
                  </td>
                  <td>
                    <Rate cell={s.withSeriousAe} />
                  </td>
                  <td>{s.aeCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rates.eventsWithoutSession > 0 || rates.eventsWithoutMatchingDosing > 0 ? (
        <p className="muted small">
          Not in these rates:{" "}
          {[
            rates.eventsWithoutSession > 0
              ? `${rates.eventsWithoutSession} event${rates.eventsWithoutSession === 1 ? "" : "s"} not tied to a dosing session`
              : null,
            rates.eventsWithoutMatchingDosing > 0
              ? `${rates.eventsWithoutMatchingDosing} event${rates.eventsWithoutMatchingDosing === 1 ? "" : "s"} at a dosing session without a signed dosing record for that participant`
              : null,
          ]
            .filter(Boolean)
            .join("; ")}
          .
        </p>
      ) : null}
    </section>
  );
}
