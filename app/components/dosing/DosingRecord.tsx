import {
  CADSS6_ITEMS,
  DOSING_ROUTE_LABELS,
  VITALS_TIMEPOINT_LABELS,
  signatureLine,
  type DosingRoute,
  type VitalsTimepoint,
} from "~/domain/safety";
import { formatLocalDateTime, instantToLocal } from "~/domain/scheduling/localTime";
import type { Card } from "./DosingCard";

const ANSWER_LABELS: Record<string, string> = { YES: "Yes", NO: "No", NOT_APPLICABLE: "N/A" };

export const DISCHARGE_ITEMS = [
  ["orientedToBaseline", "Oriented (back to baseline)"],
  ["walkingSteadily", "Walking steadily"],
  ["vitalsWithinRange", "Vitals within range"],
  ["escortPresent", "Escort present"],
  ["noDrivingAdvised", "Told not to drive until tomorrow"],
] as const;

/** An instant's local time of day in the session's zone ("09:57"). */
export const time = (iso: string, tz: string) => instantToLocal(new Date(iso), tz).time;

/**
 * The printed dosing record: per participant one compact block of what was recorded (no form
 * chrome, no buttons), the vitals as a table whose header repeats on each sheet. Hidden on
 * screen; printed instead of the board's cards. A card that cannot be edited (signed, or the
 * viewer does not document dosing) shows the same details on screen (`DosingRecordDetails`).
 */
export function DosingRecordPrint({
  cards,
  checklist,
  timeZone,
}: {
  cards: Card[];
  checklist: { key: string; label: string }[];
  timeZone: string;
}) {
  return (
    <div className="dosing-print">
      {cards.map((card) => (
        <PrintedRecord key={card.enrollmentId} card={card} checklist={checklist} timeZone={timeZone} />
      ))}
    </div>
  );
}

function PrintedRecord({ card, checklist, timeZone }: { card: Card; checklist: { key: string; label: string }[]; timeZone: string }) {
  const r = card.record;
  const status = r?.signedAt
    ? signatureLine({ name: r.signedBy ?? "—", at: new Date(r.signedAt), meaning: r.signatureMeaning, timeZone })
    : r
      ? "Draft — not signed"
      : "Not started";
  return (
    <article className="dosing-print__record" aria-label={`Dosing record of ${card.label}`}>
      <header className="dosing-print__head">
        <h2>{card.label}</h2>
        <p>
          {status}
          {card.attendance === null ? " · Attendance not taken" : ""}
        </p>
      </header>
      <DosingRecordDetails card={card} checklist={checklist} timeZone={timeZone} />
      {r && !r.signedAt && r.missing.length ? <p className="dosing-record__line">Missing before signing: {r.missing.join("; ")}</p> : null}
      {r?.addenda.length ? (
        <div className="dosing-record__line">
          <h3>Addenda</h3>
          <ol className="addenda">
            {r.addenda.map((a) => (
              <li key={a.id}>
                <span className="muted">
                  {a.by}, {formatLocalDateTime(new Date(a.at), timeZone)}:
                </span>{" "}
                <span className="prewrap">{a.text}</span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </article>
  );
}

/**
 * What a dosing record holds, as text: the checklist's answers at the left; the pre-dose vitals,
 * order, dose, CADSS-6 and discharge, then the vitals series, at the right. Printed for every
 * card, and shown on screen in place of the forms of a card that cannot be edited.
 */
export function DosingRecordDetails({
  card,
  checklist,
  timeZone,
}: {
  card: Card;
  checklist: { key: string; label: string }[];
  timeZone: string;
}) {
  const r = card.record;
  const discharge = (r?.discharge ?? {}) as Record<string, unknown>;
  const answer = (key: string) => {
    if (card.consent && key === "consent_on_file") return card.consent.answer === "YES" ? "Yes" : "No";
    const a = r?.checklist.find((c) => c.key === key)?.answer;
    return a ? (ANSWER_LABELS[a] ?? a) : "—";
  };
  const cadss = r?.cadss;
  const flagged = !!r?.vitals.some((v) => v.outOfRange);
  return (
    <div className="dosing-record__cols">
      <div>
        <h3>Pre-dose checklist</h3>
        <ul className="dosing-record__checklist">
          {checklist.map((item) => (
            <li key={item.key}>
              <span>
                {item.label}
                {card.consent && item.key === "consent_on_file" ? (
                  <span className="dosing-record__note">
                    From the consent record{card.consent.problem ? `: ${card.consent.problem}` : ""}
                  </span>
                ) : null}
              </span>{" "}
              <strong>{answer(item.key)}</strong>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <dl className="dosing-record__facts">
          <dt>Pre-dose vitals</dt>
          <dd>
            {r?.preDose
              ? `${r.preDose.systolic}/${r.preDose.diastolic} mmHg · HR ${r.preDose.heartRate} · SpO2 ${r.preDose.spo2}% · ${
                  r.gate?.status === "ok" ? "gate passed" : r.override ? "gate overridden" : "blocked"
                }`
              : "—"}
            {r?.gate?.status === "blocked" ? <span className="dosing-record__note">{r.gate.reasons.join("; ")}</span> : null}
            {r?.override ? (
              <span className="dosing-record__note">
                Overridden by {r.override.by}: “{r.override.reason}”
              </span>
            ) : null}
          </dd>
          {card.order ? (
            <>
              <dt>Order</dt>
              <dd>
                {card.order.text}
                {card.order.repeat ? `; ${card.order.repeat}` : ""}
                {card.order.version > 1 ? ` (amended, version ${card.order.version})` : ""}
                {card.order.reason ? <span className="dosing-record__note">Reason: {card.order.reason}</span> : null}
                <span className="dosing-record__note">{card.order.signature}</span>
              </dd>
            </>
          ) : null}
          <dt>Dose</dt>
          <dd>
            {r?.mgPerKg
              ? `${r.doseMg} mg · ${r.weightKg} kg · ${r.mgPerKg} mg/kg · ${DOSING_ROUTE_LABELS[r.route as DosingRoute] ?? r.route ?? "—"} · lot ${
                  r.lotNumber ?? "—"
                } · ${r.givenAt ? time(r.givenAt, timeZone) : "—"} by ${r.givenBy ?? "—"}`
              : "Not recorded"}
            {r?.doseOverride ? (
              <span className="dosing-record__note">
                Outside the program's range: overridden by {r.doseOverride.by} (prescriber): “{r.doseOverride.reason}”
              </span>
            ) : null}
          </dd>
          <dt>CADSS-6</dt>
          <dd>
            {cadss
              ? `${CADSS6_ITEMS.map((i) => `item ${i}: ${cadss[`item${i}`] ?? "—"}`).join(" · ")} · total ${r?.cadssTotal ?? "—"}/24`
              : "Not recorded"}
            {r?.observations ? <span className="dosing-record__note prewrap">Observations: {r.observations}</span> : null}
          </dd>
          <dt>Discharge</dt>
          <dd>
            {r?.dischargedAt ? `${time(r.dischargedAt, timeZone)}` : "Not recorded"}
            {r?.monitoringMinutes !== null && r?.monitoringMinutes !== undefined ? ` · monitored ${r.monitoringMinutes} min` : ""}
            {r?.escortName ? ` · escort ${r.escortName}` : ""}
            <span className="dosing-record__note">
              {DISCHARGE_ITEMS.map(([name, label]) => `${label}: ${discharge[name] === true ? "yes" : "—"}`).join(" · ")}
            </span>
          </dd>
        </dl>
        {r?.vitals.length ? (
          <div className="table-wrap">
            <table className="table table--dense dosing-record__vitals">
              <caption>Vitals series, {card.label}</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">When</th>
                  <th scope="col">BP (mmHg)</th>
                  <th scope="col">HR</th>
                  <th scope="col">SpO2</th>
                  {flagged ? <th scope="col">Flags</th> : null}
                </tr>
              </thead>
              <tbody>
                {r.vitals.map((v) => (
                  <tr key={v.id} className={v.outOfRange ? "vitals-out" : undefined}>
                    <td>{time(v.takenAt, timeZone)}</td>
                    <td>{VITALS_TIMEPOINT_LABELS[v.timepoint as VitalsTimepoint] ?? v.timepoint}</td>
                    <td>
                      {v.systolic}/{v.diastolic}
                    </td>
                    <td>{v.heartRate}</td>
                    <td>{v.spo2}%</td>
                    {flagged ? (
                      <td>{v.outOfRange ? `Out of range${v.flags.length ? `: ${v.flags.map((f) => f.message).join("; ")}` : ""}` : ""}</td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="dosing-record__line">Vitals series: no readings.</p>
        )}
      </div>
    </div>
  );
}
