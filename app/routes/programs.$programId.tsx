import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { ProgramEditor } from "~/components/program/ProgramEditor";
import { ProgramSummary } from "~/components/program/ProgramSummary";
import { formatInstantDate } from "~/domain/scheduling/localTime";
import { editorValues, programEditorSchema } from "~/forms/programs";
import { found } from "~/models/kernel.server";
import { getProgram, updateProgram } from "~/models/program.server";
import cssUrl from "~/styles/scheduling.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { formVersion } from "~/utils/forms.server";
import { can } from "~/utils/permissions";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.program.name ?? "Program"} — Programs — GroupKAP` }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "program:read");
  const program = found(await getProgram(args.params.programId ?? ""), "Program not found");
  return {
    canManage: can(user.roles, "program:manage"),
    canSeeCohorts: can(user.roles, "cohort:manage"),
    canManageConsent: can(user.roles, "consent:manage"),
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

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "program:manage",
    schema: programEditorSchema,
    // The hidden version is no field a person fills in: a form without a stored whole
    // number there is refused outright (400, "Reload the page"), as every versioned form is.
    run: (template, { actor, meta, form }) => updateProgram(actor, meta, args.params.programId ?? "", formVersion(form), template),
    success: (saved) => ({
      toast: `Saved as version ${saved.version}. Existing cohorts keep the version they were created from; new cohorts use version ${saved.version}.`,
    }),
  });
}

export default function ProgramPage() {
  const { program, canManage, canSeeCohorts, canManageConsent } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/programs">Programs</Link> /
      </p>
      <div className="page-header">
        <h1>{program.name}</h1>
        {canManage ? (
          <div className="actions">
            <Link className="button" to={`/programs/${program.id}/outreach`}>
              Messages to participants
            </Link>
            {canManageConsent ? (
              <Link className="button" to={`/programs/${program.id}/consent`}>
                Consent
              </Link>
            ) : null}
            <Link className="button" to={`/programs/${program.id}/copy`}>
              Copy program
            </Link>
            {canSeeCohorts ? (
              <Link className="button button--primary" to={`/cohorts/new?programId=${program.id}`}>
                New cohort from this program
              </Link>
            ) : null}
          </div>
        ) : null}
      </div>
      <p>
        <span className="badge badge--muted">Version {program.version}</span>{" "}
        <span className="muted small">{program.template.description}</span>
      </p>
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
        <p className="muted small">
          Versions:{" "}
          {program.versions
            .map((v) => `v${v.version} (${formatInstantDate(v.createdAt, "UTC")}, ${v.cohorts} cohort${v.cohorts === 1 ? "" : "s"})`)
            .join(" · ")}
        </p>
      </section>
      {canManage ? (
        <>
          <h2>Edit program</h2>
          <p className="muted small">
            Saving creates version {program.version + 1}. If someone else saves first, you will be told and nothing is overwritten.
          </p>
          <ProgramEditor
            key={program.version}
            id={`program:${program.id}`}
            values={editorValues(program.template)}
            reply={reply}
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
