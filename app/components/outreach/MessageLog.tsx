// One message log: the filters, the counts by status, a page of messages (newest due
// first) and the pager. Used by the admins' outbox, a cohort's delivery log and a
// participant's message history.
import { Form, Link, useSearchParams } from "@remix-run/react";
import { useCursorHref } from "~/components/ui/cursorHref";
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
  const pageLink = useCursorHref();
  const label = (k: string) => MESSAGE_KIND_LABEL[k as keyof typeof MESSAGE_KIND_LABEL] ?? k;
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
        <div className="table-wrap">
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
                <tr key={m.id}>
                  <td className="nowrap">{m.due}</td>
                  {showRecipient ? (
                    <td>
                      {m.participantId && participantHref ? <Link to={participantHref(m.participantId)}>{m.recipient}</Link> : m.recipient}
                      {m.address ? <div className="muted small">{m.address}</div> : null}
                    </td>
                  ) : null}
                  <td>
                    {label(m.kind)} <span className="muted small">· {m.channel === "SMS" ? "SMS" : "email"}</span>
                    {m.subject || m.body ? (
                      <details>
                        <summary>{m.subject ?? "Text"}</summary>
                        <pre className="small message-body">{m.body}</pre>
                      </details>
                    ) : null}
                  </td>
                  <td>
                    <span className={`badge ${m.outbox ? "badge--warn" : (STATUS_BADGE[m.status] ?? "badge--muted")}`}>
                      {m.outbox
                        ? "In outbox — not sent"
                        : (MESSAGE_STATUS_LABEL[m.status as keyof typeof MESSAGE_STATUS_LABEL] ?? m.status)}
                    </span>
                    {m.sent && !m.outbox ? <div className="muted small">{m.sent}</div> : null}
                    {m.statusReason && !m.outbox ? <div className="muted small">{m.statusReason}</div> : null}
                    {m.attempts > 1 ? <div className="muted small">{m.attempts} attempts</div> : null}
                  </td>
                </tr>
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
