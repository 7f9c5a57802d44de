import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { AdverseEventForm } from "~/components/safety/AdverseEventForm";
import { AeSummary, FollowUps } from "~/components/safety/AeSummary";
import { formatLocalDateTime } from "~/domain/scheduling/localTime";
import { readerFor } from "~/models/access.server";
import {
  AeConflictError,
  AeFieldError,
  addAdverseEventFollowUp,
  aeFormValues,
  aeTermText,
  closeAdverseEvent,
  adverseEventTimeZone,
  getAdverseEvent,
  getAeFormContext,
  parseAdverseEventForm,
  reopenAdverseEvent,
  updateAdverseEvent,
} from "~/models/adverseEvent.server";
import cssUrl from "~/styles/safety.css";
import { requirePermission } from "~/utils/auth.server";
import { formVersion, readForm } from "~/utils/forms.server";
import { formValues } from "~/utils/forms";
import { can } from "~/utils/permissions";
import { requestMeta } from "~/utils/request.server";

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
      followUpState: d.followUpStatus.state,
      followUpDueLocal: fmt(d.followUpStatus.dueAt),
    },
    followUps: d.followUps.map((f) => ({ id: f.id, note: f.note, by: f.by, atLocal: fmt(f.recordedAt)! })),
  };
}

type ActionResult = { intent: string; errors: Record<string, string>; values?: Record<string, string | string[]> } | { intent: string; ok: string };

export async function action(args: ActionFunctionArgs) {
  const viewer = await requirePermission(args, "ae:record");
  const id = args.params.aeId ?? "";
  const meta = requestMeta(args);
  const form = await readForm(args.request);
  const intent = String(form.get("intent") ?? "");
  // Only the edits of the event itself carry the version they started from.
  const version = () => formVersion(form);
  try {
    switch (intent) {
      case "save": {
        const parsed = parseAdverseEventForm(form, await adverseEventTimeZone(viewer, id));
        if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
        await updateAdverseEvent(viewer, meta, id, version(), parsed.data);
        return data<ActionResult>({ intent, ok: "Changes saved." });
      }
      case "follow-up":
        await addAdverseEventFollowUp(viewer, meta, id, String(form.get("note") ?? ""));
        return data<ActionResult>({ intent, ok: "Follow-up added." });
      case "close":
        if (!can(viewer.roles, "ae:review")) throw new Response("Only clinicians close adverse events", { status: 403 });
        await closeAdverseEvent(viewer, meta, id, version());
        return data<ActionResult>({ intent, ok: "The adverse event is reviewed and closed." });
      case "reopen":
        if (!can(viewer.roles, "ae:review")) throw new Response("Only clinicians reopen adverse events", { status: 403 });
        await reopenAdverseEvent(viewer, meta, id, version(), String(form.get("reason") ?? ""));
        return data<ActionResult>({ intent, ok: "The adverse event is open again." });
      default:
        throw new Response("Unknown intent", { status: 400 });
    }
  } catch (e) {
    if (e instanceof AeFieldError) return data<ActionResult>({ intent, errors: { [e.field]: e.message }, values: formValues(form) }, { status: 400 });
    if (e instanceof AeConflictError) return data<ActionResult>({ intent, errors: { form: e.message }, values: formValues(form) }, { status: 409 });
    throw e;
  }
}

export default function AdverseEventPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const errors = result && "errors" in result ? result.errors : {};
  const open = d.status === "OPEN";
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/adverse-events">Adverse events</Link> /{" "}
        <Link to={`/participants/${d.participant.id}/adverse-events`}>{d.participant.label}</Link> /
      </p>
      <h1>
        {d.summary.term}{" "}
        {open ? <span className="badge badge--warn">Open</span> : <span className="badge badge--muted">Closed</span>}{" "}
        {d.summary.serious ? <span className="badge badge--danger">Serious</span> : null}
      </h1>
      <p>
        {d.participant.label} · {d.cohort?.name ?? "—"} · times in {d.timeZone}
      </p>
      {params.get("created") && !result ? (
        <div className="callout callout--ok" role="status">
          Adverse event recorded.{d.summary.serious || d.summary.grade >= 3 ? " Clinicians see it in the safety inbox." : ""}
        </div>
      ) : null}
      {result && "ok" in result ? (
        <div className="callout callout--ok" role="status">
          {result.ok}
        </div>
      ) : null}
      {errors.form && result?.intent !== "save" ? (
        <div className="callout callout--error" role="alert">
          {errors.form}
        </div>
      ) : null}
      <AeSummary ae={d.summary} />
      <FollowUps items={d.followUps} canAdd={open} error={result?.intent === "follow-up" ? errors.note : undefined} />
      {open && d.canReview ? (
        <section className="card" aria-labelledby="review-h">
          <h2 id="review-h">Review</h2>
          <p className="muted small">Close the event once its outcome is final (recovered, recovered with sequelae or fatal) and the resolution date is recorded.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="close" />
            <input type="hidden" name="version" value={d.version} />
            <button className="button" type="submit">
              Review and close
            </button>
          </Form>
        </section>
      ) : null}
      {!open && d.canReview ? (
        <section className="card" aria-labelledby="reopen-h">
          <h2 id="reopen-h">Reopen</h2>
          <p className="muted small">A closed event is not edited in place: reopen it (the reason is recorded) to correct it or add follow-ups.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="reopen" />
            <input type="hidden" name="version" value={d.version} />
            <div className={`field${result?.intent === "reopen" && errors.reason ? " field--error" : ""}`}>
              <label htmlFor="reason">Reason for reopening</label>
              <input id="reason" name="reason" aria-describedby={errors.reason ? "reason-error" : undefined} />
              {result?.intent === "reopen" && errors.reason ? (
                <p id="reason-error" className="field__error" role="alert">
                  {errors.reason}
                </p>
              ) : null}
            </div>
            <button className="button" type="submit">
              Reopen
            </button>
          </Form>
        </section>
      ) : null}
      {open ? (
        <section aria-labelledby="edit-h">
          <h2 id="edit-h">Edit the report</h2>
          <AdverseEventForm
            key={d.version}
            values={result?.intent === "save" && "values" in result && result.values ? result.values : d.formValues}
            errors={result?.intent === "save" ? errors : {}}
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
