// A local stand-in for a Twilio-shaped SMS provider (node:http in the test process): it
// records every POST to /2010-04-01/Accounts/<sid>/Messages.json (form-encoded To, From,
// Body, and the Basic credentials) and answers 201 {"sid":"SM…"} like the real API.
// `configureSms(standIn)` points the app's SMS_* settings at it; `clearSms()` undoes that.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { resetEnvCache } from "~/utils/env.server";

export type ReceivedSms = {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  authorization: string | null;
  statusCallback: string | null;
};

export async function startSmsStandIn(opts: { reject?: (to: string) => { status: number; message: string } | null } = {}) {
  const received: ReceivedSms[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? "");
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method !== "POST" || !m) return answer(404, { code: 20404, message: "The requested resource was not found" });
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const to = form.get("To") ?? "";
      const refused = opts.reject?.(to);
      if (refused) return answer(refused.status, { code: 21211, message: refused.message });
      const sid = `SM${String(++n).padStart(32, "0")}`;
      received.push({
        sid,
        accountSid: decodeURIComponent(m[1]),
        to,
        from: form.get("From") ?? "",
        body: form.get("Body") ?? "",
        authorization: req.headers.authorization ?? null,
        statusCallback: form.get("StatusCallback"),
      });
      answer(201, { sid, status: "queued", to, from: form.get("From") });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const SMS_TEST_ACCOUNT = { sid: "ACtest0000000000000000000000000000", token: "test-auth-token", from: "+15005550006" };

/** Points the app's SMS provider settings at a stand-in. */
export function configureSms(standIn: { url: string }) {
  process.env.SMS_PROVIDER_URL = standIn.url;
  process.env.SMS_ACCOUNT_SID = SMS_TEST_ACCOUNT.sid;
  process.env.SMS_AUTH_TOKEN = SMS_TEST_ACCOUNT.token;
  process.env.SMS_FROM = SMS_TEST_ACCOUNT.from;
  resetEnvCache();
}

export function clearSms() {
  for (const k of ["SMS_PROVIDER_URL", "SMS_ACCOUNT_SID", "SMS_AUTH_TOKEN", "SMS_FROM"]) delete process.env[k];
  resetEnvCache();
}
