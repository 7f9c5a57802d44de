// Replies to our text messages, as the SMS provider posts them (Twilio's webhook shape:
// form fields From and Body, signed with X-Twilio-Signature). STOP (and the carriers'
// other stop words) opts the sender out of SMS at once; START opts them back in. Staff
// who reply STOP stop getting safety notifications by SMS.
import { createHmac, timingSafeEqual } from "node:crypto";
import { normalizePhone } from "~/forms/outreach";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady } from "~/utils/db.server";
import { setChannelOptOut } from "./participantPage.server";

export const STOP_WORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ALTO"];
export const START_WORDS = ["START", "UNSTOP", "YES"];

/** The provider's signature: base64 HMAC-SHA1 of the URL followed by each field name and value, sorted by name. */
export function smsSignature(authToken: string, url: string, fields: Record<string, string>) {
  const data =
    url +
    Object.keys(fields)
      .sort()
      .map((k) => k + fields[k])
      .join("");
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

export function validSmsSignature(authToken: string, url: string, fields: Record<string, string>, given: string | null) {
  if (!given || !authToken) return false;
  const want = Buffer.from(smsSignature(authToken, url, fields));
  const got = Buffer.from(given);
  return want.length === got.length && timingSafeEqual(want, got);
}

export type InboundResult = { action: "opt-out" | "opt-in" | "ignored"; participants: number; staff: number };

export async function handleInboundSms(input: { from: string; body: string }, meta: RequestMeta, now = new Date()): Promise<InboundResult> {
  const word = input.body
    .trim()
    .toUpperCase()
    .replace(/[^A-Z]/g, "");
  const action = STOP_WORDS.includes(word) ? "opt-out" : START_WORDS.includes(word) ? "opt-in" : "ignored";
  const phone = normalizePhone(input.from);
  if (action === "ignored" || !phone) return { action: "ignored", participants: 0, staff: 0 };
  const db = await dbReady();
  const participants = await db.participant.findMany({ where: { phone }, select: { id: true } });
  for (const p of participants) {
    await setChannelOptOut(p.id, { actor: null, label: `SMS reply ${word}`, meta }, "SMS", action === "opt-out", now);
  }
  const staff = await db.user.findMany({ where: { phone, notifyBySms: action === "opt-out" }, select: { id: true, email: true } });
  for (const u of staff) {
    await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: u.id }, data: { notifyBySms: action !== "opt-out", version: { increment: 1 } } });
      await audit(tx, {
        actor: null,
        actorLabel: `SMS reply ${word}`,
        action: "user.notification_settings",
        entityType: "User",
        entityId: u.id,
        summary: `${action === "opt-out" ? "Stopped" : "Restarted"} SMS safety notifications for ${u.email} (SMS reply ${word})`,
        ...meta,
      });
    });
  }
  return { action, participants: participants.length, staff: staff.length };
}

/**
 * The provider's delivery report for one text (its status callback): "delivered" marks
 * the message DELIVERED; "undelivered" or "failed" marks it FAILED with the provider's
 * error code, and an unknown or landline number (30005, 30006) marks the participant's
 * phone as undeliverable. Other statuses (queued, sent) change nothing.
 */
export async function handleSmsStatus(
  input: { sid: string; status: string; errorCode: string | null },
  meta: RequestMeta,
  now = new Date(),
) {
  if (!input.sid) return false;
  const db = await dbReady();
  const m = await db.message.findFirst({ where: { providerId: input.sid, channel: "SMS" } });
  if (!m) return false;
  const status = input.status.toLowerCase();
  if (status === "delivered" && m.status === "SENT") {
    await db.message.update({ where: { id: m.id }, data: { status: "DELIVERED" } });
    return true;
  }
  if ((status === "undelivered" || status === "failed") && (m.status === "SENT" || m.status === "DELIVERED")) {
    const reason = `the SMS provider reports ${status}${input.errorCode ? ` (error ${input.errorCode})` : ""}`;
    await db.$transaction(async (tx) => {
      await tx.message.update({ where: { id: m.id }, data: { status: "FAILED", statusReason: reason } });
      if (m.participantId && (input.errorCode === "30005" || input.errorCode === "30006")) {
        await tx.participant.update({ where: { id: m.participantId }, data: { smsFailedAt: now, smsFailedReason: reason } });
      }
      await audit(tx, {
        actor: null,
        actorLabel: "SMS provider",
        action: "message.failed",
        entityType: "Message",
        entityId: m.id,
        summary: `${m.kind} by SMS: ${reason}`,
        ...meta,
      });
    });
    return true;
  }
  return false;
}
