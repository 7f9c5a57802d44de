import { useNavigation } from "@remix-run/react";
import type { KeyboardEvent } from "react";
import { FormError } from "~/components/ui/Field";
import { SchemaForm, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import type { FormReply } from "~/forms/reply";
import { SESSION_FORMS, attendanceFields } from "~/forms/sessions";

const STATUSES = [
  { value: "PRESENT", label: "Present", key: "p" },
  { value: "LATE", label: "Late", key: "l" },
  { value: "LEFT_EARLY", label: "Left early", key: "e" },
  { value: "EXCUSED", label: "Excused absence", key: "x" },
  { value: "ABSENT", label: "Absent", key: "a" },
] as const;

export type AttendanceRow = { enrollmentId: string; label: string; status: string | null; note: string; version: number };

/** The whole roster on one screen; one submit saves every row. Keys P/L/E/X/A set a row's status. */
export function AttendanceForm({
  rows,
  canWrite,
  reply,
}: {
  rows: AttendanceRow[];
  canWrite: boolean;
  reply: FormReply<unknown> | undefined;
}) {
  const [form, fields] = useSchemaForm({
    id: SESSION_FORMS.attendance,
    schema: attendanceFields,
    reply,
    defaultValue: {
      status: Object.fromEntries(rows.map((r) => [r.enrollmentId, r.status ?? ""])),
      note: Object.fromEntries(rows.map((r) => [r.enrollmentId, r.note])),
    },
  });
  const statuses = fields.status.getFieldset();
  const notes = fields.note.getFieldset();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "attendance";
  if (rows.length === 0) {
    return (
      <p className="empty">
        No one is enrolled in this cohort yet. Enroll participants from the cohort's roster, then take attendance here.
      </p>
    );
  }
  // Someone who may not take attendance reads it: one line per participant, not a grid of
  // disabled choices (five radio buttons a row said the same at five times the size).
  if (!canWrite) return <AttendanceTable rows={rows} />;
  const formElement = () => document.getElementById(form.id) as HTMLFormElement | null;
  const markRestPresent = () => {
    const element = formElement();
    if (!element) return;
    for (const row of rows) {
      const checked = element.querySelector<HTMLInputElement>(`input[name="status.${row.enrollmentId}"]:checked`);
      if (!checked) {
        const present = element.querySelector<HTMLInputElement>(`input[name="status.${row.enrollmentId}"][value="PRESENT"]`);
        if (present) present.checked = true;
      }
    }
  };
  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, enrollmentId: string) => {
    if ((e.target as HTMLElement).tagName === "INPUT" && (e.target as HTMLInputElement).type === "text") return;
    const status = STATUSES.find((s) => s.key === e.key.toLowerCase());
    if (!status) return;
    const input = formElement()?.querySelector<HTMLInputElement>(`input[name="status.${enrollmentId}"][value="${status.value}"]`);
    if (input) {
      input.checked = true;
      input.focus();
      e.preventDefault();
    }
  };
  // As typed when the server sent the form back, otherwise as stored.
  const text = (value: unknown, fallback: string) => (typeof value === "string" ? value : fallback);
  return (
    <SchemaForm form={form} className="attendance-form">
      <input type="hidden" name="intent" value="attendance" />
      <FormError message={formMessage(form)} />
      {canWrite ? (
        <p className="muted small">
          Tip: in a row, press <kbd>P</kbd> present, <kbd>L</kbd> late, <kbd>E</kbd> left early, <kbd>X</kbd> excused, <kbd>A</kbd> absent;
          arrow keys move between choices.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="table attendance-table">
          <caption className="visually-hidden">Attendance</caption>
          <thead>
            <tr>
              <th scope="col">Participant</th>
              {STATUSES.map((s) => (
                <th scope="col" key={s.value} className="attendance-table__choice">
                  {s.label}
                </th>
              ))}
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.enrollmentId} onKeyDown={(e) => onRowKey(e, row.enrollmentId)}>
                <th scope="row">
                  {row.label}
                  <input type="hidden" name={`version.${row.enrollmentId}`} value={row.version} />
                  {statuses[row.enrollmentId].errors?.[0] ? (
                    <p className="field__error" role="alert">
                      {statuses[row.enrollmentId].errors?.[0]}
                    </p>
                  ) : null}
                </th>
                {STATUSES.map((s) => (
                  <td key={s.value} className="attendance-table__choice">
                    <label className="attendance-choice">
                      <input
                        type="radio"
                        name={`status.${row.enrollmentId}`}
                        value={s.value}
                        defaultChecked={text(statuses[row.enrollmentId].initialValue, row.status ?? "") === s.value}
                        disabled={!canWrite}
                        aria-label={`${row.label}: ${s.label}`}
                      />
                      <span aria-hidden="true" className="attendance-choice__text">
                        {s.label}
                      </span>
                    </label>
                  </td>
                ))}
                <td>
                  <input
                    type="text"
                    name={`note.${row.enrollmentId}`}
                    defaultValue={text(notes[row.enrollmentId].initialValue, row.note)}
                    aria-label={`Attendance note for ${row.label}`}
                    aria-invalid={notes[row.enrollmentId].errors ? true : undefined}
                    maxLength={500}
                    disabled={!canWrite}
                  />
                  {notes[row.enrollmentId].errors?.[0] ? (
                    <p className="field__error" role="alert">
                      {notes[row.enrollmentId].errors?.[0]}
                    </p>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canWrite ? (
        <div className="actions">
          <button type="button" className="button" onClick={markRestPresent}>
            Mark everyone not yet marked as present
          </button>
          <button type="submit" className="button button--primary" disabled={saving}>
            {saving ? "Saving…" : "Save attendance"}
          </button>
        </div>
      ) : null}
    </SchemaForm>
  );
}

/** Attendance as recorded, read-only. */
function AttendanceTable({ rows }: { rows: AttendanceRow[] }) {
  const label = (status: string | null) => STATUSES.find((s) => s.value === status)?.label ?? "Not recorded";
  return (
    <div className="table-wrap">
      <table className="table attendance-table">
        <caption className="visually-hidden">Attendance</caption>
        <thead>
          <tr>
            <th scope="col">Participant</th>
            <th scope="col">Attendance</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.enrollmentId}>
              <th scope="row">{row.label}</th>
              <td className={row.status ? undefined : "muted"}>{label(row.status)}</td>
              <td>{row.note || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
