// The SMS provider's delivery reports (status callbacks: POST, form-encoded, signed).
// Every text we send names this URL, so nothing needs configuring at the provider.
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleSmsStatus, validSmsSignature } from "~/models/outreach/inboundSms.server";
import { publicUrl } from "~/models/outreach/transport.server";
import { getEnv } from "~/utils/env.server";
import { requestMeta } from "~/utils/request.server";

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  const form = await request.formData();
  const fields = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
  if (!validSmsSignature(getEnv().SMS_AUTH_TOKEN, `${publicUrl()}/hooks/sms/status`, fields, request.headers.get("x-twilio-signature"))) {
    return new Response("Signature does not match", { status: 403 });
  }
  await handleSmsStatus(
    { sid: fields.MessageSid ?? "", status: fields.MessageStatus ?? "", errorCode: fields.ErrorCode || null },
    requestMeta(args),
  );
  return new Response(null, { status: 204 });
}

export function loader() {
  return new Response("Not found", { status: 404 });
}
