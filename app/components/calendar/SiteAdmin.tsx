import { Form } from "@remix-run/react";
import { SelectField } from "~/components/participant/SelectField";
import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import type { FormReply } from "~/forms/reply";
import { roomFields, siteFields, siteSafetyFields } from "~/forms/sites";

export type SiteRow = {
  id: string;
  name: string;
  timeZone: string;
  address: string | null;
  active: boolean;
  cohorts: number;
  rooms: { id: string; name: string; capacity: number | null; active: boolean }[];
};
type Reply = FormReply<unknown> | undefined;

function ZoneSelect({
  id,
  name,
  defaultValue,
  zones,
  error,
}: {
  id: string;
  name: string;
  defaultValue: string;
  zones: string[];
  error?: string;
}) {
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>Time zone</label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {defaultValue && !zones.includes(defaultValue) ? <option value={defaultValue}>{defaultValue}</option> : null}
        {zones.map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function SiteForm({ site, zones, reply }: { site?: SiteRow; zones: string[]; reply: Reply }) {
  const [form, fields] = useSchemaForm({
    id: site ? `site:${site.id}` : "new-site",
    schema: siteFields,
    reply,
    defaultValue: { name: site?.name ?? "", timeZone: site?.timeZone ?? "America/Denver", address: site?.address ?? "" },
  });
  return (
    <SchemaForm form={form} className="inline-form" aria-label={site ? `Edit ${site.name}` : "New site"}>
      <input type="hidden" name="intent" value={site ? "update-site" : "create-site"} />
      {site ? <input type="hidden" name="siteId" value={site.id} /> : null}
      <FormError message={formMessage(form)} />
      <Field key={fields.name.key} label="Site name" {...fieldProps(fields.name)} />
      <ZoneSelect key={fields.timeZone.key} zones={zones} {...fieldProps(fields.timeZone)} />
      <Field key={fields.address.key} label="Address" {...fieldProps(fields.address)} />
      <button className="button" type="submit">
        {site ? "Save site" : "Add site"}
      </button>
    </SchemaForm>
  );
}

export function RoomForm({ siteId, room, reply }: { siteId: string; room?: SiteRow["rooms"][number]; reply: Reply }) {
  const [form, fields] = useSchemaForm({
    id: room ? `room:${room.id}` : `new-room:${siteId}`,
    schema: roomFields,
    reply,
    defaultValue: { name: room?.name ?? "", capacity: room?.capacity?.toString() ?? "" },
  });
  return (
    <SchemaForm form={form} className="inline-form" aria-label={room ? `Edit room ${room.name}` : "New room"}>
      <input type="hidden" name="intent" value={room ? "update-room" : "create-room"} />
      <input type="hidden" name={room ? "roomId" : "siteId"} value={room ? room.id : siteId} />
      <FormError message={formMessage(form)} />
      <Field key={fields.name.key} label="Room name" {...fieldProps(fields.name)} />
      <Field key={fields.capacity.key} label="Seats" type="number" min={1} {...fieldProps(fields.capacity)} />
      <button className="button button--small" type="submit">
        {room ? "Save room" : "Add room"}
      </button>
    </SchemaForm>
  );
}

export function ToggleButton({
  intent,
  idName,
  id,
  active,
  what,
}: {
  intent: string;
  idName: string;
  id: string;
  active: boolean;
  what: string;
}) {
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

export type SiteSafetyRow = {
  id: string;
  name: string;
  version: number;
  crisisLine: string | null;
  onCallUserId: string | null;
  medicalLeadUserId: string | null;
  escalateItem9Minutes: number;
  escalateOtherMinutes: number;
};

/** Crisis line shown to participants, the on-call clinician and medical lead, and escalation delays. */
export function SiteSafetyForm({
  site,
  clinicians,
  reply,
}: {
  site: SiteSafetyRow;
  clinicians: { id: string; name: string }[];
  reply: Reply;
}) {
  const [form, fields] = useSchemaForm({
    id: `site-safety:${site.id}`,
    schema: siteSafetyFields,
    reply,
    defaultValue: {
      crisisLine: site.crisisLine ?? "",
      onCallUserId: site.onCallUserId ?? "",
      medicalLeadUserId: site.medicalLeadUserId ?? "",
      escalateItem9Minutes: String(site.escalateItem9Minutes),
      escalateOtherMinutes: String(site.escalateOtherMinutes),
    },
  });
  const options = clinicians.map((c) => ({ value: c.id, label: c.name }));
  return (
    <SchemaForm form={form} className="stack" aria-label={`Safety contacts of ${site.name}`}>
      <input type="hidden" name="intent" value="update-site-safety" />
      <input type="hidden" name="siteId" value={site.id} />
      <input type="hidden" name="version" value={site.version} />
      <FormError message={formMessage(form)} />
      <Field
        key={fields.crisisLine.key}
        label="Crisis line"
        hint="Shown to participants on their page and after a PHQ-9 item 9 answer above 0. Empty: a generic line to call the local emergency number."
        {...fieldProps(fields.crisisLine)}
      />
      <SelectField
        key={fields.onCallUserId.key}
        label="On-call clinician"
        placeholder="No one"
        options={options}
        {...fieldProps(fields.onCallUserId)}
      />
      <SelectField
        key={fields.medicalLeadUserId.key}
        label="Medical lead"
        placeholder="No one"
        options={options}
        {...fieldProps(fields.medicalLeadUserId)}
      />
      <Field
        key={fields.escalateItem9Minutes.key}
        label="Escalate PHQ-9 item 9 after (minutes)"
        inputMode="numeric"
        {...fieldProps(fields.escalateItem9Minutes)}
      />
      <Field
        key={fields.escalateOtherMinutes.key}
        label="Escalate other high-priority signals after (minutes)"
        inputMode="numeric"
        {...fieldProps(fields.escalateOtherMinutes)}
      />
      <button className="button" type="submit">
        Save safety contacts
      </button>
    </SchemaForm>
  );
}
