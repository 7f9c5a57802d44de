// After the participant submits a timepoint's questionnaires. When the PHQ-9 they just
// submitted answered item 9 above 0, the crisis information comes first, again.
import { data } from "@remix-run/node";
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { CrisisInfo, LinkNotValid } from "~/components/participantPage/PagePieces";
import { auditPageView, crisisLineOf, enforcePageRateLimit, item9Positive, openPageToken } from "~/models/outreach/participantPage.server";
import pageCss from "~/styles/participant-page.css";
import { requestMeta } from "~/utils/request.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pageCss }];
export const meta: MetaFunction = () => [{ title: "Thank you — GroupKAP" }, { name: "robots", content: "noindex, nofollow" }];
export const headers: HeadersFunction = () => ({ "X-Robots-Tag": "noindex, nofollow", "Cache-Control": "no-store" });

export async function loader(args: LoaderFunctionArgs) {
  const token = args.params.token ?? "";
  const meta = requestMeta(args);
  await enforcePageRateLimit(token, meta.ip);
  const access = await openPageToken(token);
  if (!access) return data({ state: "invalid" as const, crisis: false, crisisLine: null }, { status: 404 });
  const url = new URL(args.request.url);
  const crisis = await item9Positive(access.participantId, url.searchParams.get("e") ?? "", url.searchParams.get("t") ?? "");
  await auditPageView(access, meta, "thank-you");
  return data({ state: "ok" as const, crisis, crisisLine: await crisisLineOf(access.participantId) });
}

export default function Thanks() {
  const d = useLoaderData<typeof loader>();
  const { token } = useParams();
  if (d.state !== "ok") return <LinkNotValid />;
  return (
    <div className="ppage">
      <h1>Thank you</h1>
      {d.crisis ? <CrisisInfo crisisLine={d.crisisLine} emphasis /> : null}
      <p>Your answers were received. Your program team will see them.</p>
      <p>
        <Link to={`/p/${token}`}>Back to your page</Link>
      </p>
      {d.crisis ? null : <CrisisInfo crisisLine={d.crisisLine} />}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
