import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CohortForm } from "~/components/cohort/CohortForm";
import type { ConflictView } from "~/components/cohort/ConflictList";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { ConflictsFound, FormErrors, cohortInputFromForm, createCohort, staffOptions } from "~/models/cohort.server";
import { programOptions } from "~/models/program.server";
import { siteOptions, timeZoneOptions } from "~/models/site.server";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { formValues } from "~/utils/forms";
import { requestMeta } from "~/utils/request.server";
import cssUrl from "~/styles/scheduling.css";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "New cohort — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "cohort:manage");
  const [programs, sites, staff] = await Promise.all([programOptions(), siteOptions(), staffOptions()]);
  return { options: { programs, sites, timeZones: timeZoneOptions(), ...staff } };
}

type ActionResult = {
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
  conflicts?: { blocking: ConflictView[]; warnings: ConflictView[] };
};

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "cohort:manage");
  const form = await readForm(args.request);
  const values = formValues(form);
  for (const k of ["coFacilitatorIds", "clinicianIds"]) values[k] = form.getAll(k).map(String);
  try {
    const created = await createCohort(actor, requestMeta(args), cohortInputFromForm(form));
    return redirect(`/cohorts/${created.id}`);
  } catch (e) {
    if (e instanceof FormErrors) return data<ActionResult>({ errors: e.errors, values }, { status: e.status });
    if (e instanceof ConflictsFound) {
      return data<ActionResult>(
        {
          errors: e.blocking.length ? { roomId: e.blocking[0].message } : {},
          values,
          conflicts: { blocking: e.blocking, warnings: e.needsAcknowledgement },
        },
        { status: 409 },
      );
    }
    throw e;
  }
}

export default function NewCohort() {
  const { options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const values = result?.values ?? { programId: params.get("programId") ?? "" };
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/cohorts">Cohorts</Link> /
      </p>
      <h1>New cohort</h1>
      {options.programs.length === 0 ? (
        <div className="callout callout--info">There are no programs yet. <Link to="/programs/new">Create a program</Link> first.</div>
      ) : null}
      {options.sites.length === 0 ? (
        <div className="callout callout--info">There are no active sites. An administrator adds them under <Link to="/admin/sites">Sites &amp; rooms</Link>.</div>
      ) : null}
      <CohortForm key={JSON.stringify(result ?? null)} options={options} values={values} errors={result?.errors ?? {}} conflicts={result?.conflicts} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
