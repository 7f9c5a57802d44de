// Import historical questionnaires from CSV: upload → preview (every row checked, errors
// by line) → commit (validated again; all or nothing).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { ImportPreviewView } from "~/components/measures/ImportPreviewView";
import { FormError } from "~/components/ui/Field";
import { SchemaForm, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { measureImportIntents } from "~/forms/measures";
import { FieldError } from "~/models/kernel.server";
import { commitImport, previewImport, templateHeader, type ImportPreview } from "~/models/measureImport.server";
import cssUrl from "~/styles/measures.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { dbReady } from "~/utils/db.server";
import { hasControlCharacters } from "~/utils/forms.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "Import measures — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "measure:import");
  const db = await dbReady();
  const programs = await db.program.findMany({ where: { archived: false }, orderBy: { name: "asc" }, select: { id: true, name: true } });
  return { programs, header: templateHeader().join(",") };
}

type ImportResult =
  | { kind: "preview"; preview: ImportPreview; csv: string; fileName: string; programId: string; createMissing: boolean }
  | { kind: "committed"; preview: ImportPreview; fileName: string; cohorts: { id: string; name: string }[] };

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "measure:import",
    schema: measureImportIntents,
    run: async (input, { actor, meta }): Promise<ImportResult> => {
      const csv = input.intent === "preview" ? await input.file.text() : input.csv;
      const fileName = input.intent === "preview" ? input.file.name || "import.csv" : input.fileName;
      // The uploaded file is not a text field, so the shared form reader did not see inside it.
      if (hasControlCharacters(csv)) {
        throw new FieldError(
          "file",
          "The file contains control characters (such as NUL bytes), so it is not a CSV text file. Save it again as CSV (UTF-8).",
        );
      }
      const { programId, createMissing } = input;
      const source = { csvText: csv, fileName, program: { id: programId }, createMissing };
      const refused = (preview: ImportPreview) =>
        new FieldError({ form: "Nothing was imported: fix the rows listed below and check the file again." }, undefined, {
          kind: "preview",
          preview,
          csv,
          fileName,
          programId,
          createMissing,
        });
      if (input.intent === "preview") {
        const preview = await previewImport(source);
        if (!preview.ok) throw refused(preview);
        return { kind: "preview", preview, csv, fileName, programId, createMissing };
      }
      const result = await commitImport(actor, meta, source);
      if (!result.batchId) throw refused(result);
      return { kind: "committed", preview: { ...result, rows: result.rows.slice(0, 200) }, fileName, cohorts: await cohortLinks(result) };
    },
    success: (result) => ({
      data: result,
      keepValues: true,
    }),
  });
}

/** The cohorts an import wrote to, for links to their completion trackers. */
async function cohortLinks(result: ImportPreview) {
  const names = [...new Set(result.rows.map((r) => r.cohortName))];
  const db = await dbReady();
  return db.cohort.findMany({ where: { name: { in: names } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

export default function MeasureImport() {
  const { programs, header } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm({
    id: "import",
    schema: measureImportIntents,
    reply,
    defaultValue: { programId: programs[0]?.id ?? "" },
  });
  // A checked file comes back as success data; a refused one as the refusal's details.
  const result = (reply?.data ?? (reply?.details as ImportResult | undefined)) as ImportResult | undefined;
  const programId = result && "programId" in result ? result.programId : undefined;
  return (
    <div>
      <h1>Import measures</h1>
      <p>
        Upload questionnaire answers collected elsewhere. Every row is checked first; if any row is wrong nothing is imported, and each
        problem is listed with its line number. Scores are computed by GroupKAP from the item answers.
      </p>
      <details className="card">
        <summary>File format</summary>
        <p>A CSV file (comma-separated, UTF-8) whose first line names the columns:</p>
        <p>
          <code className="link-reveal">{header}</code>
        </p>
        <p>
          <code>instrument</code> is one of PHQ9, GAD7, PCL5, MBI_GS, MBI_HSS, MEQ30; <code>timepoint</code> is a key of the program&apos;s
          measure plan (e.g. baseline); <code>completed_on</code> is YYYY-MM-DD; fill item_1 … item_N for the instrument&apos;s N items and
          leave the rest empty.
        </p>
      </details>
      {result?.kind === "committed" ? (
        <div className="callout callout--ok" role="status">
          Imported {result.preview.rows.length} questionnaire{result.preview.rows.length === 1 ? "" : "s"} from {result.fileName}
          {result.preview.newCohorts.length ? `; created cohort(s) ${result.preview.newCohorts.join(", ")}` : ""}
          {result.preview.newParticipants.length ? `; created ${result.preview.newParticipants.length} participant(s)` : ""}.
          <p>
            Completion trackers:{" "}
            {result.cohorts.map((c, i) => (
              <span key={c.id}>
                {i ? ", " : ""}
                <Link to={`/cohorts/${c.id}/measures`}>{c.name}</Link>
              </span>
            ))}
          </p>
        </div>
      ) : null}
      <SchemaForm form={form} encType="multipart/form-data" className="card" aria-label="Upload a file to check">
        <FormError message={formMessage(form)} />
        <input type="hidden" name="intent" value="preview" />
        <div className={`field${fields.programId.errors ? " field--error" : ""}`}>
          <label htmlFor="programId">Program</label>
          <select
            id="programId"
            name="programId"
            defaultValue={programId ?? programs[0]?.id}
            aria-invalid={fields.programId.errors ? true : undefined}
            aria-describedby={fields.programId.errors ? "programId-error" : undefined}
          >
            {programs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        {fields.programId.errors ? (
          <p id="programId-error" className="field__error" role="alert">
            {fields.programId.errors[0]}
          </p>
        ) : null}
        <div className={`field${fields.file.errors ? " field--error" : ""}`}>
          <label htmlFor="file">CSV file</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-invalid={fields.file.errors ? true : undefined}
            aria-describedby={fields.file.errors ? "file-error" : undefined}
          />
          {fields.file.errors ? (
            <p id="file-error" className="field__error" role="alert">
              {fields.file.errors[0]}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label>
            <input type="checkbox" name="createMissing" defaultChecked={result?.kind === "preview" ? result.createMissing : false} /> Create
            missing cohorts and participants
          </label>
        </div>
        <button className="button button--primary" type="submit" disabled={busy || programs.length === 0}>
          Check file
        </button>
        {programs.length === 0 ? (
          <p className="muted">Create a program first; imported data belongs to a program&apos;s measure plan.</p>
        ) : null}
      </SchemaForm>
      {result?.kind === "preview" ? (
        <ImportPreviewView preview={result.preview} fileName={result.fileName}>
          {result.preview.ok ? (
            <Form method="post">
              <input type="hidden" name="_form" value="import" />
              <input type="hidden" name="intent" value="commit" />
              <input type="hidden" name="programId" value={result.programId} />
              <input type="hidden" name="csv" value={result.csv} />
              <input type="hidden" name="fileName" value={result.fileName} />
              {result.createMissing ? <input type="hidden" name="createMissing" value="on" /> : null}
              <button className="button button--primary" type="submit" disabled={busy}>
                Import {result.preview.rows.length} row{result.preview.rows.length === 1 ? "" : "s"}
              </button>
            </Form>
          ) : null}
        </ImportPreviewView>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
