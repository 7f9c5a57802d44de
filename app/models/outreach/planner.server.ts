// Keeps the stored participant messages equal to the plan (app/domain/outreach/plan.ts):
// loads each enrollment's timepoints, sessions, contact preferences and stored messages,
// plans, and writes the difference. Run per cohort after writes that change the plan, by
// the job runner on every tick for the cohorts with anything ahead, and, for the
// enrollments of the messages it is about to send, just before sending.
import { randomUUID } from "node:crypto";
import {
  DEFAULT_RULES,
  notWantedReason,
  planEnrollmentMessages,
  type OutreachRules,
  type PlanInput,
  type PlanResult,
} from "~/domain/outreach/plan";
import { reconcile, type StoredMessage } from "~/domain/outreach/reconcile";
import { isValidTimeZone } from "~/domain/scheduling/localTime";
import { instantParam, readColumn, type Db, type Tx } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { publicUrl } from "./transport.server";
import { isPostgresUrl } from "../../../prisma/adapters";

export const PARTICIPANT_KINDS = ["INVITATION", "REMINDER", "SESSION_REMINDER", "SESSION_CHANGED", "SESSION_CANCELLED", "SEAT_OFFER"];

export type EnrollmentPlan = {
  enrollmentId: string;
  participantId: string;
  cohortId: string;
  programId: string;
  input: PlanInput;
  plan: PlanResult;
  stored: StoredMessage[];
};

function parseList(json: string, fallback: number[]): number[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) && v.every((n) => typeof n === "number" && Number.isFinite(n) && n > 0) ? v : fallback;
  } catch {
    return fallback;
  }
}

export function rulesOf(
  s: { quietStart: string; quietEnd: string; reminderDays: string; sessionReminderHours: string } | null,
): OutreachRules {
  if (!s) return DEFAULT_RULES;
  return {
    quiet: { start: s.quietStart, end: s.quietEnd },
    reminderDays: parseList(s.reminderDays, DEFAULT_RULES.reminderDays),
    sessionReminderHours: parseList(s.sessionReminderHours, DEFAULT_RULES.sessionReminderHours),
  };
}

export function messageIdHeader() {
  return `<${randomUUID()}@${new URL(publicUrl()).hostname || "groupkap"}>`;
}

/** Plans for the enrollments of some cohorts, or for some enrollments. */
export async function loadPlans(
  client: Db | Tx,
  where: { cohortIds: string[] } | { enrollmentIds: string[] },
  now: Date,
): Promise<EnrollmentPlan[]> {
  const enrollments = await client.enrollment.findMany({
    where: "cohortIds" in where ? { cohortId: { in: where.cohortIds } } : { id: { in: where.enrollmentIds } },
    select: {
      id: true,
      status: true,
      cohortId: true,
      participant: {
        select: {
          id: true,
          preferredChannel: true,
          email: true,
          phone: true,
          timeZone: true,
          contactConsentAt: true,
          emailOptOutAt: true,
          smsOptOutAt: true,
          emailFailedAt: true,
          smsFailedAt: true,
        },
      },
      assessments: { select: { timepointKey: true, windowOpens: true, windowCloses: true, status: true } },
      seatOffers: { where: { status: "OPEN" }, select: { id: true, expiresAt: true } },
    },
  });
  if (enrollments.length === 0) return [];
  const cohortIds = [...new Set(enrollments.map((e) => e.cohortId))];
  const cohorts = await client.cohort.findMany({
    where: { id: { in: cohortIds } },
    select: { id: true, programId: true, timeZone: true, sessions: { select: { id: true, startsAt: true, status: true } } },
  });
  // Consent to the program withdrawn (e-consent): no message is planned, queued ones are cancelled.
  const withdrawn = await client.participantConsent.findMany({
    where: { participantId: { in: [...new Set(enrollments.map((e) => e.participant.id))] }, withdrawnAt: { not: null } },
    select: { participantId: true, programId: true, withdrawnAt: true },
  });
  const withdrawnAt = new Map(withdrawn.map((w) => [`${w.participantId}:${w.programId}`, w.withdrawnAt]));
  const settings = await client.outreachSettings.findMany({ where: { programId: { in: [...new Set(cohorts.map((c) => c.programId))] } } });
  // In slices: Prisma refuses a query with too many parameters (P2029).
  const stored = [];
  for (let i = 0; i < enrollments.length; i += 500) {
    stored.push(
      ...(await client.message.findMany({
        where: { enrollmentId: { in: enrollments.slice(i, i + 500).map((e) => e.id) }, kind: { in: PARTICIPANT_KINDS } },
        select: {
          id: true,
          enrollmentId: true,
          purposeKey: true,
          status: true,
          channel: true,
          dueAt: true,
          sessionStartsAt: true,
          timepointKey: true,
          sessionId: true,
        },
      })),
    );
  }
  const cohortById = new Map(cohorts.map((c) => [c.id, c]));
  const rulesByProgram = new Map(settings.map((s) => [s.programId, rulesOf(s)]));
  const storedByEnrollment = new Map<string, StoredMessage[]>();
  for (const m of stored) {
    const list = storedByEnrollment.get(m.enrollmentId!) ?? [];
    list.push(m);
    storedByEnrollment.set(m.enrollmentId!, list);
  }
  return enrollments.map((e) => {
    const cohort = cohortById.get(e.cohortId)!;
    const byTp = new Map<string, { key: string; opens: Date; closes: Date; pending: boolean }>();
    for (const a of e.assessments) {
      const tp = byTp.get(a.timepointKey);
      if (!tp)
        byTp.set(a.timepointKey, { key: a.timepointKey, opens: a.windowOpens, closes: a.windowCloses, pending: a.status === "EXPECTED" });
      else {
        if (a.windowOpens < tp.opens) tp.opens = a.windowOpens;
        if (a.windowCloses > tp.closes) tp.closes = a.windowCloses;
        tp.pending ||= a.status === "EXPECTED";
      }
    }
    const mine = storedByEnrollment.get(e.id) ?? [];
    const p = e.participant;
    const input: PlanInput = {
      now,
      enrollmentId: e.id,
      enrollmentStatus: e.status,
      contact: { ...p, programConsentWithdrawnAt: withdrawnAt.get(`${p.id}:${cohort.programId}`) ?? null },
      timeZone: p.timeZone && isValidTimeZone(p.timeZone) ? p.timeZone : cohort.timeZone,
      rules: rulesByProgram.get(cohort.programId) ?? DEFAULT_RULES,
      timepoints: [...byTp.values()].sort((a, b) => a.opens.getTime() - b.opens.getTime()),
      sessions: [...cohort.sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()),
      existing: mine,
      offers: e.seatOffers,
    };
    return {
      enrollmentId: e.id,
      participantId: p.id,
      cohortId: e.cohortId,
      programId: cohort.programId,
      input,
      plan: planEnrollmentMessages(input),
      stored: mine,
    };
  });
}

export type SyncCounts = { created: number; moved: number; cancelled: number };

/** Writes the difference between plans and stored rows. */
export async function applyPlans(client: Db | Tx, plans: EnrollmentPlan[], now: Date): Promise<SyncCounts> {
  const counts: SyncCounts = { created: 0, moved: 0, cancelled: 0 };
  // One reconciliation per enrollment, for its creates (written together) and its moves and cancels.
  const diffs = plans.map((ep) => ({ ep, r: reconcile(ep.plan.messages, ep.stored, now) }));
  const rows = diffs.flatMap(({ ep, r }) =>
    r.create.map((p) => ({
      purposeKey: p.purposeKey,
      kind: p.kind,
      channel: p.channel,
      dueAt: p.dueAt,
      participantId: ep.participantId,
      enrollmentId: ep.enrollmentId,
      cohortId: ep.cohortId,
      timepointKey: p.timepointKey,
      sessionId: p.sessionId,
      sessionStartsAt: p.sessionStartsAt,
      messageIdHeader: messageIdHeader(),
    })),
  );
  if (rows.length) {
    // Another instance may plan the same message at the same moment: its purpose key is
    // unique, so one of the two rows is skipped (PostgreSQL), or, on SQLite (one writer),
    // the rows are written one by one and the duplicate is dropped.
    if (isPostgresUrl(getEnv().DATABASE_URL)) {
      // (The client is typed as SQLite's, which has no skipDuplicates.)
      counts.created += (await client.message.createMany({ data: rows, ...({ skipDuplicates: true } as object) })).count;
    } else {
      try {
        counts.created += (await client.message.createMany({ data: rows })).count;
      } catch (e) {
        if ((e as { code?: string }).code !== "P2002") throw e;
        for (const row of rows) {
          try {
            await client.message.create({ data: row });
            counts.created++;
          } catch (e2) {
            if ((e2 as { code?: string }).code !== "P2002") throw e2;
          }
        }
      }
    }
  }
  for (const { ep, r } of diffs) {
    for (const u of r.update) {
      const { count } = await client.message.updateMany({
        where: { id: u.id, status: u.revive ? "CANCELLED" : "SCHEDULED" },
        data: { dueAt: u.dueAt, channel: u.channel, sessionStartsAt: u.sessionStartsAt, status: "SCHEDULED", statusReason: null },
      });
      counts.moved += count;
    }
    for (const m of r.cancel) {
      const { count } = await client.message.updateMany({
        where: { id: m.id, status: "SCHEDULED" },
        data: { status: "CANCELLED", statusReason: notWantedReason(m, ep.input, ep.plan) },
      });
      counts.cancelled += count;
    }
  }
  return counts;
}

const PLAN_TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

/** Plans and stores the messages of some cohorts' enrollments. */
export async function syncCohortOutreach(client: Db | Tx, cohortIds: string[], now = new Date()): Promise<SyncCounts> {
  const total: SyncCounts = { created: 0, moved: 0, cancelled: 0 };
  for (let i = 0; i < cohortIds.length; i += 10) {
    const slice = cohortIds.slice(i, i + 10);
    // One transaction per slice when not already in one: one commit, not one per row. Ten
    // cohorts of 50 plan ~1,500 messages: on a busy PostgreSQL server that outlasted Prisma's
    // default 5 s for an interactive transaction (seen in the full-size page benchmark), and
    // the whole run failed; it gets the time the ledger's transactions get.
    const c =
      "$transaction" in client
        ? await client.$transaction(async (tx) => applyPlans(tx, await loadPlans(tx, { cohortIds: slice }, now), now), PLAN_TX_OPTIONS)
        : await applyPlans(client, await loadPlans(client, { cohortIds: slice }, now), now);
    total.created += c.created;
    total.moved += c.moved;
    total.cancelled += c.cancelled;
  }
  return total;
}

/** Plans and stores the messages of some enrollments (after a write that changed them). */
export async function syncEnrollmentOutreach(client: Db | Tx, enrollmentIds: string[], now = new Date()): Promise<SyncCounts> {
  return applyPlans(client, await loadPlans(client, { enrollmentIds }, now), now);
}

/** Re-plans every enrollment of a participant (their contact details or preferences changed). */
export async function syncParticipantOutreach(client: Db | Tx, participantId: string, now = new Date()): Promise<SyncCounts> {
  const enrollments = await client.enrollment.findMany({ where: { participantId }, select: { id: true } });
  return syncEnrollmentOutreach(
    client,
    enrollments.map((e) => e.id),
    now,
  );
}

/**
 * Cohorts with anything ahead: a future session, an open or future questionnaire window,
 * or a message still scheduled. Three range reads on indexed columns (future sessions by
 * start, expected assessments by window close, scheduled messages), one row per cohort.
 * The ORM's nested `some` filters made correlated EXISTS subqueries that SQLite planned as
 * a scan of every expected assessment per enrollment: 15 s for 10,000 participants, with
 * the server's one thread blocked (better-sqlite3 is synchronous). Read through the driver, so
 * outside any transaction: callers pass no transaction.
 */
export async function cohortsWithOutreachAhead(now: Date): Promise<string[]> {
  const at = instantParam(now);
  const ids = await readColumn(
    `SELECT g."cohortId" FROM "GroupSession" g WHERE g."startsAt" > ? AND g."cohortId" IS NOT NULL ` +
      `UNION SELECT e."cohortId" FROM "Assessment" a JOIN "Enrollment" e ON e."id" = a."enrollmentId" ` +
      `WHERE a."status" = 'EXPECTED' AND a."windowCloses" > ? ` +
      `UNION SELECT m."cohortId" FROM "Message" m WHERE m."status" = 'SCHEDULED' AND m."cohortId" IS NOT NULL`,
    [at, at],
  );
  return ids as string[];
}

export async function syncAllOutreach(client: Db | Tx, now = new Date()): Promise<SyncCounts> {
  return syncCohortOutreach(client, await cohortsWithOutreachAhead(now), now);
}
