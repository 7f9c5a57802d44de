import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { useRef } from "react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SafetyBanner } from "~/components/participant/SafetyBanner";
import { useClientNavigation } from "~/components/ui/clientNavigation";
import { menuLink } from "~/components/ui/menuLink";
import { readerFor, requireParticipantAccess } from "~/models/access.server";
import { occupationLabel, sexLabel } from "~/models/participant.schema";
import { getParticipantHeader } from "~/models/participant.server";
import cssUrl from "~/styles/participants.css";
import { requirePermission } from "~/utils/auth.server";
import { can, type Permission } from "~/utils/permissions";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.participant.name ?? "Participant"} — Participants — GroupKAP` },
];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "participant:read");
  const found = await requireParticipantAccess(viewer, args.params.participantId, args.context);
  return {
    participant: await getParticipantHeader(readerFor(args, viewer), found.id),
    canSeeInbox: can(viewer.roles, "safety:inbox"),
    // Tabs whose page this user may open; the pages check the same permissions.
    tabs: TABS.filter((t) => !t.permission || can(viewer.roles, t.permission)).map(({ permission: _p, ...t }) => t),
  };
}

// The header (name, safety banner) is refreshed on each navigation between tabs. The audit
// row of a page does not depend on it: every tab's own read audits itself.
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
  currentUrl.pathname !== nextUrl.pathname || defaultShouldRevalidate;

const TABS: { to: string; label: string; end: boolean; permission?: Permission }[] = [
  { to: "", label: "Overview", end: true },
  { to: "measures", label: "Measures", end: false },
  { to: "sessions", label: "Sessions", end: false },
  { to: "contact", label: "Contact and messages", end: false },
  { to: "consent", label: "Consent", end: false },
  { to: "adverse-events", label: "Adverse events", end: false, permission: "ae:record" },
];

export default function ParticipantLayout() {
  const { participant: p, canSeeInbox, tabs } = useLoaderData<typeof loader>();
  const { pathname } = useLocation();
  const tabBar = useRef<HTMLElement>(null);
  useClientNavigation(tabBar);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/participants">Participants</Link> /
      </p>
      <header className="participant-header">
        <h1>{p.name}</h1>
        <span className="participant-header__meta">
          <code aria-label="Participant code">{p.code}</code> · {p.age === null ? "age unknown" : `${p.age} years`} · {sexLabel(p.sex)} ·{" "}
          {occupationLabel(p.occupation)}
        </span>
      </header>
      <SafetyBanner signals={p.signals} canSeeInbox={canSeeInbox} />
      <nav aria-label="Participant record" ref={tabBar}>
        <ul className="tabs">
          {tabs.map((t) => (
            <li key={t.label}>
              <a {...menuLink(pathname, t.to === "" ? `/participants/${p.id}` : `/participants/${p.id}/${t.to}`, { end: t.end })}>
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
