import type { LoaderFunctionArgs } from "@remix-run/node";
import { readerFor } from "~/models/access.server";
import { packetDownload } from "~/models/deaPacket.server";
import { requirePermission } from "~/utils/auth.server";

// The DEA inspection packet of one registrant (site) for a period, as PDF; an audited read.
export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "dea:read");
  return packetDownload(readerFor(args, viewer), new URL(args.request.url).searchParams, "pdf");
}
