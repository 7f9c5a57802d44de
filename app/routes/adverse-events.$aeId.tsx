import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { AdverseEventForm } from "~/components/safety/AdverseEventForm";
import { AeSummary, FollowUps } from "~/components/safety/AeSummary";
import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { signatureLine, signatureStatement } from "~/domain/safety";
import { formatLocalDateTime } from "~/domain/scheduling/localTime";
import { adverseEventIntents, closeForm, reopenForm } from "~/forms/adverseEvents";
import type { FormReply } from "~/forms/reply";
import { readerFor } from "~/models/access.server";
import {
  addAdverseEventFollowUp,
  aeFormValues,
  aeTermText,
  closeAdverseEvent,
  adverseEventTimeZone,
  getAdverseEvent,
  getAeFormContext,
  reopenAdverseEvent,
  updateAdverseEvent,
} from "~/models/adverseEvent.server";
import cssUrl from "~/styles/safety.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.summary.term} — ${data.participant.label}` : "Adverse event"} — GroupKAP` },
];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "ae:record");
  const reader = readerFor(args, viewer);
  const d = await getAdverseEvent(reader, args.params.aeId ?? "");
  const ctx = await getAeFormContext(reader, { participantId: d.ae.participantId, cohortId: d.ae.cohortId });
  const tz = d.timeZone;
  const fmt = (x: Date | null) => (x ? formatLocalDateTime(x, tz) : null);
  return {
    id: d.ae.id,
    version: d.ae.version,
    status: d.ae.status,
    participant: d.participant,
    cohort: d.cohort,
    timeZone: tz,
    sessions: ctx.sessions,
    formValues: aeFormValues(d.ae, tz),
    canReview: can(viewer.roles, "ae:review"),
    summary: {
      term: aeTermText(d.ae.term, d.ae.termOther),
      onsetLocal: fmt(d.ae.onsetAt)!,
      description: d.ae.description,
      grade: d.ae.grade,
      serious: d.ae.serious,
      criteria: d.criteria,
      relatednessKetamine: d.ae.relatednessKetamine,
      relatednessGroup: d.ae.relatednessGroup,
      expected: d.ae.expected,
      action: d.action,
      outcome: d.ae.outcome,
      resolvedLocal: fmt(d.ae.resolvedAt),
      session: d.session ? `${d.session.title} — ${fmt(d.session.startsAt)}` : null,
      recordedBy: d.recordedBy,
      recordedLocal: fmt(d.ae.createdAt)!,
      status: d.ae.status,
      closedBy: d.closedBy,
      closedLocal: fmt(d.ae.closedAt),
      closedSignature:
        d.ae.closedAt && d.closedBy
          ? signatureLine({ name: d.closedBy, at: d.ae.closedAt, meaning: d.ae.closedMeaning, timeZone: tz })
          : null,
      followUpState: d.followUpStatus.state,
      followUpDueLocal: fmt(d.followUpStatus.dueAt),
    },
    followUps: d.followUps.map((f) => ({ id: f.id, note: f.note, by: f.by, atLocal: fmt(f.recordedAt)! })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const viewer = await requirePermission(args, "ae:record");
  const id = args.params.aeId ?? "";
  // The report's times are read in its cohort's time zone (404 outside the viewer's cohorts).
  const timeZone = await adverseEventTimeZone(viewer, id);
  return formAction(args, {
    permission: { actor: viewer },
    schema: adverseEventIntents(timeZone),
    run: async (input, { meta }) => {
      switch (input.intent) {
        case "save":
          return updateAdverseEvent(viewer, meta, id, input.version, input);
        case "follow-up":
          return addAdverseEventFollowUp(viewer, meta, id, input.note);
        case "close":
          // Only clinicians review; the model refuses others with 403 too.
          return closeAdverseEvent(viewer, meta, id, input.version, input.password);
        case "reopen":
          return reopenAdverseEvent(viewer, meta, id, input.version, input.reason);
      }
    },
    success: (_, input) => ({ toast: SUCCESS[input.intent] }),
  });
}

const SUCCESS = {
  save: "Changes saved.",
  "follow-up": "Follow-up added.",
  close: "The adverse event is reviewed and closed.",
  reopen: "The adverse event is open again.",
} as const;

/** A refusal of closing (outcome not final, stale version) is shown above the summary; a wrong password beside its box. */
function closeRefusal(reply: FormReply<unknown> | undefined) {
  return reply && !reply.ok && (reply.formId === undefined || reply.formId === "close") ? reply.result.error?.[""]?.[0] : undefined;
}

export default function AdverseEventPage() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const schema = useMemo(() => adverseEventIntents(d.timeZone), [d.timeZone]);
  const open = d.status === "OPEN";
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/adverse-events">Adverse events</Link> /{" "}
        <Link to={`/participants/${d.participant.id}/adverse-events`}>{d.participant.label}</Link> /
      </p>
      <h1>
        {d.summary.term} {open ? <span className="badge badge--warn">Open</span> : <span className="badge badge--muted">Closed</span>}{" "}
        {d.summary.serious ? <span className="badge badge--danger">Serious</span> : null}
      </h1>
      <p>
        {d.participant.label} · {d.cohort?.name ?? "—"} · times in {d.timeZone}
      </p>
      <FormError message={closeRefusal(reply)} />
      <AeSummary ae={d.summary} />
      <FollowUps items={d.followUps} canAdd={open} reply={reply} />
      {open && d.canReview ? (
        <section className="card" aria-labelledby="review-h">
          <h2 id="review-h">Review</h2>
          <p className="muted small">
            Close the event once its outcome is final (recovered, recovered with sequelae or fatal) and the resolution date is recorded.
          </p>
          <CloseForm version={d.version} reply={reply} />
        </section>
      ) : null}
      {!open && d.canReview ? (
        <section className="card" aria-labelledby="reopen-h">
          <h2 id="reopen-h">Reopen</h2>
          <p className="muted small">
            A closed event is not edited in place: reopen it (the reason is recorded) to correct it or add follow-ups.
          </p>
          <ReopenForm version={d.version} reply={reply} />
        </section>
      ) : null}
      {open ? (
        <section aria-labelledby="edit-h">
          <h2 id="edit-h">Edit the report</h2>
          <AdverseEventForm
            key={d.version}
            id="edit-adverse-event"
            schema={schema}
            reply={reply}
            defaultValue={d.formValues}
            sessions={d.sessions}
            timeZone={d.timeZone}
            hidden={{ intent: "save", version: String(d.version) }}
            submitLabel="Save changes"
          />
        </section>
      ) : null}
    </div>
  );
}

/** Closing is a signature: the clinician re-enters their password ("reviewed by"). */
function CloseForm({ version, reply }: { version: number; reply: FormReply<unknown> | undefined }) {
  const [form, fields] = useSchemaForm({ id: "close", schema: closeForm, reply });
  const password = fieldProps(fields.password);
  return (
    <SchemaForm form={form}>
      <input type="hidden" name="intent" value="close" />
      <input type="hidden" name="version" value={version} />
      <p className="small">{signatureStatement("AE_CLOSURE")}</p>
      <Field
        key={fields.password.key}
        id={password.id}
        name={password.name}
        error={password.error}
        label="Your password (to sign the review)"
        type="password"
        autoComplete="current-password"
      />
      <button className="button" type="submit">
        Review and close
      </button>
    </SchemaForm>
  );
}

function ReopenForm({ version, reply }: { version: number; reply: FormReply<unknown> | undefined }) {
  const [form, fields] = useSchemaForm({ id: "reopen", schema: reopenForm, reply });
  const reason = fieldProps(fields.reason);
  return (
    <SchemaForm form={form}>
      <FormError message={formMessage(form)} />
      <input type="hidden" name="intent" value="reopen" />
      <input type="hidden" name="version" value={version} />
      <div className={`field${reason.error ? " field--error" : ""}`}>
        <label htmlFor={reason.id}>Reason for reopening</label>
        <input
          key={fields.reason.key}
          id={reason.id}
          name={reason.name}
          defaultValue={reason.defaultValue}
          aria-invalid={reason.error ? true : undefined}
          aria-describedby={reason.error ? `${reason.id}-error` : undefined}
        />
        {reason.error ? (
          <p id={`${reason.id}-error`} className="field__error" role="alert">
            {reason.error}
          </p>
        ) : null}
      </div>
      <button className="button" type="submit">
        Reopen
      </button>
    </SchemaForm>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
