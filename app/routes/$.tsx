import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Page not found — GroupKAP" }];

// Every unknown URL lands here and renders the shared 404 page.
export async function loader(_args: LoaderFunctionArgs) {
  throw new Response("Not found", { status: 404 });
}

export async function action() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
