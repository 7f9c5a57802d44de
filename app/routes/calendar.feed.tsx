import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { createOrRotateFeed, listFeeds, revokeFeeds } from "~/models/calendar.server";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { requestMeta } from "~/utils/request.server";
import cssUrl from "~/styles/scheduling.css";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "Calendar feed — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "calendar:own");
  const feeds = await listFeeds(user.id);
  const active = feeds.find((f) => !f.revokedAt);
  return {
    active: active ? { createdAt: active.createdAt.toISOString() } : null,
    history: feeds.map((f) => ({ id: f.id, createdAt: f.createdAt.toISOString(), revokedAt: f.revokedAt?.toISOString() ?? null })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "calendar:own");
  const form = await readForm(args.request);
  const meta = requestMeta(args);
  switch (form.get("intent")) {
    case "create": {
      const token = await createOrRotateFeed(user, meta);
      const url = new URL(`/feeds/${token}.ics`, args.request.url).toString();
      return { url, message: null };
    }
    case "revoke":
      await revokeFeeds(user, meta);
      return { url: null, message: "The feed URL no longer works. Calendars subscribed to it will stop updating." };
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function CalendarFeedPage() {
  const { active } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [copied, setCopied] = useState(false);
  return (
    <div className="narrow">
      <p className="breadcrumb"><Link to="/calendar">Calendar</Link> /</p>
      <h1>Calendar feed</h1>
      <p>
        Subscribe to your sessions in Google Calendar, Apple Calendar or Outlook with a private address. The feed lists your sessions with
        title, kind, cohort, room and time. It never contains participant names. Anyone who has the address can read it: keep it private,
        and replace it if it may have been shared.
      </p>
      {result?.url ? (
        <div className="callout callout--ok" role="status">
          <p><strong>Your private feed address</strong> (shown only now; copy it into your calendar app's "subscribe by URL"):</p>
          <div className="copy-row">
            <label htmlFor="feed-url" className="visually-hidden">Feed URL</label>
            <input id="feed-url" readOnly value={result.url} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" className="button" onClick={() => navigator.clipboard?.writeText(result.url!).then(() => setCopied(true))}>
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      ) : null}
      {result?.message ? <div className="callout callout--info" role="status">{result.message}</div> : null}
      <section className="card stack">
        <h2>Status</h2>
        <p>{active ? `A feed address is active (created ${active.createdAt.slice(0, 10)}).` : "You have no active feed address."}</p>
        <div className="actions">
          <Form method="post">
            <input type="hidden" name="intent" value="create" />
            <button className="button button--primary" type="submit">{active ? "Replace with a new address" : "Create feed address"}</button>
          </Form>
          {active ? (
            <Form method="post">
              <input type="hidden" name="intent" value="revoke" />
              <button className="button button--danger" type="submit">Turn off the feed</button>
            </Form>
          ) : null}
        </div>
        {active ? <p className="muted small">Replacing gives a new address and stops the old one. The address itself is not stored, so it cannot be shown again.</p> : null}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
