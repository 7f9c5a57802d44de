// The SMS provider's webhook for replies (POST, form-encoded, signed). Configure the
// provider to post incoming messages to <PUBLIC_URL>/hooks/sms.
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleInboundSms, validSmsSignature } from "~/models/outreach/inboundSms.server";
import { publicUrl } from "~/models/outreach/transport.server";
import { getEnv } from "~/utils/env.server";
import { requestMeta } from "~/utils/request.server";

const TWIML = { "Content-Type": "text/xml; charset=utf-8" };

export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const form = await request.formData();
  const fields = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
  const token = getEnv().SMS_AUTH_TOKEN;
  if (!validSmsSignature(token, `${publicUrl()}/hooks/sms`, fields, request.headers.get("x-twilio-signature"))) {
    return new Response("Signature does not match", { status: 403 });
  }
  await handleInboundSms({ from: fields.From ?? "", body: fields.Body ?? "" }, requestMeta(args));
  // An empty reply: the provider sends its own standard STOP/START confirmation.
  return new Response("<Response/>", { status: 200, headers: TWIML });
}

export function loader() {
  return new Response("Not found", { status: 404 });
}
