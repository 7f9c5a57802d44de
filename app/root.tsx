import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useRef, type ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { navFor } from "~/components/navigation";
import { useClientNavigation } from "~/components/ui/clientNavigation";
import { menuLink } from "~/components/ui/menuLink";
import { needsYou } from "~/models/worklist.server";
import { homeLinkLabel } from "~/models/worklist.shared";
import stylesHref from "~/styles/app.css";
import { getUser } from "~/utils/auth.server";
import { useNonce } from "~/utils/nonce";
import { ROLE_INFO, isRole } from "~/utils/permissions";
import { takeToast } from "~/utils/toast.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args);
  const taken = await takeToast(args.request);
  const toast = args.context.pendingToast ?? taken.toast;
  const headers = taken.headers;
  // The Home and Safety inbox counts: a few bounded queries shared with the home page's worklist.
  // The home page counts afresh; other pages may use the person's count of the last minute.
  const home = new URL(args.request.url).pathname === "/";
  const needs = user && !user.mustChangePassword ? await needsYou(user, new Date(), { fresh: home, request: args.context }) : null;
  return data(
    {
      toast,
      user: user
        ? {
            name: user.name,
            email: user.email,
            roles: user.roles,
            roleNames: user.roles.filter(isRole).map((r) => ROLE_INFO[r].name),
            mustChangePassword: user.mustChangePassword,
          }
        : null,
      nav: user && !user.mustChangePassword ? navFor(user.roles) : [],
      safetyOpenCount: needs?.safety ?? null,
      homeCount: needs?.total ?? null,
    },
    { headers },
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  const main = data?.nav.filter((n) => n.section === "main") ?? [];
  const admin = data?.nav.filter((n) => n.section === "admin") ?? [];
  const { pathname } = useLocation();
  const header = useRef<HTMLElement>(null);
  useClientNavigation(header);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="topbar" ref={header}>
          <div className="topbar__inner">
            <a className="brand" href="/">
              <span aria-hidden="true" className="brand__mark">
                ◆
              </span>{" "}
              GroupKAP
            </a>
            {user ? (
              <nav aria-label="Main" className="mainnav">
                <ul>
                  {main.map((n) => (
                    <li key={n.to}>
                      <a
                        {...menuLink(pathname, n.to, { end: n.to === "/" })}
                        aria-label={
                          n.to === "/safety" && data?.safetyOpenCount != null
                            ? `Safety inbox, ${data.safetyOpenCount} open signal${data.safetyOpenCount === 1 ? "" : "s"}`
                            : n.to === "/" && data?.homeCount != null
                              ? homeLinkLabel(data.homeCount)
                              : undefined
                        }
                      >
                        {n.label}
                        {n.to === "/" && data?.homeCount ? (
                          <>
                            {" "}
                            <span className="badge badge--warn" data-testid="home-count">
                              {data.homeCount.toLocaleString("en-US")}
                            </span>
                          </>
                        ) : null}
                        {n.to === "/safety" && data?.safetyOpenCount ? (
                          <>
                            {" "}
                            <span className="badge badge--danger">({data.safetyOpenCount})</span>
                          </>
                        ) : null}
                      </a>
                    </li>
                  ))}
                  {admin.length ? (
                    <li className="mainnav__group" aria-label="Administration">
                      <span className="mainnav__group-label">Admin:</span>
                      <ul>
                        {admin.map((n) => (
                          <li key={n.to}>
                            <a {...menuLink(pathname, n.to)}>{n.label}</a>
                          </li>
                        ))}
                      </ul>
                    </li>
                  ) : null}
                </ul>
              </nav>
            ) : null}
            {user ? (
              <div className="usermenu">
                <a {...menuLink(pathname, "/account", { className: "usermenu__name" })}>
                  {user.name}
                  <span className="usermenu__roles">{user.roleNames.join(", ")}</span>
                </a>
                <Form method="post" action="/logout">
                  <button type="submit" className="button button--small button--secondary">
                    Sign out
                  </button>
                </Form>
              </div>
            ) : null}
          </div>
        </header>
        <main id="main" className="page">
          {data?.toast ? (
            <div
              key={data.toast.message}
              className={`callout callout--${data.toast.kind === "success" ? "ok" : "error"} toast`}
              role={data.toast.kind === "success" ? "status" : "alert"}
            >
              {data.toast.message}
            </div>
          ) : null}
          {children}
        </main>
        <footer className="footer">GroupKAP — group ketamine-assisted psychotherapy programs. Synthetic demo data only.</footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
