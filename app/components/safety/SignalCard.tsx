import { Link } from "@remix-run/react";
import { FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import type { FormReply } from "~/forms/reply";
import { acknowledgeSignalForm } from "~/forms/safety";
import type { InboxSignal } from "~/models/safetySignal.server";
import { FollowUpBadge } from "./AeTable";

const PRIORITY_TEXT = { urgent: "Urgent", high: "High", review: "Review" } as const;

/** One open signal in the inbox, with its acknowledge form (or why it cannot be acknowledged yet). */
export function SignalCard({ s, reply }: { s: InboxSignal; reply: FormReply<unknown> | undefined }) {
  const [form, fields] = useSchemaForm({ id: `ack:${s.id}`, schema: acknowledgeSignalForm, reply });
  const { id: noteId, name, defaultValue, error } = fieldProps(fields.note);
  return (
    <li className={`card signal signal--${s.priority}`} aria-labelledby={`signal-${s.id}`}>
      <div className="signal__head">
        <span className={`badge ${s.priority === "urgent" ? "badge--danger" : s.priority === "high" ? "badge--warn" : "badge--muted"}`}>
          {PRIORITY_TEXT[s.priority]}
        </span>
        <h3 id={`signal-${s.id}`}>{s.title}</h3>
      </div>
      <p>{s.detail}</p>
      <dl className="facts signal__facts">
        <dt>Participant</dt>
        <dd>
          <Link to={`/participants/${s.participantId}`}>{s.participant}</Link>
        </dd>
        <dt>Cohort</dt>
        <dd>{s.cohortId ? <Link to={`/cohorts/${s.cohortId}`}>{s.cohort}</Link> : s.cohort}</dd>
        <dt>Raised</dt>
        <dd>{s.atLocal}</dd>
        <dt>Source</dt>
        <dd>{s.sourceHref ? <Link to={s.sourceHref}>Open the {s.sourceLabel.toLowerCase()}</Link> : s.sourceLabel}</dd>
        {s.followUp ? (
          <>
            <dt>24-hour follow-up</dt>
            <dd>
              <FollowUpBadge state={s.followUp.state} />{" "}
              {s.followUp.dueAtLocal ? <span className="small">due by {s.followUp.dueAtLocal}</span> : null}
            </dd>
          </>
        ) : null}
      </dl>
      {s.blockedReason ? (
        <div className="callout callout--warn" role="note">
          {s.blockedReason} {s.sourceHref ? <Link to={`${s.sourceHref}#follow-ups`}>Add a follow-up</Link> : null}
        </div>
      ) : null}
      <SchemaForm form={form} className="signal__ack">
        <FormError message={formMessage(form)} />
        <input type="hidden" name="intent" value="acknowledge" />
        <input type="hidden" name="signalId" value={s.id} />
        <div className={`field${error ? " field--error" : ""}`}>
          <label htmlFor={noteId}>Action taken (required to acknowledge)</label>
          <textarea
            key={fields.note.key}
            id={noteId}
            name={name}
            rows={2}
            defaultValue={defaultValue}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${noteId}-error` : undefined}
          />
          {error ? (
            <p id={`${noteId}-error`} className="field__error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <button className="button button--primary" type="submit">
          Acknowledge
        </button>
      </SchemaForm>
    </li>
  );
}
