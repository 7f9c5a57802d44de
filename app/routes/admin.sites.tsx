import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { RoomForm, SiteForm, SiteSafetyForm, ToggleButton } from "~/components/calendar/SiteAdmin";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { siteIntents } from "~/forms/sites";
import {
  clinicianOptions,
  createRoom,
  createSite,
  listSites,
  setRoomActive,
  setSiteActive,
  timeZoneOptions,
  updateRoom,
  updateSite,
  updateSiteSafety,
} from "~/models/site.server";
import cssUrl from "~/styles/scheduling.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "Sites & rooms — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "site:manage");
  const sites = await listSites();
  return {
    zones: timeZoneOptions(),
    clinicians: await clinicianOptions(),
    sites: sites.map((s) => ({
      id: s.id,
      name: s.name,
      timeZone: s.timeZone,
      address: s.address,
      active: s.active,
      cohorts: s._count.cohorts,
      version: s.version,
      crisisLine: s.crisisLine,
      onCallUserId: s.onCallUserId,
      medicalLeadUserId: s.medicalLeadUserId,
      escalateItem9Minutes: s.escalateItem9Minutes,
      escalateOtherMinutes: s.escalateOtherMinutes,
      rooms: s.rooms.map((r) => ({ id: r.id, name: r.name, capacity: r.capacity, active: r.active })),
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "site:manage",
    schema: siteIntents,
    run: async (input, { actor, meta }) => {
      switch (input.intent) {
        case "create-site":
          return createSite(actor, meta, input);
        case "update-site":
          return updateSite(actor, meta, input.siteId, input);
        case "toggle-site":
          return setSiteActive(actor, meta, input.siteId, input.active);
        case "create-room":
          return createRoom(actor, meta, input.siteId, input);
        case "update-room":
          return updateRoom(actor, meta, input.roomId, input);
        case "toggle-room":
          return setRoomActive(actor, meta, input.roomId, input.active);
        case "update-site-safety":
          return updateSiteSafety(actor, meta, input);
      }
    },
    success: (_, input) => ({ toast: SUCCESS[input.intent]("active" in input && input.active) }),
  });
}

const SUCCESS: Record<z.output<typeof siteIntents>["intent"], (active: boolean) => string> = {
  "create-site": () => "Site added.",
  "update-site": () => "Site saved.",
  "toggle-site": (active) => (active ? "Site reactivated." : "Site deactivated: it is no longer offered for new cohorts."),
  "create-room": () => "Room added.",
  "update-room": () => "Room saved.",
  "toggle-room": (active) => (active ? "Room reactivated." : "Room deactivated."),
  "update-site-safety": () => "Safety contacts saved.",
};

export default function SitesPage() {
  const { sites, zones, clinicians } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <h1>Sites &amp; rooms</h1>
      <section className="card" aria-labelledby="new-site-h">
        <h2 id="new-site-h">Add a site</h2>
        <p className="muted small">
          A site's time zone is the default for its cohorts. Deactivated sites and rooms stay on existing cohorts but are not offered for
          new ones.
        </p>
        <SiteForm zones={zones} reply={reply} />
      </section>
      {sites.length === 0 ? <p className="empty">No sites yet. Add the first one above.</p> : null}
      {sites.map((site) => (
        <section key={site.id} className="card" aria-labelledby={`site-${site.id}`}>
          <div className="page-header">
            <h2 id={`site-${site.id}`}>
              {site.name} {site.active ? null : <span className="badge badge--muted">Deactivated</span>}
            </h2>
            <ToggleButton intent="toggle-site" idName="siteId" id={site.id} active={site.active} what="site" />
          </div>
          <p className="muted small">
            {site.timeZone}
            {site.address ? ` · ${site.address}` : ""} · {site.cohorts} cohort{site.cohorts === 1 ? "" : "s"}
          </p>
          <details open={reply?.formId === `site:${site.id}` && !reply.ok}>
            <summary>Edit site details</summary>
            <SiteForm site={site} zones={zones} reply={reply} />
          </details>
          <details open={reply?.formId === `site-safety:${site.id}` && !reply.ok}>
            <summary>Safety contacts and crisis line</summary>
            <SiteSafetyForm key={site.version} site={site} clinicians={clinicians} reply={reply} />
          </details>
          <h3>Rooms</h3>
          {site.rooms.length === 0 ? <p className="muted">No rooms yet.</p> : null}
          <ul className="stack">
            {site.rooms.map((room) => (
              <li key={room.id}>
                <strong>{room.name}</strong> {room.capacity ? `(${room.capacity} seats)` : ""}{" "}
                {room.active ? null : <span className="badge badge--muted">Deactivated</span>}
                <details open={reply?.formId === `room:${room.id}` && !reply.ok}>
                  <summary>Edit {room.name}</summary>
                  <RoomForm siteId={site.id} room={room} reply={reply} />
                  <ToggleButton intent="toggle-room" idName="roomId" id={room.id} active={room.active} what="room" />
                </details>
              </li>
            ))}
          </ul>
          <RoomForm siteId={site.id} reply={reply} />
        </section>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
