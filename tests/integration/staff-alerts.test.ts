// Staff safety notifications end to end, against a real SMTP server and a Twilio-shaped SMS
// stand-in in this process: a PHQ-9 item 9 submitted through the participant's questionnaire
// link alerts the cohort's clinicians and the on-call clinicians within one dispatch (no PHI
// in what they receive); an unacknowledged signal escalates to the site's medical lead after
// the site's delay, once; an acknowledged one never does; a serious adverse event's 24-hour
// follow-up reminds its cohort's clinicians; and staff choose their channels on the account page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncExpectedAssessments } from "~/models/assessment.server";
import { dispatchDue } from "~/models/outreach/dispatch.server";
import { escalateOverdueSignals } from "~/models/outreach/staffAlerts.server";
import { runOutreachOnce } from "~/models/outreach/worker.server";
import { acknowledgeSignal } from "~/models/safetySignal.server";
import * as accountRoute from "~/routes/account._index";
import * as aeDetail from "~/routes/adverse-events.$aeId";
import * as aeNew from "~/routes/adverse-events.new";
import * as trackerRoute from "~/routes/cohorts.$cohortId.measures";
import * as login from "~/routes/login";
import * as selfReportRoute from "~/routes/q.$token";
import { dbReady } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { TEST_PASSWORD, createTestUser } from "../setup/factories";
import { createMeasuredCohort, openWindow } from "../setup/factories-measures";
import { createSafetyCohort, createSafetyParticipant } from "../setup/factories-safety";
import { call, cookieFrom, replyOf } from "../setup/http";
import { SMS_TEST_ACCOUNT, clearSms, configureSms, startSmsStandIn } from "../setup/smsStandIn";
import { startSmtpServer } from "../setup/smtp";

const MIN = 60_000;
const H = 60 * MIN;
const URL_BASE = "https://groupkap.test";
const meta = { ip: "10.0.0.9", userAgent: "vitest" };

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let sms: Awaited<ReturnType<typeof startSmsStandIn>>;
let coordinatorCookie: string;
let n = 0;

async function signIn(email: string) {
  const res = await call(login.action, "/login", "POST", { form: { email, password: TEST_PASSWORD } });
  expect(res.status).toBe(302);
  return cookieFrom(res.headers);
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  sms = await startSmsStandIn();
  process.env.SMTP_URL = smtp.url;
  process.env.PUBLIC_URL = URL_BASE;
  configureSms(sms);
  coordinatorCookie = await signIn((await createTestUser({ roles: ["COORDINATOR"] })).email);
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.PUBLIC_URL;
  clearSms();
  resetEnvCache();
  await smtp.close();
  await sms.close();
});

const mailTo = (email: string) => smtp.received.filter((r) => r.to.includes(email));
const smsTo = (phone: string) => sms.received.filter((r) => r.to === phone);

/**
 * A site and cohort with: two clinicians (the second also the cohort's on-call), an inactive
 * clinician, a clinician who chose SMS only, a facilitator, the site's on-call clinician and
 * (unless `noMedicalLead`) a medical lead; one participant with an open baseline.
 */
async function fixture(opts: { noMedicalLead?: boolean; item9Minutes?: number } = {}) {
  const db = await dbReady();
  const i = ++n;
  const user = (name: string, extra: { active?: boolean } = {}) => createTestUser({ roles: ["CLINICIAN"], name: `${name} ${i}`, ...extra });
  const clinician = await user("Clinician A");
  const cohortOnCall = await user("Clinician B");
  const inactive = await user("Former clinician", { active: false });
  const smsOnly = await user("SMS clinician");
  const phone = `+1555000${String(1000 + i).slice(-4)}`;
  await db.user.update({ where: { id: smsOnly.id }, data: { notifyByEmail: false, notifyBySms: true, phone } });
  const facilitator = await createTestUser({ roles: ["FACILITATOR"] });
  const siteOnCall = await user("Site on-call");
  const medicalLead = await user("Medical lead");

  const { cohort, enrolled } = await createMeasuredCohort({ participants: 1 });
  const siteName = `Loveland ${i}`;
  await db.site.update({
    where: { id: cohort.siteId },
    data: {
      name: siteName,
      onCallUserId: siteOnCall.id,
      medicalLeadUserId: opts.noMedicalLead ? null : medicalLead.id,
      ...(opts.item9Minutes ? { escalateItem9Minutes: opts.item9Minutes } : {}),
    },
  });
  await db.cohort.update({ where: { id: cohort.id }, data: { onCallUserId: cohortOnCall.id } });
  await db.cohortStaff.createMany({
    data: [
      { cohortId: cohort.id, userId: clinician.id, role: "CLINICIAN" },
      { cohortId: cohort.id, userId: cohortOnCall.id, role: "CLINICIAN" },
      { cohortId: cohort.id, userId: inactive.id, role: "CLINICIAN" },
      { cohortId: cohort.id, userId: smsOnly.id, role: "CLINICIAN" },
      { cohortId: cohort.id, userId: facilitator.id, role: "FACILITATOR" },
    ],
  });
  const { participant, enrollment } = enrolled[0];
  const named = await db.participant.update({ where: { id: participant.id }, data: { firstName: "Zelda", lastName: `Quixotic${i}` } });
  await syncExpectedAssessments(cohort.id);
  await openWindow(enrollment.id, "baseline");
  const link = await call(trackerRoute.action, `/cohorts/${cohort.id}/measures`, "POST", {
    cookie: coordinatorCookie,
    params: { cohortId: cohort.id },
    form: { intent: "create-link", enrollmentId: enrollment.id, timepointKey: "baseline" },
  });
  expect(link.status).toBe(200);
  const token = (link.data as { data: { url: string } }).data.url.split("/q/")[1];
  return {
    db,
    cohort,
    participant: named,
    token,
    siteName,
    phone,
    clinician,
    cohortOnCall,
    inactive,
    smsOnly,
    facilitator,
    siteOnCall,
    medicalLead,
  };
}

const ITEMS: Record<string, number> = { PHQ9: 9, GAD7: 7, PCL5: 20, MBI_HSS: 22 };

/** The participant submits the baseline (every answer 0) with PHQ-9 item 9 = `item9`, through the real questionnaire link. */
async function submitItem9(f: Awaited<ReturnType<typeof fixture>>, item9: number) {
  const form: Record<string, string> = { intent: "submit" };
  for (const [code, items] of Object.entries(ITEMS)) for (let k = 1; k <= items; k++) form[`r.${code}.${k}`] = "0";
  form["r.PHQ9.9"] = String(item9);
  const res = await call(selfReportRoute.action, `/q/${f.token}`, "POST", { params: { token: f.token }, form });
  expect(res.status).toBe(302);
  return f.db.safetySignal.findFirstOrThrow({ where: { participantId: f.participant.id, kind: "PHQ9_ITEM9" } });
}

describe("safety alerts", () => {
  it("item 9 submitted → the cohort's clinicians and the on-call clinicians are emailed within one dispatch; no PHI", async () => {
    const f = await fixture();
    const signal = await submitItem9(f, 2);
    expect(signal.priority).toBe(0);

    // Written with the signal: one row per person and chosen channel, the cohort's on-call (also a clinician) once.
    const rows = await f.db.message.findMany({ where: { signalId: signal.id } });
    const who = rows.map((m) => `${m.kind} ${m.userId} ${m.channel}`).sort();
    expect(who).toEqual(
      [
        `SAFETY_ALERT ${f.clinician.id} EMAIL`,
        `SAFETY_ALERT ${f.cohortOnCall.id} EMAIL`,
        `SAFETY_ALERT ${f.smsOnly.id} SMS`,
        `SAFETY_ALERT ${f.siteOnCall.id} EMAIL`,
      ].sort(),
    );
    expect(rows.every((m) => m.status === "SCHEDULED" && m.dueAt.getTime() === signal.createdAt.getTime())).toBe(true);
    expect(rows.map((m) => m.purposeKey)).toContain(`sig:${signal.id}:${f.clinician.id}:EMAIL`);

    await runOutreachOnce({ now: new Date(signal.createdAt.getTime() + 1000), plan: false });

    const expected = `1 new urgent safety item in GroupKAP (${f.siteName}). Open: ${URL_BASE}/safety`;
    for (const u of [f.clinician, f.cohortOnCall, f.siteOnCall]) {
      const mails = mailTo(u.email);
      expect(mails, u.name).toHaveLength(1);
      expect(mails[0].mail.subject).toBe(`1 new urgent safety item in GroupKAP (${f.siteName})`);
      expect(mails[0].mail.text!.trim()).toBe(expected);
      const phi = [f.participant.firstName, f.participant.lastName, f.participant.code, "PHQ", "item 9", "score", "answered"];
      for (const word of phi) expect(mails[0].raw.toLowerCase(), word).not.toContain(word.toLowerCase());
    }
    for (const u of [f.inactive, f.facilitator, f.medicalLead, f.smsOnly]) expect(mailTo(u.email), u.email).toHaveLength(0);

    // SMS through the provider's REST shape, to the number the clinician set.
    const texts = smsTo(f.phone);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ from: SMS_TEST_ACCOUNT.from, accountSid: SMS_TEST_ACCOUNT.sid, body: expected });
    expect(texts[0].authorization).toBe(`Basic ${Buffer.from(`${SMS_TEST_ACCOUNT.sid}:${SMS_TEST_ACCOUNT.token}`).toString("base64")}`);

    const sent = await f.db.message.findMany({ where: { signalId: signal.id } });
    expect(sent.every((m) => m.status === "SENT")).toBe(true);
    expect(sent.find((m) => m.channel === "SMS")).toMatchObject({ transport: "SMS", providerId: texts[0].sid, address: f.phone });

    // Nothing more on the next tick.
    await runOutreachOnce({ now: new Date(signal.createdAt.getTime() + 5 * MIN), plan: false });
    expect(mailTo(f.clinician.email)).toHaveLength(1);
    expect(smsTo(f.phone)).toHaveLength(1);
  });

  it("item 9 answered 1 is a high-priority item: the same alert, with high-priority wording", async () => {
    const f = await fixture();
    const signal = await submitItem9(f, 1);
    expect(signal.priority).toBe(1);
    await dispatchDue({ now: new Date(signal.createdAt.getTime() + 1000) });
    expect(mailTo(f.clinician.email).map((m) => m.mail.subject)).toEqual([`1 new high-priority safety item in GroupKAP (${f.siteName})`]);
  });

  it("not acknowledged → one escalation to the site's medical lead after the site's delay, not before", async () => {
    const f = await fixture({ item9Minutes: 45 });
    const signal = await submitItem9(f, 2);
    const at = (minutes: number) => new Date(signal.createdAt.getTime() + minutes * MIN);
    await runOutreachOnce({ now: at(0), plan: false });
    expect(mailTo(f.medicalLead.email)).toHaveLength(0);

    // (Other tests' signals in this database escalate too: count this one's rows.)
    const escalations = () => f.db.message.count({ where: { signalId: signal.id, kind: "SAFETY_ESCALATION" } });
    await runOutreachOnce({ now: at(44), plan: false });
    expect(await escalations()).toBe(0);
    expect(mailTo(f.medicalLead.email)).toHaveLength(0);

    await runOutreachOnce({ now: at(45), plan: false });
    expect(await escalations()).toBe(1);
    const mails = mailTo(f.medicalLead.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].mail.subject).toBe(
      `Escalation: 1 urgent safety item in GroupKAP (${f.siteName}) has not been acknowledged after 45 minutes`,
    );
    expect(mails[0].mail.text!.trim()).toBe(
      `Escalation: 1 urgent safety item in GroupKAP (${f.siteName}) has not been acknowledged after 45 minutes. Open: ${URL_BASE}/safety`,
    );
    for (const word of [f.participant.firstName, f.participant.lastName, f.participant.code, "PHQ"])
      expect(mails[0].raw).not.toContain(word);
    const esc = await f.db.message.findFirstOrThrow({ where: { signalId: signal.id, kind: "SAFETY_ESCALATION" } });
    expect(esc).toMatchObject({ purposeKey: `esc:${signal.id}:${f.medicalLead.id}:EMAIL`, status: "SENT", dueAt: at(45) });

    await runOutreachOnce({ now: at(120), plan: false });
    expect(await escalations()).toBe(1);
    expect(mailTo(f.medicalLead.email)).toHaveLength(1);
    // The alerted clinicians get nothing more.
    expect(mailTo(f.clinician.email)).toHaveLength(1);
  });

  it("an item-9 signal from imported historical questionnaires stays in the inbox but is not escalated", async () => {
    const f = await fixture({ item9Minutes: 30 });
    const signal = await submitItem9(f, 2);
    // As the CSV import writes it: the same signal, its questionnaire marked as imported.
    await f.db.assessment.update({ where: { id: signal.sourceId }, data: { source: "IMPORT" } });
    await runOutreachOnce({ now: new Date(signal.createdAt.getTime() + 60 * MIN), plan: false });
    expect(await f.db.message.count({ where: { signalId: signal.id, kind: "SAFETY_ESCALATION" } })).toBe(0);
    expect((await f.db.safetySignal.findUniqueOrThrow({ where: { id: signal.id } })).acknowledgedAt).toBeNull();
  });

  it("acknowledged in time → no escalation", async () => {
    const f = await fixture();
    const signal = await submitItem9(f, 2);
    await acknowledgeSignal(
      { id: f.clinician.id, email: f.clinician.email, roles: ["CLINICIAN"] },
      meta,
      signal.id,
      "Called; safety plan reviewed",
    );
    for (const minutes of [30, 60, 24 * 60])
      await runOutreachOnce({ now: new Date(signal.createdAt.getTime() + minutes * MIN), plan: false });
    expect(mailTo(f.medicalLead.email)).toHaveLength(0);
    expect(await f.db.message.count({ where: { signalId: signal.id, kind: "SAFETY_ESCALATION" } })).toBe(0);
  });

  it("acknowledged after the escalation was written but before it went → the dispatcher cancels it", async () => {
    const f = await fixture();
    const signal = await submitItem9(f, 2);
    const at30 = new Date(signal.createdAt.getTime() + 30 * MIN);
    expect(await escalateOverdueSignals(f.db, at30)).toBe(1);
    await acknowledgeSignal({ id: f.clinician.id, email: f.clinician.email, roles: ["CLINICIAN"] }, meta, signal.id, "Seen in clinic");
    await dispatchDue({ now: at30 });
    expect(mailTo(f.medicalLead.email)).toHaveLength(0);
    const esc = await f.db.message.findFirstOrThrow({ where: { signalId: signal.id, kind: "SAFETY_ESCALATION" } });
    expect(esc).toMatchObject({ status: "CANCELLED", statusReason: "acknowledged" });
  });

  it("no medical lead → the escalation goes to the site's on-call clinician and says why", async () => {
    const f = await fixture({ noMedicalLead: true });
    const signal = await submitItem9(f, 1);
    await runOutreachOnce({ now: new Date(signal.createdAt.getTime() + 30 * MIN), plan: false });
    const mails = mailTo(f.siteOnCall.email);
    expect(mails.map((m) => m.mail.subject)).toEqual([
      `1 new high-priority safety item in GroupKAP (${f.siteName})`,
      `Escalation: 1 high-priority safety item in GroupKAP (${f.siteName}) has not been acknowledged after 30 minutes`,
    ]);
    expect(mails[1].mail.text).toContain(`because no medical lead can be reached for the ${f.siteName} site`);
  });
});

describe("serious adverse event follow-up", () => {
  it("reminds the cohort's clinicians 4 hours before the 24-hour deadline and when overdue; a recorded follow-up stops it", async () => {
    const db = await dbReady();
    const clinician = await createTestUser({ roles: ["CLINICIAN"] });
    const other = await createTestUser({ roles: ["CLINICIAN"] });
    const { cohort } = await createSafetyCohort({ staff: [{ userId: clinician.id, role: "CLINICIAN" }] });
    const site = await db.site.update({ where: { id: cohort.siteId }, data: { name: `Boulder ${++n}` } });
    const withFollowUp = await createSafetyParticipant(cohort.id, { firstName: "Yara", lastName: "Unusualname" });
    const without = await createSafetyParticipant(cohort.id, { firstName: "Xavier", lastName: "Rarename" });
    const cookie = await signIn(clinician.email);
    const record = async (participantId: string) => {
      const res = await call(aeNew.action, `/adverse-events/new?participantId=${participantId}`, "POST", {
        cookie,
        form: {
          term: "NAUSEA",
          onsetAt: "2026-09-08T11:05",
          description: "Distinctive-description vomiting after the session",
          grade: "2",
          seriousClaimed: "on",
          seriousCriteria: "HOSPITALIZATION",
          relatednessKetamine: "PROBABLE",
          relatednessGroup: "UNRELATED",
          expected: "yes",
          action: "REFERRED_FOR_CARE",
          actionDetails: "Sent to the emergency department",
          outcome: "RECOVERING",
        },
      });
      expect(res.status).toBe(302);
      const id = res.headers.get("location")!.split("/").pop()!.split("?")[0];
      return db.adverseEvent.findUniqueOrThrow({ where: { id } });
    };
    const a = await record(withFollowUp.participant.id);
    const b = await record(without.participant.id);
    const keys = (await db.message.findMany({ where: { kind: "AE_FOLLOW_UP", userId: clinician.id } })).map((m) => m.purposeKey).sort();
    expect(keys).toEqual(
      [
        `aefu:${a.id}:overdue:${clinician.id}:EMAIL`,
        `aefu:${a.id}:soon:${clinician.id}:EMAIL`,
        `aefu:${b.id}:overdue:${clinician.id}:EMAIL`,
        `aefu:${b.id}:soon:${clinician.id}:EMAIL`,
      ].sort(),
    );
    const deadline = (ae: { seriousSince: Date | null }) => ae.seriousSince!.getTime() + 24 * H;
    const followUpMails = () => mailTo(clinician.email).filter((m) => m.mail.subject!.includes("follow-up"));

    await runOutreachOnce({ now: new Date(deadline(a) - 4 * H - MIN), plan: false });
    expect(mailTo(clinician.email).map((m) => m.mail.subject)).toEqual([
      `1 new urgent safety item in GroupKAP (${site.name})`,
      `1 new urgent safety item in GroupKAP (${site.name})`,
    ]);
    expect(followUpMails()).toHaveLength(0);

    await runOutreachOnce({ now: new Date(deadline(b) - 4 * H), plan: false });
    expect(followUpMails().map((m) => m.mail.text!.trim())).toEqual([
      `A serious adverse event follow-up is due soon in GroupKAP (${site.name}). Open: ${URL_BASE}/adverse-events`,
      `A serious adverse event follow-up is due soon in GroupKAP (${site.name}). Open: ${URL_BASE}/adverse-events`,
    ]);

    const fu = await call(aeDetail.action, `/adverse-events/${a.id}`, "POST", {
      cookie,
      params: { aeId: a.id },
      form: { intent: "follow-up", note: "Discharged, doing well" },
    });
    expect(fu.status).toBeLessThan(400);
    expect(await db.adverseEventFollowUp.count({ where: { adverseEventId: a.id } })).toBe(1);

    await runOutreachOnce({ now: new Date(deadline(b) + 2 * MIN), plan: false });
    const overdue = followUpMails().filter((m) => m.mail.subject!.includes("overdue"));
    expect(overdue).toHaveLength(1);
    expect(overdue[0].mail.text!.trim()).toBe(
      `A serious adverse event follow-up is overdue in GroupKAP (${site.name}). Open: ${URL_BASE}/adverse-events`,
    );
    for (const m of mailTo(clinician.email)) {
      for (const word of [
        "Yara",
        "Unusualname",
        "Xavier",
        "Rarename",
        "Distinctive",
        "emergency",
        withFollowUp.participant.code,
        without.participant.code,
      ]) {
        expect(m.raw).not.toContain(word);
      }
    }
    const stopped = await db.message.findFirstOrThrow({ where: { purposeKey: `aefu:${a.id}:overdue:${clinician.id}:EMAIL` } });
    expect(stopped).toMatchObject({ status: "CANCELLED", statusReason: "follow-up recorded" });
    // Not a clinician of this cohort: nothing.
    expect(mailTo(other.email)).toHaveLength(0);
  });
});

describe("account page: notification channels", () => {
  it("validates the mobile number and SMS choice, saves with the version, audits, and refuses a stale form", async () => {
    const db = await dbReady();
    const user = await createTestUser({ roles: ["CLINICIAN"] });
    const cookie = await signIn(user.email);
    const post = (form: Record<string, string>) =>
      call(accountRoute.action, "/account", "POST", { cookie, form: { _form: "notifications", ...form } });

    const page = await call(accountRoute.loader, "/account", "GET", { cookie });
    expect((page.data as { notifications: unknown }).notifications).toEqual({
      phone: null,
      notifyByEmail: true,
      notifyBySms: false,
      version: 1,
    });

    let res = await post({ version: "1", notifyByEmail: "on", notifyBySms: "on", phone: "555-1234" });
    expect(res.status).toBe(400);
    expect((await replyOf(res)).errors.phone).toBe(
      "Enter the mobile number in international format: + and the country code, then the number, e.g. +15551234567.",
    );

    res = await post({ version: "1", notifyBySms: "on", phone: "" });
    expect(res.status).toBe(400);
    expect((await replyOf(res)).errors.phone).toBe("Enter your mobile number to get SMS notifications, or turn SMS off.");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).version).toBe(1);

    res = await post({ version: "1", notifyBySms: "on", phone: "+1 (555) 123-4567" });
    expect(res.status).toBe(200);
    expect((await replyOf(res)).message).toBe("Notification settings saved.");
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      phone: "+15551234567",
      notifyByEmail: false,
      notifyBySms: true,
      version: 2,
    });
    const auditRow = await db.auditEvent.findFirstOrThrow({ where: { action: "user.notification_settings", entityId: user.id } });
    expect(auditRow.summary).toBe("Changed own notification settings: SMS, mobile number changed");

    res = await post({ version: "1", notifyByEmail: "on" });
    expect(res.status).toBe(409);
    expect((await replyOf(res)).errors.form).toMatch(/changed elsewhere/);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).notifyByEmail).toBe(false);
  });
});
