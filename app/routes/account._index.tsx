import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { currentSessionId, listSessions, requireUser } from "~/utils/auth.server";
import { getEnv } from "~/utils/env.server";
import { ROLE_INFO, isRole } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "Your account — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const current = currentSessionId(args.request);
  const sessions = await listSessions(user.id);
  return {
    user: { name: user.name, email: user.email, roles: user.roles.filter(isRole).map((r) => ROLE_INFO[r].name) },
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

const fmt = (iso: string) => new Date(iso).toLocaleString("en-US", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" }) + " UTC";

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
