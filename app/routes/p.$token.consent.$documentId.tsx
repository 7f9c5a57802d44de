// The participant reads and signs their program's consent on their personal page (no login,
// phone-first): the document, each statement to tick, their typed full name. A staff member
// countersigns afterwards; the participant can ask the team for a copy of the signed PDF.
import { data } from "@remix-run/node";
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { SignConsentForm } from "~/components/consent/SignConsentForm";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { LinkNotValid } from "~/components/participantPage/PagePieces";
import { agreedBoxes, signConsentSchema } from "~/forms/consent";
import type { FormReply } from "~/forms/reply";
import { documentForSigning, signConsent } from "~/models/consent.server";
import { auditPageView, enforcePageRateLimit, openPageToken } from "~/models/outreach/participantPage.server";
import cssUrl from "~/styles/measures.css";
import pageCss from "~/styles/participant-page.css";
import { publicFormAction } from "~/utils/publicForm.server";
import { requestMeta } from "~/utils/request.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: cssUrl },
  { rel: "stylesheet", href: pageCss },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data && data.state === "ok" ? data.doc.title : "Consent"} — GroupKAP` },
  { name: "robots", content: "noindex, nofollow" },
];
export const headers: HeadersFunction = () => ({
  "X-Robots-Tag": "noindex, nofollow",
  "Cache-Control": "no-store",
  "Referrer-Policy": "same-origin",
});

export async function loader(args: LoaderFunctionArgs) {
  const token = args.params.token ?? "";
  const meta = requestMeta(args);
  await enforcePageRateLimit(token, meta.ip);
  const access = await openPageToken(token);
  if (!access) return data({ state: "invalid" as const }, { status: 404 });
  const doc = await documentForSigning(access.participantId, args.params.documentId ?? "");
  await auditPageView(access, meta, "consent");
  return data({ state: "ok" as const, doc: { ...doc, signedAt: doc.signedAt?.toISOString() ?? null } });
}

export async function action(args: ActionFunctionArgs) {
  const token = args.params.token ?? "";
  const meta = requestMeta(args);
  await enforcePageRateLimit(token, meta.ip);
  const access = await openPageToken(token);
  if (!access) return data({ state: "invalid" as const }, { status: 404 });
  const res = await publicFormAction(args.request, signConsentSchema, (input) =>
    signConsent(access.participantId, { via: "PARTICIPANT_PAGE", tokenId: access.tokenId }, meta, {
      documentId: input.documentId,
      signedName: input.signedName,
      agree: agreedBoxes(input),
    }),
  );
  if (!res.ok) return res.response;
  return data({ ...res.reply, message: "Thank you: your consent is signed. A member of the program team will countersign it." });
}

export default function ParticipantConsent() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { token } = useParams();
  if (d.state !== "ok" || (reply && "state" in reply)) return <LinkNotValid />;
  const message = reply && "message" in reply && typeof reply.message === "string" ? reply.message : undefined;
  const { doc } = d;
  return (
    <div className="ppage">
      <p>
        <Link to={`/p/${token}`}>Back to your page</Link>
      </p>
      <h1>{doc.title}</h1>
      {message ? (
        <div className="callout callout--ok" role="status">
          {message}
        </div>
      ) : null}
      {doc.withdrawn ? (
        <p className="callout">
          You have withdrawn your consent to this program. Please talk to your program team if you want to take part again.
        </p>
      ) : doc.signedAt ? (
        <div className="callout callout--ok">
          <p>You signed this consent on {doc.signedAtText}.</p>
          <p>
            {/* A plain link: the browser downloads the file (no client-side navigation). */}
            <a href={`/p/${token}/consent/${doc.id}/pdf`} download>
              Download a copy of what you signed (PDF)
            </a>
          </p>
        </div>
      ) : !doc.isCurrent ? (
        <p className="callout">A newer version of this consent is available. Go back to your page to read and sign it.</p>
      ) : (
        <section className="card" aria-labelledby="sign-h">
          <h2 id="sign-h" className="sr-only">
            Read and sign
          </h2>
          <p className="muted">Please read the whole text. Ask your program team if anything is unclear before you sign.</p>
          <SignConsentForm doc={doc} reply={reply as FormReply<unknown> | undefined} formId="consent-sign" />
        </section>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
