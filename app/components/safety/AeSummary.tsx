import { FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import {
  AE_GRADE_DEFINITIONS,
  AE_OUTCOME_LABELS,
  RELATEDNESS_LABELS,
  SERIOUS_CRITERION_LABELS,
  type AeGrade,
  type AeOutcome,
  type Relatedness,
  type SeriousCriterion,
  AE_ACTION_LABELS,
  type AeAction,
} from "~/domain/safety";
import { followUpForm } from "~/forms/adverseEvents";
import type { FormReply } from "~/forms/reply";
import { FollowUpBadge, GradeBadge } from "./AeTable";

export type AeSummaryData = {
  term: string;
  onsetLocal: string;
  description: string;
  grade: number;
  serious: boolean;
  criteria: SeriousCriterion[];
  relatednessKetamine: string;
  relatednessGroup: string;
  expected: boolean;
  action: { action: string; details: string };
  outcome: string;
  resolvedLocal: string | null;
  session: string | null;
  recordedBy: string;
  recordedLocal: string;
  status: string;
  closedBy: string | null;
  /** "Signed by NAME, DATE TIME — reviewed by" when the closure was signed with meaning. */
  closedSignature?: string | null;
  closedLocal: string | null;
  followUpState: string;
  followUpDueLocal: string | null;
};

/** The read-only record of an adverse event (printable). */
export function AeSummary({ ae }: { ae: AeSummaryData }) {
  return (
    <section className="card" aria-labelledby="ae-record-h">
      <h2 id="ae-record-h">Record</h2>
      <dl className="facts">
        <dt>Event</dt>
        <dd>{ae.term}</dd>
        <dt>Onset</dt>
        <dd>{ae.onsetLocal}</dd>
        <dt>Session</dt>
        <dd>{ae.session ?? "Not tied to a session"}</dd>
        <dt>Grade</dt>
        <dd>
          <GradeBadge grade={ae.grade} /> {AE_GRADE_DEFINITIONS[ae.grade as AeGrade]?.name}
        </dd>
        <dt>Serious</dt>
        <dd>{ae.serious ? ae.criteria.map((c) => SERIOUS_CRITERION_LABELS[c]).join("; ") : "No"}</dd>
        <dt>Related to ketamine</dt>
        <dd>{RELATEDNESS_LABELS[ae.relatednessKetamine as Relatedness] ?? ae.relatednessKetamine}</dd>
        <dt>Related to the group process</dt>
        <dd>{RELATEDNESS_LABELS[ae.relatednessGroup as Relatedness] ?? ae.relatednessGroup}</dd>
        <dt>Expected</dt>
        <dd>{ae.expected ? "Yes" : "No"}</dd>
        <dt>Action taken</dt>
        <dd>
          {AE_ACTION_LABELS[ae.action.action as AeAction] ?? ae.action.action}
          {ae.action.details ? ` — ${ae.action.details}` : ""}
        </dd>
        <dt>Outcome</dt>
        <dd>{AE_OUTCOME_LABELS[ae.outcome as AeOutcome] ?? ae.outcome}</dd>
        <dt>Resolved</dt>
        <dd>{ae.resolvedLocal ?? "—"}</dd>
        <dt>Description</dt>
        <dd className="prewrap">{ae.description || "—"}</dd>
        <dt>Recorded</dt>
        <dd>
          {ae.recordedLocal} by {ae.recordedBy}
        </dd>
        {ae.serious ? (
          <>
            <dt>24-hour follow-up</dt>
            <dd>
              <FollowUpBadge state={ae.followUpState} />{" "}
              {ae.followUpDueLocal ? <span className="small">due by {ae.followUpDueLocal}</span> : null}
            </dd>
          </>
        ) : null}
        {ae.status === "CLOSED" ? (
          <>
            <dt>Closed</dt>
            <dd>{ae.closedSignature ?? `${ae.closedLocal} by ${ae.closedBy}`}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

export function FollowUps({
  items,
  canAdd,
  reply,
}: {
  items: { id: string; note: string; atLocal: string; by: string }[];
  canAdd: boolean;
  reply: FormReply<unknown> | undefined;
}) {
  return (
    <section className="card" aria-labelledby="follow-ups">
      <h2 id="follow-ups">Follow-ups</h2>
      {items.length === 0 ? (
        <p className="empty">No follow-up yet.{canAdd ? " Add what was found or done below." : ""}</p>
      ) : (
        <ol className="followups">
          {items.map((f) => (
            <li key={f.id}>
              <p className="small muted">
                {f.atLocal} — {f.by}
              </p>
              <p className="prewrap">{f.note}</p>
            </li>
          ))}
        </ol>
      )}
      {canAdd ? <FollowUpForm reply={reply} /> : null}
    </section>
  );
}

function FollowUpForm({ reply }: { reply: FormReply<unknown> | undefined }) {
  const [form, fields] = useSchemaForm({ id: "follow-up", schema: followUpForm, reply });
  const note = fieldProps(fields.note);
  return (
    <SchemaForm form={form}>
      <FormError message={formMessage(form)} />
      <input type="hidden" name="intent" value="follow-up" />
      <div className={`field${note.error ? " field--error" : ""}`}>
        <label htmlFor={note.id}>New follow-up</label>
        <textarea
          key={fields.note.key}
          id={note.id}
          name={note.name}
          rows={3}
          defaultValue={note.defaultValue}
          aria-invalid={note.error ? true : undefined}
          aria-describedby={note.error ? `${note.id}-error` : undefined}
        />
        {note.error ? (
          <p id={`${note.id}-error`} className="field__error" role="alert">
            {note.error}
          </p>
        ) : null}
      </div>
      <button className="button" type="submit">
        Add follow-up
      </button>
    </SchemaForm>
  );
}
