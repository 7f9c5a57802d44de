// One-click unsubscribe (RFC 8058). Emails carry
//   List-Unsubscribe: <https://<base>/p/<token>/unsubscribe?channel=email>
//   List-Unsubscribe-Post: List-Unsubscribe=One-Click
// so a mail client POSTs here (no cookies, no page) and the opt-out applies at once (200).
// A GET (someone clicking the link) shows a page with a button, because link scanners
// follow GETs and must not unsubscribe anyone.
import { data } from "@remix-run/node";
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { LinkNotValid } from "~/components/participantPage/PagePieces";
import { unsubscribeChannel, type OptOutChannel } from "~/forms/outreach";
import { auditPageView, enforcePageRateLimit, openPageToken, setChannelOptOut } from "~/models/outreach/participantPage.server";
import pageCss from "~/styles/participant-page.css";
import { dbReady } from "~/utils/db.server";
import { requestMeta } from "~/utils/request.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pageCss }];
export const meta: MetaFunction = () => [{ title: "Unsubscribe — GroupKAP" }, { name: "robots", content: "noindex, nofollow" }];
export const headers: HeadersFunction = () => ({ "X-Robots-Tag": "noindex, nofollow", "Cache-Control": "no-store" });

const WHAT: Record<OptOutChannel, string> = { EMAIL: "emails", SMS: "text messages" };

export async function loader(args: LoaderFunctionArgs) {
  const token = args.params.token ?? "";
  const meta = requestMeta(args);
  await enforcePageRateLimit(token, meta.ip);
  const access = await openPageToken(token);
  if (!access) return data({ state: "invalid" as const }, { status: 404 });
  const channel = unsubscribeChannel(new URL(args.request.url).searchParams.get("channel"));
  if (!channel) return data({ state: "bad_channel" as const }, { status: 400 });
  await auditPageView(access, meta, "unsubscribe");
  const p = await (await dbReady()).participant.findUniqueOrThrow({ where: { id: access.participantId } });
  return data({ state: "ok" as const, channel, optedOut: !!(channel === "EMAIL" ? p.emailOptOutAt : p.smsOptOutAt) });
}

export async function action(args: ActionFunctionArgs) {
  const token = args.params.token ?? "";
  const meta = requestMeta(args);
  await enforcePageRateLimit(token, meta.ip);
  const access = await openPageToken(token);
  if (!access) return data({ state: "invalid" as const }, { status: 404 });
  const channel = unsubscribeChannel(new URL(args.request.url).searchParams.get("channel"));
  if (!channel) return data({ state: "bad_channel" as const }, { status: 400 });
  // The body (List-Unsubscribe=One-Click, or this page's button) says nothing more: the URL decides.
  await setChannelOptOut(access.participantId, { actor: null, label: "unsubscribe link", meta, tokenId: access.tokenId }, channel, true);
  return data({ state: "done" as const, channel });
}

export default function Unsubscribe() {
  const d = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const { token } = useParams();
  const location = useLocation();
  const state = done?.state ?? d.state;
  if (state === "invalid") return <LinkNotValid />;
  if (state === "bad_channel" || d.state !== "ok") {
    return (
      <div className="ppage">
        <h1>Unsubscribe</h1>
        <p>This unsubscribe link is incomplete. Open your personal page to choose which messages you get.</p>
      </div>
    );
  }
  const what = WHAT[d.channel];
  return (
    <div className="ppage">
      <h1>Unsubscribe from {what}</h1>
      {state === "done" || d.optedOut ? (
        <div className="callout callout--ok" role="status">
          You are unsubscribed: we will send you no more {what}. You can change this on your personal page at any time.
        </div>
      ) : (
        <Form method="post" action={`${location.pathname}${location.search}`}>
          <p>We will stop sending you {what} about your program at once.</p>
          <button type="submit" className="button button--primary button--block">
            Unsubscribe from {what}
          </button>
        </Form>
      )}
      <p>
        <Link to={`/p/${token}`}>Go to your personal page</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
