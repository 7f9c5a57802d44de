import { Form } from "@remix-run/react";
import { Field, FormError } from "~/components/ui/Field";
import { ROLES, ROLE_INFO } from "~/utils/permissions";

export function UserForm({
  values,
  errors,
  submitLabel,
  version,
}: {
  values: { name?: string; email?: string; roles?: string[] };
  errors: Record<string, string>;
  submitLabel: string;
  version?: number;
}) {
  const roles = new Set(values.roles ?? []);
  return (
    <Form method="post" noValidate className="stack">
      <FormError message={errors.form} />
      <input type="hidden" name="intent" value="save" />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <Field label="Full name" name="name" autoComplete="off" maxLength={120} defaultValue={values.name} error={errors.name} required />
      <Field label="Email" name="email" type="email" autoComplete="off" maxLength={254} defaultValue={values.email} error={errors.email} required />
      <fieldset className={`field${errors.roles ? " field--error" : ""}`} aria-describedby={errors.roles ? "roles-error" : undefined}>
        <legend>Roles</legend>
        {ROLES.map((r) => (
          <div className="checkbox" key={r}>
            <input type="checkbox" id={`role-${r}`} name="roles" value={r} defaultChecked={roles.has(r)} />
            <label htmlFor={`role-${r}`}>
              <strong>{ROLE_INFO[r].name}</strong> <span className="muted">— {ROLE_INFO[r].description}</span>
            </label>
          </div>
        ))}
        {errors.roles ? (
          <p id="roles-error" className="field__error" role="alert">
            {errors.roles}
          </p>
        ) : null}
      </fieldset>
      <button className="button button--primary" type="submit">
        {submitLabel}
      </button>
    </Form>
  );
}
