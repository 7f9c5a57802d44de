import {
  CADSS6_ITEMS,
  DOSING_ROUTES,
  DOSING_ROUTE_LABELS,
  checkDoseRange,
  formatMg,
  formatMgPerKg,
  formatMgPerKgRange,
  lotSuggestionText,
  parseInstant,
  signatureLine,
  timeOutsideWindowWarning,
  signatureStatement,
  type DosingRoute,
  type MgPerKgRangesByRoute,
  VITALS_TIMEPOINT_LABELS,
} from "~/domain/safety";
import { formatLocalDate, formatLocalDateTime, instantToLocal } from "~/domain/scheduling/localTime";
import { sharedDosingForms, type DosingForms } from "~/forms/dosing";
import { DISCHARGE_ITEMS, DosingRecordDetails, time } from "./DosingRecord";
import { SectionError, SectionField, SectionForm, useSectionField, useSectionMeta } from "./SectionForm";

export type Card = {
  enrollmentId: string;
  label: string;
  attendance: string | null;
  participantWeightKg: number | null;
  suggestedLotId: string | null;
  /** The order in force (null: none). */
  order?: { version: number; text: string; repeat: string | null; reason: string | null; signature: string } | null;
  /** "Signed consent on file" from the consent record (null: the program has no consent document; answered by hand). */
  consent: { answer: string; problem: string | null } | null;
  record: null | {
    id: string;
    status: string;
    version: number;
    signedAt: string | null;
    signedBy: string | null;
    signatureMeaning: string | null;
    checklist: { key: string; label: string; answer: string | null }[];
    preDose: { systolic: number; diastolic: number; heartRate: number; spo2: number } | null;
    gate: { status: string; reasons: string[] } | null;
    override: { reason: string; by: string | null; at: string | null } | null;
    doseMg: string | null;
    weightKg: string | null;
    mgPerKg: string | null;
    doseOverride: { reason: string; by: string | null; at: string | null } | null;
    route: string | null;
    lotId: string | null;
    lotNumber: string | null;
    givenAt: string | null;
    givenById: string | null;
    givenBy: string | null;
    vitals: {
      id: string;
      takenAt: string;
      timepoint: string;
      systolic: number;
      diastolic: number;
      heartRate: number;
      spo2: number;
      outOfRange: boolean;
      flags: { message: string }[];
    }[];
    cadss: Record<string, number> | null;
    cadssTotal: number | null;
    observations: string | null;
    discharge: Record<string, unknown> | null;
    escortName: string | null;
    dischargedAt: string | null;
    monitoringMinutes: number | null;
    dischargeVitalsWarning: string | null;
    missing: string[];
    addenda: { id: string; text: string; by: string | null; at: string }[];
  };
};

export type BoardContext = {
  canWrite: boolean;
  timeZone: string;
  nowLocal: string;
  viewerId: string;
  checklist: { key: string; label: string }[];
  lots: { id: string; lotNumber: string; product: string; balanceUg: number; openVialUg: number; expiryDate: string; expired: boolean }[];
  clinicians: { id: string; name: string }[];
  doseRanges: MgPerKgRangesByRoute;
  viewerIsPrescriber: boolean;
  /** The session uses dose orders: a dose needs one, as ordered. */
  usesOrders?: boolean;
  /** The session's start and end: clinical times outside its window need the clinician's confirmation. */
  window: { startsAt: string; endsAt: string };
};

/**
 * A clinical time box: outside the session window (SESSION_TIME_WINDOW) a warning appears next
 * to it with a "The time is correct" tick, without which the server refuses the time.
 */
function TimeField({ name, label, ctx, defaultValue }: { name: string; label: string; ctx: BoardContext; defaultValue?: string }) {
  const field = useSectionMeta(name);
  const confirm = useSectionMeta("timeConfirmed");
  const value = field.value ?? defaultValue ?? "";
  const at = value ? parseInstant(value, ctx.timeZone) : null;
  const warning =
    at instanceof Date && !Number.isNaN(at.getTime())
      ? timeOutsideWindowWarning(at, { startsAt: new Date(ctx.window.startsAt), endsAt: new Date(ctx.window.endsAt) }, ctx.timeZone, label)
      : null;
  return (
    <>
      <SectionField name={name} label={label} type="datetime-local" defaultValue={defaultValue} />
      {warning ? (
        <div className="callout callout--warn small time-warning">
          <p id={`${confirm.id}-warning`}>{warning}</p>
          <div className="checkbox">
            <input
              type="checkbox"
              id={confirm.id}
              name={confirm.name}
              defaultChecked={confirm.initialValue === "on"}
              aria-describedby={`${confirm.id}-warning`}
            />
            <label htmlFor={confirm.id}>The time is correct</label>
          </div>
        </div>
      ) : null}
    </>
  );
}

const ANSWERS = [
  { value: "YES", label: "Yes" },
  { value: "NO", label: "No" },
  { value: "NOT_APPLICABLE", label: "N/A" },
];

export function toLocalInput(iso: string | null, timeZone: string): string {
  if (!iso) return "";
  const { date, time } = instantToLocal(new Date(iso), timeZone);
  return `${date}T${time}`;
}
export function Select({
  name,
  label,
  options,
  defaultValue,
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
}) {
  const { id, error, ...field } = useSectionField(name, defaultValue);
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} {...field} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        <option value="">Choose…</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function VitalsFields({ ctx, withTimepoint }: { ctx: BoardContext; withTimepoint: boolean }) {
  return (
    <>
      <div className="inline-fields">
        <SectionField name="systolic" label="Systolic BP" inputMode="numeric" />
        <SectionField name="diastolic" label="Diastolic BP" inputMode="numeric" />
        <SectionField name="heartRate" label="Heart rate" inputMode="numeric" />
        <SectionField name="spo2" label="SpO2" inputMode="numeric" />
      </div>
      <TimeField name="takenAt" label="Time taken" ctx={ctx} defaultValue={ctx.nowLocal} />
      {withTimepoint ? (
        <Select
          name="timepoint"
          label="When"
          defaultValue="POST_DOSE"
          options={(["POST_DOSE", "PRE_DISCHARGE", "OTHER"] as const).map((value) => ({ value, label: VITALS_TIMEPOINT_LABELS[value] }))}
        />
      ) : (
        <input type="hidden" name="timepoint" value="PRE_DOSE" />
      )}
    </>
  );
}

/** mg/kg as typed (Conform tracks the values of the enclosing form), against the program's range for the route. */
function MgPerKg({ ranges, prescriber }: { ranges: MgPerKgRangesByRoute; prescriber: boolean }) {
  const dose = useSectionMeta("doseMg");
  const weight = useSectionMeta("weightKg");
  const route = useSectionMeta("route");
  let mgPerKg = "—";
  let outside: string | undefined;
  const range = ranges[route.value as DosingRoute];
  try {
    if (Number(dose.value) > 0 && Number(weight.value) > 0) {
      mgPerKg = `${formatMgPerKg(Number(dose.value), Number(weight.value))} mg/kg`;
      if (range) {
        const check = checkDoseRange(
          { doseMg: Number(dose.value), weightKg: Number(weight.value), route: route.value as DosingRoute },
          ranges,
        );
        if (check.level === "below" || check.level === "above") outside = check.message;
      }
    }
  } catch {
    mgPerKg = "—";
  }
  return (
    <>
      <p>
        <span className="muted small">mg/kg: </span>
        <output className="mgkg" aria-label="mg per kg">
          {mgPerKg}
        </output>
        {range ? <span className="muted small"> · program range {formatMgPerKgRange(range)}</span> : null}
      </p>
      {outside ? (
        <p className="callout callout--warn small">
          {outside}:{" "}
          {prescriber
            ? "to give it, tick the prescriber's override below and write the reason."
            : "only a prescriber can override it, with a reason."}
        </p>
      ) : null}
    </>
  );
}

/** A prescriber's override of the program's dose range: a tick and a written reason. */
function DoseRangeOverride() {
  const tick = useSectionMeta("overrideDoseRange");
  return (
    <fieldset className="plain-fieldset dose-override">
      <div className="checkbox">
        <input type="checkbox" id={tick.id} name={tick.name} defaultChecked={tick.initialValue === "on"} />
        <label htmlFor={tick.id}>Prescriber's override: give this dose outside the program's range</label>
      </div>
      <SectionError name="overrideDoseRange" />
      <TextArea name="doseOverrideReason" label="Reason for the dose outside the range" />
    </fieldset>
  );
}

function DoseForm({ card, ctx, forms, blocked }: { card: Card; ctx: BoardContext; forms: DosingForms; blocked: boolean }) {
  const r = card.record;
  const suggested = ctx.lots.find((l) => l.id === card.suggestedLotId);
  const defaultValue = {
    doseMg: r?.doseMg ?? "",
    weightKg: r?.weightKg ?? (card.participantWeightKg ? String(card.participantWeightKg) : ""),
    route: r?.route ?? "",
    lotId: r?.lotId ?? card.suggestedLotId ?? "",
    givenAt: r?.givenAt ? toLocalInput(r.givenAt, ctx.timeZone) : ctx.nowLocal,
    givenById: r?.givenById ?? (ctx.clinicians.some((c) => c.id === ctx.viewerId) ? ctx.viewerId : ""),
    overrideDoseRange: r?.doseOverride ? "on" : "",
    doseOverrideReason: r?.doseOverride?.reason ?? "",
  };
  return (
    <SectionForm
      id={`dose:${card.enrollmentId}`}
      schema={forms.dose}
      defaultValue={defaultValue}
      intent="dose"
      enrollmentId={card.enrollmentId}
      version={r?.version ?? 0}
      submitLabel="Save dose"
      submitDisabled={blocked}
    >
      {blocked ? (
        <p className="callout callout--error small">
          Dosing is blocked until the pre-dose gate passes or a clinician records an override reason.
        </p>
      ) : null}
      <div className="inline-fields">
        <SectionField name="doseMg" label="Dose (mg)" inputMode="decimal" />
        <SectionField name="weightKg" label="Weight (kg)" inputMode="decimal" />
      </div>
      <Select name="route" label="Route" options={DOSING_ROUTES.map((x) => ({ value: x, label: DOSING_ROUTE_LABELS[x] }))} />
      <MgPerKg ranges={ctx.doseRanges} prescriber={ctx.viewerIsPrescriber} />
      {ctx.viewerIsPrescriber && Object.keys(ctx.doseRanges).length > 0 ? <DoseRangeOverride /> : null}
      <Select
        name="lotId"
        label="Lot"
        options={ctx.lots
          .filter((l) => !l.expired || l.id === r?.lotId)
          .map((l) => ({
            value: l.id,
            label: `${l.lotNumber} — ${l.product} (${formatMg(l.balanceUg)} mg left, expires ${formatLocalDate(l.expiryDate)})`,
          }))}
      />
      {suggested ? <p className="muted small">{lotSuggestionText(suggested)}</p> : null}
      <TimeField name="givenAt" label="Time given" ctx={ctx} />
      <Select name="givenById" label="Given by" options={ctx.clinicians.map((c) => ({ value: c.id, label: c.name }))} />
    </SectionForm>
  );
}

/** The order in force above the dose form: what to give, by whom it was ordered (signed). */
function OrderLine({ card, ctx }: { card: Card; ctx: BoardContext }) {
  const o = card.order;
  if (!o)
    return ctx.usesOrders ? (
      <p className="callout callout--warn small">No order for this participant — a prescriber must order first.</p>
    ) : null;
  return (
    <div className="callout callout--info small" aria-label={`Order for ${card.label}`}>
      <p>
        <strong>
          Ordered: {o.text}
          {o.repeat ? `; ${o.repeat}` : ""}
        </strong>
        {o.version > 1 ? ` (amended, version ${o.version})` : ""}
      </p>
      {o.reason ? <p>Reason: {o.reason}</p> : null}
      <p>{o.signature}</p>
    </div>
  );
}

export function DosingCard({ card, ctx }: { card: Card; ctx: BoardContext }) {
  const r = card.record;
  const id = `c-${card.enrollmentId}`;
  const signed = !!r?.signedAt;
  const locked = !ctx.canWrite || signed;
  const forms = sharedDosingForms(ctx.timeZone, ctx.checklist);
  return (
    <section className="card dosing-card" id={`card-${card.enrollmentId}`} aria-labelledby={`${id}-h`}>
      <div className="dosing-card__head">
        <h2 id={`${id}-h`}>{card.label}</h2>
        <p>
          {signed ? (
            <span className="badge badge--ok">
              {signatureLine({
                name: r!.signedBy ?? "—",
                at: new Date(r!.signedAt!),
                meaning: r!.signatureMeaning,
                timeZone: ctx.timeZone,
              })}
            </span>
          ) : r ? (
            <span className="badge badge--warn">Draft</span>
          ) : (
            <span className="badge badge--muted">Not started</span>
          )}{" "}
          {card.attendance === null ? <span className="badge badge--muted">Attendance not taken</span> : null}
        </p>
      </div>
      {locked ? (
        // Nothing here can be edited (signed, or the viewer does not document dosing): what was
        // recorded, as text, instead of a page of disabled fields; a signed record takes addenda.
        <div className="dosing-record">
          <DosingRecordDetails card={card} checklist={ctx.checklist} timeZone={ctx.timeZone} />
        </div>
      ) : (
        <FormSections card={card} ctx={ctx} forms={forms} />
      )}
      <SignSection card={card} ctx={ctx} forms={forms} />
    </section>
  );
}

/** A card's sections as forms, for a viewer who documents dosing while the record is unsigned. */
function FormSections({ card, ctx, forms }: { card: Card; ctx: BoardContext; forms: DosingForms }) {
  const r = card.record;
  const version = r?.version ?? 0;
  const blocked = r?.gate?.status === "blocked" && !r.override;
  const discharge = (r?.discharge ?? {}) as Record<string, unknown>;
  const section = (intent: keyof DosingForms) => ({
    id: `${intent}:${card.enrollmentId}`,
    schema: forms[intent],
    intent,
    enrollmentId: card.enrollmentId,
    version,
  });
  return (
    <div className="dosing-card__sections">
      <div className="dosing-section">
        <h3>Pre-dose checklist</h3>
        <SectionForm
          {...section("checklist")}
          defaultValue={{
            answer: Object.fromEntries(ctx.checklist.map((item) => [item.key, r?.checklist.find((c) => c.key === item.key)?.answer ?? ""])),
          }}
          submitLabel="Save checklist"
        >
          {ctx.checklist.map((item) =>
            card.consent && item.key === "consent_on_file" ? (
              <p key={item.key} className="checklist-item">
                {item.label}: <strong>{card.consent.answer === "YES" ? "Yes" : "No"}</strong>{" "}
                <span className="small muted">(from the consent record{card.consent.problem ? `: ${card.consent.problem}` : ""})</span>
              </p>
            ) : (
              <ChecklistItem key={item.key} name={`answer.${item.key}`} label={item.label} />
            ),
          )}
        </SectionForm>
      </div>
      <div className="dosing-section">
        <h3>Pre-dose vitals</h3>
        {r?.preDose ? (
          <p>
            {r.preDose.systolic}/{r.preDose.diastolic} mmHg · HR {r.preDose.heartRate} · SpO2 {r.preDose.spo2}%{" "}
            {r.gate?.status === "ok" ? (
              <span className="badge badge--ok">Gate passed</span>
            ) : r.override ? (
              <span className="badge badge--warn">Gate overridden</span>
            ) : (
              <span className="badge badge--danger">Blocked</span>
            )}
          </p>
        ) : null}
        {r?.gate?.status === "blocked" ? (
          <div className={`callout ${r.override ? "callout--warn" : "callout--error"}`} role={r.override ? undefined : "alert"}>
            <ul className="missing-list">
              {r.gate.reasons.map((x) => (
                <li key={x}>{x}</li>
              ))}
            </ul>
            {r.override ? (
              <p>
                Overridden by {r.override.by}: “{r.override.reason}” (flagged for review)
              </p>
            ) : null}
          </div>
        ) : null}
        {r?.givenAt ? null : (
          <SectionForm {...section("predose_vitals")} submitLabel="Save pre-dose vitals">
            <VitalsFields ctx={ctx} withTimepoint={false} />
          </SectionForm>
        )}
        {blocked ? (
          <SectionForm {...section("override")} submitLabel="Override and allow dosing" className="override-form">
            <TextArea name="reason" label="Override reason" />
          </SectionForm>
        ) : null}
      </div>
      <div className="dosing-section">
        <h3>Dose</h3>
        <OrderLine card={card} ctx={ctx} />
        {r?.mgPerKg ? (
          <p>
            Recorded: {r.doseMg} mg · {r.weightKg} kg · <strong>{r.mgPerKg} mg/kg</strong> · {r.route} ·{" "}
            {r.lotNumber ? `lot ${r.lotNumber}` : "no lot recorded"} · {r.givenAt ? time(r.givenAt, ctx.timeZone) : ""} by {r.givenBy}
          </p>
        ) : null}
        {r?.doseOverride ? (
          <p className="callout callout--warn small">
            Outside the program's range: overridden by {r.doseOverride.by} (prescriber): “{r.doseOverride.reason}” (flagged for review)
          </p>
        ) : null}
        <DoseForm card={card} ctx={ctx} forms={forms} blocked={blocked || !r?.preDose} />
      </div>
      <div className="dosing-section">
        <h3>Vitals series</h3>
        {r?.vitals.length ? (
          <table className="table table--dense">
            <caption className="visually-hidden">Vitals for {card.label}</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">BP</th>
                <th scope="col">HR</th>
                <th scope="col">SpO2</th>
              </tr>
            </thead>
            <tbody>
              {r.vitals.map((v) => (
                <tr
                  key={v.id}
                  className={v.outOfRange ? "vitals-out" : undefined}
                  title={v.flags.map((f) => f.message).join("; ") || undefined}
                >
                  <td>
                    {time(v.takenAt, ctx.timeZone)}
                    {v.outOfRange ? <span className="badge badge--danger">Out of range</span> : null}
                  </td>
                  <td>
                    {v.systolic}/{v.diastolic}
                  </td>
                  <td>{v.heartRate}</td>
                  <td>{v.spo2}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted small">No readings yet. Take one about 40 minutes after the dose.</p>
        )}
        <SectionForm {...section("vitals")} submitLabel="Add reading">
          <VitalsFields ctx={ctx} withTimepoint />
        </SectionForm>
      </div>
      <div className="dosing-section">
        <h3>
          CADSS-6{" "}
          {r?.cadssTotal !== null && r?.cadssTotal !== undefined ? (
            <span className="badge badge--muted">Total {r.cadssTotal}/24</span>
          ) : null}
        </h3>
        <SectionForm {...section("cadss")} submitLabel="Save CADSS-6">
          <div className="inline-fields">
            {CADSS6_ITEMS.map((item) => (
              <Select
                key={item}
                name={`item${item}`}
                label={`Item ${item}`}
                defaultValue={r?.cadss?.[`item${item}`] !== undefined ? String(r.cadss[`item${item}`]) : ""}
                options={[0, 1, 2, 3, 4].map((n) => ({ value: String(n), label: String(n) }))}
              />
            ))}
          </div>
          <TextArea name="observations" label="Observations" defaultValue={r?.observations ?? ""} />
        </SectionForm>
      </div>
      <div className="dosing-section">
        <h3>Discharge</h3>
        {r?.monitoringMinutes !== null && r?.monitoringMinutes !== undefined ? <p>Monitored for {r.monitoringMinutes} minutes</p> : null}
        <SectionForm
          {...section("discharge")}
          defaultValue={{
            ...Object.fromEntries(DISCHARGE_ITEMS.map(([name]) => [name, discharge[name] === true ? "on" : ""])),
            escortName: r?.escortName ?? "",
            dischargedAt: r?.dischargedAt ? toLocalInput(r.dischargedAt, ctx.timeZone) : "",
          }}
          submitLabel="Save discharge"
        >
          {DISCHARGE_ITEMS.map(([name, label]) => (
            <Checkbox
              key={name}
              name={name}
              label={label}
              warning={name === "vitalsWithinRange" ? (r?.dischargeVitalsWarning ?? undefined) : undefined}
            />
          ))}
          <SectionField name="escortName" label="Escort's name" />
          <TimeField name="dischargedAt" label="Discharge time" ctx={ctx} />
        </SectionForm>
      </div>
    </div>
  );
}

/** The waste prompt: the record's lot has an opened vial (its balance is not whole vials). */
function OpenVialPrompt({ lotId, ctx }: { lotId: string | null; ctx: BoardContext }) {
  const lot = ctx.lots.find((l) => l.id === lotId);
  if (!lot || lot.openVialUg <= 0) return null;
  return (
    <p className="callout callout--warn small">
      An opened vial of lot {lot.lotNumber} still holds {formatMg(lot.openVialUg)} mg. When no one else at this session is dosed from it,
      record the remainder as witnessed waste on <a href={`/ledger/lots/${lot.id}?record=waste`}>the lot&apos;s page</a>.
    </p>
  );
}

function SignSection({ card, ctx, forms }: { card: Card; ctx: BoardContext; forms: DosingForms }) {
  const r = card.record;
  if (!r) return null;
  if (r.signedAt) {
    return (
      <div className="dosing-section">
        <OpenVialPrompt lotId={r.lotId} ctx={ctx} />
        <h3>Addenda</h3>
        {r.addenda.length ? (
          <ol className="addenda">
            {r.addenda.map((a) => (
              <li key={a.id}>
                <p className="muted small">
                  {a.by}, {formatLocalDateTime(new Date(a.at), ctx.timeZone)}
                </p>
                <p className="prewrap">{a.text}</p>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted small">The record is signed and locked. Corrections are added as addenda.</p>
        )}
        {ctx.canWrite ? (
          <SectionForm
            id={`addendum:${card.enrollmentId}`}
            schema={forms.addendum}
            intent="addendum"
            enrollmentId={card.enrollmentId}
            version={r.version}
            submitLabel="Add addendum"
          >
            <TextArea name="text" label="Addendum" />
          </SectionForm>
        ) : null}
      </div>
    );
  }
  return (
    <div className="dosing-section">
      <h3>Sign</h3>
      <OpenVialPrompt lotId={r.lotId} ctx={ctx} />
      {r.missing.length ? (
        <div className="callout callout--info">
          <p>Still missing before this record can be signed:</p>
          <ul className="missing-list">
            {r.missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="callout callout--ok">
          Complete. Signing locks the record and records the administration in the controlled-substance log.
        </p>
      )}
      {ctx.canWrite ? (
        <SectionForm
          id={`sign:${card.enrollmentId}`}
          schema={forms.sign}
          intent="sign"
          enrollmentId={card.enrollmentId}
          version={r.version}
          submitLabel="Sign dosing record"
          submitDisabled={r.missing.length > 0}
        >
          {r.missing.length ? null : (
            <>
              <p className="small">{signatureStatement("DOSING_RECORD")}</p>
              <SectionField name="password" label="Your password (to sign)" type="password" autoComplete="current-password" />
            </>
          )}
        </SectionForm>
      ) : null}
    </div>
  );
}

/** One checklist item: a yes / no / N/A radio group, keeping the answer sent on error. */
function ChecklistItem({ name, label }: { name: string; label: string }) {
  const meta = useSectionMeta(name);
  return (
    <fieldset className="checklist-item">
      <legend>{label}</legend>
      {ANSWERS.map((a) => (
        <label key={a.value}>
          <input type="radio" name={meta.name} value={a.value} defaultChecked={meta.initialValue === a.value} /> {a.label}
        </label>
      ))}
      <SectionError name={name} />
    </fieldset>
  );
}

export function Checkbox({ name, label, warning }: { name: string; label: string; warning?: string }) {
  const meta = useSectionMeta(name);
  const error = meta.errors?.[0];
  const describedBy = [error ? `${meta.id}-error` : "", warning ? `${meta.id}-warning` : ""].filter(Boolean).join(" ");
  return (
    <div className="checkbox">
      <input
        type="checkbox"
        id={meta.id}
        name={meta.name}
        defaultChecked={meta.initialValue === "on"}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      <label htmlFor={meta.id}>{label}</label>
      {warning && !error ? (
        <p id={`${meta.id}-warning`} className="field__hint small">
          {warning}
        </p>
      ) : null}
      {error ? (
        <p id={`${meta.id}-error`} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextArea({ name, label, defaultValue }: { name: string; label: string; defaultValue?: string }) {
  const { id, error, ...field } = useSectionField(name, defaultValue);
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} {...field} rows={2} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      {error ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
