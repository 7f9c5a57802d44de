// The participant downloads their own signed consent (the countersigned copy once staff have
// countersigned) from their personal page: the same token checks, rate limit and audit as the page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { ownConsentPdf } from "~/models/consent.server";
import { auditPageView, enforcePageRateLimit, openPageToken } from "~/models/outreach/participantPage.server";
import { requestMeta } from "~/utils/request.server";

export async function loader(args: LoaderFunctionArgs) {
  const token = args.params.token ?? "";
  const meta = requestMeta(args);
  await enforcePageRateLimit(token, meta.ip);
  const access = await openPageToken(token);
  if (!access) throw new Response("This link is not valid any more.", { status: 404 });
  const file = await ownConsentPdf(access.participantId, args.params.documentId ?? "");
  if (!file) throw new Response("Nothing signed here yet.", { status: 404 });
  await auditPageView(access, meta, `consent PDF ${file.consentId}`);
  return new Response(file.bytes, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
      "X-Robots-Tag": "noindex, nofollow",
    },
  });
}
