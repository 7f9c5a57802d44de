// Replies to our text messages: STOP opts a participant out of SMS at once (their pending
// SMS messages move to email or are cancelled), START opts them back in; a staff member's
// STOP turns their SMS safety notifications off; an unsigned or wrongly signed post changes
// nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchDue } from "~/models/outreach/dispatch.server";
import { smsSignature } from "~/models/outreach/inboundSms.server";
import { syncCohortOutreach, syncParticipantOutreach } from "~/models/outreach/planner.server";
import * as hook from "~/routes/hooks.sms";
import * as statusHook from "~/routes/hooks.sms_.status";
import { dbReady } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { daytimeZone } from "../setup/daytime";
import { createTestUser } from "../setup/factories";
import { createEnrolledTestParticipant, createTestCohort } from "../setup/factories-scheduling";
import { call } from "../setup/http";
import { SMS_TEST_ACCOUNT, clearSms, configureSms, startSmsStandIn } from "../setup/smsStandIn";

const TOKEN = SMS_TEST_ACCOUNT.token;
const URL_BASE = "https://groupkap.test";

beforeAll(() => {
  Object.assign(process.env, { SMS_AUTH_TOKEN: TOKEN, PUBLIC_URL: URL_BASE });
  resetEnvCache();
});
afterAll(() => {
  delete process.env.SMS_AUTH_TOKEN;
  resetEnvCache();
});

function post(fields: Record<string, string>, signature = smsSignature(TOKEN, `${URL_BASE}/hooks/sms`, fields)) {
  return call(hook.action, "/hooks/sms", "POST", { form: fields, headers: { "x-twilio-signature": signature } });
}

let n = 0;

async function smsParticipant(opts: { email?: string | null } = {}) {
  const db = await dbReady();
  const cohort = await createTestCohort({ status: "ACTIVE", timeZone: "America/New_York" });
  const phone = `+1555${String(Date.now()).slice(-5)}${++n}`;
  const { participant, enrollment } = await createEnrolledTestParticipant(cohort.id, "ACTIVE", { email: opts.email ?? null });
  await db.participant.update({
    where: { id: participant.id },
    data: { phone, preferredChannel: "SMS", contactConsentAt: new Date("2026-01-01T00:00:00Z") },
  });
  const opens = new Date(Date.now() + 3 * 86_400_000);
  await db.assessment.create({
    data: {
      enrollmentId: enrollment.id,
      timepointKey: "baseline",
      instrumentCode: "PHQ9",
      dueDate: "2030-01-01",
      windowOpens: opens,
      windowCloses: new Date(opens.getTime() + 7 * 86_400_000),
    },
  });
  await syncCohortOutreach(db, [cohort.id]);
  const pending = () => db.message.findMany({ where: { participantId: participant.id, status: "SCHEDULED" } });
  return { db, participant, phone, pending };
}

describe("SMS replies", () => {
  it("STOP opts the sender out of SMS at once: pending texts move to email, or are cancelled without one", async () => {
    const withEmail = await smsParticipant({ email: `sms${Date.now()}@example.org` });
    const smsOnly = await smsParticipant();
    expect((await withEmail.pending()).every((m) => m.channel === "SMS")).toBe(true);
    expect((await smsOnly.pending()).length).toBeGreaterThan(0);

    for (const p of [withEmail, smsOnly]) {
      const res = await post({ From: p.phone, Body: " stop ", MessageSid: "SM1" });
      expect(res.status).toBe(200);
      expect(await res.response!.text()).toBe("<Response/>");
    }
    expect((await withEmail.db.participant.findUniqueOrThrow({ where: { id: withEmail.participant.id } })).smsOptOutAt).not.toBeNull();
    expect((await withEmail.pending()).every((m) => m.channel === "EMAIL")).toBe(true);
    expect(await smsOnly.pending()).toEqual([]);
    const cancelled = await smsOnly.db.message.findMany({ where: { participantId: smsOnly.participant.id, status: "CANCELLED" } });
    expect(cancelled.every((m) => m.statusReason === "opted out")).toBe(true);
    expect(await smsOnly.db.auditEvent.count({ where: { entityId: smsOnly.participant.id, action: "participant.opt_out" } })).toBe(1);

    // START: back in, and the texts are planned again.
    await post({ From: smsOnly.phone, Body: "START" });
    expect((await smsOnly.db.participant.findUniqueOrThrow({ where: { id: smsOnly.participant.id } })).smsOptOutAt).toBeNull();
    expect((await smsOnly.pending()).some((m) => m.channel === "SMS")).toBe(true);
  });

  it("a wrong or missing signature changes nothing", async () => {
    const p = await smsParticipant();
    expect((await post({ From: p.phone, Body: "STOP" }, "bm90IHRoZSBzaWduYXR1cmU=")).status).toBe(403);
    expect((await call(hook.action, "/hooks/sms", "POST", { form: { From: p.phone, Body: "STOP" } })).status).toBe(403);
    expect((await p.db.participant.findUniqueOrThrow({ where: { id: p.participant.id } })).smsOptOutAt).toBeNull();
  });

  it("other replies are ignored; a staff member's STOP turns their SMS notifications off", async () => {
    const p = await smsParticipant();
    await post({ From: p.phone, Body: "Can I come late on Tuesday?" });
    expect((await p.db.participant.findUniqueOrThrow({ where: { id: p.participant.id } })).smsOptOutAt).toBeNull();

    const staff = await createTestUser({ roles: ["CLINICIAN"] });
    const phone = `+1555777${String(Date.now()).slice(-4)}`;
    await p.db.user.update({ where: { id: staff.id }, data: { phone, notifyBySms: true } });
    await post({ From: phone, Body: "STOP" });
    expect((await p.db.user.findUniqueOrThrow({ where: { id: staff.id } })).notifyBySms).toBe(false);
  });

  it("delivery reports: delivered marks the text DELIVERED; an unknown number fails it and marks the phone", async () => {
    const standIn = await startSmsStandIn();
    configureSms(standIn);
    process.env.PUBLIC_URL = URL_BASE;
    try {
      const a = await smsParticipant();
      const b = await smsParticipant();
      const db = a.db;
      // Their questionnaire windows open now: the invitations are due, and go by SMS.
      for (const p of [a, b]) {
        const enrollment = await db.enrollment.findFirstOrThrow({ where: { participantId: p.participant.id } });
        await db.assessment.updateMany({ where: { enrollmentId: enrollment.id }, data: { windowOpens: new Date(Date.now() - 3_600_000) } });
        // A zone where it is daytime now, so quiet hours do not hold the invitation.
        await db.participant.update({ where: { id: p.participant.id }, data: { timeZone: daytimeZone() } });
        await syncParticipantOutreach(db, p.participant.id);
      }
      await dispatchDue({ now: new Date() });
      const sent = (p: typeof a) => db.message.findFirstOrThrow({ where: { participantId: p.participant.id, kind: "INVITATION" } });
      const [ma, mb] = [await sent(a), await sent(b)];
      expect(ma).toMatchObject({ status: "SENT", transport: "SMS" });
      expect(standIn.received.find((r) => r.to === a.phone)?.statusCallback).toBe(`${URL_BASE}/hooks/sms/status`);

      const report = (fields: Record<string, string>, sig = smsSignature(TOKEN, `${URL_BASE}/hooks/sms/status`, fields)) =>
        call(statusHook.action, "/hooks/sms/status", "POST", { form: fields, headers: { "x-twilio-signature": sig } });
      expect((await report({ MessageSid: ma.providerId!, MessageStatus: "delivered" }, "d3Jvbmc=")).status).toBe(403);
      expect((await sent(a)).status).toBe("SENT");
      expect((await report({ MessageSid: ma.providerId!, MessageStatus: "delivered" })).status).toBe(204);
      expect((await sent(a)).status).toBe("DELIVERED");

      expect((await report({ MessageSid: mb.providerId!, MessageStatus: "undelivered", ErrorCode: "30005" })).status).toBe(204);
      expect(await sent(b)).toMatchObject({ status: "FAILED", statusReason: "the SMS provider reports undelivered (error 30005)" });
      expect((await db.participant.findUniqueOrThrow({ where: { id: b.participant.id } })).smsFailedAt).not.toBeNull();
    } finally {
      clearSms();
      Object.assign(process.env, { SMS_AUTH_TOKEN: TOKEN });
      resetEnvCache();
      await standIn.close();
    }
  });
});
