import { useState } from "react";
import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, replyFor, useSchemaForm } from "~/components/ui/SchemaForm";
import type { FormReply } from "~/forms/reply";
import { cohortFormSchema, conflictDetails } from "~/forms/scheduling";
import { ConflictsOnSave } from "./ConflictList";

type Option = { id: string; name: string };
export type CohortFormOptions = {
  programs: Array<Option & { version: number; defaultCapacity: number }>;
  sites: Array<Option & { timeZone: string; rooms: Array<Option & { capacity: number | null }> }>;
  timeZones: string[];
  facilitators: Option[];
  clinicians: Option[];
};
type Reply = FormReply<unknown> | undefined;
export const NEW_COHORT_FORM_ID = "new-cohort";

const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === "string" && v ? [v] : []);

function Select({
  id,
  label,
  name,
  defaultValue,
  error,
  children,
  hint,
  onChange,
}: {
  id: string;
  label: string;
  name: string;
  defaultValue: string;
  error?: string;
  hint?: string;
  children: React.ReactNode;
  onChange?: (value: string) => void;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={onChange ? (e) => onChange(e.currentTarget.value) : undefined}
      >
        {children}
      </select>
      {error ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Checkboxes({
  legend,
  name,
  options,
  checked,
  error,
}: {
  legend: string;
  name: string;
  options: Option[];
  checked: string[];
  error?: string;
}) {
  return (
    <fieldset className={`field${error ? " field--error" : ""}`}>
      <legend>{legend}</legend>
      {options.length === 0 ? <p className="muted small">No active users with this role.</p> : null}
      {options.map((o) => (
        <label key={o.id} className="checkbox">
          <input type="checkbox" name={name} value={o.id} defaultChecked={checked.includes(o.id)} /> {o.name}
        </label>
      ))}
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function CohortForm({ options, programId, reply }: { options: CohortFormOptions; programId: string; reply: Reply }) {
  const program = options.programs.find((p) => p.id === programId);
  const [form, fields] = useSchemaForm({
    id: NEW_COHORT_FORM_ID,
    schema: cohortFormSchema,
    reply,
    defaultValue: { programId, timeZone: "America/Denver", capacity: String(program?.defaultCapacity ?? 6) },
  });
  const mine = replyFor(reply, NEW_COHORT_FORM_ID);
  const conflicts = conflictDetails(mine?.details);
  const fieldTrouble = !!mine && !mine.ok && Object.keys(mine.result.error ?? {}).some((k) => k !== "");
  const timeZone = fieldProps(fields.timeZone);
  const site = fieldProps(fields.siteId);
  // The room list shows the chosen site's rooms (every site's, grouped, until one is chosen
  // or without JavaScript; the server refuses a room of another site either way).
  const [chosenSite, setChosenSite] = useState(site.defaultValue);
  const roomSites = options.sites.filter((s) => !chosenSite || s.id === chosenSite || !options.sites.some((o) => o.id === chosenSite));
  return (
    <SchemaForm form={form} className="stack" aria-label="New cohort">
      <FormError message={formMessage(form) ?? (fieldTrouble ? "Some fields need attention; see the messages below." : undefined)} />
      {conflicts ? <ConflictsOnSave blocking={conflicts.blocking} warnings={conflicts.warnings} /> : null}
      <section className="card stack" aria-labelledby="what-h">
        <h2 id="what-h">Program and dates</h2>
        <Select key={fields.programId.key} label="Program" {...fieldProps(fields.programId)}>
          <option value="">Choose a program…</option>
          {options.programs.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} (v{p.version})
            </option>
          ))}
        </Select>
        <Field key={fields.name.key} label="Cohort name" {...fieldProps(fields.name)} required />
        <Field
          key={fields.startDate.key}
          label="Start date"
          hint="YYYY-MM-DD, the local date of day 0 of the program"
          {...fieldProps(fields.startDate)}
          placeholder="2026-03-02"
          required
        />
        <Select
          key={fields.timeZone.key}
          label="Time zone"
          {...timeZone}
          hint="Sessions are generated at the program's local times in this zone, also across daylight-saving changes."
        >
          {!options.timeZones.includes(timeZone.defaultValue) && timeZone.defaultValue ? (
            <option value={timeZone.defaultValue}>{timeZone.defaultValue}</option>
          ) : null}
          {options.timeZones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </Select>
        <Field
          key={fields.capacity.key}
          label="Capacity (seats)"
          type="number"
          min={1}
          max={60}
          {...fieldProps(fields.capacity)}
          required
        />
      </section>
      <section className="card stack" aria-labelledby="where-h">
        <h2 id="where-h">Where</h2>
        <Select key={fields.siteId.key} label="Site" {...site} onChange={setChosenSite}>
          <option value="">Choose a site…</option>
          {options.sites.map((site) => (
            <option key={site.id} value={site.id}>
              {site.name} ({site.timeZone})
            </option>
          ))}
        </Select>
        <Select
          key={fields.roomId.key}
          label="Room"
          {...fieldProps(fields.roomId)}
          hint="A room already booked at the same time is refused."
        >
          <option value="">No room yet</option>
          {roomSites.map((site) => (
            <optgroup key={site.id} label={site.name}>
              {site.rooms.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                  {r.capacity ? ` (${r.capacity} seats)` : ""}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </section>
      <section className="card stack" aria-labelledby="who-h">
        <h2 id="who-h">Staff</h2>
        <Select key={fields.leadFacilitatorId.key} label="Lead facilitator" {...fieldProps(fields.leadFacilitatorId)}>
          <option value="">Choose…</option>
          {options.facilitators.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </Select>
        <Checkboxes
          key={fields.coFacilitatorIds.key}
          legend="Co-facilitators"
          name={fields.coFacilitatorIds.name}
          options={options.facilitators}
          checked={list(fields.coFacilitatorIds.initialValue)}
          error={fields.coFacilitatorIds.errors?.[0]}
        />
        <Checkboxes
          key={fields.clinicianIds.key}
          legend="Clinicians (staff dosing and screening sessions)"
          name={fields.clinicianIds.name}
          options={options.clinicians}
          checked={list(fields.clinicianIds.initialValue)}
          error={fields.clinicianIds.errors?.[0]}
        />
      </section>
      <div className="actions">
        <button className="button button--primary" type="submit">
          Create cohort and schedule
        </button>
      </div>
    </SchemaForm>
  );
}
