import { MoreOpenCohortsHint } from "~/components/cohort/OlderCohortsHint";
import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { participantCreateForm, participantEditForm } from "~/forms/participants";
import type { FormReply } from "~/forms/reply";
import { MAX_WEIGHT_KG, MIN_WEIGHT_KG, OCCUPATIONS, OCCUPATION_LABEL, SEXES, SEX_LABEL } from "~/models/participant.schema";
import { SelectField } from "./SelectField";

export type ParticipantFormValues = Partial<Record<string, string | number | null>>;

const str = (v: string | number | null | undefined) => (v === null || v === undefined ? "" : String(v));
const strings = (values: ParticipantFormValues) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, str(v)]));

/**
 * Identity, contact and weight fields. `create` adds the pseudonymous code (pre-filled
 * with a generated one the coordinator may replace) and an optional cohort to enroll into.
 * The browser runs the form's schema; the server's reply shows beside the fields.
 */
export function ParticipantForm({
  id,
  reply,
  defaultValue,
  submitLabel,
  create,
  version,
  returnTo,
}: {
  /** Unique on the page: decides which form shows a reply. */
  id: string;
  reply: FormReply<unknown> | undefined;
  defaultValue: ParticipantFormValues;
  submitLabel: string;
  create?: { cohorts: { id: string; label: string }[]; more?: boolean };
  version?: number;
  /** Where to go after creating ("roster": back to the chosen cohort's roster). */
  returnTo?: string;
}) {
  const [form, fields] = useSchemaForm({
    id,
    schema: create ? participantCreateForm : participantEditForm,
    reply,
    defaultValue: strings(defaultValue),
  });
  return (
    <SchemaForm form={form} className="stack participant-form">
      <FormError message={formMessage(form)} />
      <input type="hidden" name="intent" value="save" />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
      {create ? (
        <Field
          label="Participant code"
          key={fields.code.key}
          {...fieldProps(fields.code)}
          maxLength={20}
          autoComplete="off"
          hint="Pseudonymous code shown to analysts instead of the name. Keep the generated one or enter your study's code."
          required
        />
      ) : null}
      <div className="form-row">
        <Field label="First name" key={fields.firstName.key} {...fieldProps(fields.firstName)} maxLength={80} autoComplete="off" required />
        <Field label="Last name" key={fields.lastName.key} {...fieldProps(fields.lastName)} maxLength={80} autoComplete="off" required />
      </div>
      <div className="form-row">
        <Field
          label="Date of birth"
          key={fields.dateOfBirth.key}
          {...fieldProps(fields.dateOfBirth)}
          placeholder="YYYY-MM-DD"
          hint="YYYY-MM-DD; participants are 18 to 100 years old."
          inputMode="numeric"
          maxLength={10}
          required
        />
        <SelectField
          label="Sex"
          key={fields.sex.key}
          {...fieldProps(fields.sex)}
          placeholder="Choose…"
          options={SEXES.map((s) => ({ value: s, label: SEX_LABEL[s] }))}
        />
        <SelectField
          label="Occupation"
          key={fields.occupation.key}
          {...fieldProps(fields.occupation)}
          placeholder="Choose…"
          options={OCCUPATIONS.map((o) => ({ value: o, label: OCCUPATION_LABEL[o] }))}
        />
      </div>
      <div className="form-row">
        <Field label="Email" type="email" key={fields.email.key} {...fieldProps(fields.email)} maxLength={254} autoComplete="off" />
        <Field label="Phone" type="tel" key={fields.phone.key} {...fieldProps(fields.phone)} maxLength={25} autoComplete="off" />
      </div>
      <div className="form-row">
        <Field
          label="Emergency contact name"
          key={fields.emergencyContactName.key}
          {...fieldProps(fields.emergencyContactName)}
          maxLength={120}
          autoComplete="off"
        />
        <Field
          label="Emergency contact phone"
          type="tel"
          key={fields.emergencyContactPhone.key}
          {...fieldProps(fields.emergencyContactPhone)}
          maxLength={25}
          autoComplete="off"
        />
      </div>
      <Field
        label="Weight (kg)"
        inputMode="decimal"
        key={fields.weightKg.key}
        {...fieldProps(fields.weightKg)}
        hint={`Used for mg/kg dosing; ${MIN_WEIGHT_KG}–${MAX_WEIGHT_KG} kg.`}
      />
      {create ? (
        <SelectField
          label="Enroll into cohort (optional)"
          key={fields.cohortId.key}
          {...fieldProps(fields.cohortId)}
          placeholder="Not now"
          options={create.cohorts.map((c) => ({ value: c.id, label: c.label }))}
          hint={create.more ? <MoreOpenCohortsHint /> : undefined}
        />
      ) : null}
      <div>
        <button className="button button--primary" type="submit">
          {submitLabel}
        </button>
      </div>
    </SchemaForm>
  );
}
