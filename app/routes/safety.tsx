import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SignalCard } from "~/components/safety/SignalCard";
import { SortableTable } from "~/components/ui/SortableTable";
import { acknowledgeSignalForm } from "~/forms/safety";
import { readerFor } from "~/models/access.server";
import { acknowledgeSignal, listInbox, type InboxSignal } from "~/models/safetySignal.server";
import cssUrl from "~/styles/safety.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.view === "history" ? "Acknowledged signals" : `Safety inbox${data ? ` (${data.openCount})` : ""}`} — GroupKAP` },
];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "safety:inbox");
  const view = new URL(args.request.url).searchParams.get("view") === "history" ? "history" : "open";
  const { open, history } = await listInbox(readerFor(args, viewer), { history: view === "history" });
  return { view, open, history, openCount: open.length };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "safety:inbox",
    schema: acknowledgeSignalForm,
    run: (input, { actor, meta }) => acknowledgeSignal(actor, meta, input.signalId, input.note),
    success: () => ({ toast: "Signal acknowledged. It is in the history." }),
  });
}

export default function SafetyInbox() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <div className="page-header">
        <h1>Safety inbox</h1>
      </div>
      <p className="muted">
        Open safety signals in your cohorts: serious adverse events, adverse events of grade 3 or more, PHQ-9 item 9 above 0, pre-dose BP
        overrides and out-of-range vitals during dosing. Acknowledge each with the action taken. A serious adverse event needs a follow-up
        (due within 24 hours) before it can be acknowledged.
      </p>
      <nav className="tabs" aria-label="Safety inbox views">
        <Link to="/safety" aria-current={d.view === "open" ? "page" : undefined}>
          Open ({d.openCount})
        </Link>
        <Link to="/safety?view=history" aria-current={d.view === "history" ? "page" : undefined}>
          Acknowledged (history)
        </Link>
      </nav>
      {d.view === "open" ? (
        d.open.length === 0 ? (
          <div className="empty">
            No open safety signals. New ones appear here as they are raised; acknowledged ones are in the history.
          </div>
        ) : (
          <ul className="signal-list" aria-label="Open safety signals">
            {d.open.map((s) => (
              <SignalCard key={s.id} s={s} reply={reply} />
            ))}
          </ul>
        )
      ) : (
        <SortableTable<InboxSignal>
          rows={d.history}
          rowKey={(s) => s.id}
          caption="Acknowledged safety signals"
          initialSort={{ key: "ack", dir: "desc" }}
          empty="No acknowledged signals yet."
          columns={[
            {
              key: "ack",
              header: "Acknowledged",
              render: (s) => <span className="nowrap">{s.acknowledgedAtLocal}</span>,
              sortValue: (s) => s.acknowledgedAt,
            },
            { key: "kind", header: "Signal", render: (s) => s.kindTitle, sortValue: (s) => s.kindTitle },
            { key: "participant", header: "Participant", render: (s) => s.participant, sortValue: (s) => s.participant },
            { key: "cohort", header: "Cohort", render: (s) => s.cohort, sortValue: (s) => s.cohort },
            { key: "raised", header: "Raised", render: (s) => <span className="nowrap">{s.atLocal}</span>, sortValue: (s) => s.at },
            { key: "detail", header: "Detail", render: (s) => s.detail },
            { key: "by", header: "By", render: (s) => s.acknowledgedBy, sortValue: (s) => s.acknowledgedBy },
            { key: "note", header: "Action taken", render: (s) => s.acknowledgmentNote },
            {
              key: "source",
              header: "Source",
              render: (s) => (s.sourceHref ? <Link to={s.sourceHref}>{s.sourceLabel}</Link> : s.sourceLabel),
            },
          ]}
        />
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
