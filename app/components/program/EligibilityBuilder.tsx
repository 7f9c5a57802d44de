// The program editor's screening rule, built from parts a coordinator understands: the
// screening instrument, then rows "scale, comparison, cut-off, item mean or sum", combined
// with "all of" / "any of", with one level of nested group. The fields are named after the
// builder's rows ("eligibilityRule.rows[1].rows[0].value"); the server builds the stored
// JSON from them and puts each message under its row. The JSON itself stays available
// under "Import or export the rule as JSON" (and is what is saved when chosen there).
import { useEffect, useState, type ReactNode } from "react";
import { ErrorText } from "~/components/program/editorFields";
import { INSTRUMENTS } from "~/domain/instruments";
import { describeRule, programEligibilitySchema } from "~/domain/scheduling";
import {
  BASIS_LABELS,
  OP_CHOICES,
  SCREENING_INSTRUMENTS,
  builderFromEligibility,
  describeBuilder,
  eligibilityFromBuilder,
  emptyCondition,
  scaleLegend,
  scalesOf,
  type BuilderValues,
  type ConditionRow,
} from "~/forms/eligibilityBuilder";

type KCond = ConditionRow & { id: string };
type KGroup = { type: "group"; id: string; combine: string; rows: KCond[] };
type KRow = KCond | KGroup;

let seq = 0;
const nextId = () => `rule${seq++}`;
const keyed = (b: BuilderValues): KRow[] =>
  b.rows.map((r) =>
    r.type === "group" ? { ...r, id: nextId(), rows: r.rows.map((c) => ({ ...c, id: nextId() })) } : { ...r, id: nextId() },
  );
const plain = (instrument: string, combine: string, rows: KRow[], note: string): BuilderValues => ({
  instrument,
  combine,
  note,
  rows: rows.map((r) =>
    r.type === "group" ? { type: "group", combine: r.combine, rows: r.rows.map(({ id: _id, ...c }) => c) } : (({ id: _id, ...c }) => c)(r),
  ),
});

export function EligibilityBuilder({
  initial,
  initialSource,
  initialJson,
  errors,
  jsonError,
}: {
  initial: BuilderValues;
  initialSource: string;
  initialJson: string;
  /** Messages by field name ("eligibilityRule.rows[1].rows[0].value"). */
  errors: Record<string, string>;
  /** The message for the JSON box (with where in the rule, when known). */
  jsonError?: string;
}) {
  const err = (name: string): string | undefined => errors[name];
  const [instrument, setInstrument] = useState(initial.instrument);
  const [combine, setCombine] = useState(initial.combine || "all");
  const [rows, setRows] = useState<KRow[]>(() => keyed(initial));
  const [note, setNote] = useState(initial.note);
  const [source, setSource] = useState(initialSource === "builder" ? "builder" : "json");
  const [json, setJson] = useState(initialJson);
  const [importMessage, setImportMessage] = useState<string>();
  // Open when the JSON is what is saved; afterwards it stays as the coordinator leaves it.
  const [jsonOpen, setJsonOpen] = useState(initialSource === "json");
  const [focusId, setFocusId] = useState<string>();

  const values = plain(instrument, combine, rows, note);
  const summary = describeBuilder(values, describeRule);
  const legend = scaleLegend(values);
  const scales = scalesOf(instrument);

  // The export follows the builder while the builder is what is saved.
  useEffect(() => {
    if (source !== "builder") return;
    const { eligibility, issues } = eligibilityFromBuilder(values);
    if (!issues.length) setJson(eligibility ? JSON.stringify(eligibility, null, 2) : "");
    // eslint-disable-next-line react-hooks/exhaustive-deps -- values is rebuilt from these on every render
  }, [source, instrument, combine, rows, note]);

  // Keyboard users land on the row they just added.
  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(undefined);
  }, [focusId]);

  const updateRow = (id: string, change: (r: KRow) => KRow) => setRows((rs) => rs.map((r) => (r.id === id ? change(r) : r)));
  const updateCond = (id: string, patch: Partial<ConditionRow>) =>
    setRows(
      (rs) =>
        rs.map((r) =>
          r.id === id
            ? { ...r, ...patch }
            : r.type === "group"
              ? { ...r, rows: r.rows.map((c) => (c.id === id ? { ...c, ...patch } : c)) }
              : r,
        ) as KRow[],
    );
  const newCond = (): KCond => ({ ...emptyCondition(instrument), id: nextId() });

  const chooseInstrument = (code: string) => {
    setInstrument(code);
    const keys = new Set(scalesOf(code).map((s) => s.key));
    const fix = (c: KCond): KCond => (keys.has(c.scale) ? c : { ...c, scale: "" });
    setRows((rs) => {
      if (code && rs.length === 0) return [{ ...emptyCondition(code), id: nextId() }];
      return rs.map((r) => (r.type === "group" ? { ...r, rows: r.rows.map(fix) } : fix(r)));
    });
  };

  const importJson = () => {
    let parsed: unknown;
    try {
      parsed = json.trim() ? JSON.parse(json) : null;
    } catch (e) {
      setImportMessage(`Not loaded: the text is not valid JSON (${(e as Error).message}).`);
      return;
    }
    const checked = parsed === null ? { success: true as const, data: null } : programEligibilitySchema.safeParse(parsed);
    if (!checked.success) {
      setImportMessage(`Not loaded: ${checked.error.issues[0]?.message ?? "the rule is not valid"}.`);
      return;
    }
    const b = builderFromEligibility(checked.data);
    if (!b) {
      setImportMessage(
        "Not loaded: the builder shows one level of groups over the screening instruments' scales. This rule can still be saved as JSON.",
      );
      return;
    }
    setInstrument(b.instrument);
    setCombine(b.combine);
    setRows(keyed(b));
    setNote(b.note);
    setSource("builder");
    setImportMessage("Loaded into the builder.");
  };

  const p = (path: string) => `eligibilityRule.${path}`;

  return (
    <div className="rule-builder">
      <div className="rule-builder__head">
        <Control label="Screening instrument" error={err(p("instrument"))}>
          {(id, described) => (
            <select
              id={id}
              name={p("instrument")}
              value={instrument}
              onChange={(e) => chooseInstrument(e.target.value)}
              aria-describedby={described}
            >
              <option value="">No eligibility rule</option>
              {SCREENING_INSTRUMENTS.map((code) => (
                <option key={code} value={code}>
                  {INSTRUMENTS[code].shortName} — {INSTRUMENTS[code].name}
                </option>
              ))}
              {instrument && !(SCREENING_INSTRUMENTS as readonly string[]).includes(instrument) ? (
                <option value={instrument}>{instrument}</option>
              ) : null}
            </select>
          )}
        </Control>
        {instrument ? (
          <Control label="Eligible when they meet" error={err(p("combine"))}>
            {(id, described) => (
              <select id={id} name={p("combine")} value={combine} onChange={(e) => setCombine(e.target.value)} aria-describedby={described}>
                <option value="all">all of these conditions</option>
                <option value="any">any of these conditions</option>
              </select>
            )}
          </Control>
        ) : null}
      </div>

      <ErrorText id="eligibilityRule" message={err("eligibilityRule")} />
      {source === "json" ? (
        <p className="callout small">
          The rule saved is the JSON under “Import or export the rule as JSON” below; the rows here are not saved.
        </p>
      ) : null}

      {instrument ? (
        <>
          <ErrorText id="eligibilityRule-rows" message={err(p("rows"))} />
          <ol className="rule-rows">
            {rows.map((row, i) => {
              const n = i + 1;
              const at = p(`rows[${i}]`);
              if (row.type === "condition") {
                return (
                  <li key={row.id} className="rule-row">
                    <input type="hidden" name={`${at}.type`} value="condition" />
                    <ConditionControls
                      name={`Condition ${n}`}
                      at={at}
                      row={row}
                      scales={scales}
                      err={err}
                      onChange={(patch) => updateCond(row.id, patch)}
                    />
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Remove condition ${n}`}
                      onClick={() => setRows((rs) => rs.filter((r) => r.id !== row.id))}
                    >
                      Remove
                    </button>
                  </li>
                );
              }
              return (
                <li key={row.id} className="rule-row rule-row--group">
                  <fieldset>
                    <legend>Group {n}</legend>
                    <input type="hidden" name={`${at}.type`} value="group" />
                    <Control label="Combines" hiddenPrefix={`Group ${n} `} error={err(`${at}.combine`)}>
                      {(id, described) => (
                        <select
                          id={id}
                          name={`${at}.combine`}
                          value={row.combine}
                          onChange={(e) => updateRow(row.id, (r) => ({ ...(r as KGroup), combine: e.target.value }))}
                          aria-describedby={described}
                        >
                          <option value="any">any of these</option>
                          <option value="all">all of these</option>
                        </select>
                      )}
                    </Control>
                    <ErrorText id={`group-${n}-rows`} message={err(`${at}.rows`)} />
                    <ol className="rule-rows">
                      {row.rows.map((c, j) => (
                        <li key={c.id} className="rule-row">
                          <ConditionControls
                            name={`Group ${n} condition ${j + 1}`}
                            at={`${at}.rows[${j}]`}
                            row={c}
                            scales={scales}
                            err={err}
                            onChange={(patch) => updateCond(c.id, patch)}
                          />
                          <button
                            type="button"
                            className="button button--small"
                            aria-label={`Remove group ${n} condition ${j + 1}`}
                            onClick={() =>
                              updateRow(row.id, (r) => ({ ...(r as KGroup), rows: (r as KGroup).rows.filter((x) => x.id !== c.id) }))
                            }
                          >
                            Remove
                          </button>
                        </li>
                      ))}
                    </ol>
                    <div className="actions">
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => {
                          updateRow(row.id, (r) => ({ ...(r as KGroup), rows: [...(r as KGroup).rows, newCond()] }));
                          setFocusId(`group-${n}-condition-${row.rows.length + 1}-scale`);
                        }}
                      >
                        Add condition to group {n}
                      </button>
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => setRows((rs) => rs.filter((r) => r.id !== row.id))}
                      >
                        Remove group {n}
                      </button>
                    </div>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          <div className="actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                setRows((rs) => [...rs, newCond()]);
                setFocusId(`condition-${rows.length + 1}-scale`);
              }}
            >
              Add condition
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setRows((rs) => [...rs, { type: "group", id: nextId(), combine: "any", rows: [newCond()] }]);
                setFocusId(`group-${rows.length + 1}-condition-1-scale`);
              }}
            >
              Add group
            </button>
          </div>
          <div className={`field${err(p("note")) ? " field--error" : ""}`}>
            <label htmlFor="eligibilityRule-note">Note for coordinators (optional)</label>
            <input id="eligibilityRule-note" name={p("note")} value={note} onChange={(e) => setNote(e.target.value)} />
            <ErrorText id="eligibilityRule-note" message={err(p("note"))} />
          </div>
        </>
      ) : null}

      <div className="rule-summary" aria-live="polite">
        <h3 className="small">In plain words</h3>
        <p id="rule-summary">
          {source === "json"
            ? "The rule is taken from the JSON below."
            : !instrument
              ? "No eligibility rule: screening does not check scores."
              : summary
                ? `Eligible when ${summary}`
                : "The rule is not complete yet: every condition needs a scale, a comparison and a cut-off."}
        </p>
        {source === "builder" && instrument && legend ? <p className="muted small">{legend}</p> : null}
      </div>

      <details className="rule-json" open={jsonOpen || !!jsonError} onToggle={(e) => setJsonOpen(e.currentTarget.open)}>
        <summary>Import or export the rule as JSON</summary>
        <fieldset className="rule-json__source">
          <legend>Save the rule from</legend>
          <label>
            <input
              type="radio"
              name="eligibilitySource"
              value="builder"
              checked={source === "builder"}
              onChange={() => setSource("builder")}
            />{" "}
            the builder above
          </label>
          <label>
            <input type="radio" name="eligibilitySource" value="json" checked={source === "json"} onChange={() => setSource("json")} /> the
            JSON below
          </label>
        </fieldset>
        <div className={`field${jsonError ? " field--error" : ""}`}>
          <label htmlFor="eligibility">Eligibility rule as JSON</label>
          <p className="field__hint" id="eligibility-hint">
            The stored form. Copy it to reuse the rule; paste a rule and load it into the builder, or save it as it is. Editing this box
            switches to saving the JSON. Empty for none.
          </p>
          <textarea
            id="eligibility"
            name="eligibility"
            rows={8}
            className="mono"
            value={json}
            onChange={(e) => {
              setJson(e.target.value);
              setSource("json");
            }}
            aria-describedby="eligibility-hint"
            aria-invalid={jsonError ? true : undefined}
          />
          <ErrorText id="eligibility" message={jsonError} />
        </div>
        <button type="button" className="button button--small" onClick={importJson}>
          Load this JSON into the builder
        </button>
        {importMessage ? (
          <p className="small" role="status">
            {importMessage}
          </p>
        ) : null}
      </details>
    </div>
  );
}

function ConditionControls({
  name,
  at,
  row,
  scales,
  err,
  onChange,
}: {
  name: string;
  at: string;
  row: KCond;
  scales: ReturnType<typeof scalesOf>;
  err: (name: string) => string | undefined;
  onChange: (patch: Partial<ConditionRow>) => void;
}) {
  const prefix = `${name} `;
  return (
    <div className="rule-row__controls" role="group" aria-label={name}>
      <Control label="Scale" hiddenPrefix={prefix} error={err(`${at}.scale`)}>
        {(id, described) => (
          <select
            id={id}
            name={`${at}.scale`}
            value={row.scale}
            onChange={(e) => {
              const s = scales.find((x) => x.key === e.target.value);
              // A new row compares on the scale's published basis until someone chooses.
              onChange({ scale: e.target.value, ...(s && row.value === "" ? { on: s.method } : {}) });
            }}
            aria-describedby={described}
            aria-invalid={err(`${at}.scale`) ? true : undefined}
          >
            <option value="">Choose a scale</option>
            {scales.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label} ({s.key})
              </option>
            ))}
          </select>
        )}
      </Control>
      <Control label="Comparison" hiddenPrefix={prefix} error={err(`${at}.op`)}>
        {(id, described) => (
          <select
            id={id}
            name={`${at}.op`}
            value={row.op}
            onChange={(e) => onChange({ op: e.target.value })}
            aria-describedby={described}
            aria-invalid={err(`${at}.op`) ? true : undefined}
          >
            {OP_CHOICES.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Control>
      <Control label="Cut-off" hiddenPrefix={prefix} error={err(`${at}.value`)}>
        {(id, described) => (
          <input
            id={id}
            name={`${at}.value`}
            inputMode="decimal"
            className="input--narrow"
            value={row.value}
            onChange={(e) => onChange({ value: e.target.value })}
            aria-describedby={described}
            aria-invalid={err(`${at}.value`) ? true : undefined}
          />
        )}
      </Control>
      <Control label="Basis" hiddenPrefix={prefix} error={err(`${at}.on`)}>
        {(id, described) => (
          <select
            id={id}
            name={`${at}.on`}
            value={row.on}
            onChange={(e) => onChange({ on: e.target.value })}
            aria-describedby={described}
            aria-invalid={err(`${at}.on`) ? true : undefined}
          >
            <option value="mean">{BASIS_LABELS.mean}</option>
            <option value="sum">{BASIS_LABELS.sum}</option>
          </select>
        )}
      </Control>
    </div>
  );
}

/** A control with a short visible label; `hiddenPrefix` makes its name unique ("Condition 2 scale"). */
function Control({
  label,
  hiddenPrefix,
  error,
  children,
}: {
  label: string;
  hiddenPrefix?: string;
  error?: string;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}) {
  const id = `${hiddenPrefix ?? ""}${label}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return (
    <div className={`rule-control${error ? " field--error" : ""}`}>
      <label htmlFor={id} className="small">
        {hiddenPrefix ? <span className="visually-hidden">{hiddenPrefix}</span> : null}
        {label}
      </label>
      {children(id, error ? `${id}-error` : undefined)}
      <ErrorText id={id} message={error} />
    </div>
  );
}
