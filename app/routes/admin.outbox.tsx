// Every message GroupKAP has planned or sent, for administrators; with no email or SMS
// provider configured (the quick-start demo), the built-in outbox where messages are kept
// instead of being sent.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { MessageLog } from "~/components/outreach/MessageLog";
import { parseMessageLogQuery } from "~/forms/outreach-log";
import { readerFor } from "~/models/access.server";
import { listMessages } from "~/models/outreach/messages.server";
import { outreachConfigured } from "~/models/outreach/transport.server";
import { runOutreachOnce } from "~/models/outreach/worker.server";
import { formAction } from "~/utils/action.server";
import { audit } from "~/utils/audit.server";
import { requirePermission } from "~/utils/auth.server";
import { dbReady } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Messages and outbox — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "outreach:outbox");
  const configured = outreachConfigured();
  const q = parseMessageLogQuery(new URL(args.request.url).searchParams);
  // With nothing configured the outbox is what admins come for: it is the default view.
  q.where ??= !configured.email && !configured.sms ? "outbox" : "all";
  const log = await listMessages(readerFor(args, viewer), { all: true }, q);
  return { log, configured, outboxOnly: q.where === "outbox" };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "outreach:outbox",
    schema: z.object({}),
    run: async (_input, { actor, meta }) => {
      const { lines, planned } = await runOutreachOnce();
      const sent = lines.filter((l) => l.outcome === "SENT" || l.outcome === "OUTBOX").length;
      await audit(await dbReady(), {
        actor,
        action: "outreach.run",
        entityType: "Message",
        summary: `Ran outreach by hand: ${sent} sent, ${lines.length - sent} other, ${planned?.created ?? 0} planned`,
        ...meta,
      });
      return { sent, other: lines.length - sent, planned: planned?.created ?? 0 };
    },
    success: (r) => ({
      toast: `Planned ${r.planned} new message(s); sent ${r.sent}${r.other ? `, ${r.other} cancelled, moved or retried` : ""}.`,
    }),
  });
}

export default function Outbox() {
  const d = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const none = !d.configured.email && !d.configured.sms;
  return (
    <>
      <h1>Messages and outbox</h1>
      {none || !d.configured.email || !d.configured.sms ? (
        <div className="callout callout--warn" role="note">
          <strong>{none ? "Messages are not being sent." : `${d.configured.email ? "SMS" : "Email"} is not being sent.`}</strong>{" "}
          {none ? "No email or SMS provider is configured" : `No ${d.configured.email ? "SMS provider" : "SMTP server"} is configured`}, so
          those messages are kept here in the outbox, marked “In outbox — not sent”. Set <code>SMTP_URL</code> (and{" "}
          <code>SMS_PROVIDER_URL</code>, <code>SMS_ACCOUNT_SID</code>, <code>SMS_AUTH_TOKEN</code>, <code>SMS_FROM</code>) to deliver them.
        </div>
      ) : null}
      <p className="muted">
        Invitations, reminders and staff safety notifications, planned from each program&apos;s protocol and sent by the job runner every
        minute. Times are UTC.
      </p>
      <div className="actions">
        <Link className="button button--secondary" to={d.outboxOnly ? "/admin/outbox?where=all" : "/admin/outbox?where=outbox"}>
          {d.outboxOnly ? "Show every message" : "Show only the outbox"}
        </Link>
        <Form method="post">
          <button className="button" type="submit" disabled={busy}>
            {busy ? "Sending…" : "Plan and send due messages now"}
          </button>
        </Form>
      </div>
      <MessageLog
        log={d.log}
        path="/admin/outbox"
        caption={d.outboxOnly ? "Messages in the outbox, newest due first" : "Messages, newest due first"}
        empty="No messages yet. They appear when a participant with consent to be contacted has a questionnaire window or a session ahead."
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
