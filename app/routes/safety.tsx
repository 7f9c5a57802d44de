import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SignalCard } from "~/components/safety/SignalCard";
import { useCursorHref } from "~/components/ui/cursorHref";
import { SortableTable, type Column } from "~/components/ui/SortableTable";
import { inboxQuery } from "~/forms/lists";
import { acknowledgeSignalForm } from "~/forms/safety";
import { readerFor } from "~/models/access.server";
import { INBOX_PAGE_SIZE, acknowledgeSignal, listInbox, type InboxSignal } from "~/models/safetySignal.server";
import cssUrl from "~/styles/safety.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data?.view === "history" ? "Acknowledged signals" : `Safety inbox${data ? ` (${data.openCount.toLocaleString("en-US")})` : ""}`} — GroupKAP`,
  },
];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "safety:inbox");
  const page = inboxQuery.parse(Object.fromEntries(new URL(args.request.url).searchParams));
  return { ...(await listInbox(readerFor(args, viewer), page)), pageSize: INBOX_PAGE_SIZE };
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
  const pageLink = useCursorHref();
  const paged = d.total > d.pageSize;
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
          Open ({d.openCount.toLocaleString("en-US")})
        </Link>
        <Link to="/safety?view=history" aria-current={d.view === "history" ? "page" : undefined}>
          Acknowledged (history)
        </Link>
      </nav>
      {paged ? (
        <p className="muted small" aria-live="polite">
          {d.signals.length} shown of {d.total.toLocaleString("en-US")}{" "}
          {d.view === "open" ? "open signals, most urgent first, then newest" : "acknowledged signals, latest acknowledgement first"}
        </p>
      ) : null}
      {d.view === "open" ? (
        d.signals.length === 0 ? (
          <div className="empty">
            No open safety signals. New ones appear here as they are raised; acknowledged ones are in the history.
          </div>
        ) : (
          <ul className="signal-list" aria-label="Open safety signals">
            {d.signals.map((s) => (
              <SignalCard key={s.id} s={s} reply={reply} />
            ))}
          </ul>
        )
      ) : (
        <SortableTable<InboxSignal>
          rows={d.signals}
          rowKey={(s) => s.id}
          caption={paged ? "Acknowledged safety signals, latest acknowledgement first" : "Acknowledged safety signals"}
          initialSort={paged ? undefined : { key: "ack", dir: "desc" }}
          empty="No acknowledged signals yet."
          columns={historyColumns.map((c) => (paged ? { ...c, sortValue: undefined } : c))}
        />
      )}
      {d.previousCursor || d.nextCursor ? (
        <nav aria-label="Pages of signals" className="pagination">
          {d.previousCursor ? (
            <Link to={pageLink("before", d.previousCursor)} rel="prev">
              ← Previous {d.pageSize}
            </Link>
          ) : (
            <span />
          )}
          {d.nextCursor ? (
            <Link to={pageLink("after", d.nextCursor)} rel="next">
              Next {d.pageSize} →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}

const historyColumns: Column<InboxSignal>[] = [
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
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
