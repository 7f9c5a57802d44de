import type { ReactNode } from "react";
import { SortableTable } from "~/components/ui/SortableTable";
import type { ImportPreview } from "~/models/measureImport.server";

/** The checked file: errors by line (nothing will be written), or the rows that will be imported. */
export function ImportPreviewView({ preview, fileName, children }: { preview: ImportPreview; fileName: string; children?: ReactNode }) {
  return (
    <section className="card" aria-labelledby="preview-h">
      <h2 id="preview-h">Preview of {fileName}</h2>
      {preview.ok ? (
        <div className="callout callout--info">
          <p>
            {preview.rows.length} row{preview.rows.length === 1 ? "" : "s"} ready to import into {preview.programName}.
          </p>
          {preview.newCohorts.length ? <p>New cohort(s) will be created: {preview.newCohorts.join(", ")}.</p> : null}
          {preview.newParticipants.length ? <p>New participant(s) will be created: {preview.newParticipants.join(", ")}.</p> : null}
          {preview.newEnrollments ? <p>{preview.newEnrollments} new enrollment(s) will be created.</p> : null}
        </div>
      ) : (
        <div className="callout callout--error" role="alert">
          <p>
            <strong>
              {preview.duplicate
                ? "This file was already imported."
                : `${preview.errors.length} problem${preview.errors.length === 1 ? "" : "s"} found. Nothing will be imported until every row is correct.`}
            </strong>
          </p>
          <ul aria-label="Import errors">
            {preview.errors.map((e, i) => (
              <li key={i}>{e.line ? `Line ${e.line}: ${e.message}` : e.message}</li>
            ))}
          </ul>
        </div>
      )}
      {preview.rows.length ? (
        <SortableTable
          rows={preview.rows}
          rowKey={(r) => String(r.line)}
          caption="Rows to import"
          columns={[
            { key: "line", header: "Line", render: (r) => r.line, sortValue: (r) => r.line },
            { key: "participant", header: "Participant", render: (r) => r.participantCode, sortValue: (r) => r.participantCode },
            { key: "cohort", header: "Cohort", render: (r) => r.cohortName, sortValue: (r) => r.cohortName },
            { key: "timepoint", header: "Timepoint", render: (r) => r.timepointKey, sortValue: (r) => r.timepointKey },
            { key: "instrument", header: "Instrument", render: (r) => r.instrumentCode, sortValue: (r) => r.instrumentCode },
            { key: "completed", header: "Completed on", render: (r) => r.completedOn, sortValue: (r) => r.completedOn },
            { key: "score", header: "Scores", render: (r) => r.summary },
          ]}
        />
      ) : null}
      {children}
    </section>
  );
}
