import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedCalendar } from "~/models/calendar.server";

/**
 * GET /feeds/<token>.ics — a staff member's private iCalendar feed. No login (calendar
 * apps cannot sign in); the unguessable token is the credential. Unknown or revoked → 404.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const raw = params.token ?? "";
  if (!raw.endsWith(".ics")) throw new Response("Not found", { status: 404 });
  const body = await feedCalendar(raw.slice(0, -4));
  if (body === null) throw new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="groupkap.ics"',
      "Cache-Control": "private, max-age=300",
      "X-Robots-Tag": "noindex",
      "Referrer-Policy": "no-referrer",
    },
  });
}
