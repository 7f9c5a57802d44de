import type { LoaderFunctionArgs } from "@remix-run/node";
import { readerFor } from "~/models/access.server";
import { exportAdverseEventsCsv, parseAeFilters } from "~/models/adverseEvent.server";
import { requirePermission } from "~/utils/auth.server";

// CSV of the same list /adverse-events shows with the same filters; the export is audited.
export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "ae:record");
  const filters = parseAeFilters(new URL(args.request.url).searchParams);
  const csv = await exportAdverseEventsCsv(readerFor(args, viewer), filters);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="adverse-events-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
