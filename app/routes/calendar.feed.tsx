import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FormError } from "~/components/ui/Field";
import { SchemaForm, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { formatInstantDate } from "~/domain/scheduling/localTime";
import type { FormReply } from "~/forms/reply";
import { calendarFeedFormSchema } from "~/forms/scheduling";
import { createOrRotateFeed, feedCoversRunningCohorts, listFeeds, revokeFeeds } from "~/models/calendar.server";
import cssUrl from "~/styles/scheduling.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "Calendar feed — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "calendar:own");
  const feeds = await listFeeds(user.id);
  const active = feeds.find((f) => !f.revokedAt);
  return {
    coversRunningCohorts: feedCoversRunningCohorts(user.roles),
    active: active ? { createdAt: active.createdAt.toISOString() } : null,
    history: feeds.map((f) => ({ id: f.id, createdAt: f.createdAt.toISOString(), revokedAt: f.revokedAt?.toISOString() ?? null })),
  };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "calendar:own",
    schema: calendarFeedFormSchema,
    run: async (input, { actor, meta }) => {
      if (input.intent === "revoke") return revokeFeeds(actor, meta).then(() => null);
      const token = await createOrRotateFeed(actor, meta);
      return new URL(`/feeds/${token}.ics`, args.request.url).toString();
    },
    // The address is a secret shown once on this page, never put in the toast cookie.
    success: (url) =>
      url
        ? { toast: "Feed address created.", data: { url } }
        : { toast: "The feed URL no longer works. Calendars subscribed to it will stop updating." },
  });
}

/** A button-only form (the intent is all it sends). */
function IntentForm({
  intent,
  reply,
  children,
}: {
  intent: "create" | "revoke";
  reply: FormReply<unknown> | undefined;
  children: ReactNode;
}) {
  const [form] = useSchemaForm({ id: `feed-${intent}`, schema: calendarFeedFormSchema, reply });
  return (
    <SchemaForm form={form}>
      <FormError message={formMessage(form)} />
      <input type="hidden" name="intent" value={intent} />
      {children}
    </SchemaForm>
  );
}

export default function CalendarFeedPage() {
  const { active, coversRunningCohorts } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const url = reply?.ok ? reply.data?.url : undefined;
  const [copied, setCopied] = useState(false);
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/calendar">Calendar</Link> /
      </p>
      <h1>Calendar feed</h1>
      <p>
        Subscribe to your sessions in Google Calendar, Apple Calendar or Outlook with a private address. The feed lists{" "}
        {coversRunningCohorts
          ? "the sessions you staff and every session of the cohorts that are planned, enrolling or active (a year ahead),"
          : "your sessions"}{" "}
        with title, kind, cohort, room and time. It never contains participant names. Anyone who has the address can read it: keep it
        private, and replace it if it may have been shared.
      </p>
      {url ? (
        <div className="callout callout--ok">
          <p>
            <strong>Your private feed address</strong> (shown only now; copy it into your calendar app's "subscribe by URL"):
          </p>
          <div className="copy-row">
            <label htmlFor="feed-url" className="visually-hidden">
              Feed URL
            </label>
            <input id="feed-url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" className="button" onClick={() => navigator.clipboard?.writeText(url).then(() => setCopied(true))}>
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      ) : null}
      <section className="card stack">
        <h2>Status</h2>
        <p>
          {active
            ? `A feed address is active (created ${formatInstantDate(active.createdAt, "UTC")}).`
            : "You have no active feed address."}
        </p>
        <div className="actions">
          <IntentForm intent="create" reply={reply}>
            <button className="button button--primary" type="submit">
              {active ? "Replace with a new address" : "Create feed address"}
            </button>
          </IntentForm>
          {active ? (
            <IntentForm intent="revoke" reply={reply}>
              <button className="button button--danger" type="submit">
                Turn off the feed
              </button>
            </IntentForm>
          ) : null}
        </div>
        {active ? (
          <p className="muted small">
            Replacing gives a new address and stops the old one. The address itself is not stored, so it cannot be shown again.
          </p>
        ) : null}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
