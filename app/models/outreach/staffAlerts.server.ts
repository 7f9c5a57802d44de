// Staff safety notifications. They are Message rows with userId set; the dispatcher sends
// them like any other message (dispatch.server.ts), so they share its claiming, retries,
// outbox and audit.
// - A new high-priority signal (priority 0 urgent or 1 high) alerts, at once, the cohort's
//   clinicians, the cohort's on-call clinician and the site's on-call clinician, on each
//   channel each of them chose (SAFETY_ALERT). Written in the signal's own transaction
//   (recordSafetySignal), so a signal never exists without its alerts.
// - A serious adverse event also gets its 24-hour follow-up reminders there (AE_FOLLOW_UP,
//   due 4 hours before the deadline and just after it); the dispatcher drops them once a
//   follow-up is recorded or the event is no longer serious.
// - Every tick the runner escalates (SAFETY_ESCALATION) the high-priority signals still
//   unacknowledged after the site's delay to the site's medical lead (else its on-call
//   clinician), once per signal; the dispatcher drops an escalation whose signal was
//   acknowledged meanwhile.
// No message carries PHI: only the site's name, what kind of item waits and a link to the
// page where a signed-in clinician sees it.
import { followUpStatus, SERIOUS_AE_FOLLOW_UP_HOURS } from "~/domain/safety";
import type { Db, Tx } from "~/utils/db.server";
import { messageIdHeader } from "./planner.server";
import { publicUrl } from "./transport.server";

type Client = Db | Tx;
type Channel = "EMAIL" | "SMS";

/** Stored priorities that notify staff: 0 urgent, 1 high (2 "review" waits in the inbox). */
export const NOTIFY_MAX_PRIORITY = 1;
/** Signals older than this when the runner first sees them overdue are not escalated by message (they stay in the inbox). */
export const ESCALATION_LOOKBACK_MS = 7 * 24 * 3_600_000;
/** The follow-up reminder goes this long before the 24-hour deadline. */
export const AE_FOLLOW_UP_SOON_MS = 4 * 3_600_000;
/** The "overdue" reminder goes this long after the deadline (at the deadline a follow-up still counts). */
export const AE_FOLLOW_UP_OVERDUE_AFTER_MS = 60_000;
const ESCALATION_PAGE = 200;

type StaffUser = { id: string; email: string; phone: string | null; notifyByEmail: boolean; notifyBySms: boolean; active: boolean };

/** The channels a staff member chose and can be reached on (SMS only with a phone). */
export function channelsOf(u: Pick<StaffUser, "phone" | "notifyByEmail" | "notifyBySms">): Channel[] {
  const out: Channel[] = [];
  if (u.notifyByEmail) out.push("EMAIL");
  if (u.notifyBySms && u.phone) out.push("SMS");
  return out;
}

/** Active users among `ids`, once each, in the order given. */
async function activeStaff(client: Client, ids: (string | null | undefined)[]): Promise<StaffUser[]> {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (wanted.length === 0) return [];
  const users = await client.user.findMany({
    where: { id: { in: wanted }, active: true },
    select: { id: true, email: true, phone: true, notifyByEmail: true, notifyBySms: true, active: true },
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  return wanted.map((id) => byId.get(id)).filter((u): u is StaffUser => Boolean(u));
}

type Place = {
  cohortId: string | null;
  clinicianIds: string[];
  cohortOnCallId: string | null;
  site: {
    id: string;
    name: string;
    onCallUserId: string | null;
    medicalLeadUserId: string | null;
    escalateItem9Minutes: number;
    escalateOtherMinutes: number;
  } | null;
};

const siteSelect = {
  id: true,
  name: true,
  onCallUserId: true,
  medicalLeadUserId: true,
  escalateItem9Minutes: true,
  escalateOtherMinutes: true,
} as const;

/** The cohort and site a signal belongs to: its cohort, else the participant's latest enrollment's. */
async function placesOf(client: Client, items: { cohortId: string | null; participantId: string }[]): Promise<Place[]> {
  const missing = [...new Set(items.filter((i) => !i.cohortId).map((i) => i.participantId))];
  const fallback = new Map<string, string>();
  if (missing.length) {
    const enrollments = await client.enrollment.findMany({
      where: { participantId: { in: missing } },
      orderBy: { createdAt: "desc" },
      select: { participantId: true, cohortId: true },
    });
    for (const e of enrollments) if (!fallback.has(e.participantId)) fallback.set(e.participantId, e.cohortId);
  }
  const cohortIds = [...new Set(items.map((i) => i.cohortId ?? fallback.get(i.participantId)).filter((x): x is string => Boolean(x)))];
  const cohorts = cohortIds.length
    ? await client.cohort.findMany({
        where: { id: { in: cohortIds } },
        select: {
          id: true,
          onCallUserId: true,
          site: { select: siteSelect },
          staff: { where: { role: "CLINICIAN" }, select: { userId: true } },
        },
      })
    : [];
  const byId = new Map(cohorts.map((c) => [c.id, c]));
  return items.map((i) => {
    const cohortId = i.cohortId ?? fallback.get(i.participantId) ?? null;
    const c = cohortId ? byId.get(cohortId) : undefined;
    return {
      cohortId,
      clinicianIds: c?.staff.map((s) => s.userId) ?? [],
      cohortOnCallId: c?.onCallUserId ?? null,
      site: c?.site ?? null,
    };
  });
}

// ---------------------------------------------------------------------------------
// Texts: no participant name, code, score, free text or event description.

const inGroupKap = (site: string | undefined) => (site ? `GroupKAP (${site})` : "GroupKAP");

export function alertText(priority: number, site: string | undefined) {
  const what = `1 new ${priority === 0 ? "urgent" : "high-priority"} safety item in ${inGroupKap(site)}`;
  const link = `${publicUrl()}/safety`;
  return { subject: what, email: `${what}. Open: ${link}`, sms: `${what}. Open: ${link}` };
}

export function escalationText(priority: number, site: string | undefined, minutes: number, asOnCall: boolean) {
  const what = `1 ${priority === 0 ? "urgent" : "high-priority"} safety item in ${inGroupKap(site)} has not been acknowledged after ${minutes} minutes`;
  const link = `${publicUrl()}/safety`;
  const why = asOnCall
    ? ` You receive this as the site's on-call clinician because no medical lead can be reached for ${site ? `the ${site} site` : "the site"}.`
    : "";
  return {
    subject: `Escalation: ${what}`,
    email: `Escalation: ${what}. Open: ${link}${why}`,
    sms: `GroupKAP escalation: ${what}. Open: ${link}${asOnCall ? " (you are on call: no medical lead reachable)" : ""}`,
  };
}

export function followUpText(stage: "soon" | "overdue", site: string | undefined) {
  const what =
    stage === "soon"
      ? `A serious adverse event follow-up is due soon in ${inGroupKap(site)}`
      : `A serious adverse event follow-up is overdue in ${inGroupKap(site)}`;
  const link = `${publicUrl()}/adverse-events`;
  return { subject: what, email: `${what}. Open: ${link}`, sms: `${what}. Open: ${link}` };
}

type NewMessage = {
  purposeKey: string;
  kind: "SAFETY_ALERT" | "SAFETY_ESCALATION" | "AE_FOLLOW_UP";
  channel: Channel;
  userId: string;
  cohortId: string | null;
  signalId: string;
  dueAt: Date;
  subject: string;
  body: string;
};

function messagesFor(
  users: StaffUser[],
  base: Omit<NewMessage, "purposeKey" | "channel" | "userId" | "body"> & { keyPrefix: string; email: string; sms: string },
): NewMessage[] {
  const out: NewMessage[] = [];
  for (const u of users) {
    for (const channel of channelsOf(u)) {
      out.push({
        purposeKey: `${base.keyPrefix}:${u.id}:${channel}`,
        kind: base.kind,
        channel,
        userId: u.id,
        cohortId: base.cohortId,
        signalId: base.signalId,
        dueAt: base.dueAt,
        subject: base.subject,
        body: channel === "EMAIL" ? base.email : base.sms,
      });
    }
  }
  return out;
}

async function store(client: Client, rows: NewMessage[]) {
  for (const r of rows) await client.message.create({ data: { ...r, messageIdHeader: messageIdHeader() } });
  return rows.length;
}

// ---------------------------------------------------------------------------------
// A new signal (called by recordSafetySignal, on its transaction, only when it created the row)

export async function alertNewSignal(
  tx: Client,
  signal: {
    id: string;
    kind: string;
    priority: number;
    participantId: string;
    cohortId: string | null;
    sourceType: string;
    sourceId: string;
    createdAt: Date;
  },
): Promise<number> {
  if (signal.priority > NOTIFY_MAX_PRIORITY) return 0;
  const [place] = await placesOf(tx, [signal]);
  const site = place.site?.name;
  const alertTo = await activeStaff(tx, [...place.clinicianIds, place.cohortOnCallId, place.site?.onCallUserId]);
  const text = alertText(signal.priority, site);
  let count = await store(
    tx,
    messagesFor(alertTo, {
      keyPrefix: `sig:${signal.id}`,
      kind: "SAFETY_ALERT",
      cohortId: place.cohortId,
      signalId: signal.id,
      dueAt: signal.createdAt,
      subject: text.subject,
      email: text.email,
      sms: text.sms,
    }),
  );
  if (signal.kind === "SERIOUS_AE" && signal.sourceType === "AdverseEvent") {
    const ae = await tx.adverseEvent.findUnique({
      where: { id: signal.sourceId },
      select: { serious: true, seriousSince: true, createdAt: true },
    });
    if (ae?.serious) {
      const deadline = (ae.seriousSince ?? ae.createdAt).getTime() + SERIOUS_AE_FOLLOW_UP_HOURS * 3_600_000;
      // The cohort's clinicians; with none assigned, whoever is on call.
      const followTo = place.clinicianIds.length
        ? await activeStaff(tx, place.clinicianIds)
        : await activeStaff(tx, [place.cohortOnCallId, place.site?.onCallUserId]);
      for (const stage of ["soon", "overdue"] as const) {
        const t = followUpText(stage, site);
        count += await store(
          tx,
          messagesFor(followTo, {
            keyPrefix: `aefu:${signal.sourceId}:${stage}`,
            kind: "AE_FOLLOW_UP",
            cohortId: place.cohortId,
            signalId: signal.id,
            dueAt: new Date(stage === "soon" ? deadline - AE_FOLLOW_UP_SOON_MS : deadline + AE_FOLLOW_UP_OVERDUE_AFTER_MS),
            subject: t.subject,
            email: t.email,
            sms: t.sms,
          }),
        );
      }
    }
  }
  return count;
}

/** Why a follow-up reminder is no longer wanted at send time (null: send it). */
export async function aeFollowUpNotWanted(db: Client, signalId: string | null, now: Date): Promise<string | null> {
  if (!signalId) return "no signal";
  const signal = await db.safetySignal.findUnique({ where: { id: signalId }, select: { sourceType: true, sourceId: true } });
  if (!signal || signal.sourceType !== "AdverseEvent") return "adverse event not found";
  const ae = await db.adverseEvent.findUnique({
    where: { id: signal.sourceId },
    select: { serious: true, createdAt: true, seriousSince: true, followUps: { select: { recordedAt: true } } },
  });
  if (!ae) return "adverse event not found";
  const status = followUpStatus({ serious: ae.serious, recordedAt: ae.createdAt, seriousSince: ae.seriousSince }, ae.followUps, now);
  if (!status.required) return "no longer a serious adverse event";
  if (status.satisfied || status.late) return "follow-up recorded";
  return null;
}

// ---------------------------------------------------------------------------------
// Escalation (one step of every tick, before dispatching)

const delayMinutes = (kind: string, site: NonNullable<Place["site"]>) =>
  kind === "PHQ9_ITEM9" ? site.escalateItem9Minutes : site.escalateOtherMinutes;

/**
 * Creates the escalation messages of the high-priority signals still unacknowledged after
 * their site's delay at `now` (due at createdAt + delay). Reads the unacknowledged signals of
 * priority ≤ 1 raised between `now − 7 days` and `now − the shortest delay of any site`
 * (index acknowledgedAt, priority, createdAt), skipping those already escalated.
 */
export async function escalateOverdueSignals(db: Db, now: Date): Promise<number> {
  const min = await db.site.aggregate({ _min: { escalateItem9Minutes: true, escalateOtherMinutes: true } });
  const shortest = Math.min(min._min.escalateItem9Minutes ?? 30, min._min.escalateOtherMinutes ?? 60);
  const window = { gte: new Date(now.getTime() - ESCALATION_LOOKBACK_MS), lte: new Date(now.getTime() - shortest * 60_000) };
  let created = 0;
  let cursor: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const page: {
      id: string;
      kind: string;
      priority: number;
      participantId: string;
      cohortId: string | null;
      createdAt: Date;
      sourceType: string;
      sourceId: string;
    }[] = await db.safetySignal.findMany({
      where: {
        acknowledgedAt: null,
        priority: { lte: NOTIFY_MAX_PRIORITY },
        createdAt: window,
        ...(cursor ? { OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }] } : {}),
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: ESCALATION_PAGE,
      select: {
        id: true,
        kind: true,
        priority: true,
        participantId: true,
        cohortId: true,
        createdAt: true,
        sourceType: true,
        sourceId: true,
      },
    });
    if (page.length === 0) break;
    cursor = page[page.length - 1];
    // Signals from imported historical questionnaires stay in the inbox but are not paged:
    // an import of last year's answers is not an emergency of the last 30 minutes.
    const imported = new Set(
      (
        await db.assessment.findMany({
          where: { id: { in: page.filter((s) => s.sourceType === "Assessment").map((s) => s.sourceId) }, source: "IMPORT" },
          select: { id: true },
        })
      ).map((a) => a.id),
    );
    const escalated = new Set(
      (
        await db.message.findMany({
          where: { signalId: { in: page.map((s) => s.id) }, kind: "SAFETY_ESCALATION" },
          select: { signalId: true },
        })
      ).map((m) => m.signalId),
    );
    const todo = page.filter((s) => !escalated.has(s.id) && !(s.sourceType === "Assessment" && imported.has(s.sourceId)));
    const places = await placesOf(db, todo);
    const targets = new Map<string, { asOnCall: boolean; to: StaffUser[] }>();
    for (let i = 0; i < todo.length; i++) {
      const s = todo[i];
      const site = places[i].site;
      if (!site) continue;
      const minutes = delayMinutes(s.kind, site);
      const dueAt = new Date(s.createdAt.getTime() + minutes * 60_000);
      if (dueAt > now) continue;
      // The medical lead; with none (or none reachable: inactive, no channel chosen), the site's on-call clinician.
      // Looked up once per site for the page, not once per signal.
      let target = targets.get(site.id);
      if (!target) {
        const [lead] = (await activeStaff(db, [site.medicalLeadUserId])).filter((u) => channelsOf(u).length > 0);
        target = { asOnCall: !lead, to: lead ? [lead] : await activeStaff(db, [site.onCallUserId]) };
        targets.set(site.id, target);
      }
      const { asOnCall, to } = target;
      const text = escalationText(s.priority, site.name, minutes, asOnCall);
      for (const row of messagesFor(to, {
        keyPrefix: `esc:${s.id}`,
        kind: "SAFETY_ESCALATION",
        cohortId: places[i].cohortId,
        signalId: s.id,
        dueAt,
        subject: text.subject,
        email: text.email,
        sms: text.sms,
      })) {
        try {
          created += await store(db, [row]);
        } catch (e) {
          // Another worker escalated the same signal at the same moment.
          if ((e as { code?: string }).code !== "P2002") throw e;
        }
      }
    }
    if (page.length < ESCALATION_PAGE) break;
  }
  return created;
}
