// A coordinator changes a running cohort's staff: add a person in a role, or take one off.
// Both reach the sessions still ahead; sessions already held keep who staffed them.
import { SelectField } from "~/components/participant/SelectField";
import { RowForm, fieldProps, formMessage, usePanelOpened } from "~/components/ui/SchemaForm";
import type { FormReply } from "~/forms/reply";
import {
  COHORT_STAFF_ROLE_LABELS,
  COHORT_STAFF_ROLES,
  cohortStaffAddSchema,
  cohortStaffRemoveSchema,
  type CohortStaffRole,
} from "~/forms/scheduling";

type Person = { id: string; name: string };

export function StaffEditor({
  version,
  staff,
  facilitators,
  clinicians,
  reply,
  action,
}: {
  version: number;
  staff: { userId: string; name: string; role: string }[];
  facilitators: Person[];
  clinicians: Person[];
  reply: FormReply<unknown> | undefined;
  /** The cohort route's form action: the forms are plain (RowForm) until opened or answered. */
  action: string;
}) {
  // Every tab of a cohort renders this closed panel: its forms are on Conform (the browser
  // checks the choices) once it is opened, or once a reply answers one of them.
  const [opened, panel] = usePanelOpened();
  const people = [...new Map([...facilitators, ...clinicians].map((p) => [p.id, p])).values()].sort((a, b) => a.name.localeCompare(b.name));
  const openOnError = Boolean(reply?.formId?.startsWith("cohort-staff") && reply.result.status === "error");
  return (
    <details className="staff-editor" open={openOnError || undefined} {...panel}>
      <summary>Change staff</summary>
      <div className="staff-editor__body">
        <ul className="staff-editor__list" aria-label="Current staff">
          {staff.map((s) => (
            <li key={`${s.userId}-${s.role}`}>
              <span>
                {s.name} — {COHORT_STAFF_ROLE_LABELS[s.role as CohortStaffRole] ?? s.role}
              </span>
              <RemoveStaff version={version} person={s} reply={reply} action={action} />
            </li>
          ))}
          {staff.length === 0 ? <li className="empty">No staff yet: add a lead facilitator.</li> : null}
        </ul>
        <RowForm
          id="cohort-staff-add"
          schema={cohortStaffAddSchema}
          reply={reply}
          action={action}
          active={opened}
          className="inline-form staff-editor__add"
          aria-label="Add staff"
        >
          {(form, fields) => {
            const person = fieldProps(fields.userId);
            const role = fieldProps(fields.role);
            return (
              <>
                <input type="hidden" name="intent" value="staff-add" />
                <input type="hidden" name="version" value={version} />
                <SelectField
                  label="Person"
                  id={person.id}
                  name={person.name}
                  defaultValue={person.defaultValue}
                  error={person.error}
                  placeholder="Choose a facilitator or clinician"
                  options={people.map((p) => ({ value: p.id, label: p.name }))}
                />
                <SelectField
                  label="Role in this cohort"
                  id={role.id}
                  name={role.name}
                  defaultValue={role.defaultValue}
                  error={role.error}
                  placeholder="Choose a role"
                  options={COHORT_STAFF_ROLES.map((r) => ({ value: r, label: COHORT_STAFF_ROLE_LABELS[r] }))}
                />
                <button className="button button--small" type="submit">
                  Add to cohort
                </button>
                <InlineMessage message={formMessage(form)} />
              </>
            );
          }}
        </RowForm>
        <p className="field__hint">
          Changes reach every session still ahead; sessions already held keep who staffed them. A session left without the staff it needs
          shows on the Conflicts tab.
        </p>
      </div>
    </details>
  );
}

function RemoveStaff({
  version,
  person,
  reply,
  action,
}: {
  version: number;
  person: { userId: string; name: string; role: string };
  reply: FormReply<unknown> | undefined;
  action: string;
}) {
  const label = COHORT_STAFF_ROLE_LABELS[person.role as CohortStaffRole] ?? person.role;
  return (
    <RowForm
      id={`cohort-staff-remove-${person.userId}-${person.role}`}
      schema={cohortStaffRemoveSchema}
      reply={reply}
      action={action}
      className="inline-form"
      aria-label={`Remove ${person.name}`}
    >
      {(form) => (
        <>
          <input type="hidden" name="intent" value="staff-remove" />
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="userId" value={person.userId} />
          <input type="hidden" name="role" value={person.role} />
          <button
            className="button button--small button--secondary"
            type="submit"
            aria-label={`Remove ${person.name} as ${label.toLowerCase()}`}
          >
            Remove
          </button>
          <InlineMessage message={formMessage(form)} />
        </>
      )}
    </RowForm>
  );
}

/** The server's message about one of the staff forms, next to its button. */
function InlineMessage({ message }: { message: string | undefined }) {
  return message ? (
    <p className="field__error" role="alert">
      {message}
    </p>
  ) : null;
}
