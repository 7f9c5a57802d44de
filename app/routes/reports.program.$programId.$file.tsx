// Resource route (no component, no ErrorBoundary: an ErrorBoundary would make Remix render
// it as a page). Thrown Responses (403/404/400) are returned as they are. Downloads of a program report: export.csv?table=…, dataset.csv, dictionary.csv|md, report.json.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportFileLoader } from "~/utils/reportLoaders.server";

export async function loader(args: LoaderFunctionArgs) {
  return reportFileLoader(args, "program");
}
