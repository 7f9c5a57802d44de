import { Form } from "@remix-run/react";
import { Field, FormError } from "~/components/ui/Field";

export type SiteRow = {
  id: string;
  name: string;
  timeZone: string;
  address: string | null;
  active: boolean;
  cohorts: number;
  rooms: { id: string; name: string; capacity: number | null; active: boolean }[];
};
export type SiteFeedback = { target: string; errors: Record<string, string>; values: Record<string, string | string[]> } | undefined;

function ZoneSelect({ id, value, zones, error }: { id: string; value: string; zones: string[]; error?: string }) {
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>Time zone</label>
      <select id={id} name="timeZone" defaultValue={value} aria-invalid={error ? true : undefined}>
        {value && !zones.includes(value) ? <option value={value}>{value}</option> : null}
        {zones.map((z) => <option key={z} value={z}>{z}</option>)}
      </select>
      {error ? <p className="field__error" role="alert">{error}</p> : null}
    </div>
  );
}

export function SiteForm({ site, zones, feedback }: { site?: SiteRow; zones: string[]; feedback: SiteFeedback }) {
  const target = site ? `site:${site.id}` : "new-site";
  const mine = feedback?.target === target ? feedback : undefined;
  const v = (k: string, d: string) => (typeof mine?.values[k] === "string" ? (mine.values[k] as string) : d);
  return (
    <Form method="post" className="inline-form" aria-label={site ? `Edit ${site.name}` : "New site"}>
      <input type="hidden" name="intent" value={site ? "update-site" : "create-site"} />
      {site ? <input type="hidden" name="siteId" value={site.id} /> : null}
      <FormError message={mine?.errors.form} />
      <Field id={`${target}-name`} label="Site name" name="name" defaultValue={v("name", site?.name ?? "")} error={mine?.errors.name} />
      <ZoneSelect id={`${target}-tz`} value={v("timeZone", site?.timeZone ?? "America/Denver")} zones={zones} error={mine?.errors.timeZone} />
      <Field id={`${target}-address`} label="Address" name="address" defaultValue={v("address", site?.address ?? "")} error={mine?.errors.address} />
      <button className="button" type="submit">{site ? "Save site" : "Add site"}</button>
    </Form>
  );
}

export function RoomForm({ siteId, room, feedback }: { siteId: string; room?: SiteRow["rooms"][number]; feedback: SiteFeedback }) {
  const target = room ? `room:${room.id}` : `new-room:${siteId}`;
  const mine = feedback?.target === target ? feedback : undefined;
  const v = (k: string, d: string) => (typeof mine?.values[k] === "string" ? (mine.values[k] as string) : d);
  return (
    <Form method="post" className="inline-form" aria-label={room ? `Edit room ${room.name}` : "New room"}>
      <input type="hidden" name="intent" value={room ? "update-room" : "create-room"} />
      <input type="hidden" name={room ? "roomId" : "siteId"} value={room ? room.id : siteId} />
      <FormError message={mine?.errors.form} />
      <Field id={`${target}-name`} label="Room name" name="name" defaultValue={v("name", room?.name ?? "")} error={mine?.errors.name} />
      <Field id={`${target}-cap`} label="Seats" name="capacity" type="number" min={1} defaultValue={v("capacity", room?.capacity?.toString() ?? "")} error={mine?.errors.capacity} />
      <button className="button button--small" type="submit">{room ? "Save room" : "Add room"}</button>
    </Form>
  );
}

export function ToggleButton({ intent, idName, id, active, what }: { intent: string; idName: string; id: string; active: boolean; what: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={idName} value={id} />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      <button className={`button button--small${active ? " button--danger" : ""}`} type="submit">
        {active ? `Deactivate ${what}` : `Reactivate ${what}`}
      </button>
    </Form>
  );
}
