// The stored PDF of a signed consent (the countersigned one when it exists; ?which=signed: the
// one the participant signed). Every download is an audited read.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { readerFor, requireParticipantAccess } from "~/models/access.server";
import { consentPdfFile } from "~/models/consent.server";
import { requirePermission } from "~/utils/auth.server";

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "participant:read");
  const found = await requireParticipantAccess(viewer, args.params.participantId, args.context);
  const which = new URL(args.request.url).searchParams.get("which") === "signed" ? "signed" : "final";
  const file = await consentPdfFile(readerFor(args, viewer), found.id, args.params.consentId ?? "", which);
  return new Response(file.bytes, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
