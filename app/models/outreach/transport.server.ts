// Delivery adapters. Email goes by SMTP (nodemailer); SMS through a provider with
// Twilio's REST shape, so another provider is one more adapter of the same type. With
// neither configured (the quick-start demo), messages land in the built-in outbox: the row
// is kept with transport OUTBOX and shown to admins as not sent.
import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import { getEnv } from "~/utils/env.server";

export type Outgoing = {
  channel: "EMAIL" | "SMS";
  to: string;
  subject: string;
  text: string;
  /** RFC 5322 Message-ID, the same on every retry of one message. */
  messageId: string;
  /** One-click unsubscribe URL (RFC 8058), for email. */
  unsubscribeUrl?: string;
};

export type Delivery = { transport: "SMTP" | "SMS" | "OUTBOX"; providerId: string | null };

/** A refusal that will not change on retry (e.g. SMTP 5xx "no such user"). */
export class PermanentDeliveryError extends Error {}

export interface Transport {
  send(m: Outgoing): Promise<Delivery>;
}

class SmtpTransport implements Transport {
  readonly tx: Transporter;
  constructor(
    url: string,
    private readonly from: string,
  ) {
    // A pool of up to 4 connections, reused from message to message (as many as the
    // dispatcher sends at once), unless SMTP_URL says otherwise (?pool=false).
    const pooled = /[?&]pool=/.test(url) ? url : `${url}${url.includes("?") ? "&" : "?"}pool=true&maxConnections=4`;
    this.tx = nodemailer.createTransport(pooled);
  }
  async send(m: Outgoing): Promise<Delivery> {
    try {
      const info = await this.tx.sendMail({
        from: this.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: m.messageId,
        headers: m.unsubscribeUrl
          ? { "List-Unsubscribe": `<${m.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
          : {},
      });
      return { transport: "SMTP", providerId: info.messageId ?? m.messageId };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (code && code >= 500) throw new PermanentDeliveryError(`${code} ${(error as Error).message}`.slice(0, 300));
      throw error;
    }
  }
}

/** Twilio-shaped SMS: POST <base>/2010-04-01/Accounts/<sid>/Messages.json, form-encoded. */
class TwilioShapedSms implements Transport {
  constructor(private readonly cfg: { url: string; sid: string; token: string; from: string }) {}
  async send(m: Outgoing): Promise<Delivery> {
    const res = await fetch(`${this.cfg.url.replace(/\/$/, "")}/2010-04-01/Accounts/${encodeURIComponent(this.cfg.sid)}/Messages.json`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${this.cfg.sid}:${this.cfg.token}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      // The provider reports delivery (or its failure) to our status webhook.
      body: new URLSearchParams({ To: m.to, From: this.cfg.from, Body: m.text, StatusCallback: `${publicUrl()}/hooks/sms/status` }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json().catch(() => ({}))) as { sid?: string; message?: string; code?: number };
    if (res.status >= 400 && res.status < 500 && res.status !== 429) {
      throw new PermanentDeliveryError(`${res.status} ${body.message ?? res.statusText}`.slice(0, 300));
    }
    if (!res.ok) throw new Error(`SMS provider answered ${res.status}`);
    return { transport: "SMS", providerId: body.sid ?? null };
  }
}

class Outbox implements Transport {
  async send(): Promise<Delivery> {
    return { transport: "OUTBOX", providerId: null };
  }
}

let cache: { key: string; email: Transport; sms: Transport } | undefined;

/** The transport for a channel, from the environment (kept while the settings stay the same). */
export function transportFor(channel: "EMAIL" | "SMS"): Transport {
  const env = getEnv();
  const key = [env.SMTP_URL, env.MAIL_FROM, env.SMS_PROVIDER_URL, env.SMS_ACCOUNT_SID, env.SMS_AUTH_TOKEN, env.SMS_FROM].join("\n");
  if (!cache || cache.key !== key) {
    const smsReady = env.SMS_PROVIDER_URL && env.SMS_ACCOUNT_SID && env.SMS_AUTH_TOKEN && env.SMS_FROM;
    cache = {
      key,
      email: env.SMTP_URL ? new SmtpTransport(env.SMTP_URL, env.MAIL_FROM) : new Outbox(),
      sms: smsReady
        ? new TwilioShapedSms({ url: env.SMS_PROVIDER_URL, sid: env.SMS_ACCOUNT_SID, token: env.SMS_AUTH_TOKEN, from: env.SMS_FROM })
        : new Outbox(),
    };
  }
  return channel === "EMAIL" ? cache.email : cache.sms;
}

export function outreachConfigured() {
  const env = getEnv();
  return { email: Boolean(env.SMTP_URL), sms: Boolean(env.SMS_PROVIDER_URL && env.SMS_ACCOUNT_SID && env.SMS_AUTH_TOKEN && env.SMS_FROM) };
}

/** Closes pooled SMTP connections (a one-shot `outreach dispatch` run, a stopping worker). */
export function closeTransports() {
  if (cache?.email instanceof SmtpTransport) cache.email.tx.close();
  cache = undefined;
}

/** The address links in messages start with. */
export function publicUrl() {
  const env = getEnv();
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}
