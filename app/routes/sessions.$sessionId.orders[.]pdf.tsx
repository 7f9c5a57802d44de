// The printable dose orders of a dosing session as a PDF (renderPdf): every order version with
// its reason and signature line ("Signed by NAME, DATE TIME — ordered by"), and each dosing
// record's signature ("— administered by").
import type { LoaderFunctionArgs } from "@remix-run/node";
import { formatLocalDateTime } from "~/domain/scheduling/localTime";
import { readerFor } from "~/models/access.server";
import { getRoster, getSessionForViewer } from "~/models/attendance.server";
import { getSessionOrders, sessionOrdersPdf } from "~/models/doseOrder.server";
import { requirePermission } from "~/utils/auth.server";

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "order:read");
  const session = await getSessionForViewer(viewer, args.params.sessionId);
  if (session.kind !== "DOSING") throw new Response("This session is not a dosing session", { status: 404 });
  const reader = readerFor(args, viewer);
  const orders = await getSessionOrders(reader, session, await getRoster(reader, session));
  const now = new Date();
  const pdf = await sessionOrdersPdf(session, orders, {
    by: viewer.name,
    at: now,
    atText: formatLocalDateTime(now, session.cohort.timeZone),
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="dose-orders-${session.id}.pdf"`,
      "Cache-Control": "no-store",
    },
  });
}
