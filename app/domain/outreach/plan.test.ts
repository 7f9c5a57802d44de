import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, channelFor, notWantedReason, planEnrollmentMessages, type PlanInput } from "./plan";
import { reconcile, type StoredMessage } from "./reconcile";

const NY = "America/New_York";
const contact = {
  preferredChannel: "EMAIL",
  email: "ana@example.org",
  phone: "+15550100001",
  contactConsentAt: new Date("2026-11-01T00:00:00Z"),
  emailOptOutAt: null,
  smsOptOutAt: null,
  emailFailedAt: null,
  smsFailedAt: null,
};

function input(over: Partial<PlanInput> = {}): PlanInput {
  return {
    now: new Date("2026-12-01T12:00:00Z"),
    enrollmentId: "e1",
    enrollmentStatus: "ACTIVE",
    contact,
    timeZone: NY,
    rules: DEFAULT_RULES,
    // Opens 10:00 local on Dec 2 (15:00Z), closes a week later.
    timepoints: [{ key: "baseline", opens: new Date("2026-12-02T15:00:00Z"), closes: new Date("2026-12-09T15:00:00Z"), pending: true }],
    // 10:00 local on Dec 10.
    sessions: [{ id: "s1", startsAt: new Date("2026-12-10T15:00:00Z"), status: "SCHEDULED" }],
    existing: [],
    ...over,
  };
}

const keys = (p: ReturnType<typeof planEnrollmentMessages>) => p.messages.map((m) => `${m.kind} ${m.purposeKey} ${m.dueAt.toISOString()}`);

describe("planEnrollmentMessages", () => {
  it("plans one invitation when the window opens, reminders at +2 and +5 days, and session reminders 48 h and 2 h before", () => {
    expect(keys(planEnrollmentMessages(input()))).toEqual([
      "INVITATION inv:e1:baseline 2026-12-02T15:00:00.000Z",
      "REMINDER rem:e1:baseline:2d 2026-12-04T15:00:00.000Z",
      "REMINDER rem:e1:baseline:5d 2026-12-07T15:00:00.000Z",
      "SESSION_REMINDER ses:e1:s1:48h 2026-12-08T15:00:00.000Z",
      "SESSION_REMINDER ses:e1:s1:2h 2026-12-10T13:00:00.000Z",
    ]);
  });

  it("never plans a reminder after the window closes", () => {
    const p = planEnrollmentMessages(
      input({
        timepoints: [{ key: "w1", opens: new Date("2026-12-02T15:00:00Z"), closes: new Date("2026-12-05T15:00:00Z"), pending: true }],
        sessions: [],
      }),
    );
    expect(p.messages.map((m) => m.purposeKey)).toEqual(["inv:e1:w1", "rem:e1:w1:2d"]);
  });

  it("respects quiet hours in the participant's zone: a window opening at midnight invites at 08:00", () => {
    const p = planEnrollmentMessages(
      input({
        timepoints: [{ key: "w1", opens: new Date("2026-12-02T05:00:00Z"), closes: new Date("2026-12-09T05:00:00Z"), pending: true }],
        sessions: [],
      }),
    );
    expect(p.messages[0].dueAt.toISOString()).toBe("2026-12-02T13:00:00.000Z");
    // A 07:00 session: the 48-hour reminder waits until 08:00; the 2-hour one goes the
    // evening before, not at 05:00.
    const s = planEnrollmentMessages(
      input({ timepoints: [], sessions: [{ id: "s1", startsAt: new Date("2026-12-10T12:00:00Z"), status: "SCHEDULED" }] }),
    );
    expect(s.messages.map((m) => m.dueAt.toISOString())).toEqual(["2026-12-08T13:00:00.000Z", "2026-12-10T01:59:00.000Z"]);
  });

  it("stops for completed timepoints, closed windows, withdrawal, opt-out and missing consent", () => {
    expect(planEnrollmentMessages(input({ timepoints: [{ ...input().timepoints[0], pending: false }], sessions: [] })).messages).toEqual(
      [],
    );
    expect(planEnrollmentMessages(input({ now: new Date("2026-12-09T15:00:00Z"), sessions: [] })).messages).toEqual([]);
    expect(planEnrollmentMessages(input({ enrollmentStatus: "WITHDRAWN" }))).toEqual({ messages: [], silencedBecause: "withdrawn" });
    expect(planEnrollmentMessages(input({ contact: { ...contact, phone: null, emailOptOutAt: new Date() } })).silencedBecause).toBe(
      "opted out",
    );
    expect(planEnrollmentMessages(input({ contact: { ...contact, contactConsentAt: null } })).silencedBecause).toBe(
      "no consent to be contacted",
    );
    expect(planEnrollmentMessages(input({ contact: { ...contact, preferredChannel: "NONE" } })).silencedBecause).toBe(
      "prefers no messages",
    );
    expect(planEnrollmentMessages(input({ contact: { ...contact, programConsentWithdrawnAt: new Date() } }))).toEqual({
      messages: [],
      silencedBecause: "consent to the program withdrawn",
    });
  });

  it("a completed participant still gets follow-up questionnaires but no session reminders", () => {
    expect(planEnrollmentMessages(input({ enrollmentStatus: "COMPLETED" })).messages.map((m) => m.kind)).toEqual([
      "INVITATION",
      "REMINDER",
      "REMINDER",
    ]);
  });

  it("consent recorded late in a window sends the invitation, not the reminders that would have gone before", () => {
    const p = planEnrollmentMessages(input({ now: new Date("2026-12-05T12:00:00Z"), sessions: [] }));
    expect(p.messages.map((m) => m.purposeKey)).toEqual(["inv:e1:baseline", "rem:e1:baseline:5d"]);
    expect(p.messages[0].dueAt.toISOString()).toBe("2026-12-02T15:00:00.000Z");
  });

  it("sends one 'changed' message to a participant told about a session that then moved", () => {
    const told = { purposeKey: "ses:e1:s1:48h", status: "SENT", sessionId: "s1", sessionStartsAt: new Date("2026-12-03T15:00:00Z") };
    const p = planEnrollmentMessages(input({ timepoints: [], existing: [told] }));
    expect(p.messages.map((m) => m.purposeKey)).toEqual(["ses:e1:s1:2h", "chg:e1:s1:2026-12-10T15:00:00.000Z"]);
    // After it went out, planning again does not add another.
    const sent = {
      purposeKey: "chg:e1:s1:2026-12-10T15:00:00.000Z",
      status: "SENT",
      sessionId: "s1",
      sessionStartsAt: new Date("2026-12-10T15:00:00Z"),
    };
    const again = planEnrollmentMessages(input({ timepoints: [], existing: [told, sent] }));
    expect(again.messages.filter((m) => m.kind === "SESSION_CHANGED").length).toBe(1);
  });

  it("tells a participant who was told about a session that it was cancelled, once", () => {
    const told = { purposeKey: "ses:e1:s1:48h", status: "SENT", sessionId: "s1", sessionStartsAt: new Date("2026-12-10T15:00:00Z") };
    const p = planEnrollmentMessages(
      input({
        timepoints: [],
        sessions: [{ id: "s1", startsAt: new Date("2026-12-10T15:00:00Z"), status: "CANCELLED" }],
        existing: [told],
      }),
    );
    expect(p.messages.map((m) => m.kind)).toEqual(["SESSION_CANCELLED"]);
    expect(
      planEnrollmentMessages(
        input({ timepoints: [], sessions: [{ id: "s1", startsAt: new Date("2026-12-10T15:00:00Z"), status: "CANCELLED" }] }),
      ).messages,
    ).toEqual([]);
  });

  it("falls back to the other channel when the preferred one cannot be used", () => {
    expect(channelFor({ ...contact, preferredChannel: "SMS" })).toEqual({ channel: "SMS" });
    expect(channelFor({ ...contact, preferredChannel: "SMS", smsOptOutAt: new Date() })).toEqual({ channel: "EMAIL" });
    expect(channelFor({ ...contact, email: null, smsFailedAt: new Date() })).toEqual({ reason: "address undeliverable" });
    expect(channelFor({ ...contact, email: null, phone: null })).toEqual({ reason: "no email or phone" });
  });
});

describe("reconcile", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  const row = (over: Partial<StoredMessage>): StoredMessage => ({
    id: "m1",
    purposeKey: "ses:e1:s1:48h",
    status: "SCHEDULED",
    channel: "EMAIL",
    dueAt: new Date("2026-12-08T15:00:00Z"),
    sessionStartsAt: new Date("2026-12-10T15:00:00Z"),
    timepointKey: null,
    sessionId: "s1",
    ...over,
  });

  it("moves a pending reminder when its session moves, and creates what is missing", () => {
    const plan = planEnrollmentMessages(
      input({ timepoints: [], sessions: [{ id: "s1", startsAt: new Date("2026-12-11T15:00:00Z"), status: "SCHEDULED" }] }),
    );
    const r = reconcile(plan.messages, [row({})], now);
    expect(r.update).toEqual([
      {
        id: "m1",
        dueAt: new Date("2026-12-09T15:00:00Z"),
        channel: "EMAIL",
        sessionStartsAt: new Date("2026-12-11T15:00:00Z"),
        revive: false,
      },
    ]);
    expect(r.create.map((m) => m.purposeKey)).toEqual(["ses:e1:s1:2h"]);
    expect(r.cancel).toEqual([]);
  });

  it("cancels what is no longer wanted, with the reason, and never touches sent rows", () => {
    const stored = [row({}), row({ id: "m2", purposeKey: "ses:e1:s1:2h", status: "SENT" })];
    const inp = input({
      timepoints: [],
      sessions: [{ id: "s1", startsAt: new Date("2026-12-10T15:00:00Z"), status: "CANCELLED" }],
      existing: stored,
    });
    const plan = planEnrollmentMessages(inp);
    const r = reconcile(plan.messages, stored, now);
    expect(r.cancel.map((m) => m.id)).toEqual(["m1"]);
    expect(notWantedReason(r.cancel[0], inp, plan)).toBe("session cancelled");
    expect(r.create.map((m) => m.kind)).toEqual(["SESSION_CANCELLED"]);
  });

  it("keeps an as-soon-as-allowed message's stored due time when planned again", () => {
    const told = { purposeKey: "ses:e1:s1:48h", status: "SENT", sessionId: "s1", sessionStartsAt: new Date("2026-12-03T15:00:00Z") };
    const plan = planEnrollmentMessages(input({ timepoints: [], existing: [told], now: new Date("2026-12-01T13:00:00Z") }));
    const changed = plan.messages.find((m) => m.kind === "SESSION_CHANGED")!;
    const stored = row({ id: "c1", purposeKey: changed.purposeKey, dueAt: now, sessionStartsAt: changed.sessionStartsAt });
    expect(reconcile([changed], [stored], now).update).toEqual([]);
  });

  it("revives a cancelled invitation when the participant opts back in", () => {
    const plan = planEnrollmentMessages(input({ sessions: [] }));
    const inv = row({
      id: "i1",
      purposeKey: "inv:e1:baseline",
      status: "CANCELLED",
      dueAt: new Date("2026-12-02T15:00:00Z"),
      sessionId: null,
      sessionStartsAt: null,
      timepointKey: "baseline",
    });
    const r = reconcile(plan.messages, [inv], now);
    expect(r.update[0]).toMatchObject({ id: "i1", revive: true });
  });
});
