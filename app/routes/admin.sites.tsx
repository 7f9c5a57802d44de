import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { RoomForm, SiteForm, ToggleButton, type SiteFeedback } from "~/components/calendar/SiteAdmin";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import {
  FormErrors, createRoom, createSite, listSites, setRoomActive, setSiteActive, timeZoneOptions, updateRoom, updateSite,
} from "~/models/site.server";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { formValues } from "~/utils/forms";
import { requestMeta } from "~/utils/request.server";
import cssUrl from "~/styles/scheduling.css";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "Sites & rooms — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "site:manage");
  const sites = await listSites();
  return {
    zones: timeZoneOptions(),
    sites: sites.map((s) => ({ id: s.id, name: s.name, timeZone: s.timeZone, address: s.address, active: s.active, cohorts: s._count.cohorts, rooms: s.rooms.map((r) => ({ id: r.id, name: r.name, capacity: r.capacity, active: r.active })) })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "site:manage");
  const meta = requestMeta(args);
  const form = await readForm(args.request);
  const values = formValues(form);
  const s = (k: string) => String(form.get(k) ?? "");
  const intent = s("intent");
  const target =
    intent === "create-site" ? "new-site" : intent === "update-site" ? `site:${s("siteId")}` : intent === "create-room" ? `new-room:${s("siteId")}` : `room:${s("roomId")}`;
  try {
    switch (intent) {
      case "create-site": await createSite(actor, meta, values); return { ok: true as const, message: "Site added." };
      case "update-site": await updateSite(actor, meta, s("siteId"), values); return { ok: true as const, message: "Site saved." };
      case "toggle-site": await setSiteActive(actor, meta, s("siteId"), s("active") === "true"); return { ok: true as const, message: s("active") === "true" ? "Site reactivated." : "Site deactivated: it is no longer offered for new cohorts." };
      case "create-room": await createRoom(actor, meta, s("siteId"), values); return { ok: true as const, message: "Room added." };
      case "update-room": await updateRoom(actor, meta, s("roomId"), values); return { ok: true as const, message: "Room saved." };
      case "toggle-room": await setRoomActive(actor, meta, s("roomId"), s("active") === "true"); return { ok: true as const, message: s("active") === "true" ? "Room reactivated." : "Room deactivated." };
      default: throw new Response("Unknown intent", { status: 400 });
    }
  } catch (e) {
    if (e instanceof FormErrors) return data({ ok: false as const, target, errors: e.errors, values }, { status: e.status });
    throw e;
  }
}

export default function SitesPage() {
  const { sites, zones } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const feedback: SiteFeedback = result && !result.ok ? result : undefined;
  return (
    <>
      <h1>Sites &amp; rooms</h1>
      {result?.ok ? <div className="callout callout--ok" role="status">{result.message}</div> : null}
      <section className="card" aria-labelledby="new-site-h">
        <h2 id="new-site-h">Add a site</h2>
        <p className="muted small">A site's time zone is the default for its cohorts. Deactivated sites and rooms stay on existing cohorts but are not offered for new ones.</p>
        <SiteForm zones={zones} feedback={feedback} />
      </section>
      {sites.length === 0 ? <p className="empty">No sites yet. Add the first one above.</p> : null}
      {sites.map((site) => (
        <section key={site.id} className="card" aria-labelledby={`site-${site.id}`}>
          <div className="page-header">
            <h2 id={`site-${site.id}`}>{site.name} {site.active ? null : <span className="badge badge--muted">Deactivated</span>}</h2>
            <ToggleButton intent="toggle-site" idName="siteId" id={site.id} active={site.active} what="site" />
          </div>
          <p className="muted small">{site.timeZone}{site.address ? ` · ${site.address}` : ""} · {site.cohorts} cohort{site.cohorts === 1 ? "" : "s"}</p>
          <details open={feedback?.target === `site:${site.id}`}>
            <summary>Edit site details</summary>
            <SiteForm site={site} zones={zones} feedback={feedback} />
          </details>
          <h3>Rooms</h3>
          {site.rooms.length === 0 ? <p className="muted">No rooms yet.</p> : null}
          <ul className="stack">
            {site.rooms.map((room) => (
              <li key={room.id}>
                <strong>{room.name}</strong> {room.capacity ? `(${room.capacity} seats)` : ""} {room.active ? null : <span className="badge badge--muted">Deactivated</span>}
                <details open={feedback?.target === `room:${room.id}`}>
                  <summary>Edit {room.name}</summary>
                  <RoomForm siteId={site.id} room={room} feedback={feedback} />
                  <ToggleButton intent="toggle-room" idName="roomId" id={room.id} active={room.active} what="room" />
                </details>
              </li>
            ))}
          </ul>
          <RoomForm siteId={site.id} feedback={feedback} />
        </section>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
