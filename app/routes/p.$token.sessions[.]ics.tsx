import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditPageView, enforcePageRateLimit, openPageToken, participantCalendar } from "~/models/outreach/participantPage.server";
import { requestMeta } from "~/utils/request.server";

/**
 * GET /p/<token>/sessions.ics — the participant's own sessions as an iCalendar file (no other
 * members, no cohort name). The page link is the credential; unknown, revoked or expired → 404.
 */
export async function loader(args: LoaderFunctionArgs) {
  const token = args.params.token ?? "";
  const meta = requestMeta(args);
  await enforcePageRateLimit(token, meta.ip);
  const access = await openPageToken(token);
  if (!access) throw new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  await auditPageView(access, meta, "calendar file");
  return new Response(await participantCalendar(access.participantId), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="my-sessions.ics"',
      "Cache-Control": "no-store",
      "X-Robots-Tag": "noindex",
      "Referrer-Policy": "no-referrer",
    },
  });
}
