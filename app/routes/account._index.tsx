import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { formatLocalDateTime } from "~/domain/scheduling/localTime";
import { notificationFields } from "~/forms/account";
import { outreachConfigured } from "~/models/outreach/transport.server";
import { getOwnNotificationSettings, updateOwnNotificationSettings } from "~/models/user.server";
import { formAction } from "~/utils/action.server";
import { currentSessionId, listSessions, requireUser } from "~/utils/auth.server";
import { getEnv } from "~/utils/env.server";
import { ROLE_INFO, isRole } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "Your account — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const current = currentSessionId(args.request);
  const [sessions, notifications] = await Promise.all([listSessions(user.id), getOwnNotificationSettings(user)]);
  return {
    user: { name: user.name, email: user.email, roles: user.roles.filter(isRole).map((r) => ROLE_INFO[r].name) },
    notifications,
    delivery: outreachConfigured(),
    inactivityMinutes: getEnv().SESSION_INACTIVITY_MINUTES,
    sessions: sessions.map((s) => ({
      id: s.id.slice(0, 6),
      current: s.id === current,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  return formAction(args, {
    permission: { actor: user },
    schema: notificationFields,
    run: (input, { meta }) => updateOwnNotificationSettings(user, meta, input),
    success: () => ({ toast: "Notification settings saved." }),
  });
}

function NotificationSettings({
  settings,
  delivery,
}: {
  settings: { phone: string | null; notifyByEmail: boolean; notifyBySms: boolean; version: number };
  delivery: { email: boolean; sms: boolean };
}) {
  const [form, fields] = useSchemaForm({
    id: "notifications",
    schema: notificationFields,
    reply: useActionData<typeof action>(),
    defaultValue: {
      notifyByEmail: settings.notifyByEmail ? "on" : "",
      notifyBySms: settings.notifyBySms ? "on" : "",
      phone: settings.phone ?? "",
    },
  });
  const box = (meta: typeof fields.notifyByEmail, label: string) => (
    <div className="checkbox">
      <input key={meta.key} type="checkbox" id={meta.id} name={meta.name} value="on" defaultChecked={meta.initialValue === "on"} />
      <label htmlFor={meta.id}>{label}</label>
    </div>
  );
  return (
    <section className="card" aria-labelledby="notifications-h">
      <h2 id="notifications-h">Safety notifications</h2>
      <p className="muted small">
        When you are a clinician of a cohort, on call, or a site&apos;s medical lead, GroupKAP tells you about new high-priority safety
        items and escalations. The messages never contain participant details, only a link to sign in.
      </p>
      <SchemaForm form={form} aria-label="Notification settings">
        <FormError message={formMessage(form)} />
        <input type="hidden" name="version" value={settings.version} />
        {box(fields.notifyByEmail, "Email notifications")}
        {box(fields.notifyBySms, "SMS notifications")}
        <Field
          key={fields.phone.key}
          label="Mobile phone"
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          hint="International format, e.g. +15551234567. Needed for SMS."
          {...fieldProps(fields.phone)}
        />
        {!delivery.email || !delivery.sms ? (
          <p className="muted small">
            {!delivery.email && !delivery.sms
              ? "No email or SMS provider is configured on this server: notifications are kept in the outbox, not sent."
              : !delivery.email
                ? "No email provider is configured on this server: email notifications are kept in the outbox, not sent."
                : "No SMS provider is configured on this server: SMS notifications are kept in the outbox, not sent."}
          </p>
        ) : null}
        <button className="button" type="submit">
          Save notification settings
        </button>
      </SchemaForm>
    </section>
  );
}

const fmt = (iso: string) => `${formatLocalDateTime(new Date(iso), "UTC")} UTC`;

export default function Account() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your account</h1>
      <section className="card" aria-labelledby="profile-h">
        <h2 id="profile-h">Profile</h2>
        <dl className="facts">
          <dt>Name</dt>
          <dd>{d.user.name}</dd>
          <dt>Email</dt>
          <dd>{d.user.email}</dd>
          <dt>Roles</dt>
          <dd>{d.user.roles.join(", ")}</dd>
        </dl>
        <p className="muted small">Only an administrator can change your name, email or roles.</p>
        <p>
          <Link className="button" to="/account/password">
            Change password
          </Link>
        </p>
      </section>
      <NotificationSettings key={d.notifications.version} settings={d.notifications} delivery={d.delivery} />
      <section className="card" aria-labelledby="sessions-h">
        <h2 id="sessions-h">Signed-in devices</h2>
        <p className="muted small">
          A session ends after {d.inactivityMinutes} minutes without activity, when you close the browser, or when you sign out.
        </p>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Your active sessions</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">IP address</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last active</th>
              </tr>
            </thead>
            <tbody>
              {d.sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.userAgent ? s.userAgent.slice(0, 60) : "Unknown browser"}
                    {s.current ? <span className="badge badge--ok"> this device</span> : null}
                  </td>
                  <td>{s.ip ?? "—"}</td>
                  <td>{fmt(s.createdAt)}</td>
                  <td>{fmt(s.lastSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Form method="post" action="/logout">
          <input type="hidden" name="scope" value="everywhere" />
          <button type="submit" className="button button--danger">
            Sign out everywhere
          </button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
