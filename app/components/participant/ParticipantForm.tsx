import { Form } from "@remix-run/react";
import { Field, FormError } from "~/components/ui/Field";
import { MAX_WEIGHT_KG, MIN_WEIGHT_KG, OCCUPATIONS, OCCUPATION_LABEL, SEXES, SEX_LABEL } from "~/models/participant.schema";
import { SelectField } from "./SelectField";

export type ParticipantFormValues = Partial<Record<string, string | number | null>>;

const str = (v: string | number | null | undefined) => (v === null || v === undefined ? "" : String(v));

/**
 * Identity, contact and weight fields. `create` adds the pseudonymous code (pre-filled
 * with a generated one the coordinator may replace) and an optional cohort to enroll into.
 */
export function ParticipantForm({
  values,
  errors,
  submitLabel,
  create,
  version,
  returnTo,
}: {
  values: ParticipantFormValues;
  errors: Record<string, string>;
  submitLabel: string;
  create?: { cohorts: { id: string; label: string }[] };
  version?: number;
  /** Where to go after creating ("roster": back to the chosen cohort's roster). */
  returnTo?: string;
}) {
  return (
    <Form method="post" noValidate className="stack participant-form">
      <FormError message={errors.form} />
      <input type="hidden" name="intent" value="save" />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
      {create ? (
        <Field
          label="Participant code"
          name="code"
          defaultValue={str(values.code)}
          error={errors.code}
          maxLength={20}
          autoComplete="off"
          hint="Pseudonymous code shown to analysts instead of the name. Keep the generated one or enter your study's code."
          required
        />
      ) : null}
      <div className="form-row">
        <Field label="First name" name="firstName" defaultValue={str(values.firstName)} error={errors.firstName} maxLength={80} autoComplete="off" required />
        <Field label="Last name" name="lastName" defaultValue={str(values.lastName)} error={errors.lastName} maxLength={80} autoComplete="off" required />
      </div>
      <div className="form-row">
        <Field
          label="Date of birth"
          name="dateOfBirth"
          defaultValue={str(values.dateOfBirth)}
          error={errors.dateOfBirth}
          placeholder="YYYY-MM-DD"
          hint="YYYY-MM-DD; participants are 18 to 100 years old."
          inputMode="numeric"
          maxLength={10}
          required
        />
        <SelectField
          label="Sex"
          name="sex"
          defaultValue={str(values.sex)}
          error={errors.sex}
          placeholder="Choose…"
          options={SEXES.map((s) => ({ value: s, label: SEX_LABEL[s] }))}
        />
        <SelectField
          label="Occupation"
          name="occupation"
          defaultValue={str(values.occupation)}
          error={errors.occupation}
          placeholder="Choose…"
          options={OCCUPATIONS.map((o) => ({ value: o, label: OCCUPATION_LABEL[o] }))}
        />
      </div>
      <div className="form-row">
        <Field label="Email" name="email" type="email" defaultValue={str(values.email)} error={errors.email} maxLength={254} autoComplete="off" />
        <Field label="Phone" name="phone" type="tel" defaultValue={str(values.phone)} error={errors.phone} maxLength={25} autoComplete="off" />
      </div>
      <div className="form-row">
        <Field label="Emergency contact name" name="emergencyContactName" defaultValue={str(values.emergencyContactName)} error={errors.emergencyContactName} maxLength={120} autoComplete="off" />
        <Field label="Emergency contact phone" name="emergencyContactPhone" type="tel" defaultValue={str(values.emergencyContactPhone)} error={errors.emergencyContactPhone} maxLength={25} autoComplete="off" />
      </div>
      <Field
        label="Weight (kg)"
        name="weightKg"
        inputMode="decimal"
        defaultValue={str(values.weightKg)}
        error={errors.weightKg}
        hint={`Used for mg/kg dosing; ${MIN_WEIGHT_KG}–${MAX_WEIGHT_KG} kg.`}
      />
      {create ? (
        <SelectField
          label="Enroll into cohort (optional)"
          name="cohortId"
          defaultValue={str(values.cohortId)}
          error={errors.cohortId}
          placeholder="Not now"
          options={create.cohorts.map((c) => ({ value: c.id, label: c.label }))}
        />
      ) : null}
      <div>
        <button className="button button--primary" type="submit">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
