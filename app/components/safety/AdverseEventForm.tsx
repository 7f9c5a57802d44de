import { FormError } from "~/components/ui/Field";
import { SchemaForm, formMessage, replyFor, useSchemaForm } from "~/components/ui/SchemaForm";
import {
  AE_ACTIONS,
  AE_ACTION_LABELS,
  AE_GRADES,
  AE_GRADE_DEFINITIONS,
  AE_OUTCOMES,
  AE_OUTCOME_LABELS,
  AE_TERMS,
  AE_TERM_LABELS,
  RELATEDNESS,
  RELATEDNESS_LABELS,
  SERIOUS_CRITERIA,
  SERIOUS_CRITERION_LABELS,
} from "~/domain/safety";
import type { adverseEventIntents, adverseEventSchema } from "~/forms/adverseEvents";
import type { FormReply } from "~/forms/reply";

export type AeFormValues = Record<string, string | string[] | undefined>;

function one(v: unknown): string {
  return Array.isArray(v) ? String(v[0] ?? "") : typeof v === "string" ? v : "";
}
function many(v: unknown): string[] {
  return v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
}

function ErrorText({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="field__error" role="alert">
      {message}
    </p>
  ) : null;
}

/**
 * The adverse event report form (create and edit). `schema` is the page's schema in the
 * cohort's time zone (adverseEventSchema or adverseEventIntents from ~/forms/adverseEvents):
 * the browser runs it, and the server's reply shows beside the fields.
 */
export function AdverseEventForm({
  id,
  schema,
  reply,
  defaultValue,
  sessions,
  timeZone,
  hidden,
  submitLabel,
}: {
  /** Unique on the page: decides which form shows a reply. */
  id: string;
  schema: ReturnType<typeof adverseEventSchema> | ReturnType<typeof adverseEventIntents>;
  reply: FormReply<unknown> | undefined;
  defaultValue: AeFormValues;
  sessions: { id: string; label: string }[];
  timeZone: string;
  hidden: Record<string, string>;
  submitLabel: string;
}) {
  const [form, fields] = useSchemaForm({ id, schema, reply, defaultValue });
  type Name = keyof typeof fields;
  const err = (k: Name) => fields[k].errors?.[0];
  const value = (k: Name) => fields[k].initialValue;
  const inv = (k: Name) => (err(k) ? { "aria-invalid": true as const, "aria-describedby": `${k}-error` } : {});
  const criteria = many(value("seriousCriteria"));
  const refused = replyFor(reply, id) && !reply?.ok && Object.keys(form.allErrors).length > 0;
  return (
    <SchemaForm form={form} className="stack ae-form">
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <FormError message={formMessage(form)} />
      {refused && !formMessage(form) ? (
        <div className="callout callout--error" role="alert">
          Nothing was saved. Correct the fields marked below.
        </div>
      ) : null}

      <fieldset className="card">
        <legend>The event</legend>
        <div className={`field${err("term") ? " field--error" : ""}`}>
          <label htmlFor="term">Event (term)</label>
          <select id="term" name="term" defaultValue={one(value("term"))} {...inv("term")}>
            <option value="">Choose…</option>
            {AE_TERMS.map((t) => (
              <option key={t} value={t}>
                {AE_TERM_LABELS[t]}
              </option>
            ))}
          </select>
          <ErrorText id="term-error" message={err("term")} />
        </div>
        <div className={`field${err("otherTerm") ? " field--error" : ""}`}>
          <label htmlFor="otherTerm">Event in your own words (if Other)</label>
          <input id="otherTerm" name="otherTerm" defaultValue={one(value("otherTerm"))} maxLength={200} {...inv("otherTerm")} />
          <ErrorText id="otherTerm-error" message={err("otherTerm")} />
        </div>
        <div className={`field${err("onsetAt") ? " field--error" : ""}`}>
          <label htmlFor="onsetAt">Onset (date and time, {timeZone})</label>
          <input id="onsetAt" name="onsetAt" type="datetime-local" defaultValue={one(value("onsetAt"))} {...inv("onsetAt")} />
          <ErrorText id="onsetAt-error" message={err("onsetAt")} />
        </div>
        <div className={`field${err("groupSessionId") ? " field--error" : ""}`}>
          <label htmlFor="groupSessionId">Session (if the event is tied to one)</label>
          <select id="groupSessionId" name="groupSessionId" defaultValue={one(value("groupSessionId"))} {...inv("groupSessionId")}>
            <option value="">Not tied to a session</option>
            {sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
          <ErrorText id="groupSessionId-error" message={err("groupSessionId")} />
        </div>
        <div className={`field${err("description") ? " field--error" : ""}`}>
          <label htmlFor="description">Description</label>
          <textarea id="description" name="description" rows={4} defaultValue={one(value("description"))} {...inv("description")} />
          <ErrorText id="description-error" message={err("description")} />
        </div>
      </fieldset>

      <fieldset className="card" aria-describedby={err("grade") ? "grade-error" : undefined}>
        <legend>Grade (CTCAE)</legend>
        <ul className="ae-grades">
          {AE_GRADES.map((g) => (
            <li key={g}>
              <label className="checkbox">
                <input type="radio" name="grade" value={g} defaultChecked={one(value("grade")) === String(g)} />
                <span>
                  <strong>
                    Grade {g} — {AE_GRADE_DEFINITIONS[g].name}
                  </strong>
                  <span className="muted small ae-grades__def">{AE_GRADE_DEFINITIONS[g].definition}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
        <ErrorText id="grade-error" message={err("grade")} />
      </fieldset>

      <fieldset className="card" aria-describedby={err("seriousCriteria") ? "seriousCriteria-error" : undefined}>
        <legend>Seriousness</legend>
        <label className="checkbox">
          <input
            type="checkbox"
            name="seriousClaimed"
            value="on"
            defaultChecked={one(value("seriousClaimed")) === "on" || criteria.length > 0}
          />
          <span>Serious adverse event</span>
        </label>
        <p className="field__hint">Any ticked criterion makes the event serious; a serious event needs at least one.</p>
        <ul className="ae-criteria">
          {SERIOUS_CRITERIA.map((c) => (
            <li key={c}>
              <label className="checkbox">
                <input type="checkbox" name="seriousCriteria" value={c} defaultChecked={criteria.includes(c)} />
                <span>{SERIOUS_CRITERION_LABELS[c]}</span>
              </label>
            </li>
          ))}
        </ul>
        <ErrorText id="seriousCriteria-error" message={err("seriousCriteria")} />
      </fieldset>

      <fieldset className="card">
        <legend>Assessment</legend>
        <div className="ae-grid">
          {(["relatednessKetamine", "relatednessGroup"] as const).map((name) => (
            <div key={name} className={`field${err(name) ? " field--error" : ""}`}>
              <label htmlFor={name}>{name === "relatednessKetamine" ? "Related to ketamine" : "Related to the group process"}</label>
              <select id={name} name={name} defaultValue={one(value(name))} {...inv(name)}>
                <option value="">Choose…</option>
                {RELATEDNESS.map((r) => (
                  <option key={r} value={r}>
                    {RELATEDNESS_LABELS[r]}
                  </option>
                ))}
              </select>
              <ErrorText id={`${name}-error`} message={err(name)} />
            </div>
          ))}
        </div>
        <fieldset
          className={`field ae-yesno${err("expected") ? " field--error" : ""}`}
          aria-describedby={err("expected") ? "expected-error" : undefined}
        >
          <legend>Expected?</legend>
          <label className="checkbox">
            <input type="radio" name="expected" value="yes" defaultChecked={one(value("expected")) === "yes"} /> <span>Yes</span>
          </label>
          <label className="checkbox">
            <input type="radio" name="expected" value="no" defaultChecked={one(value("expected")) === "no"} /> <span>No</span>
          </label>
          <ErrorText id="expected-error" message={err("expected")} />
        </fieldset>
        <div className="ae-grid">
          <div className={`field${err("action") ? " field--error" : ""}`}>
            <label htmlFor="action">Action taken</label>
            <select id="action" name="action" defaultValue={one(value("action"))} {...inv("action")}>
              <option value="">Choose…</option>
              {AE_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {AE_ACTION_LABELS[a]}
                </option>
              ))}
            </select>
            <ErrorText id="action-error" message={err("action")} />
          </div>
          <div className={`field${err("actionDetails") ? " field--error" : ""}`}>
            <label htmlFor="actionDetails">Action details</label>
            <input id="actionDetails" name="actionDetails" defaultValue={one(value("actionDetails"))} {...inv("actionDetails")} />
            <ErrorText id="actionDetails-error" message={err("actionDetails")} />
          </div>
          <div className={`field${err("outcome") ? " field--error" : ""}`}>
            <label htmlFor="outcome">Outcome</label>
            <select id="outcome" name="outcome" defaultValue={one(value("outcome"))} {...inv("outcome")}>
              <option value="">Choose…</option>
              {AE_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {AE_OUTCOME_LABELS[o]}
                </option>
              ))}
            </select>
            <ErrorText id="outcome-error" message={err("outcome")} />
          </div>
          <div className={`field${err("resolvedAt") ? " field--error" : ""}`}>
            <label htmlFor="resolvedAt">Resolution date and time ({timeZone})</label>
            <input id="resolvedAt" name="resolvedAt" type="datetime-local" defaultValue={one(value("resolvedAt"))} {...inv("resolvedAt")} />
            <ErrorText id="resolvedAt-error" message={err("resolvedAt")} />
          </div>
        </div>
      </fieldset>
      <div className="actions">
        <button className="button button--primary" type="submit">
          {submitLabel}
        </button>
      </div>
    </SchemaForm>
  );
}
