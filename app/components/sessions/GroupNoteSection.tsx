import { Form } from "@remix-run/react";

export type NoteData = {
  id: string;
  status: "DRAFT" | "SIGNED";
  authorId: string;
  authorName: string;
  themes: string;
  process: string;
  interventions: string;
  signedAt: string | null;
  cosignedByName: string | null;
  cosignedAt: string | null;
  version: number;
  observations: Record<string, string>;
  addenda: { id: string; text: string; authorName: string; createdAt: string }[];
};

type Attending = { enrollmentId: string; label: string };

const fmt = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

function TextArea({ name, label, value, error, rows = 4 }: { name: string; label: string; value: string; error?: string; rows?: number }) {
  const id = `note-${name.replace(/\W/g, "-")}`;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name={name} defaultValue={value} rows={rows} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
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
  canWrite,
  viewerId,
  canCosign,
  timeZone,
  errors,
  values,
}: {
  note: NoteData | null;
  attending: Attending[];
  canWrite: boolean;
  viewerId: string;
  canCosign: boolean;
  timeZone: string;
  errors: Record<string, string>;
  values?: Record<string, unknown>;
}) {
  const v = (k: string, fallback: string) => (values?.[k] as string | undefined) ?? fallback;
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
          <p className="muted">No note yet. Write the shared narrative and a short observation per attending participant, save, then sign.</p>
        )}
        <Form method="post" className="stack" preventScrollReset>
          <input type="hidden" name="intent" value="save-note" />
          <input type="hidden" name="version" value={note?.version ?? 0} />
          {errors.form ? (
            <div className="callout callout--error" role="alert">
              {errors.form}
            </div>
          ) : null}
          <TextArea name="themes" label="Themes" value={v("themes", note?.themes ?? "")} error={errors.themes} />
          <TextArea name="process" label="Group process" value={v("process", note?.process ?? "")} error={errors.process} />
          <TextArea name="interventions" label="Facilitator interventions" value={v("interventions", note?.interventions ?? "")} error={errors.interventions} />
          <fieldset className="note-observations">
            <legend>Observations per attending participant</legend>
            {attending.length === 0 ? (
              <p className="muted small">Mark attendance first: observations are written for participants who attended.</p>
            ) : (
              attending.map((a) => (
                <TextArea
                  key={a.enrollmentId}
                  name={`observation.${a.enrollmentId}`}
                  label={`Observation: ${a.label}`}
                  value={v(`observation.${a.enrollmentId}`, note?.observations[a.enrollmentId] ?? "")}
                  error={errors[`observation.${a.enrollmentId}`]}
                  rows={2}
                />
              ))
            )}
          </fieldset>
          <div className="actions">
            <button type="submit" className="button button--primary">
              Save draft
            </button>
          </div>
        </Form>
        {note && note.authorId === viewerId ? (
          <Form method="post" className="actions sign-form" preventScrollReset>
            <input type="hidden" name="intent" value="sign-note" />
            <input type="hidden" name="version" value={note.version} />
            <button type="submit" className="button">
              Sign note
            </button>
            <span className="muted small">Signing locks the note. Save your draft first; corrections after signing are addenda.</span>
          </Form>
        ) : note ? (
          <p className="muted small">Only {note.authorName}, the author, can sign this note.</p>
        ) : null}
      </>
    );
  }
  return (
    <article className="signed-note">
      <p>
        <span className="badge badge--ok">Signed</span> by {note.authorName} on {fmt(note.signedAt!, timeZone)}
        {note.cosignedByName ? ` · co-signed by ${note.cosignedByName} on ${fmt(note.cosignedAt!, timeZone)}` : ""}
      </p>
      <h3>Themes</h3>
      <p className="prewrap">{note.themes || "—"}</p>
      <h3>Group process</h3>
      <p className="prewrap">{note.process || "—"}</p>
      <h3>Facilitator interventions</h3>
      <p className="prewrap">{note.interventions || "—"}</p>
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
      <h3>Addenda</h3>
      {note.addenda.length === 0 ? (
        <p className="muted">No addenda.</p>
      ) : (
        <ol className="addenda">
          {note.addenda.map((a) => (
            <li key={a.id}>
              <p className="muted small">
                {a.authorName}, {fmt(a.createdAt, timeZone)}
              </p>
              <p className="prewrap">{a.text}</p>
            </li>
          ))}
        </ol>
      )}
      {canWrite ? (
        <Form method="post" className="stack no-print" preventScrollReset>
          <input type="hidden" name="intent" value="note-addendum" />
          <TextArea name="text" label="Add an addendum" value={v("text", "")} error={errors.text} rows={3} />
          <button type="submit" className="button">
            Add addendum
          </button>
        </Form>
      ) : null}
      {canCosign ? (
        <Form method="post" className="actions no-print" preventScrollReset>
          <input type="hidden" name="intent" value="cosign-note" />
          <button type="submit" className="button">
            Co-sign note
          </button>
        </Form>
      ) : null}
    </article>
  );
}
