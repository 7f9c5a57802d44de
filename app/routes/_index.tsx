import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { navFor } from "~/components/navigation";
import { requireUser } from "~/utils/auth.server";
import { dbReady } from "~/utils/db.server";
import { ROLE_INFO, isRole } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "Home — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const db = await dbReady();
  const lastLogins = await db.auditEvent.findMany({
    where: { actorId: user.id, action: "auth.login" },
    orderBy: { at: "desc" },
    take: 2,
    select: { at: true, ip: true },
  });
  const failedSince = lastLogins[1]?.at ?? new Date(0);
  const failed = await db.auditEvent.count({
    where: { actorLabel: user.email, action: "auth.login_failed", at: { gt: failedSince } },
  });
  return {
    name: user.name,
    roles: user.roles.filter(isRole).map((r) => ({ code: r, ...ROLE_INFO[r] })),
    links: navFor(user.roles).filter((n) => n.to !== "/"),
    previousLogin: lastLogins[1] ?? null,
    failedSincePrevious: failed,
  };
}

export default function Home() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Welcome, {d.name}</h1>
      <section aria-labelledby="roles-h" className="card">
        <h2 id="roles-h">Your roles</h2>
        <ul className="role-list">
          {d.roles.map((r) => (
            <li key={r.code}>
              <strong>{r.name}</strong> — {r.description}
            </li>
          ))}
        </ul>
        {d.links.length ? (
          <>
            <h3>Where to go</h3>
            <ul className="link-list">
              {d.links.map((l) => (
                <li key={l.to}>
                  <Link to={l.to}>{l.label}</Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section aria-labelledby="security-h" className="card">
        <h2 id="security-h">Account security</h2>
        <p>
          {d.previousLogin
            ? `Your previous sign-in was on ${new Date(d.previousLogin.at).toLocaleString("en-US", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" })} UTC${d.previousLogin.ip ? ` from ${d.previousLogin.ip}` : ""}.`
            : "This is your first sign-in."}{" "}
          {d.failedSincePrevious > 0
            ? `${d.failedSincePrevious} failed sign-in attempt(s) for your email since then. If that was not you, change your password.`
            : null}
        </p>
        <p>
          <Link to="/account">Manage your account, password and signed-in devices</Link>
        </p>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
