// One message log: the filters, the counts by status, a page of messages (newest due
// first) and the pager. Used by the admins' outbox, a cohort's delivery log and a
// participant's message history.
import { Form, Link, useSearchParams } from "@remix-run/react";
import { useRef } from "react";
import { clientLink, useClientNavigation } from "~/components/ui/clientNavigation";
import { useCursorHref } from "~/components/ui/cursorHref";
import { markup, type SafeHtml } from "~/components/ui/html";
import { MESSAGE_KIND_LABEL, MESSAGE_KINDS, MESSAGE_STATUS_LABEL, MESSAGE_STATUSES } from "~/forms/outreach-log";
import type { MessageLog as Log } from "~/models/outreach/messages.server";

const STATUS_BADGE: Record<string, string> = {
  SENT: "badge--ok",
  DELIVERED: "badge--ok",
  FAILED: "badge--danger",
  SCHEDULED: "badge--muted",
  SENDING: "badge--warn",
  CANCELLED: "badge--muted",
};

type Props = {
  log: Log;
  /** The page's own path (the filter form's action and "Clear"). */
  path: string;
  caption: string;
  showRecipient?: boolean;
  empty: string;
  /** Link a participant recipient to their page (viewers who may open it). */
  participantHref?: (participantId: string) => string;
};

export function MessageLog({ log, path, caption, showRecipient = true, empty, participantHref }: Props) {
  const [params] = useSearchParams();
  const table = useRef<HTMLDivElement>(null);
  useClientNavigation(table);
  const pageLink = useCursorHref();
  return (
    <>
      <Form method="get" action={path} className="filters" role="search" aria-label={`Filter: ${caption}`}>
        {params.get("where") ? <input type="hidden" name="where" value={params.get("where") ?? ""} /> : null}
        <div className="field">
          <label htmlFor="msg-status">Status</label>
          <select id="msg-status" name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">Any status</option>
            {MESSAGE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {MESSAGE_STATUS_LABEL[s]} ({(log.byStatus[s] ?? 0).toLocaleString("en-US")})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="msg-kind">Kind</label>
          <select id="msg-kind" name="kind" defaultValue={params.get("kind") ?? ""}>
            <option value="">Any kind</option>
            {MESSAGE_KINDS.map((k) => (
              <option key={k} value={k}>
                {MESSAGE_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="msg-channel">Channel</label>
          <select id="msg-channel" name="channel" defaultValue={params.get("channel") ?? ""}>
            <option value="">Email and SMS</option>
            <option value="EMAIL">Email</option>
            <option value="SMS">SMS</option>
          </select>
        </div>
        <button className="button" type="submit">
          Filter
        </button>
        <Link className="button button--secondary" to={params.get("where") ? `${path}?where=${params.get("where")}` : path}>
          Clear
        </Link>
      </Form>
      <p className="muted small" aria-live="polite">
        {log.total.toLocaleString("en-US")} message{log.total === 1 ? "" : "s"} · newest first · times{" "}
        {log.timeZone === "UTC" ? "UTC" : `in ${log.timeZone}`}
      </p>
      {log.rows.length === 0 ? (
        <div className="empty">{empty}</div>
      ) : (
        <div className="table-wrap" ref={table}>
          <table className="table table--dense">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">Due</th>
                {showRecipient ? <th scope="col">To</th> : null}
                <th scope="col">Message</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {log.rows.map((m) => (
                // A row is one string of cells (a page of 50 messages is ~450 elements React need not make).
                <tr key={m.id} dangerouslySetInnerHTML={messageCells(m, showRecipient, participantHref)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pagination" className="pagination">
        {log.previousCursor ? <Link to={pageLink("after", log.previousCursor)}>← Newer</Link> : <span />}
        {log.nextCursor ? <Link to={pageLink("before", log.nextCursor)}>Older →</Link> : <span />}
      </nav>
    </>
  );
}

const kindLabel = (k: string) => MESSAGE_KIND_LABEL[k as keyof typeof MESSAGE_KIND_LABEL] ?? k;

/** A message's cells as markup; the recipient links to their page (client-side) when `participantHref` is given. */
function messageCells(m: Log["rows"][number], showRecipient: boolean, participantHref: Props["participantHref"]): SafeHtml {
  const to = showRecipient
    ? markup`<td>${
        m.participantId && participantHref ? clientLink(participantHref(m.participantId), m.recipient) : m.recipient
      }${m.address ? markup`<div class="muted small">${m.address}</div>` : null}</td>`
    : null;
  // A <pre>'s first newline is dropped by the HTML parser: one more keeps a body's own (as React does).
  const body =
    m.subject || m.body
      ? markup`<details><summary>${m.subject ?? "Text"}</summary><pre class="small message-body">${m.body?.startsWith("\n") ? "\n" : null}${m.body}</pre></details>`
      : null;
  const badge = m.outbox ? "badge--warn" : (STATUS_BADGE[m.status] ?? "badge--muted");
  const status = m.outbox ? "In outbox — not sent" : (MESSAGE_STATUS_LABEL[m.status as keyof typeof MESSAGE_STATUS_LABEL] ?? m.status);
  return markup`<td class="nowrap">${m.due}</td>${to}<td>${kindLabel(m.kind)} <span class="muted small">· ${m.channel === "SMS" ? "SMS" : "email"}</span>${body}</td><td><span class="badge ${badge}">${status}</span>${
    m.sent && !m.outbox ? markup`<div class="muted small">${m.sent}</div>` : null
  }${m.statusReason && !m.outbox ? markup`<div class="muted small">${m.statusReason}</div>` : null}${
    m.attempts > 1 ? markup`<div class="muted small">${m.attempts} attempts</div>` : null
  }</td>`;
}
