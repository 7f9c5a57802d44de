import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { signatureLine, signatureStatement, type SignedNoteSnapshot } from "~/domain/safety";
import { formatLocalDateTime } from "~/domain/scheduling/localTime";
import type { FormReply } from "~/forms/reply";
import { SESSION_FORMS, addendumFields, cosignFields, noteFields, signNoteFields } from "~/forms/sessions";
import { ATTENDANCE_LABELS, type AttendanceStatus } from "~/models/attendance.shared";

export type NoteData = {
  id: string;
  status: "DRAFT" | "SIGNED";
  authorId: string;
  authorName: string;
  themes: string;
  process: string;
  interventions: string;
  signedAt: string | null;
  signatureMeaning: string | null;
  signatureName: string;
  cosignedByName: string | null;
  cosignedAt: string | null;
  version: number;
  observations: Record<string, string>;
  snapshot: SignedNoteSnapshot | null;
  addenda: { id: string; kind: "TEXT" | "ATTENDANCE_CHANGE"; text: string; authorName: string; createdAt: string }[];
};

type Attending = { enrollmentId: string; label: string };
type Reply = FormReply<unknown> | undefined;

const fmt = (iso: string, timeZone: string) => formatLocalDateTime(new Date(iso), timeZone);

function TextArea({
  id,
  name,
  label,
  defaultValue,
  error,
  rows = 4,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue: string;
  error?: string;
  rows?: number;
}) {
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        defaultValue={defaultValue}
        rows={rows}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function GroupNoteSection({
  note,
  attending,
  labels,
  canWrite,
  viewerId,
  canCosign,
  timeZone,
  reply,
}: {
  note: NoteData | null;
  attending: Attending[];
  /** enrollment id -> how this viewer names the participant (the snapshot stores codes). */
  labels: Record<string, string>;
  canWrite: boolean;
  viewerId: string;
  canCosign: boolean;
  timeZone: string;
  reply: Reply;
}) {
  if (!note && !canWrite) return <p className="empty">No group note has been written for this session yet.</p>;
  if (!note || note.status === "DRAFT") {
    if (!canWrite) {
      return (
        <div>
          <p>
            <span className="badge badge--warn">Draft</span> by {note!.authorName}. The note can be read once its author signs it.
          </p>
        </div>
      );
    }
    return (
      <>
        {note ? (
          <p>
            <span className="badge badge--warn">Draft</span> started by {note.authorName}
          </p>
        ) : (
          <p className="muted">
            No note yet. Write the shared narrative and a short observation per attending participant, save, then sign.
          </p>
        )}
        <NoteDraftForm note={note} attending={attending} reply={reply} />
        {note && note.authorId === viewerId ? (
          <SignNoteForm version={note.version} reply={reply} />
        ) : note ? (
          <p className="muted small">Only {note.authorName}, the author, can sign this note.</p>
        ) : null}
      </>
    );
  }
  return (
    <article className="signed-note">
      <p>
        <span className="badge badge--ok">Signed</span>{" "}
        {signatureLine({ name: note.signatureName, at: new Date(note.signedAt!), meaning: note.signatureMeaning, timeZone })}
        {note.cosignedByName ? ` · co-signed by ${note.cosignedByName} on ${fmt(note.cosignedAt!, timeZone)}` : ""}
      </p>
      <h3>Themes</h3>
      <p className="prewrap">{note.themes || "—"}</p>
      <h3>Group process</h3>
      <p className="prewrap">{note.process || "—"}</p>
      <h3>Facilitator interventions</h3>
      <p className="prewrap">{note.interventions || "—"}</p>
      {note.snapshot ? (
        <SignedSnapshot snapshot={note.snapshot} labels={labels} />
      ) : (
        <>
          <h3>Observations</h3>
          {attending.some((a) => note.observations[a.enrollmentId]) ? (
            <dl className="facts">
              {attending
                .filter((a) => note.observations[a.enrollmentId])
                .map((a) => (
                  <div key={a.enrollmentId} style={{ display: "contents" }}>
                    <dt>{a.label}</dt>
                    <dd className="prewrap">{note.observations[a.enrollmentId]}</dd>
                  </div>
                ))}
            </dl>
          ) : (
            <p className="muted">No individual observations were recorded.</p>
          )}
        </>
      )}
      <h3>Addenda</h3>
      {note.addenda.length === 0 ? (
        <p className="muted">No addenda.</p>
      ) : (
        <ol className="addenda">
          {note.addenda.map((a) => (
            <li key={a.id}>
              <p className="muted small">
                {a.kind === "ATTENDANCE_CHANGE" ? <span className="badge badge--warn">Attendance change (automatic)</span> : null}{" "}
                {a.authorName}, {fmt(a.createdAt, timeZone)}
              </p>
              <p className="prewrap">{a.text}</p>
            </li>
          ))}
        </ol>
      )}
      {canWrite ? <AddendumForm reply={reply} /> : null}
      {canCosign ? <CosignForm reply={reply} /> : null}
    </article>
  );
}

/** What the note was signed with: attendance and observations at signing (later changes are addenda). */
function SignedSnapshot({ snapshot, labels }: { snapshot: SignedNoteSnapshot; labels: Record<string, string> }) {
  const label = (id: string, code: string) => labels[id] ?? code;
  return (
    <>
      <h3>Attendance when signed</h3>
      {snapshot.attendance.length === 0 ? (
        <p className="muted">No attendance had been recorded when the note was signed.</p>
      ) : (
        <table className="table table--dense">
          <caption className="visually-hidden">Attendance as signed</caption>
          <thead>
            <tr>
              <th scope="col">Participant</th>
              <th scope="col">Attendance</th>
            </tr>
          </thead>
          <tbody>
            {snapshot.attendance.map((a) => (
              <tr key={a.enrollmentId}>
                <td>{label(a.enrollmentId, a.code)}</td>
                <td>{a.status ? (ATTENDANCE_LABELS[a.status as AttendanceStatus] ?? a.status) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Observations</h3>
      {snapshot.observations.length === 0 ? (
        <p className="muted">No individual observations were recorded.</p>
      ) : (
        <dl className="facts">
          {snapshot.observations.map((o) => (
            <div key={o.enrollmentId} style={{ display: "contents" }}>
              <dt>{label(o.enrollmentId, o.code)}</dt>
              <dd className="prewrap">{o.text}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}

function NoteDraftForm({ note, attending, reply }: { note: NoteData | null; attending: Attending[]; reply: Reply }) {
  const [form, fields] = useSchemaForm({
    id: SESSION_FORMS.noteDraft,
    schema: noteFields,
    reply,
    defaultValue: {
      themes: note?.themes ?? "",
      process: note?.process ?? "",
      interventions: note?.interventions ?? "",
      observation: Object.fromEntries(attending.map((a) => [a.enrollmentId, note?.observations[a.enrollmentId] ?? ""])),
    },
  });
  const observations = fields.observation.getFieldset();
  return (
    <SchemaForm form={form} className="stack" preventScrollReset>
      <input type="hidden" name="intent" value="save-note" />
      <input type="hidden" name="version" value={note?.version ?? 0} />
      <FormError message={formMessage(form)} />
      <TextArea key={fields.themes.key} label="Themes" {...fieldProps(fields.themes)} />
      <TextArea key={fields.process.key} label="Group process" {...fieldProps(fields.process)} />
      <TextArea key={fields.interventions.key} label="Facilitator interventions" {...fieldProps(fields.interventions)} />
      <fieldset className="note-observations">
        <legend>Observations per attending participant</legend>
        {attending.length === 0 ? (
          <p className="muted small">Mark attendance first: observations are written for participants who attended.</p>
        ) : (
          attending.map((a) => (
            <TextArea key={a.enrollmentId} label={`Observation: ${a.label}`} rows={2} {...fieldProps(observations[a.enrollmentId])} />
          ))
        )}
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button--primary">
          Save draft
        </button>
      </div>
    </SchemaForm>
  );
}

function SignNoteForm({ version, reply }: { version: number; reply: Reply }) {
  const [form, fields] = useSchemaForm({ id: SESSION_FORMS.noteSign, schema: signNoteFields, reply });
  const password = fieldProps(fields.password);
  return (
    <>
      <FormError message={formMessage(form)} />
      <SchemaForm form={form} className="stack sign-form" preventScrollReset>
        <input type="hidden" name="intent" value="sign-note" />
        <input type="hidden" name="version" value={version} />
        <p className="muted small">
          Signing locks the note. Save your draft first; corrections after signing are addenda. {signatureStatement("GROUP_NOTE")}
        </p>
        <Field
          key={fields.password.key}
          id={password.id}
          name={password.name}
          error={password.error}
          label="Your password (to sign the note)"
          type="password"
          autoComplete="current-password"
        />
        <div className="actions">
          <button type="submit" className="button">
            Sign note
          </button>
        </div>
      </SchemaForm>
    </>
  );
}

// Once the note is signed, the page shows these forms' refusals above the note.
function AddendumForm({ reply }: { reply: Reply }) {
  const [form, fields] = useSchemaForm({ id: SESSION_FORMS.noteAddendum, schema: addendumFields, reply, defaultValue: { text: "" } });
  return (
    <SchemaForm form={form} className="stack no-print" preventScrollReset>
      <input type="hidden" name="intent" value="note-addendum" />
      <TextArea key={fields.text.key} label="Add an addendum" rows={3} {...fieldProps(fields.text)} />
      <button type="submit" className="button">
        Add addendum
      </button>
    </SchemaForm>
  );
}

function CosignForm({ reply }: { reply: Reply }) {
  const [form] = useSchemaForm({ id: SESSION_FORMS.noteCosign, schema: cosignFields, reply });
  return (
    <SchemaForm form={form} className="actions no-print" preventScrollReset>
      <input type="hidden" name="intent" value="cosign-note" />
      <button type="submit" className="button">
        Co-sign note
      </button>
    </SchemaForm>
  );
}
