// The job runner's one step: claim the messages that are due, check each is still wanted,
// write it, send it, and mark it — all in the database, so any number of workers (app
// instances or `npm run cli -- worker`) share the work.
// - Claiming: PostgreSQL takes rows with FOR UPDATE SKIP LOCKED (two workers never take the
//   same row and never wait for each other); SQLite has one writer, so a conditional
//   UPDATE tagged with this claim's id is atomic.
// - A crash after claiming leaves the row SENDING; once its lease (5 minutes) has passed,
//   any worker claims it again, so a message is retried, never lost. A retry sends the
//   same Message-ID.
// - A temporary failure is retried with back-off (1, 5, 15, 60, 180 minutes) up to 6
//   attempts; a permanent refusal (SMTP 5xx, a provider's 4xx) fails the message at once
//   and marks the address as undeliverable, shown to staff and not tried again.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { es as esLocale } from "date-fns/locale";
import { notWantedReason, purposeKeys } from "~/domain/outreach/plan";
import { defaultTemplate, renderTemplate, type TemplateKind } from "~/domain/outreach/templates";
import { isValidTimeZone } from "~/domain/scheduling/localTime";
import { audit } from "~/utils/audit.server";
import { dbReady, type Db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { mintPageToken } from "./pageToken.server";
import { loadPlans, PARTICIPANT_KINDS } from "./planner.server";
import { aeFollowUpNotWanted } from "./staffAlerts.server";
import { PermanentDeliveryError, publicUrl, transportFor, type Delivery, type Outgoing } from "./transport.server";
import { isPostgresUrl } from "../../../prisma/adapters";

export const CLAIM_LEASE_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 6;
const BACKOFF_MINUTES = [1, 5, 15, 60, 180];
const SENDS_AT_ONCE = 4;

export type DispatchLine = {
  id: string;
  kind: string;
  channel: string;
  /** Who it went to, for an operator: the participant's code or the staff member's email. */
  recipient: string;
  outcome: "SENT" | "OUTBOX" | "RETRY" | "FAILED" | "CANCELLED" | "RESCHEDULED";
  detail: string;
};

export function defaultWorkerId() {
  return `${hostname()}:${process.pid}`;
}

// Two kinds of rows are due: scheduled ones whose time has come (index [status, dueAt], read
// in order, no sort) and in-flight ones whose claim's lease ran out (a crashed worker's).
// They are claimed by two statements, not one with an OR: the OR made every batch sort all
// due rows (10,000 due at once: 200 sorts of 10,000).
const kinds = (now: Date, leaseMs: number) => [
  { where: { status: "SENDING", claimedAt: { lt: new Date(now.getTime() - leaseMs) } }, order: "claimedAt" as const },
  { where: { status: "SCHEDULED", dueAt: { lte: now } }, order: "dueAt" as const },
];

/** Claims up to `n` due messages for this worker; returns the claim tag and the ids. */
export async function claimDue(
  db: Db,
  now: Date,
  workerId: string,
  n: number,
  leaseMs = CLAIM_LEASE_MS,
): Promise<{ tag: string; ids: string[] }> {
  const tag = `${workerId}:${randomUUID()}`;
  const ids: string[] = [];
  if (isPostgresUrl(getEnv().DATABASE_URL)) {
    const claim = (condition: string, order: string, param: Date, limit: number) =>
      db.$queryRawUnsafe<{ id: string }[]>(
        `UPDATE "Message" SET "status" = 'SENDING', "claimedAt" = $1, "claimedBy" = $2, "attempts" = "attempts" + 1, "updatedAt" = $1
         WHERE "id" IN (SELECT "id" FROM "Message" WHERE ${condition} ORDER BY "${order}" LIMIT $4 FOR UPDATE SKIP LOCKED)
         RETURNING "id"`,
        now,
        tag,
        param,
        limit,
      );
    const stale = await claim(`"status" = 'SENDING' AND "claimedAt" < $3`, "claimedAt", new Date(now.getTime() - leaseMs), n);
    ids.push(...stale.map((r) => r.id));
    if (ids.length < n)
      ids.push(...(await claim(`"status" = 'SCHEDULED' AND "dueAt" <= $3`, "dueAt", now, n - ids.length)).map((r) => r.id));
    return { tag, ids };
  }
  for (const k of kinds(now, leaseMs)) {
    if (ids.length >= n) break;
    const candidates = (
      await db.message.findMany({ where: k.where, orderBy: { [k.order]: "asc" }, take: n - ids.length, select: { id: true } })
    ).map((c) => c.id);
    if (candidates.length === 0) continue;
    // Conditional on the row still being due: another worker may have taken it meanwhile.
    await db.message.updateMany({
      where: { id: { in: candidates }, ...k.where },
      data: { status: "SENDING", claimedAt: now, claimedBy: tag, attempts: { increment: 1 } },
    });
    const mine = await db.message.findMany({ where: { id: { in: candidates }, claimedBy: tag }, select: { id: true } });
    ids.push(...mine.map((m) => m.id));
  }
  return { tag, ids };
}

type Claimed = Awaited<ReturnType<typeof loadClaimed>>[number];

async function loadClaimed(db: Db, ids: string[]) {
  return db.message.findMany({
    where: { id: { in: ids } },
    orderBy: { dueAt: "asc" },
  });
}

function formatSessionTime(at: Date, zone: string, language: string) {
  const z = new TZDate(at.getTime(), zone);
  return language === "es"
    ? { date: format(z, "EEEE d 'de' MMMM 'de' yyyy", { locale: esLocale }), time: format(z, "HH:mm") }
    : { date: format(z, "EEEE d MMMM yyyy"), time: format(z, "HH:mm") };
}

const mask = (address: string) => address.replace(/^(.).*(@.*)$/, "$1***$2").replace(/^(\+?\d{2}).*(\d{2})$/, "$1******$2");

type Prepared = { outgoing: Outgoing; recipient: string; keepLink: string | null; kind: string } | { cancel: string } | { later: Date };

/** Decides and writes one participant message, or says why it is no longer wanted. */
/** What the participant messages of one claimed batch need, read once for the batch. */
type BatchContext = {
  plans: Map<string, Awaited<ReturnType<typeof loadPlans>>[number]>;
  participants: Map<string, { code: string; firstName: string; email: string | null; phone: string | null; language: string }>;
  templates: Map<string, { subject: string; body: string; smsBody: string }>;
  settings: Map<string, { preparationText: string; dosingPreparationText: string }>;
  sessions: Map<string, { startsAt: Date; kind: string }>;
};

async function loadBatchContext(db: Db, claimed: Claimed[], now: Date): Promise<BatchContext> {
  const mine = claimed.filter((m) => m.enrollmentId && PARTICIPANT_KINDS.includes(m.kind));
  const enrollmentIds = [...new Set(mine.map((m) => m.enrollmentId!))];
  if (!enrollmentIds.length)
    return { plans: new Map(), participants: new Map(), templates: new Map(), settings: new Map(), sessions: new Map() };
  const plans = await loadPlans(db, { enrollmentIds }, now);
  const programIds = [...new Set(plans.map((p) => p.programId))];
  const sessionIds = [...new Set(mine.flatMap((m) => (m.sessionId ? [m.sessionId] : [])))];
  const [participants, templates, settings, sessions] = await Promise.all([
    db.participant.findMany({
      where: { id: { in: [...new Set(plans.map((p) => p.participantId))] } },
      select: { id: true, code: true, firstName: true, email: true, phone: true, language: true },
    }),
    db.messageTemplate.findMany({ where: { programId: { in: programIds } } }),
    db.outreachSettings.findMany({ where: { programId: { in: programIds } } }),
    sessionIds.length
      ? db.groupSession.findMany({ where: { id: { in: sessionIds } }, select: { id: true, startsAt: true, kind: true } })
      : [],
  ]);
  return {
    plans: new Map(plans.map((p) => [p.enrollmentId, p])),
    participants: new Map(participants.map((p) => [p.id, p])),
    templates: new Map(templates.map((t) => [`${t.programId}:${t.kind}:${t.language}`, t])),
    settings: new Map(settings.map((x) => [x.programId, x])),
    sessions: new Map(sessions.map((x) => [x.id, x])),
  };
}

async function prepareParticipantMessage(db: Db, m: Claimed, now: Date, ctx: BatchContext): Promise<Prepared> {
  const ep = ctx.plans.get(m.enrollmentId!);
  if (!ep) return { cancel: "enrollment removed" };
  const planned = ep.plan.messages.find((p) => p.purposeKey === m.purposeKey);
  if (!planned) return { cancel: notWantedReason(m, ep.input, ep.plan) };
  if (planned.anchored && planned.dueAt.getTime() > now.getTime() + 60_000) return { later: planned.dueAt };
  const participant = ctx.participants.get(ep.participantId);
  if (!participant) return { cancel: "participant removed" };
  const channel = planned.channel;
  const to = channel === "EMAIL" ? participant.email : participant.phone;
  if (!to) return { cancel: "no address" };
  const tpl = ctx.templates.get(`${ep.programId}:${m.kind}:${participant.language}`);
  const text = tpl ?? defaultTemplate(m.kind as TemplateKind, participant.language);
  const session = m.sessionId ? (ctx.sessions.get(m.sessionId) ?? null) : null;
  const settings = ctx.settings.get(ep.programId);
  const zone = isValidTimeZone(ep.input.timeZone) ? ep.input.timeZone : "UTC";
  // A seat offer's date and time are its answer-by deadline.
  const offer =
    m.kind === "SEAT_OFFER" ? ep.input.offers?.find((o) => planned.purposeKey === purposeKeys.offer(ep.enrollmentId, o.id)) : null;
  const when = session
    ? formatSessionTime(planned.sessionStartsAt ?? session.startsAt, zone, participant.language)
    : offer
      ? formatSessionTime(offer.expiresAt, zone, participant.language)
      : null;
  const { token } = await mintPageToken(db, ep.participantId, { messageId: m.id }, now);
  const link = `${publicUrl()}/p/${token}`;
  const rendered = renderTemplate(text, {
    firstName: participant.firstName,
    date: when?.date,
    time: when?.time,
    link,
    preparation: session
      ? session.kind === "DOSING" && settings?.dosingPreparationText
        ? settings.dosingPreparationText
        : (settings?.preparationText ?? "")
      : "",
  });
  const stop = participant.language === "es" ? " Responda STOP para no recibir más." : " Reply STOP to opt out.";
  return {
    kind: m.kind,
    recipient: participant.code,
    keepLink: link,
    outgoing: {
      channel,
      to,
      subject: rendered.subject,
      text: channel === "EMAIL" ? rendered.body : rendered.smsBody + stop,
      messageId: m.messageIdHeader,
      unsubscribeUrl: channel === "EMAIL" ? `${link}/unsubscribe?channel=email` : undefined,
    },
  };
}

async function prepareStaffMessage(db: Db, m: Claimed, now: Date): Promise<Prepared> {
  const user = await db.user.findUnique({ where: { id: m.userId! }, select: { email: true, phone: true, active: true } });
  if (!user?.active) return { cancel: "staff member inactive" };
  if (m.signalId && m.kind === "SAFETY_ESCALATION") {
    const signal = await db.safetySignal.findUnique({ where: { id: m.signalId }, select: { acknowledgedAt: true } });
    if (signal?.acknowledgedAt) return { cancel: "acknowledged" };
  }
  if (m.kind === "AE_FOLLOW_UP") {
    const why = await aeFollowUpNotWanted(db, m.signalId, now);
    if (why) return { cancel: why };
  }
  const to = m.channel === "EMAIL" ? user.email : user.phone;
  if (!to) return { cancel: "no address" };
  return {
    kind: m.kind,
    recipient: user.email,
    keepLink: null,
    outgoing: {
      channel: m.channel as "EMAIL" | "SMS",
      to,
      subject: m.subject ?? "GroupKAP",
      text: m.body ?? "",
      messageId: m.messageIdHeader,
    },
  };
}

async function processOne(db: Db, m: Claimed, tag: string, now: Date, ctx: BatchContext): Promise<DispatchLine> {
  const line = (outcome: DispatchLine["outcome"], detail: string, recipient = m.participantId ?? m.userId ?? "?"): DispatchLine => ({
    id: m.id,
    kind: m.kind,
    channel: m.channel,
    recipient,
    outcome,
    detail,
  });
  const mine = { id: m.id, claimedBy: tag, status: "SENDING" };
  let prepared: Prepared;
  try {
    prepared =
      PARTICIPANT_KINDS.includes(m.kind) && m.enrollmentId
        ? await prepareParticipantMessage(db, m, now, ctx)
        : await prepareStaffMessage(db, m, now);
  } catch (error) {
    await db.message.updateMany({
      where: mine,
      data: {
        status: "SCHEDULED",
        dueAt: new Date(now.getTime() + 60_000),
        statusReason: `could not prepare: ${(error as Error).message}`.slice(0, 300),
      },
    });
    return line("RETRY", (error as Error).message);
  }
  if ("cancel" in prepared) {
    await db.message.updateMany({ where: mine, data: { status: "CANCELLED", statusReason: prepared.cancel } });
    return line("CANCELLED", prepared.cancel);
  }
  if ("later" in prepared) {
    await db.message.updateMany({ where: mine, data: { status: "SCHEDULED", dueAt: prepared.later, attempts: { decrement: 1 } } });
    return line("RESCHEDULED", prepared.later.toISOString());
  }
  const { outgoing } = prepared;
  let delivery: Delivery;
  try {
    delivery = await transportFor(outgoing.channel).send(outgoing);
  } catch (error) {
    return failed(db, m, mine, prepared, error, now, line);
  }
  // Sent: marked and audited in one transaction (one commit). A failure here leaves the
  // row SENDING, retried after the lease with the same Message-ID.
  const redacted =
    delivery.transport === "OUTBOX" || !prepared.keepLink ? outgoing.text : outgoing.text.split(prepared.keepLink).join("[personal link]");
  await db.$transaction(async (tx) => {
    await tx.message.updateMany({
      where: { id: m.id, claimedBy: tag },
      data: {
        status: "SENT",
        statusReason: delivery.transport === "OUTBOX" ? "kept in the outbox: no email or SMS provider is configured" : null,
        sentAt: now,
        transport: delivery.transport,
        providerId: delivery.providerId,
        address: outgoing.to,
        subject: outgoing.subject,
        body: redacted,
        channel: outgoing.channel,
      },
    });
    await audit(tx, {
      actor: null,
      actorLabel: "outreach",
      action: delivery.transport === "OUTBOX" ? "message.outbox" : "message.sent",
      entityType: "Message",
      entityId: m.id,
      summary: `${m.kind} by ${outgoing.channel} to ${prepared.recipient}${delivery.transport === "OUTBOX" ? " (outbox, not sent)" : ""}`,
      details: { participantId: m.participantId, userId: m.userId, transport: delivery.transport, attempt: m.attempts },
    });
  });
  return line(delivery.transport === "OUTBOX" ? "OUTBOX" : "SENT", `${outgoing.channel} ${mask(outgoing.to)}`, prepared.recipient);
}

/** A send that failed: permanent → FAILED (and the address marked); else retried with back-off. */
async function failed(
  db: Db,
  m: Claimed,
  mine: { id: string; claimedBy: string; status: string },
  prepared: Extract<Prepared, { outgoing: Outgoing }>,
  error: unknown,
  now: Date,
  line: (outcome: DispatchLine["outcome"], detail: string, recipient?: string) => DispatchLine,
): Promise<DispatchLine> {
  const { outgoing } = prepared;
  const reason = (error as Error).message.slice(0, 300);
  const permanent = error instanceof PermanentDeliveryError;
  if (permanent || m.attempts >= MAX_ATTEMPTS) {
    await db.message.updateMany({
      where: mine,
      data: {
        status: "FAILED",
        statusReason: permanent ? reason : `gave up after ${m.attempts} attempts: ${reason}`,
        address: outgoing.to,
      },
    });
    if (permanent && m.participantId) {
      await db.participant.update({
        where: { id: m.participantId },
        data:
          outgoing.channel === "EMAIL" ? { emailFailedAt: now, emailFailedReason: reason } : { smsFailedAt: now, smsFailedReason: reason },
      });
    }
    await audit(db, {
      actor: null,
      actorLabel: "outreach",
      action: "message.failed",
      entityType: "Message",
      entityId: m.id,
      summary: `${m.kind} by ${outgoing.channel} failed: ${reason}`,
    });
    return line("FAILED", reason, prepared.recipient);
  }
  const wait = BACKOFF_MINUTES[Math.min(m.attempts - 1, BACKOFF_MINUTES.length - 1)];
  await db.message.updateMany({
    where: mine,
    data: {
      status: "SCHEDULED",
      dueAt: new Date(now.getTime() + wait * 60_000),
      statusReason: `attempt ${m.attempts} failed: ${reason}`,
    },
  });
  return line("RETRY", reason, prepared.recipient);
}

export type DispatchOptions = { now?: Date; workerId?: string; batchSize?: number; leaseMs?: number; onLine?: (l: DispatchLine) => void };

/** Sends everything due at `now` (claiming in batches until none is left). */
export async function dispatchDue(opts: DispatchOptions = {}): Promise<DispatchLine[]> {
  const db = await dbReady();
  const now = opts.now ?? new Date();
  const workerId = opts.workerId ?? defaultWorkerId();
  const lines: DispatchLine[] = [];
  for (;;) {
    const { tag, ids } = await claimDue(db, now, workerId, opts.batchSize ?? 100, opts.leaseMs);
    if (ids.length === 0) break;
    const claimed = await loadClaimed(db, ids);
    // Each participant message is checked against a fresh plan of its enrollment: planned
    // for the whole batch at once, with what rendering needs.
    const ctx = await loadBatchContext(db, claimed, now);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(SENDS_AT_ONCE, claimed.length) }, async () => {
        while (next < claimed.length) {
          const m = claimed[next++];
          const l = await processOne(db, m, tag, now, ctx);
          lines.push(l);
          opts.onLine?.(l);
        }
      }),
    );
  }
  return lines;
}
