// What a participant should be sent, computed from the protocol: one invitation per
// timepoint when its window opens, reminders on the program's rule until it is completed
// or the window closes, reminders before each session, and one "changed" / "cancelled"
// message to a participant who was already told about a session that then moved or was
// cancelled. Pure: the models load the inputs, store the result (reconcile.ts says how)
// and ask again just before sending, so a message that is no longer wanted is cancelled,
// never sent.
import { outsideQuietHours, type QuietHours } from "./quietHours";

export type ParticipantChannel = "EMAIL" | "SMS";

export type OutreachRules = {
  quiet: QuietHours;
  /** Days after a window opens. */
  reminderDays: number[];
  /** Hours before a session starts. */
  sessionReminderHours: number[];
};

/** How long a waitlisted person has to answer a seat offer when the program has not set it (OutreachSettings.seatOfferHours). */
export const DEFAULT_SEAT_OFFER_HOURS = 72;

export const DEFAULT_RULES: OutreachRules = {
  quiet: { start: "21:00", end: "08:00" },
  reminderDays: [2, 5],
  sessionReminderHours: [48, 2],
};

export type PlanContact = {
  preferredChannel: string;
  email: string | null;
  phone: string | null;
  contactConsentAt: Date | null;
  /** Consent to take part in the program withdrawn (e-consent): nothing more is sent for it. */
  programConsentWithdrawnAt?: Date | null;
  emailOptOutAt: Date | null;
  smsOptOutAt: Date | null;
  emailFailedAt: Date | null;
  smsFailedAt: Date | null;
};

export type PlanTimepoint = { key: string; opens: Date; closes: Date; pending: boolean };
export type PlanSession = { id: string; startsAt: Date; status: string };
/** A message already stored for this enrollment (any status). */
export type PlanExisting = { purposeKey: string; status: string; sessionId: string | null; sessionStartsAt: Date | null };

export type PlanInput = {
  now: Date;
  enrollmentId: string;
  enrollmentStatus: string;
  contact: PlanContact;
  timeZone: string;
  rules: OutreachRules;
  timepoints: PlanTimepoint[];
  sessions: PlanSession[];
  existing: PlanExisting[];
  /** Open seat offers to this (waitlisted) enrollment: each is told once, before it expires. */
  offers?: { id: string; expiresAt: Date }[];
};

export type PlannedKind = "INVITATION" | "REMINDER" | "SESSION_REMINDER" | "SESSION_CHANGED" | "SESSION_CANCELLED" | "SEAT_OFFER";

export type PlannedMessage = {
  purposeKey: string;
  kind: PlannedKind;
  channel: ParticipantChannel;
  dueAt: Date;
  timepointKey: string | null;
  sessionId: string | null;
  sessionStartsAt: Date | null;
  /** True when dueAt follows from the protocol; false for "as soon as allowed" (a stored
   * row keeps its due time then, so planning again does not push it later). */
  anchored: boolean;
};

export type PlanResult = {
  messages: PlannedMessage[];
  /** Why nothing (more) is sent to this enrollment, when that is the case. */
  silencedBecause: string | null;
};

const QUESTIONNAIRE_STATUSES = new Set(["ENROLLED", "ACTIVE", "COMPLETED"]);
const SESSION_STATUSES = new Set(["ENROLLED", "ACTIVE"]);
const TOLD = new Set(["SENDING", "SENT", "DELIVERED"]);
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The channel a participant can be reached on now, or why none. */
export function channelFor(c: PlanContact): { channel: ParticipantChannel } | { reason: string } {
  if (c.programConsentWithdrawnAt) return { reason: "consent to the program withdrawn" };
  if (!c.contactConsentAt) return { reason: "no consent to be contacted" };
  if (c.preferredChannel === "NONE") return { reason: "prefers no messages" };
  const email = Boolean(c.email) && !c.emailOptOutAt && !c.emailFailedAt;
  const sms = Boolean(c.phone) && !c.smsOptOutAt && !c.smsFailedAt;
  if (c.preferredChannel === "SMS" && sms) return { channel: "SMS" };
  if (c.preferredChannel === "EMAIL" && email) return { channel: "EMAIL" };
  // The preferred channel is missing, opted out or failing: the other one, if it works.
  if (email) return { channel: "EMAIL" };
  if (sms) return { channel: "SMS" };
  if (c.emailOptOutAt || c.smsOptOutAt) return { reason: "opted out" };
  if (c.emailFailedAt || c.smsFailedAt) return { reason: "address undeliverable" };
  return { reason: "no email or phone" };
}

export const purposeKeys = {
  invitation: (enrollmentId: string, tp: string) => `inv:${enrollmentId}:${tp}`,
  reminder: (enrollmentId: string, tp: string, days: number) => `rem:${enrollmentId}:${tp}:${days}d`,
  session: (enrollmentId: string, sessionId: string, hours: number) => `ses:${enrollmentId}:${sessionId}:${hours}h`,
  changed: (enrollmentId: string, sessionId: string, startsAt: Date) => `chg:${enrollmentId}:${sessionId}:${startsAt.toISOString()}`,
  cancelled: (enrollmentId: string, sessionId: string) => `cxl:${enrollmentId}:${sessionId}`,
  offer: (enrollmentId: string, offerId: string) => `offer:${enrollmentId}:${offerId}`,
};

export function planEnrollmentMessages(input: PlanInput): PlanResult {
  const { now, rules, timeZone, enrollmentId } = input;
  const reach = channelFor(input.contact);
  if ("reason" in reach) return { messages: [], silencedBecause: reach.reason };
  if (input.enrollmentStatus === "WAITLISTED") {
    // A waitlisted person hears about one thing: a seat offered to them, as soon as quiet
    // hours allow, while the offer is still open.
    const messages = (input.offers ?? []).flatMap((o): PlannedMessage[] => {
      const dueAt = outsideQuietHours(now, timeZone, rules.quiet, "later");
      return dueAt < o.expiresAt
        ? [
            {
              purposeKey: purposeKeys.offer(enrollmentId, o.id),
              kind: "SEAT_OFFER",
              channel: reach.channel,
              dueAt,
              timepointKey: null,
              sessionId: null,
              sessionStartsAt: null,
              anchored: false,
            },
          ]
        : [];
    });
    return { messages, silencedBecause: messages.length ? null : "on the waitlist" };
  }
  if (!QUESTIONNAIRE_STATUSES.has(input.enrollmentStatus)) {
    return { messages: [], silencedBecause: input.enrollmentStatus === "WITHDRAWN" ? "withdrawn" : "not enrolled" };
  }
  const channel = reach.channel;
  const existingKeys = new Set(input.existing.map((m) => m.purposeKey));
  const liveKeys = new Set(input.existing.filter((m) => m.status !== "CANCELLED").map((m) => m.purposeKey));
  const out: PlannedMessage[] = [];
  // A reminder not stored yet (or cancelled, e.g. while opted out) is only planned when it
  // is still ahead, so recording consent late in a window sends the invitation, not every
  // reminder that would have gone before.
  const isNewAndPast = (key: string, dueAt: Date) => !liveKeys.has(key) && dueAt <= now;

  for (const tp of input.timepoints) {
    if (!tp.pending || tp.closes <= now) continue;
    const invitation = outsideQuietHours(tp.opens, timeZone, rules.quiet, "later");
    if (invitation >= tp.closes) continue;
    out.push({
      purposeKey: purposeKeys.invitation(enrollmentId, tp.key),
      kind: "INVITATION",
      channel,
      dueAt: invitation,
      timepointKey: tp.key,
      sessionId: null,
      sessionStartsAt: null,
      anchored: true,
    });
    for (const days of rules.reminderDays) {
      const dueAt = outsideQuietHours(new Date(tp.opens.getTime() + days * DAY_MS), timeZone, rules.quiet, "later");
      const key = purposeKeys.reminder(enrollmentId, tp.key, days);
      if (dueAt >= tp.closes || isNewAndPast(key, dueAt)) continue;
      out.push({
        purposeKey: key,
        kind: "REMINDER",
        channel,
        dueAt,
        timepointKey: tp.key,
        sessionId: null,
        sessionStartsAt: null,
        anchored: true,
      });
    }
  }

  if (SESSION_STATUSES.has(input.enrollmentStatus)) {
    for (const s of input.sessions) {
      const told = input.existing.filter((m) => m.sessionId === s.id && TOLD.has(m.status));
      if (s.status === "CANCELLED") {
        if (told.length > 0 && s.startsAt > now) {
          out.push({
            purposeKey: purposeKeys.cancelled(enrollmentId, s.id),
            kind: "SESSION_CANCELLED",
            channel,
            dueAt: outsideQuietHours(now, timeZone, rules.quiet, "later"),
            timepointKey: null,
            sessionId: s.id,
            sessionStartsAt: s.startsAt,
            anchored: false,
          });
        }
        continue;
      }
      if (s.status !== "SCHEDULED" || s.startsAt <= now) continue;
      for (const hours of rules.sessionReminderHours) {
        const key = purposeKeys.session(enrollmentId, s.id, hours);
        // Out of quiet hours: later if that still leaves an hour before the session, else earlier.
        const ideal = new Date(s.startsAt.getTime() - hours * HOUR_MS);
        const later = outsideQuietHours(ideal, timeZone, rules.quiet, "later");
        const dueAt =
          later.getTime() <= s.startsAt.getTime() - HOUR_MS ? later : outsideQuietHours(ideal, timeZone, rules.quiet, "earlier");
        const prior = input.existing.find((m) => m.purposeKey === key);
        // Already sent (or given up on): not again. SENDING is the row being checked just
        // before it goes out, so it stays in the plan.
        if (prior && (prior.status === "SENT" || prior.status === "DELIVERED" || prior.status === "FAILED")) continue;
        if (isNewAndPast(key, dueAt)) continue;
        out.push({
          purposeKey: key,
          kind: "SESSION_REMINDER",
          channel,
          dueAt,
          timepointKey: null,
          sessionId: s.id,
          sessionStartsAt: s.startsAt,
          anchored: true,
        });
      }
      // Told about another start time: one "changed" message for the new time.
      const toldOtherTime = told.some((m) => m.sessionStartsAt && m.sessionStartsAt.getTime() !== s.startsAt.getTime());
      const changedKey = purposeKeys.changed(enrollmentId, s.id, s.startsAt);
      const toldThisTime = told.some((m) => m.sessionStartsAt?.getTime() === s.startsAt.getTime());
      if ((toldOtherTime && !toldThisTime) || existingKeys.has(changedKey)) {
        out.push({
          purposeKey: changedKey,
          kind: "SESSION_CHANGED",
          channel,
          dueAt: outsideQuietHours(now, timeZone, rules.quiet, "later"),
          timepointKey: null,
          sessionId: s.id,
          sessionStartsAt: s.startsAt,
          anchored: false,
        });
      }
    }
  }
  return { messages: out, silencedBecause: null };
}

/** Why a stored message is no longer in the plan (the reason shown when it is cancelled). */
export function notWantedReason(m: { timepointKey: string | null; sessionId: string | null }, input: PlanInput, plan: PlanResult): string {
  if (plan.silencedBecause) return plan.silencedBecause;
  if (m.timepointKey) {
    const tp = input.timepoints.find((t) => t.key === m.timepointKey);
    if (tp && !tp.pending) return "questionnaires completed";
    if (tp && tp.closes <= input.now) return "window closed";
    return "no longer due";
  }
  if (input.enrollmentStatus === "WAITLISTED") return "seat offer answered or expired";
  if (m.sessionId) {
    const s = input.sessions.find((x) => x.id === m.sessionId);
    if (!s || s.status === "CANCELLED") return "session cancelled";
    if (s.startsAt <= input.now) return "session started";
    if (!SESSION_STATUSES.has(input.enrollmentStatus)) return "not attending";
    return "superseded by a newer time";
  }
  return "no longer due";
}
