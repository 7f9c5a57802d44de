import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { ReportPage, type ReportPageData } from "~/components/reports/ReportPage";
import cssUrl from "~/styles/reports.css";
import { reportPageLoader } from "~/utils/reportLoaders.server";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `Report: ${data.scope.name}` : "Report"} — GroupKAP` }];

export async function loader(args: LoaderFunctionArgs) {
  return reportPageLoader(args, "cohort");
}

export default function CohortReport() {
  const d = useLoaderData<typeof loader>() as unknown as ReportPageData;
  return <ReportPage d={d} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
