import { useEffect, useState } from "react";
import { Cell, CellInput, ErrorText, Input } from "~/components/program/editorFields";
import { EligibilityBuilder } from "~/components/program/EligibilityBuilder";
import { FormError, TextAreaField } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { DOSING_ROUTE_LABELS } from "~/domain/safety";
import { DOSING_ROUTES, SESSION_KINDS, SESSION_KIND_LABELS } from "~/domain/scheduling";
import { builderFromForm } from "~/forms/eligibilityBuilder";
import { programEditorSchema, type EditorRow, type EditorValues } from "~/forms/programs";
import type { FormReply } from "~/forms/reply";

const text = (v: unknown) => (v === undefined || v === null ? "" : String(v));
const rowsOf = (v: unknown): EditorRow[] => (Array.isArray(v) ? v.filter((r): r is EditorRow => !!r && typeof r === "object") : []);

/** Contraindication rows: rows as sent or saved; lines "key | label | SEVERITY" from an older form. */
const checklistRowsOf = (v: unknown): EditorRow[] =>
  typeof v === "string"
    ? v
        .split(/\r?\n/)
        .filter((l) => l.trim())
        .map((l) => {
          const [key = "", label = "", severity = "ABSOLUTE"] = l.split("|").map((x) => x.trim());
          return { key, label, severity: severity.toUpperCase() };
        })
    : Array.isArray(v)
      ? rowsOf(v)
      : rowsOf(
          Object.entries(v && typeof v === "object" ? v : {})
            .filter(([k]) => /^\d+$/.test(k))
            .sort(([a], [b]) => Number(a) - Number(b))
            .map(([, r]) => r),
        );

let rowSeq = 0;
const withKeys = (rows: EditorRow[]) => rows.map((r) => ({ key: `r${rowSeq++}`, values: r }));

/** "sessionPlan[2].startTime" -> "sessionPlan.2.startTime" (how the editor has always named a place in the template). */
const dotted = (name: string) => name.replace(/\[(\d+)\]/g, ".$1");

/**
 * The program template editor (programEditorSchema). Field names follow the template's
 * paths ("sessionPlan[2].startTime"), so the schema's messages land next to their field,
 * in the browser before sending and from the server with JavaScript off. Rows are added
 * and removed in React state; after a refused save they start from the values sent.
 */
export function ProgramEditor({
  id,
  values,
  reply,
  version,
  submitLabel,
}: {
  /** Unique on the page: decides which form shows a reply. */
  id: string;
  values: EditorValues;
  reply: FormReply<unknown> | undefined;
  version?: number;
  submitLabel: string;
}) {
  const [form, fields] = useSchemaForm({ id, schema: programEditorSchema, reply, defaultValue: values });
  // The values sent with a refused save (without JavaScript the page is drawn again from them), else the template's.
  const initial = (form.initialValue ?? values) as Partial<EditorValues>;
  const [sessions, setSessions] = useState(() => withKeys(rowsOf(initial.sessionPlan)));
  const [measures, setMeasures] = useState(() => withKeys(rowsOf(initial.measurePlan)));
  const [contraindications, setContraindications] = useState(() => withKeys(checklistRowsOf(initial.contraindicationChecklist)));
  const [focusLabel, setFocusLabel] = useState<string>();
  useEffect(() => {
    if (!focusLabel) return;
    document.getElementById(focusLabel)?.focus();
    setFocusLabel(undefined);
  }, [focusLabel]);
  const errors: Record<string, string> = {};
  for (const [name, messages] of Object.entries(form.allErrors)) if (name && messages?.[0]) errors[name] = messages[0];
  const err = (name: string) =>
    errors[name] ?? Object.entries(errors).find(([k]) => k.startsWith(`${name}.`) || k.startsWith(`${name}[`))?.[1];
  const safety = (initial.safetyThresholds ?? {}) as Record<string, unknown>;
  const ranges = (initial.doseRanges ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const eligibilityText = text(initial.eligibility);
  const summary = form.status === "error" && Object.keys(errors).length ? "Some fields need attention; see the messages below." : undefined;

  return (
    <SchemaForm form={form} className="program-editor">
      <input type="hidden" name="intent" value="save" />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <FormError message={formMessage(form) ?? summary} />

      <section className="card" aria-labelledby="basics-h">
        <h2 id="basics-h">Basics</h2>
        <Input key={fields.name.key} label="Program name" {...fieldProps(fields.name)} required />
        <TextAreaField key={fields.description.key} label="Description" rows={3} {...fieldProps(fields.description)} />
        <Input
          key={fields.defaultCapacity.key}
          label="Default capacity (seats)"
          type="number"
          min={1}
          max={60}
          {...fieldProps(fields.defaultCapacity)}
        />
      </section>

      <section className="card" aria-labelledby="sessions-h">
        <h2 id="sessions-h">Session plan</h2>
        <p className="muted small">
          In the order they happen. Day 0 is the cohort's start date; times are local to the cohort's time zone.
        </p>
        <ErrorText id="sessionPlan" message={errors.sessionPlan} />
        <div className="table-wrap">
          <table className="table table--dense editor-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Kind</th>
                <th scope="col">Title</th>
                <th scope="col">Day</th>
                <th scope="col">Start</th>
                <th scope="col">Minutes</th>
                <th scope="col">Clinicians ≥</th>
                <th scope="col">Facilitators ≥</th>
                <th scope="col">Route</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((row, i) => {
                const v = row.values;
                const staff = (v.requiredStaff ?? {}) as Record<string, unknown>;
                const p = `sessionPlan[${i}]`;
                const n = i + 1;
                return (
                  <tr key={row.key}>
                    <td>
                      {n}
                      {/* Not edited here, but kept: a session's description survives a save. */}
                      {text(v.description) ? <input type="hidden" name={`${p}.description`} value={text(v.description)} /> : null}
                    </td>
                    <td>
                      <Cell label={`Session ${n} kind`} error={err(`${p}.kind`)}>
                        {(id) => (
                          <select id={id} name={`${p}.kind`} defaultValue={text(v.kind) || "INTEGRATION"}>
                            {SESSION_KINDS.map((k) => (
                              <option key={k} value={k}>
                                {SESSION_KIND_LABELS[k]}
                              </option>
                            ))}
                          </select>
                        )}
                      </Cell>
                    </td>
                    <td>
                      <CellInput label={`Session ${n} title`} name={`${p}.title`} defaultValue={text(v.title)} error={err(`${p}.title`)} />
                    </td>
                    <td>
                      <CellInput
                        label={`Session ${n} day offset`}
                        name={`${p}.dayOffset`}
                        type="number"
                        min={0}
                        className="input--narrow"
                        defaultValue={text(v.dayOffset)}
                        error={err(`${p}.dayOffset`)}
                      />
                    </td>
                    <td>
                      <CellInput
                        label={`Session ${n} start time`}
                        name={`${p}.startTime`}
                        type="time"
                        defaultValue={text(v.startTime)}
                        error={err(`${p}.startTime`)}
                      />
                    </td>
                    <td>
                      <CellInput
                        label={`Session ${n} duration (minutes)`}
                        name={`${p}.durationMinutes`}
                        type="number"
                        min={15}
                        className="input--narrow"
                        defaultValue={text(v.durationMinutes)}
                        error={err(`${p}.durationMinutes`)}
                      />
                    </td>
                    <td>
                      <CellInput
                        label={`Session ${n} minimum clinicians`}
                        name={`${p}.requiredStaff.CLINICIAN`}
                        type="number"
                        min={0}
                        className="input--narrow"
                        defaultValue={text(staff.CLINICIAN ?? "0")}
                        error={err(`${p}.requiredStaff.CLINICIAN`)}
                      />
                    </td>
                    <td>
                      <CellInput
                        label={`Session ${n} minimum facilitators`}
                        name={`${p}.requiredStaff.FACILITATOR`}
                        type="number"
                        min={0}
                        className="input--narrow"
                        defaultValue={text(staff.FACILITATOR ?? "0")}
                        error={err(`${p}.requiredStaff.FACILITATOR`)}
                      />
                    </td>
                    <td>
                      <Cell label={`Session ${n} route`} error={err(`${p}.route`)}>
                        {(id) => (
                          <select id={id} name={`${p}.route`} defaultValue={text(v.route)}>
                            <option value="">—</option>
                            {DOSING_ROUTES.map((r) => (
                              <option key={r} value={r}>
                                {r}
                              </option>
                            ))}
                          </select>
                        )}
                      </Cell>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => setSessions((rows) => rows.filter((r) => r.key !== row.key))}
                        aria-label={`Remove session ${n}`}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <button
          type="button"
          className="button"
          onClick={() =>
            setSessions((rows) => [
              ...rows,
              ...withKeys([
                {
                  kind: "INTEGRATION",
                  dayOffset: String(rows.length ? (Number(rows.at(-1)!.values.dayOffset) || 0) + 7 : 0),
                  startTime: "18:00",
                  durationMinutes: "120",
                  requiredStaff: { FACILITATOR: "1" },
                },
              ]),
            ])
          }
        >
          Add session
        </button>
      </section>

      <section className="card" aria-labelledby="measures-h">
        <h2 id="measures-h">Measure plan</h2>
        <p className="muted small">
          Timepoints: instruments as codes separated by commas (e.g. PHQ9, GAD7, PCL5). The due date is the anchor's date plus the offset;
          the window stays open that many more days.
        </p>
        <div className="table-wrap">
          <table className="table table--dense editor-table">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Label</th>
                <th scope="col">Instruments</th>
                <th scope="col">Anchor</th>
                <th scope="col">Offset (days)</th>
                <th scope="col">Window (days)</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {measures.map((row, i) => {
                const v = row.values;
                const p = `measurePlan[${i}]`;
                const n = i + 1;
                return (
                  <tr key={row.key}>
                    <td>
                      <CellInput label={`Timepoint ${n} key`} name={`${p}.key`} defaultValue={text(v.key)} error={err(`${p}.key`)} />
                    </td>
                    <td>
                      <CellInput
                        label={`Timepoint ${n} label`}
                        name={`${p}.label`}
                        defaultValue={text(v.label)}
                        error={err(`${p}.label`)}
                      />
                    </td>
                    <td>
                      <CellInput
                        label={`Timepoint ${n} instruments`}
                        name={`${p}.instruments`}
                        defaultValue={text(v.instruments)}
                        error={err(`${p}.instruments`)}
                      />
                    </td>
                    <td>
                      <Cell label={`Timepoint ${n} anchor`} error={err(`${p}.anchor`)}>
                        {(id) => (
                          <select id={id} name={`${p}.anchor`} defaultValue={text(v.anchor) || "COHORT_START"}>
                            <option value="COHORT_START">Cohort start</option>
                            <option value="LAST_SESSION">Last session</option>
                            {sessions.map((s, si) => (
                              <option key={s.key} value={`SESSION:${si}`}>
                                Session {si + 1}
                                {s.values.title ? `: ${text(s.values.title)}` : ""}
                              </option>
                            ))}
                          </select>
                        )}
                      </Cell>
                    </td>
                    <td>
                      <CellInput
                        label={`Timepoint ${n} offset in days`}
                        name={`${p}.offsetDays`}
                        type="number"
                        className="input--narrow"
                        defaultValue={text(v.offsetDays ?? "0")}
                        error={err(`${p}.offsetDays`)}
                      />
                    </td>
                    <td>
                      <CellInput
                        label={`Timepoint ${n} window in days`}
                        name={`${p}.windowDays`}
                        type="number"
                        min={0}
                        className="input--narrow"
                        defaultValue={text(v.windowDays ?? "7")}
                        error={err(`${p}.windowDays`)}
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => setMeasures((rows) => rows.filter((r) => r.key !== row.key))}
                        aria-label={`Remove timepoint ${n}`}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <button
          type="button"
          className="button"
          onClick={() => setMeasures((rows) => [...rows, ...withKeys([{ anchor: "COHORT_START", offsetDays: "0", windowDays: "7" }])])}
        >
          Add timepoint
        </button>
      </section>

      <section className="card" aria-labelledby="elig-h">
        <h2 id="elig-h">Eligibility and checklists</h2>
        <h3 id="screening-rule-h">Screening rule</h3>
        <EligibilityBuilder
          initial={builderFromForm(initial.eligibilityRule)}
          initialSource={initial.eligibilitySource ?? "json"}
          initialJson={eligibilityText}
          errors={errors}
          jsonError={err("eligibility") ? `${err("eligibility")}${errorPathNote(errors, "eligibility")}` : undefined}
        />

        <h3 id="contraindications-h">Contraindication checklist</h3>
        <p className="muted small">
          Asked at screening, with the standard items every program asks. Absolute excludes the participant; relative needs a
          clinician&apos;s written review.
        </p>
        <ErrorText id="contraindicationChecklist" message={errors.contraindicationChecklist} />
        <ol className="checklist-rows" aria-labelledby="contraindications-h">
          {contraindications.map((row, i) => {
            const p = `contraindicationChecklist[${i}]`;
            const n = i + 1;
            return (
              <li key={row.key} className="checklist-row">
                {text(row.values.key) ? <input type="hidden" name={`${p}.key`} value={text(row.values.key)} /> : null}
                <div className={`field${(err(`${p}.label`) ?? err(`${p}.key`)) ? " field--error" : ""}`}>
                  <label htmlFor={`contraindication-${n}-label`}>
                    <span className="visually-hidden">Contraindication {n} </span>Label
                  </label>
                  <input
                    id={`contraindication-${n}-label`}
                    name={`${p}.label`}
                    defaultValue={text(row.values.label)}
                    aria-invalid={(err(`${p}.label`) ?? err(`${p}.key`)) ? true : undefined}
                    aria-describedby={(err(`${p}.label`) ?? err(`${p}.key`)) ? `contraindication-${n}-label-error` : undefined}
                  />
                  <ErrorText id={`contraindication-${n}-label`} message={err(`${p}.label`) ?? err(`${p}.key`)} />
                </div>
                <div className={`field${err(`${p}.severity`) ? " field--error" : ""}`}>
                  <label htmlFor={`contraindication-${n}-severity`}>
                    <span className="visually-hidden">Contraindication {n} </span>Severity
                  </label>
                  <select
                    id={`contraindication-${n}-severity`}
                    name={`${p}.severity`}
                    defaultValue={text(row.values.severity) || "ABSOLUTE"}
                    aria-invalid={err(`${p}.severity`) ? true : undefined}
                  >
                    <option value="ABSOLUTE">Absolute (excludes)</option>
                    <option value="RELATIVE">Relative (clinician review)</option>
                  </select>
                  <ErrorText id={`contraindication-${n}-severity`} message={err(`${p}.severity`)} />
                </div>
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => setContraindications((rows) => rows.filter((r) => r.key !== row.key))}
                  aria-label={`Remove contraindication ${n}`}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          className="button"
          onClick={() => {
            setContraindications((rows) => [...rows, ...withKeys([{ label: "", severity: "ABSOLUTE" }])]);
            setFocusLabel(`contraindication-${contraindications.length + 1}-label`);
          }}
        >
          Add contraindication
        </button>

        <div className={`field${err("preDoseChecklist") ? " field--error" : ""}`}>
          <label htmlFor="preDoseChecklist">Pre-dose checklist</label>
          <p className="field__hint" id="preDoseChecklist-hint">
            One item per line, as staff will read it. A saved item starts with its key and “|”: keep the key, so the dosing records answered
            against it still match.
          </p>
          <textarea
            id="preDoseChecklist"
            name="preDoseChecklist"
            rows={5}
            defaultValue={text(initial.preDoseChecklist)}
            aria-describedby={`preDoseChecklist-hint${lineError(errors, "preDoseChecklist") ? " preDoseChecklist-error" : ""}`}
          />
          <ErrorText id="preDoseChecklist" message={lineError(errors, "preDoseChecklist")} />
        </div>
      </section>

      <section className="card" aria-labelledby="safety-h">
        <h2 id="safety-h">Safety thresholds</h2>
        <p className="muted small">Dosing is blocked above these pre-dose limits unless a clinician overrides with a written reason.</p>
        <div className="editor-grid">
          <Input
            label="Systolic limit (mmHg)"
            name="safetyThresholds.preDoseSystolicMax"
            type="number"
            defaultValue={text(safety.preDoseSystolicMax)}
            error={err("safetyThresholds.preDoseSystolicMax")}
          />
          <Input
            label="Diastolic limit (mmHg)"
            name="safetyThresholds.preDoseDiastolicMax"
            type="number"
            defaultValue={text(safety.preDoseDiastolicMax)}
            error={err("safetyThresholds.preDoseDiastolicMax")}
          />
          <Input
            label="Heart-rate limit (bpm, optional)"
            name="safetyThresholds.preDoseHeartRateMax"
            type="number"
            defaultValue={text(safety.preDoseHeartRateMax)}
            error={err("safetyThresholds.preDoseHeartRateMax")}
          />
          <Input
            label="SpO2 minimum (%, optional)"
            name="safetyThresholds.preDoseSpo2Min"
            type="number"
            defaultValue={text(safety.preDoseSpo2Min)}
            error={err("safetyThresholds.preDoseSpo2Min")}
          />
          <Input
            label="Minimum monitoring after dosing (minutes)"
            name="safetyThresholds.minMonitoringMinutes"
            type="number"
            defaultValue={text(safety.minMonitoringMinutes)}
            error={err("safetyThresholds.minMonitoringMinutes") ?? errors.safetyThresholds}
          />
        </div>
      </section>

      <section className="card" aria-labelledby="ranges-h">
        <h2 id="ranges-h">Dose ranges (mg/kg)</h2>
        <p className="muted small">
          Per route, the lowest and highest dose in mg/kg (both allowed). On the dosing board a dose outside the range is refused unless a
          prescriber overrides it with a reason, which is flagged for review. Leave both boxes empty for no range.
        </p>
        <ErrorText id="doseRanges" message={errors.doseRanges} />
        <div className="table-wrap">
          <table className="table table--dense editor-table">
            <thead>
              <tr>
                <th scope="col">Route</th>
                <th scope="col">Lowest (mg/kg)</th>
                <th scope="col">Highest (mg/kg)</th>
              </tr>
            </thead>
            <tbody>
              {DOSING_ROUTES.map((route) => (
                <tr key={route}>
                  <th scope="row">{DOSING_ROUTE_LABELS[route]}</th>
                  <td>
                    <CellInput
                      label={`${route} lowest dose (mg/kg)`}
                      name={`doseRanges.${route}.min`}
                      inputMode="decimal"
                      className="input--narrow"
                      defaultValue={text(ranges[route]?.min)}
                      error={err(`doseRanges.${route}.min`)}
                    />
                  </td>
                  <td>
                    <CellInput
                      label={`${route} highest dose (mg/kg)`}
                      name={`doseRanges.${route}.max`}
                      inputMode="decimal"
                      className="input--narrow"
                      defaultValue={text(ranges[route]?.max)}
                      error={err(`doseRanges.${route}.max`) ?? errors[`doseRanges.${route}`]}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <div className="actions">
        <button className="button button--primary" type="submit">
          {submitLabel}
        </button>
      </div>
    </SchemaForm>
  );
}

function errorPathNote(errors: Record<string, string>, prefix: string): string {
  const key = Object.keys(errors).find((k) => k.startsWith(`${prefix}.`));
  return key ? ` (at ${dotted(key.slice(prefix.length + 1))})` : "";
}

function lineError(errors: Record<string, string>, prefix: string): string | undefined {
  const entry = Object.entries(errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`) || k.startsWith(`${prefix}[`));
  if (!entry) return undefined;
  const m = new RegExp(`^${prefix}\\[(\\d+)\\]`).exec(entry[0]);
  return m ? `Line ${Number(m[1]) + 1}: ${entry[1]}` : entry[1];
}
