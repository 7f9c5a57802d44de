import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import type { FormReply } from "~/forms/reply";
import { userEditFields, userFields } from "~/forms/users";
import { ROLES, ROLE_INFO } from "~/utils/permissions";

/** The new-user form (no `version`) or the edit form of an existing user. */
export function UserForm({
  values,
  reply,
  submitLabel,
  version,
}: {
  values: { name?: string; email?: string; roles?: string[]; isPrescriber?: boolean; deaNumber?: string | null };
  reply: FormReply<unknown> | undefined;
  submitLabel: string;
  version?: number;
}) {
  const [form, fields] = useSchemaForm({
    id: version === undefined ? "new-user" : "user",
    schema: version === undefined ? userFields : userEditFields,
    reply,
    defaultValue: {
      name: values.name ?? "",
      email: values.email ?? "",
      roles: values.roles ?? [],
      ...(version === undefined ? {} : { isPrescriber: values.isPrescriber ? "on" : "", deaNumber: values.deaNumber ?? "" }),
    },
  });
  const editFields = fields as unknown as Record<"isPrescriber" | "deaNumber", Parameters<typeof fieldProps>[0]>;
  const initial = fields.roles.initialValue;
  const roles = new Set(initial === undefined ? [] : Array.isArray(initial) ? initial : [initial]);
  const rolesError = fields.roles.errors?.[0];
  const rolesErrorId = `${fields.roles.id}-error`;
  return (
    <SchemaForm form={form} className="stack">
      <FormError message={formMessage(form)} />
      <input type="hidden" name="intent" value="save" />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <Field key={fields.name.key} label="Full name" autoComplete="off" maxLength={120} required {...fieldProps(fields.name)} />
      <Field key={fields.email.key} label="Email" type="email" autoComplete="off" maxLength={254} required {...fieldProps(fields.email)} />
      <fieldset
        key={fields.roles.key}
        className={`field${rolesError ? " field--error" : ""}`}
        aria-describedby={rolesError ? rolesErrorId : undefined}
      >
        <legend>Roles</legend>
        {ROLES.map((r) => (
          <div className="checkbox" key={r}>
            <input type="checkbox" id={`role-${r}`} name={fields.roles.name} value={r} defaultChecked={roles.has(r)} />
            <label htmlFor={`role-${r}`}>
              <strong>{ROLE_INFO[r].name}</strong> <span className="muted">— {ROLE_INFO[r].description}</span>
            </label>
          </div>
        ))}
        {rolesError ? (
          <p id={rolesErrorId} className="field__error" role="alert">
            {rolesError}
          </p>
        ) : null}
      </fieldset>
      {version !== undefined ? <PrescriberFields fields={editFields} /> : null}
      <button className="button button--primary" type="submit">
        {submitLabel}
      </button>
    </SchemaForm>
  );
}

/** Prescribers (clinicians only) and their DEA registration number. */
function PrescriberFields({ fields }: { fields: Record<"isPrescriber" | "deaNumber", Parameters<typeof fieldProps>[0]> }) {
  const tick = fieldProps(fields.isPrescriber);
  return (
    <fieldset className="field">
      <legend>Prescribing</legend>
      <div className={`checkbox${tick.error ? " field--error" : ""}`}>
        <input
          type="checkbox"
          id={tick.id}
          name={tick.name}
          defaultChecked={tick.defaultValue === "on"}
          aria-invalid={tick.error ? true : undefined}
          aria-describedby={tick.error ? `${tick.id}-error` : undefined}
        />
        <label htmlFor={tick.id}>
          <strong>Prescriber</strong> <span className="muted">— may override a program's dose range (clinicians only)</span>
        </label>
      </div>
      {tick.error ? (
        <p id={`${tick.id}-error`} className="field__error" role="alert">
          {tick.error}
        </p>
      ) : null}
      <Field
        key={fields.deaNumber.key}
        label="DEA registration number"
        autoComplete="off"
        maxLength={40}
        {...fieldProps(fields.deaNumber)}
      />
    </fieldset>
  );
}
