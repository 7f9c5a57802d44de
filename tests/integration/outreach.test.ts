// Outreach end to end against a real SMTP server in this process: planning from the
// protocol, sending, reminders that stop, sessions that move, quiet hours across a DST
// change, a worker killed between claim and send, and two workers sharing 500 messages.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dispatchDue } from "~/models/outreach/dispatch.server";
import { resolvePageToken } from "~/models/outreach/pageToken.server";
import { cohortsWithOutreachAhead, messageIdHeader, syncCohortOutreach } from "~/models/outreach/planner.server";
import { dbReady } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { createTestUser } from "../setup/factories";
import { createEnrolledTestParticipant, createTestCohort } from "../setup/factories-scheduling";
import { linkIn, startSilentSmtp, startSmtpServer } from "../setup/smtp";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let n = 0;

beforeAll(async () => {
  smtp = await startSmtpServer({ reject: (rcpt) => (rcpt.startsWith("bounce") ? "No such user here" : null) });
  process.env.SMTP_URL = smtp.url;
  process.env.PUBLIC_URL = "https://groupkap.test";
  resetEnvCache();
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  resetEnvCache();
  await smtp.close();
});

const H = 3_600_000;
const D = 24 * H;

/** A participant with consent and an email, a two-questionnaire timepoint and one session. */
async function fixture(
  opts: { timeZone?: string; opens: Date; closes?: Date; sessionAt?: Date; email?: string } = { opens: new Date("2026-12-02T15:00:00Z") },
) {
  const db = await dbReady();
  const cohort = await createTestCohort({ status: "ACTIVE", timeZone: opts.timeZone ?? "America/New_York" });
  const email = opts.email ?? `ana${++n}.${Date.now()}@example.org`;
  const { participant, enrollment } = await createEnrolledTestParticipant(cohort.id, "ACTIVE", {
    firstName: "Ana",
    lastName: "Secretname",
    email,
  });
  await db.participant.update({ where: { id: participant.id }, data: { contactConsentAt: new Date("2026-01-01T00:00:00Z") } });
  await db.assessment.createMany({
    data: ["PHQ9", "GAD7"].map((instrumentCode) => ({
      enrollmentId: enrollment.id,
      timepointKey: "baseline",
      instrumentCode,
      dueDate: opts.opens.toISOString().slice(0, 10),
      windowOpens: opts.opens,
      windowCloses: opts.closes ?? new Date(opts.opens.getTime() + 7 * D),
    })),
  });
  const session = opts.sessionAt
    ? await db.groupSession.create({
        data: {
          cohortId: cohort.id,
          kind: "PREPARATION",
          title: "Preparation 1",
          startsAt: opts.sessionAt,
          endsAt: new Date(opts.sessionAt.getTime() + 2 * H),
        },
      })
    : null;
  const mailTo = () => smtp.received.filter((r) => r.to.includes(email));
  const dispatch = async (now: Date) => {
    await syncCohortOutreach(db, [cohort.id], now);
    return dispatchDue({ now });
  };
  const messages = () => db.message.findMany({ where: { participantId: participant.id }, orderBy: { purposeKey: "asc" } });
  // Planned when the cohort was set up, well ahead of everything (as the runner would).
  await syncCohortOutreach(db, [cohort.id], new Date("2026-11-30T12:00:00Z"));
  return { db, cohort, participant, enrollment, session, email, mailTo, dispatch, messages };
}

describe("participant outreach", () => {
  it("window opens → one invitation with a working personal link, no PHI, a List-Unsubscribe header; sending again sends nothing", async () => {
    const f = await fixture({ opens: new Date("2026-12-02T15:00:00Z") });
    await f.dispatch(new Date("2026-12-02T14:59:00Z"));
    expect(f.mailTo()).toHaveLength(0);

    await f.dispatch(new Date("2026-12-02T15:00:00Z"));
    const mails = f.mailTo();
    expect(mails).toHaveLength(1);
    const { mail } = mails[0];
    expect(mail.subject).toBe("Your questionnaires are ready");
    expect(mail.text).toContain("Hello Ana,");
    for (const phi of ["Secretname", f.participant.code, "PHQ", "ketamine"]) expect(mail.text).not.toContain(phi);
    const link = linkIn(mail.text!);
    expect(link.startsWith("https://groupkap.test/p/")).toBe(true);
    const token = link.split("/p/")[1];
    const resolved = await resolvePageToken(f.db, token, new Date("2026-12-02T15:00:00Z"));
    expect(resolved?.participantId).toBe(f.participant.id);
    const header = (name: string) => mails[0].mail.headerLines.find((h) => h.key === name)?.line.replace(/\r?\n\s+/g, " ");
    expect(header("list-unsubscribe")).toBe(`List-Unsubscribe: <${link}/unsubscribe?channel=email>`);
    expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");

    const [invitation] = (await f.messages()).filter((m) => m.kind === "INVITATION");
    expect(invitation).toMatchObject({ status: "SENT", transport: "SMTP", address: f.email, attempts: 1 });
    expect(mail.messageId).toBe(invitation.messageIdHeader);
    // The stored copy does not keep the personal link.
    expect(invitation.body).toContain("[personal link]");
    expect(invitation.body).not.toContain(token);
    const audits = await f.db.auditEvent.count({ where: { entityType: "Message", entityId: invitation.id, action: "message.sent" } });
    expect(audits).toBe(1);

    await f.dispatch(new Date("2026-12-02T16:00:00Z"));
    expect(f.mailTo()).toHaveLength(1);
  });

  it("reminders follow on days 2 and 5; completing the questionnaires cancels the rest", async () => {
    const f = await fixture({ opens: new Date("2026-12-02T15:00:00Z") });
    await f.dispatch(new Date("2026-12-02T15:00:00Z"));
    await f.dispatch(new Date("2026-12-04T15:00:00Z"));
    expect(f.mailTo().map((m) => m.mail.subject)).toEqual(["Your questionnaires are ready", "Reminder: your questionnaires"]);

    await f.db.assessment.updateMany({
      where: { enrollmentId: f.enrollment.id },
      data: { status: "COMPLETED", completedOn: "2026-12-05" },
    });
    await f.dispatch(new Date("2026-12-07T15:00:00Z"));
    expect(f.mailTo()).toHaveLength(2);
    const fiveDay = (await f.messages()).find((m) => m.purposeKey.endsWith(":5d"))!;
    expect(fiveDay).toMatchObject({ status: "CANCELLED", statusReason: "questionnaires completed" });
  });

  it("a moved session moves its pending reminders and sends one 'changed' message to a participant already told", async () => {
    const sessionAt = new Date("2026-12-10T15:00:00Z"); // 10:00 in New York
    const f = await fixture({ opens: new Date("2026-12-20T15:00:00Z"), sessionAt });
    await f.dispatch(new Date("2026-12-08T15:00:00Z"));
    expect(f.mailTo().map((m) => m.mail.subject)).toEqual(["Reminder: your session on Thursday 10 December 2026"]);
    expect(f.mailTo()[0].mail.text).toContain("on Thursday 10 December 2026 at 10:00");

    // Moved one day later.
    await f.db.groupSession.update({
      where: { id: f.session!.id },
      data: { startsAt: new Date(sessionAt.getTime() + D), endsAt: new Date(sessionAt.getTime() + D + 2 * H) },
    });
    await f.dispatch(new Date("2026-12-08T16:00:00Z"));
    await f.dispatch(new Date("2026-12-08T17:00:00Z"));
    const subjects = f.mailTo().map((m) => m.mail.subject);
    expect(subjects).toEqual(["Reminder: your session on Thursday 10 December 2026", "Your session has moved to Friday 11 December 2026"]);
    const twoHour = (await f.messages()).find((m) => m.purposeKey.endsWith(":2h"))!;
    expect(twoHour).toMatchObject({ status: "SCHEDULED", dueAt: new Date("2026-12-11T13:00:00Z") });

    await f.dispatch(new Date("2026-12-11T13:00:00Z"));
    expect(
      f
        .mailTo()
        .map((m) => m.mail.subject)
        .at(-1),
    ).toBe("Reminder: your session on Friday 11 December 2026");
    expect(f.mailTo()).toHaveLength(3);
  });

  it("a cancelled session cancels its reminders and tells a participant already told, once", async () => {
    const sessionAt = new Date("2026-12-10T15:00:00Z");
    const f = await fixture({ opens: new Date("2026-12-20T15:00:00Z"), sessionAt });
    await f.dispatch(new Date("2026-12-08T15:00:00Z"));
    await f.db.groupSession.update({ where: { id: f.session!.id }, data: { status: "CANCELLED", cancelReason: "facilitator ill" } });
    await f.dispatch(new Date("2026-12-08T16:00:00Z"));
    await f.dispatch(new Date("2026-12-09T16:00:00Z"));
    expect(f.mailTo().map((m) => m.mail.subject)).toEqual([
      "Reminder: your session on Thursday 10 December 2026",
      "Your session on Thursday 10 December 2026 is cancelled",
    ]);
    expect(f.mailTo()[1].mail.text).not.toContain("facilitator ill");
    expect((await f.messages()).find((m) => m.purposeKey.endsWith(":2h"))).toMatchObject({
      status: "CANCELLED",
      statusReason: "session cancelled",
    });
  });

  it("withdrawn or opted out → nothing more, and the pending rows say why", async () => {
    const a = await fixture({ opens: new Date("2026-12-02T15:00:00Z") });
    const b = await fixture({ opens: new Date("2026-12-02T15:00:00Z") });
    await a.dispatch(new Date("2026-12-02T15:00:00Z"));
    await b.dispatch(new Date("2026-12-02T15:00:00Z"));
    await a.db.enrollment.update({ where: { id: a.enrollment.id }, data: { status: "WITHDRAWN", withdrawnOn: "2026-12-03" } });
    await b.db.participant.update({ where: { id: b.participant.id }, data: { emailOptOutAt: new Date("2026-12-03T00:00:00Z") } });
    // Only the send-time check stands between a stale plan and the participant: no re-plan.
    await dispatchDue({ now: new Date("2026-12-04T15:00:00Z") });
    expect(a.mailTo()).toHaveLength(1);
    expect(b.mailTo()).toHaveLength(1);
    expect((await a.messages()).find((m) => m.purposeKey.endsWith(":2d"))).toMatchObject({
      status: "CANCELLED",
      statusReason: "withdrawn",
    });
    expect((await b.messages()).find((m) => m.purposeKey.endsWith(":2d"))).toMatchObject({
      status: "CANCELLED",
      statusReason: "opted out",
    });
  });

  it("respects quiet hours in the participant's zone across the spring DST change", async () => {
    // 2027-03-14: New York springs forward at 02:00. A window opening at 06:00 EDT (10:00Z)
    // is invited at 08:00 EDT = 12:00Z (it would be 13:00Z in winter time).
    const f = await fixture({ opens: new Date("2027-03-14T10:00:00Z") });
    await f.dispatch(new Date("2027-03-14T11:59:00Z"));
    expect(f.mailTo()).toHaveLength(0);
    await f.dispatch(new Date("2027-03-14T12:00:00Z"));
    expect(f.mailTo()).toHaveLength(1);
    // The day-2 reminder: 06:00 local on Mar 16 is quiet too, so 08:00 EDT.
    const reminder = (await f.messages()).find((m) => m.purposeKey.endsWith(":2d"))!;
    expect(reminder.dueAt.toISOString()).toBe("2027-03-16T12:00:00.000Z");
  });

  it("a permanent SMTP refusal fails the message at once and marks the address", async () => {
    const f = await fixture({ opens: new Date("2026-12-02T15:00:00Z"), email: `bounce${Date.now()}@example.org` });
    const lines = await f.dispatch(new Date("2026-12-02T15:00:00Z"));
    expect(lines.find((l) => l.kind === "INVITATION" && l.recipient === f.participant.code)?.outcome).toBe("FAILED");
    const [inv] = (await f.messages()).filter((m) => m.kind === "INVITATION");
    expect(inv.status).toBe("FAILED");
    expect(inv.statusReason).toMatch(/^550/);
    const p = await f.db.participant.findUniqueOrThrow({ where: { id: f.participant.id } });
    expect(p.emailFailedAt).not.toBeNull();
    // Nothing more is planned for an undeliverable address.
    await f.dispatch(new Date("2026-12-04T15:00:00Z"));
    expect((await f.messages()).find((m) => m.purposeKey.endsWith(":2d"))).toMatchObject({
      status: "CANCELLED",
      statusReason: "address undeliverable",
    });
  });

  it("a worker killed between claim and send: the message is sent once after restart, with the same Message-ID", async () => {
    const f = await fixture({ opens: new Date("2027-01-05T15:00:00Z") });
    const now = new Date("2027-01-05T15:00:00Z");
    await syncCohortOutreach(f.db, [f.cohort.id], now);
    const silent = await startSilentSmtp();
    const child = spawn(process.execPath, [inject("cliEntry"), "outreach", "dispatch", "--now", now.toISOString(), "--no-plan"], {
      env: { ...process.env, SMTP_URL: silent.url },
      stdio: "ignore",
    });
    try {
      // Wait until the worker has claimed the invitation and is stuck sending it.
      for (let i = 0; i < 300 && silent.connections() === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(silent.connections()).toBeGreaterThan(0);
      const claimed = (await f.messages()).find((m) => m.kind === "INVITATION")!;
      expect(claimed.status).toBe("SENDING");
    } finally {
      child.kill("SIGKILL");
      await silent.close();
    }
    expect(f.mailTo()).toHaveLength(0);
    // Within the lease nobody takes it; after it, the next run does.
    await dispatchDue({ now: new Date(now.getTime() + 60_000) });
    expect(f.mailTo()).toHaveLength(0);
    await dispatchDue({ now: new Date(now.getTime() + 6 * 60_000) });
    await dispatchDue({ now: new Date(now.getTime() + 20 * 60_000) });
    expect(f.mailTo()).toHaveLength(1);
    const sent = (await f.messages()).find((m) => m.kind === "INVITATION")!;
    expect(sent).toMatchObject({ status: "SENT", attempts: 2 });
    expect(f.mailTo()[0].mail.messageId).toBe(sent.messageIdHeader);
  }, 60_000);

  it("two worker processes over 500 due messages send each exactly once", async () => {
    const db = await dbReady();
    const user = await createTestUser({ roles: ["CLINICIAN"] });
    const due = new Date("2027-02-01T12:00:00Z");
    await db.message.createMany({
      data: Array.from({ length: 500 }, (_, i) => ({
        channel: "EMAIL",
        kind: "SAFETY_ALERT",
        purposeKey: `test:${user.id}:${i}`,
        userId: user.id,
        dueAt: due,
        subject: `Load ${i}`,
        body: "1 new high-priority safety item in GroupKAP. Open: https://groupkap.test/safety",
        messageIdHeader: messageIdHeader(),
      })),
    });
    const run = (id: string) =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(process.execPath, [inject("cliEntry"), "outreach", "dispatch", "--now", due.toISOString(), "--no-plan"], {
          env: { ...process.env, HOSTNAME: id },
          stdio: "ignore",
        });
        child.on("exit", (code) => resolve(code ?? -1));
        child.on("error", reject);
      });
    expect(await Promise.all([run("w1"), run("w2")])).toEqual([0, 0]);
    const mine = smtp.received.filter((r) => r.to.includes(user.email));
    expect(mine).toHaveLength(500);
    expect(new Set(mine.map((r) => r.mail.messageId)).size).toBe(500);
    const rows = await db.message.findMany({ where: { userId: user.id } });
    expect(rows.every((r) => r.status === "SENT" && r.attempts === 1)).toBe(true);
  }, 120_000);
});

describe("the sweep's cohorts with anything ahead", () => {
  it("finds a future session, an expected questionnaire whose window has not closed, or a scheduled message; nothing else", async () => {
    const db = await dbReady();
    const now = new Date("2027-06-01T12:00:00Z");
    const later = (h: number) => new Date(now.getTime() + h * H);
    const session = (cohortId: string, startsAt: Date) =>
      db.groupSession.create({
        data: { cohortId, kind: "PREPARATION", title: "Preparation 1", startsAt, endsAt: new Date(startsAt.getTime() + 2 * H) },
      });
    const questionnaire = async (cohortId: string, status: string, closes: Date) => {
      const { enrollment } = await createEnrolledTestParticipant(cohortId, "ACTIVE");
      await db.assessment.create({
        data: {
          enrollmentId: enrollment.id,
          timepointKey: "baseline",
          instrumentCode: "PHQ9",
          status,
          dueDate: "2027-05-30",
          windowOpens: new Date(closes.getTime() - 7 * D),
          windowCloses: closes,
        },
      });
    };
    const message = (cohortId: string, status: string) =>
      db.message.create({
        data: {
          channel: "EMAIL",
          kind: "REMINDER",
          purposeKey: `ahead:${cohortId}:${status}`,
          cohortId,
          status,
          dueAt: later(-48),
          messageIdHeader: messageIdHeader(),
        },
      });

    const withSession = await createTestCohort();
    await session(withSession.id, later(1));
    const withOpenWindow = await createTestCohort();
    await questionnaire(withOpenWindow.id, "EXPECTED", later(1));
    const withScheduled = await createTestCohort();
    await message(withScheduled.id, "SCHEDULED");
    // Everything here is behind: a past session, a window closed at this very instant, a
    // completed questionnaire whose window is still open, a message already sent.
    const behind = await createTestCohort();
    await session(behind.id, later(-1));
    await questionnaire(behind.id, "EXPECTED", now);
    await questionnaire(behind.id, "COMPLETED", later(24));
    await message(behind.id, "SENT");
    const empty = await createTestCohort();

    const ahead = new Set(await cohortsWithOutreachAhead(now));
    expect([withSession, withOpenWindow, withScheduled, behind, empty].map((c) => ahead.has(c.id))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    // One id per cohort.
    const all = await cohortsWithOutreachAhead(now);
    expect(new Set(all).size).toBe(all.length);
  });
});
