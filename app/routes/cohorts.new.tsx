import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CohortForm } from "~/components/cohort/CohortForm";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { cohortFormSchema } from "~/forms/scheduling";
import { createCohort, staffOptions } from "~/models/cohort.server";
import { programOptions } from "~/models/program.server";
import { siteOptions, timeZoneOptions } from "~/models/site.server";
import cssUrl from "~/styles/scheduling.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "New cohort — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "cohort:manage");
  const [programs, sites, staff] = await Promise.all([programOptions(), siteOptions(), staffOptions()]);
  return { options: { programs, sites, timeZones: timeZoneOptions(), ...staff } };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "cohort:manage",
    schema: cohortFormSchema,
    run: (input, { actor, meta }) => createCohort(actor, meta, input),
    success: (created) => ({
      redirect: `/cohorts/${created.id}`,
      toast: `Cohort created with ${created.sessions} session${created.sessions === 1 ? "" : "s"}.`,
    }),
  });
}

export default function NewCohort() {
  const { options } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/cohorts">Cohorts</Link> /
      </p>
      <h1>New cohort</h1>
      {options.programs.length === 0 ? (
        <div className="callout callout--info">
          There are no programs yet. <Link to="/programs/new">Create a program</Link> first.
        </div>
      ) : null}
      {options.sites.length === 0 ? (
        <div className="callout callout--info">
          There are no active sites. An administrator adds them under <Link to="/admin/sites">Sites &amp; rooms</Link>.
        </div>
      ) : null}
      <CohortForm options={options} programId={params.get("programId") ?? ""} reply={reply} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
