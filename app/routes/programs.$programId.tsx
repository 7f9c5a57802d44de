import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { ProgramEditor, type TemplateValues } from "~/components/program/ProgramEditor";
import { ProgramSummary } from "~/components/program/ProgramSummary";
import { FormErrors, getProgram, parseTemplateForm, templateFromForm, updateProgram } from "~/models/program.server";
import { requirePermission } from "~/utils/auth.server";
import { formVersion, readForm } from "~/utils/forms.server";
import { can } from "~/utils/permissions";
import { requestMeta } from "~/utils/request.server";
import cssUrl from "~/styles/scheduling.css";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.program.name ?? "Program"} — Programs — GroupKAP` }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "program:read");
  const program = await getProgram(args.params.programId ?? "");
  if (!program) throw new Response("Program not found", { status: 404 });
  return {
    canManage: can(user.roles, "program:manage"),
    canSeeCohorts: can(user.roles, "cohort:manage"),
    program: {
      id: program.id,
      name: program.name,
      version: program.version,
      template: program.template,
      versions: program.versions.map((v) => ({ version: v.version, createdAt: v.createdAt.toISOString(), cohorts: v._count.cohorts })),
      cohorts: program.cohorts.map((c) => ({ id: c.id, name: c.name, status: c.status, version: c.programVersion.version })),
    },
  };
}

type ActionResult = { kind: "saved"; version: number } | { kind: "errors"; errors: Record<string, string>; values: TemplateValues };

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "program:manage");
  const form = await readForm(args.request);
  if (form.get("intent") !== "save") throw new Response("Unknown intent", { status: 400 });
  const expected = formVersion(form);
  try {
    if (!Number.isInteger(expected)) throw new FormErrors({ form: "Reload the page and try again (the form did not say which version it edits)." });
    const template = parseTemplateForm(form);
    const saved = await updateProgram(actor, requestMeta(args), args.params.programId ?? "", expected, template);
    return data<ActionResult>({ kind: "saved", version: saved.version });
  } catch (e) {
    if (e instanceof FormErrors) {
      const values = { ...(templateFromForm(form).template as TemplateValues), eligibility: String(form.get("eligibility") ?? "") };
      return data<ActionResult>({ kind: "errors", errors: e.errors, values }, { status: e.status });
    }
    throw e;
  }
}

export default function ProgramPage() {
  const { program, canManage, canSeeCohorts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const errors = result?.kind === "errors" ? result.errors : {};
  const values = result?.kind === "errors" ? result.values : (program.template as TemplateValues);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/programs">Programs</Link> /
      </p>
      <div className="page-header">
        <h1>{program.name}</h1>
        {canManage ? (
          <div className="actions">
            <Link className="button" to={`/programs/${program.id}/copy`}>Copy program</Link>
            {canSeeCohorts ? <Link className="button button--primary" to={`/cohorts/new?programId=${program.id}`}>New cohort from this program</Link> : null}
          </div>
        ) : null}
      </div>
      <p>
        <span className="badge badge--muted">Version {program.version}</span>{" "}
        <span className="muted small">{program.template.description}</span>
      </p>
      {result?.kind === "saved" ? (
        <div className="callout callout--ok" role="status">
          Saved as version {result.version}. Existing cohorts keep the version they were created from; new cohorts use version {result.version}.
        </div>
      ) : null}
      <section className="card" aria-labelledby="used-h">
        <h2 id="used-h">Cohorts and versions</h2>
        {program.cohorts.length === 0 ? (
          <p className="muted">No cohort uses this program yet.</p>
        ) : (
          <ul>
            {program.cohorts.map((c) => (
              <li key={c.id}>
                <Link to={`/cohorts/${c.id}`}>{c.name}</Link> — {c.status.toLowerCase()}, runs version {c.version}
              </li>
            ))}
          </ul>
        )}
        <p className="muted small">Versions: {program.versions.map((v) => `v${v.version} (${v.createdAt.slice(0, 10)}, ${v.cohorts} cohort${v.cohorts === 1 ? "" : "s"})`).join(" · ")}</p>
      </section>
      {canManage ? (
        <>
          <h2>Edit program</h2>
          <p className="muted small">Saving creates version {program.version + 1}. If someone else saves first, you will be told and nothing is overwritten.</p>
          <ProgramEditor
            key={`${program.version}-${result?.kind === "errors" ? JSON.stringify(result.errors) : "v"}`}
            values={values}
            errors={errors}
            version={program.version}
            submitLabel="Save as new version"
          />
        </>
      ) : (
        <ProgramSummary template={program.template} />
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
