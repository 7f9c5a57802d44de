import { Form } from "@remix-run/react";
import { Field, FormError } from "~/components/ui/Field";
import { ConflictsOnSave, type ConflictView } from "./ConflictList";

type Option = { id: string; name: string };
export type CohortFormOptions = {
  programs: Array<Option & { version: number; defaultCapacity: number }>;
  sites: Array<Option & { timeZone: string; rooms: Array<Option & { capacity: number | null }> }>;
  timeZones: string[];
  facilitators: Option[];
  clinicians: Option[];
};
export type CohortFormValues = Record<string, unknown>;

const s = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === "string" && v ? [v] : []);

function Select({ label, name, value, error, children, hint }: { label: string; name: string; value: string; error?: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={name}>{label}</label>
      {hint ? <p className="field__hint" id={`${name}-hint`}>{hint}</p> : null}
      <select id={name} name={name} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : hint ? `${name}-hint` : undefined}>
        {children}
      </select>
      {error ? <p id={`${name}-error`} className="field__error" role="alert">{error}</p> : null}
    </div>
  );
}

function Checkboxes({ legend, name, options, checked, error }: { legend: string; name: string; options: Option[]; checked: string[]; error?: string }) {
  return (
    <fieldset className={`field${error ? " field--error" : ""}`}>
      <legend>{legend}</legend>
      {options.length === 0 ? <p className="muted small">No active users with this role.</p> : null}
      {options.map((o) => (
        <label key={o.id} className="checkbox">
          <input type="checkbox" name={name} value={o.id} defaultChecked={checked.includes(o.id)} /> {o.name}
        </label>
      ))}
      {error ? <p className="field__error" role="alert">{error}</p> : null}
    </fieldset>
  );
}

export function CohortForm({
  options,
  values,
  errors,
  conflicts,
}: {
  options: CohortFormOptions;
  values: CohortFormValues;
  errors: Record<string, string>;
  conflicts?: { blocking: ConflictView[]; warnings: ConflictView[] };
}) {
  const program = options.programs.find((p) => p.id === s(values.programId));
  return (
    <Form method="post" className="stack" noValidate>
      <FormError message={errors.form ?? (Object.keys(errors).length ? "Some fields need attention; see the messages below." : undefined)} />
      {conflicts ? <ConflictsOnSave blocking={conflicts.blocking} warnings={conflicts.warnings} /> : null}
      <section className="card stack" aria-labelledby="what-h">
        <h2 id="what-h">Program and dates</h2>
        <Select label="Program" name="programId" value={s(values.programId)} error={errors.programId}>
          <option value="">Choose a program…</option>
          {options.programs.map((p) => <option key={p.id} value={p.id}>{p.name} (v{p.version})</option>)}
        </Select>
        <Field label="Cohort name" name="name" defaultValue={s(values.name)} error={errors.name} required />
        <Field label="Start date" name="startDate" hint="YYYY-MM-DD, the local date of day 0 of the program" defaultValue={s(values.startDate)} error={errors.startDate} placeholder="2026-03-02" required />
        <Select label="Time zone" name="timeZone" value={s(values.timeZone) || "America/Denver"} error={errors.timeZone} hint="Sessions are generated at the program's local times in this zone, also across daylight-saving changes.">
          {!options.timeZones.includes(s(values.timeZone)) && s(values.timeZone) ? <option value={s(values.timeZone)}>{s(values.timeZone)}</option> : null}
          {options.timeZones.map((z) => <option key={z} value={z}>{z}</option>)}
        </Select>
        <Field label="Capacity (seats)" name="capacity" type="number" min={1} max={60} defaultValue={s(values.capacity) || s(program?.defaultCapacity) || "6"} error={errors.capacity} required />
      </section>
      <section className="card stack" aria-labelledby="where-h">
        <h2 id="where-h">Where</h2>
        <Select label="Site" name="siteId" value={s(values.siteId)} error={errors.siteId}>
          <option value="">Choose a site…</option>
          {options.sites.map((site) => <option key={site.id} value={site.id}>{site.name} ({site.timeZone})</option>)}
        </Select>
        <Select label="Room" name="roomId" value={s(values.roomId)} error={errors.roomId} hint="A room already booked at the same time is refused.">
          <option value="">No room yet</option>
          {options.sites.map((site) => (
            <optgroup key={site.id} label={site.name}>
              {site.rooms.map((r) => <option key={r.id} value={r.id}>{r.name}{r.capacity ? ` (${r.capacity} seats)` : ""}</option>)}
            </optgroup>
          ))}
        </Select>
      </section>
      <section className="card stack" aria-labelledby="who-h">
        <h2 id="who-h">Staff</h2>
        <Select label="Lead facilitator" name="leadFacilitatorId" value={s(values.leadFacilitatorId)} error={errors.leadFacilitatorId}>
          <option value="">Choose…</option>
          {options.facilitators.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
        </Select>
        <Checkboxes legend="Co-facilitators" name="coFacilitatorIds" options={options.facilitators} checked={list(values.coFacilitatorIds)} error={errors.coFacilitatorIds} />
        <Checkboxes legend="Clinicians (staff dosing and screening sessions)" name="clinicianIds" options={options.clinicians} checked={list(values.clinicianIds)} error={errors.clinicianIds} />
      </section>
      <div className="actions">
        <button className="button button--primary" type="submit">Create cohort and schedule</button>
      </div>
    </Form>
  );
}
