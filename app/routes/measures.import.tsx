// Import historical questionnaires from CSV: upload → preview (every row checked, errors
// by line) → commit (validated again; all or nothing).
import { data } from "@remix-run/node";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { ImportPreviewView } from "~/components/measures/ImportPreviewView";
import { FormError } from "~/components/ui/Field";
import { commitImport, previewImport, templateHeader, type ImportPreview } from "~/models/measureImport.server";
import cssUrl from "~/styles/measures.css";
import { requirePermission } from "~/utils/auth.server";
import { dbReady } from "~/utils/db.server";
import { hasControlCharacters, readForm } from "~/utils/forms.server";
import { requestMeta } from "~/utils/request.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "Import measures — GroupKAP" }];

const MAX_BYTES = 5 * 1024 * 1024;

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "measure:import");
  const db = await dbReady();
  const programs = await db.program.findMany({ where: { archived: false }, orderBy: { name: "asc" }, select: { id: true, name: true } });
  return { programs, header: templateHeader().join(",") };
}

type ActionResult =
  | { kind: "preview"; preview: ImportPreview; csv: string; fileName: string; programId: string; createMissing: boolean }
  | { kind: "committed"; preview: ImportPreview; fileName: string; cohorts: { id: string; name: string }[] }
  | { kind: "error"; message: string; programId?: string };

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "measure:import");
  const form = await readForm(args.request);
  const intent = form.get("intent");
  if (intent !== "preview" && intent !== "commit") throw new Response("Unknown intent", { status: 400 });
  const programId = String(form.get("programId") ?? "");
  const createMissing = form.get("createMissing") === "on";
  const file = form.get("file");
  let csv = String(form.get("csv") ?? "");
  let fileName = String(form.get("fileName") ?? "import.csv");
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_BYTES)
      return data<ActionResult>(
        { kind: "error", message: "The file is larger than 5 MB; split it into smaller files.", programId },
        { status: 400 },
      );
    csv = await file.text();
    fileName = file.name || fileName;
  }
  // The uploaded file is not a text field, so the shared form reader did not see inside it.
  if (hasControlCharacters(csv))
    return data<ActionResult>(
      {
        kind: "error",
        message: "The file contains control characters (such as NUL bytes), so it is not a CSV text file. Save it again as CSV (UTF-8).",
        programId,
      },
      { status: 400 },
    );
  if (!programId)
    return data<ActionResult>({ kind: "error", message: "Choose the program the data belongs to.", programId }, { status: 400 });
  if (!csv.trim()) return data<ActionResult>({ kind: "error", message: "Choose a CSV file to import.", programId }, { status: 400 });
  const input = { csvText: csv, fileName, program: { id: programId }, createMissing };
  if (intent === "preview") {
    const preview = await previewImport(input);
    return data<ActionResult>({ kind: "preview", preview, csv, fileName, programId, createMissing }, { status: preview.ok ? 200 : 400 });
  }
  const result = await commitImport(actor, requestMeta(args), input);
  if (!result.batchId)
    return data<ActionResult>({ kind: "preview", preview: result, csv, fileName, programId, createMissing }, { status: 400 });
  const names = [...new Set(result.rows.map((r) => r.cohortName))];
  const cohorts = await (
    await dbReady()
  ).cohort.findMany({ where: { name: { in: names } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
  return data<ActionResult>({ kind: "committed", preview: { ...result, rows: result.rows.slice(0, 200) }, fileName, cohorts });
}

export default function MeasureImport() {
  const { programs, header } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === "submitting";
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
      <FormError message={result?.kind === "error" ? result.message : undefined} />
      <Form method="post" encType="multipart/form-data" className="card">
        <input type="hidden" name="intent" value="preview" />
        <div className="field">
          <label htmlFor="programId">Program</label>
          <select id="programId" name="programId" defaultValue={programId ?? programs[0]?.id} required>
            {programs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="file">CSV file</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required />
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
      </Form>
      {result?.kind === "preview" ? (
        <ImportPreviewView preview={result.preview} fileName={result.fileName}>
          {result.preview.ok ? (
            <Form method="post">
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
