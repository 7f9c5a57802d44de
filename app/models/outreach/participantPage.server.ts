// The personal participant page (/p/<token>): what one participant sees of their own
// programme (upcoming sessions, open questionnaires, preparation text, crisis line) and the
// few things they may change (preferences, opt-outs). No login: the token is the
// credential, so nothing here ever reads another participant's data, and every view and
// change is audited with no actor ("participant page"). Questionnaires are completed by
// the same code as staff entry and self-report links (completeAssessmentTx), which scores
// them and raises the PHQ-9 item 9 safety signal.
import { isInstrumentCode, PHQ9_SUICIDALITY_ITEM } from "~/domain/instruments";
import { formatLocalDateTime, instantToLocal, isValidTimeZone, SESSION_KIND_LABELS, type SessionKind } from "~/domain/scheduling";
import { serializeCalendar } from "~/domain/scheduling/ical";
import { responsesOf, type Answers } from "~/forms/measures";
import type { OptOutChannel } from "~/forms/outreach";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, type Tx } from "~/utils/db.server";
import { beginAttempt } from "~/utils/throttle.server";
import { syncParticipantOutreach } from "./planner.server";
import { completeAssessmentTx, MEASURED_ENROLLMENT_STATUSES, measurePlanOf, todayIn } from "../assessment.server";
import { ConflictError, FieldError } from "../kernel.server";
import { hashToken } from "../selfReport.server";
import { resolvePageToken } from "./pageToken.server";

const WHO = "participant page";

// Counted like /q/<token> (see selfReport.server.ts), under their own scopes: per link 120
// requests in 10 minutes (the page, a questionnaire flow with a few saves, preferences and
// the calendar file take a few dozen), per address 1,000 (a clinic's shared address with a
// whole group on it is never refused; PARTICIPANT_PAGE_RATE_LIMIT overrides it).
const WINDOW_MS = 10 * 60_000;
const PER_LINK = 120;
const PER_ADDRESS = 1000;

/** Throws a polite 429 when a page link, or an address, has made too many requests. */
export async function enforcePageRateLimit(token: string, ip: string | null) {
  const perAddress = Number(process.env.PARTICIPANT_PAGE_RATE_LIMIT) || PER_ADDRESS;
  const attempt = await beginAttempt(
    [
      { scope: "participant_page.token", key: hashToken(token), max: PER_LINK, windowMs: WINDOW_MS },
      { scope: "participant_page.ip", key: ip ?? "unknown", max: perAddress, windowMs: WINDOW_MS },
    ],
    { counted: true },
  );
  if (!attempt.allowed) {
    throw new Response("Too many requests. Please wait a few minutes and try again.", { status: 429, headers: { "Retry-After": "600" } });
  }
}

export type PageAccess = { tokenId: string; participantId: string };

/** The participant behind a usable token (its lastUsedAt updated), or null: unknown, revoked and expired look the same. */
export async function openPageToken(token: string, now = new Date()): Promise<PageAccess | null> {
  const db = await dbReady();
  const row = await resolvePageToken(db, token, now);
  if (!row) return null;
  await db.participantPageToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return { tokenId: row.id, participantId: row.participantId };
}

/** One audit row for a page view (which part of the page, never what it showed). */
export async function auditPageView(access: PageAccess, meta: RequestMeta, what: string) {
  await audit(await dbReady(), {
    actor: null,
    actorLabel: WHO,
    action: "participant_page.view",
    entityType: "Participant",
    entityId: access.participantId,
    summary: `Participant opened their personal page (${what})`,
    details: { tokenId: access.tokenId, what },
    ...meta,
  });
}

/** The enrollments the page covers: those that take part (not referred, waitlisted or withdrawn). */
async function pageEnrollments(participantId: string) {
  const db = await dbReady();
  return db.enrollment.findMany({
    where: { participantId, status: { in: [...MEASURED_ENROLLMENT_STATUSES] } },
    include: {
      cohort: {
        select: {
          id: true,
          programId: true,
          timeZone: true,
          startDate: true,
          programVersion: { select: { definition: true } },
          site: true,
        },
      },
    },
    orderBy: { createdAt: "desc" },
  });
}

const zoneOf = (participantZone: string | null, cohortZone: string) =>
  participantZone && isValidTimeZone(participantZone) ? participantZone : cohortZone;

/** Everything the page shows, for this participant only. */
export async function participantPageView(participantId: string, now = new Date()) {
  const db = await dbReady();
  const p = await db.participant.findUniqueOrThrow({ where: { id: participantId } });
  const enrollments = await pageEnrollments(participantId);
  const cohortIds = enrollments.map((e) => e.cohortId);
  const sessions = await db.groupSession.findMany({
    where: { cohortId: { in: cohortIds }, endsAt: { gt: now } },
    select: {
      id: true,
      cohortId: true,
      kind: true,
      title: true,
      startsAt: true,
      endsAt: true,
      status: true,
      room: { select: { name: true } },
    },
    orderBy: { startsAt: "asc" },
    take: 30,
  });
  const cohortById = new Map(enrollments.map((e) => [e.cohortId, e.cohort]));
  const upcoming = sessions.map((s) => {
    const cohort = cohortById.get(s.cohortId)!;
    const zone = zoneOf(p.timeZone, cohort.timeZone);
    return {
      id: s.id,
      title: s.title,
      kind: s.kind,
      kindLabel: SESSION_KIND_LABELS[s.kind as SessionKind] ?? s.kind,
      when: formatLocalDateTime(s.startsAt, zone),
      until: instantToLocal(s.endsAt, zone).time,
      timeZone: zone,
      place: [s.room?.name, cohort.site.name].filter(Boolean).join(", "),
      cancelled: s.status === "CANCELLED",
      programId: cohort.programId,
    };
  });
  const next = upcoming.find((s) => !s.cancelled);
  let preparation: { text: string; dosing: boolean; session: string } | null = null;
  if (next) {
    const settings = await db.outreachSettings.findUnique({ where: { programId: next.programId } });
    const dosing = next.kind === "DOSING";
    const text = (dosing ? settings?.dosingPreparationText : settings?.preparationText)?.trim();
    if (text) preparation = { text, dosing, session: `${next.title}, ${next.when}` };
  }
  // The site of the participant's most recent programme; another site's line only if that one has none.
  const crisisLine = enrollments.map((e) => e.cohort.site.crisisLine?.trim()).find((t) => t) ?? null;
  return {
    firstName: p.firstName,
    version: p.version,
    preferredChannel: p.preferredChannel,
    language: p.language,
    hasEmail: !!p.email,
    hasPhone: !!p.phone,
    emailOptedOut: !!p.emailOptOutAt,
    smsOptedOut: !!p.smsOptOutAt,
    sessions: upcoming.map(({ programId: _programId, ...s }) => s),
    questionnaires: await openTimepoints(participantId, now),
    preparation,
    crisisLine,
  };
}

/** The participant's open questionnaires, one entry per enrollment and timepoint (all its instruments). */
async function openTimepoints(participantId: string, now: Date) {
  const db = await dbReady();
  const enrollments = await pageEnrollments(participantId);
  const rows = await db.assessment.findMany({
    where: {
      enrollmentId: { in: enrollments.map((e) => e.id) },
      status: "EXPECTED",
      windowOpens: { lte: now },
      windowCloses: { gt: now },
    },
    select: { enrollmentId: true, timepointKey: true, instrumentCode: true, windowCloses: true, draftResponses: true },
    orderBy: [{ windowCloses: "asc" }, { instrumentCode: "asc" }],
  });
  const groups = new Map<
    string,
    { enrollmentId: string; timepointKey: string; label: string; count: number; closes: string; started: boolean }
  >();
  for (const a of rows) {
    if (!isInstrumentCode(a.instrumentCode)) continue;
    const e = enrollments.find((x) => x.id === a.enrollmentId)!;
    const key = `${a.enrollmentId}|${a.timepointKey}`;
    let g = groups.get(key);
    if (!g) {
      const tp = measurePlanOf(e.cohort.programVersion.definition).find((t) => t.key === a.timepointKey);
      const zone = e.cohort.timeZone;
      g = {
        enrollmentId: a.enrollmentId,
        timepointKey: a.timepointKey,
        label: tp?.label ?? a.timepointKey,
        count: 0,
        // The last minute it is open: a window closing at midnight reads as the day before, 23:59.
        closes: formatLocalDateTime(new Date(a.windowCloses.getTime() - 60_000), zone),
        started: false,
      };
      groups.set(key, g);
    }
    g.count += 1;
    if (a.draftResponses) g.started = true;
  }
  return [...groups.values()];
}

/** One timepoint's open questionnaires of this participant, or null when none is open (done, closed, not theirs). */
export async function openTimepoint(participantId: string, enrollmentId: string, timepointKey: string, now = new Date()) {
  const db = await dbReady();
  const enrollment = await db.enrollment.findFirst({
    where: { id: enrollmentId, participantId, status: { in: [...MEASURED_ENROLLMENT_STATUSES] } },
    include: { cohort: { select: { timeZone: true, programVersion: { select: { definition: true } } } } },
  });
  if (!enrollment) return null;
  const assessments = (
    await db.assessment.findMany({
      where: { enrollmentId, timepointKey, status: "EXPECTED", windowOpens: { lte: now }, windowCloses: { gt: now } },
      orderBy: { instrumentCode: "asc" },
    })
  ).filter((a) => isInstrumentCode(a.instrumentCode));
  if (assessments.length === 0) return null;
  const label = measurePlanOf(enrollment.cohort.programVersion.definition).find((t) => t.key === timepointKey)?.label ?? timepointKey;
  return { enrollment, assessments, label };
}

/** Saves partial answers of a timepoint ("finish later"). False when nothing is open any more. */
export async function saveTimepointDraft(
  access: PageAccess,
  meta: RequestMeta,
  where: { enrollmentId: string; timepointKey: string },
  answers: Answers,
) {
  const open = await openTimepoint(access.participantId, where.enrollmentId, where.timepointKey);
  if (!open) return false;
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    for (const a of open.assessments) {
      await tx.assessment.updateMany({
        where: { id: a.id, status: "EXPECTED" },
        data: { draftResponses: JSON.stringify(answers[a.instrumentCode] ?? {}) },
      });
    }
    await audit(tx, {
      actor: null,
      actorLabel: WHO,
      action: "participant_page.draft",
      entityType: "Enrollment",
      entityId: where.enrollmentId,
      summary: `Participant saved answers to finish later (timepoint ${where.timepointKey})`,
      details: { tokenId: access.tokenId, timepointKey: where.timepointKey },
      ...meta,
    });
  });
  return true;
}

/**
 * Scores and completes every open questionnaire of the timepoint in one transaction. The
 * answers were checked by the form's schema for the questionnaires the page showed; one that
 * appeared since has none, and one completed meanwhile fails its version check: both are
 * conflicts. False when nothing is open any more.
 */
export async function submitTimepoint(
  access: PageAccess,
  meta: RequestMeta,
  where: { enrollmentId: string; timepointKey: string },
  answers: Answers,
) {
  const open = await openTimepoint(access.participantId, where.enrollmentId, where.timepointKey);
  if (!open) return false;
  const completed = open.assessments.map((a) => ({ a, responses: responsesOf(a.instrumentCode, answers) }));
  if (completed.some(({ responses }) => responses.some((v) => typeof v !== "number")))
    throw new ConflictError("The questionnaires changed since the page was opened. Reload the page and answer again.");
  const db = await dbReady();
  const completedOn = todayIn(open.enrollment.cohort.timeZone);
  await db.$transaction(async (tx: Tx) => {
    for (const { a, responses } of completed) {
      await completeAssessmentTx(tx, {
        assessment: a,
        participantId: access.participantId,
        cohortId: open.enrollment.cohortId,
        responses,
        completedOn,
        source: "SELF_REPORT",
        actor: null,
        actorLabel: WHO,
        meta,
      });
    }
    await audit(tx, {
      actor: null,
      actorLabel: WHO,
      action: "participant_page.submit",
      entityType: "Enrollment",
      entityId: where.enrollmentId,
      summary: `Participant submitted ${completed.length} questionnaire${completed.length === 1 ? "" : "s"} for timepoint ${where.timepointKey}`,
      details: { tokenId: access.tokenId, timepointKey: where.timepointKey, instruments: completed.map((c) => c.a.instrumentCode) },
      ...meta,
    });
  });
  return true;
}

/** Whether the timepoint's submitted PHQ-9 answered item 9 above 0 (the thank-you page then repeats the crisis information). */
export async function item9Positive(participantId: string, enrollmentId: string, timepointKey: string) {
  const db = await dbReady();
  const phq = await db.assessment.findFirst({
    where: { enrollmentId, timepointKey, instrumentCode: "PHQ9", status: "COMPLETED", enrollment: { participantId } },
    select: { responses: true },
  });
  if (!phq?.responses) return false;
  const item9 = (JSON.parse(phq.responses) as (number | null)[])[PHQ9_SUICIDALITY_ITEM - 1];
  return typeof item9 === "number" && item9 > 0;
}

/** The crisis line of the participant's site (null: the page shows the generic text). */
export async function crisisLineOf(participantId: string) {
  const enrollments = await pageEnrollments(participantId);
  return enrollments.map((e) => e.cohort.site.crisisLine?.trim()).find((t) => t) ?? null;
}

/** The participant's preferred channel and language, from their own page. */
export async function updatePagePreferences(
  access: PageAccess,
  meta: RequestMeta,
  input: { version: number; preferredChannel: string; language: string },
) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const p = await tx.participant.findUniqueOrThrow({ where: { id: access.participantId } });
    if (input.preferredChannel === "SMS" && !p.phone)
      throw new FieldError("preferredChannel", "We have no mobile number for you. Ask your clinic to add one, or choose email.");
    if (input.preferredChannel === "EMAIL" && !p.email)
      throw new FieldError("preferredChannel", "We have no email address for you. Ask your clinic to add one, or choose text messages.");
    const updated = await tx.participant.updateMany({
      where: { id: p.id, version: input.version },
      data: { preferredChannel: input.preferredChannel, language: input.language, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ConflictError("Your details changed since this page was opened. Reload the page and try again.");
    await audit(tx, {
      actor: null,
      actorLabel: WHO,
      action: "participant.contact_preferences",
      entityType: "Participant",
      entityId: p.id,
      summary: `Participant changed their contact preferences on their page`,
      details: {
        tokenId: access.tokenId,
        changed: (["preferredChannel", "language"] as const).filter((f) => p[f] !== input[f]),
        preferredChannel: input.preferredChannel,
        language: input.language,
      },
      ...meta,
    });
    await syncParticipantOutreach(tx, p.id);
  });
}

/**
 * Opts a participant out of a channel, or back in, at once. Opting out twice keeps the first
 * time; no version check, so an opt-out always wins over a form open elsewhere.
 */
export async function setChannelOptOut(
  participantId: string,
  by: { actor: { id: string; email: string } | null; label: string; meta: RequestMeta; tokenId?: string },
  channel: OptOutChannel,
  optOut: boolean,
  now = new Date(),
) {
  const db = await dbReady();
  const field = channel === "EMAIL" ? "emailOptOutAt" : "smsOptOutAt";
  return db.$transaction(async (tx) => {
    const p = await tx.participant.findUniqueOrThrow({ where: { id: participantId } });
    const was = p[field];
    if (optOut === !!was) return false;
    await tx.participant.update({ where: { id: participantId }, data: { [field]: optOut ? now : null, version: { increment: 1 } } });
    await audit(tx, {
      actor: by.actor,
      actorLabel: by.actor ? undefined : by.label,
      action: optOut ? "participant.opt_out" : "participant.opt_in",
      entityType: "Participant",
      entityId: participantId,
      summary: `${optOut ? "Opted out of" : "Opted back into"} ${channel === "EMAIL" ? "email" : "text messages"} (${by.label})`,
      details: { channel, tokenId: by.tokenId },
      ...by.meta,
    });
    // Pending messages on that channel are cancelled (or moved to the other one) now.
    await syncParticipantOutreach(tx, participantId);
    return true;
  });
}

/** An .ics of the participant's own sessions: no other members, no cohort name, no free text. */
export async function participantCalendar(participantId: string, now = new Date()) {
  const db = await dbReady();
  const p = await db.participant.findUniqueOrThrow({ where: { id: participantId }, select: { timeZone: true } });
  const enrollments = await pageEnrollments(participantId);
  const cohortById = new Map(enrollments.map((e) => [e.cohortId, e.cohort]));
  const sessions = await db.groupSession.findMany({
    where: { cohortId: { in: [...cohortById.keys()] }, endsAt: { gt: new Date(now.getTime() - 180 * 86_400_000) } },
    include: { room: { select: { name: true } } },
    orderBy: { startsAt: "asc" },
  });
  return serializeCalendar({
    prodId: "-//GroupKAP//Participant sessions//EN",
    name: "My group sessions",
    now,
    events: sessions.map((s) => {
      const cohort = cohortById.get(s.cohortId)!;
      const zone = zoneOf(p.timeZone, cohort.timeZone);
      const kind = SESSION_KIND_LABELS[s.kind as SessionKind] ?? s.kind;
      return {
        uid: `${s.id}@groupkap`,
        start: s.startsAt,
        end: s.endsAt,
        summary: s.title,
        location: [s.room?.name, cohort.site.name, cohort.site.address].filter(Boolean).join(", "),
        description: [
          `${kind}`,
          `Local time: ${formatLocalDateTime(s.startsAt, zone)} (${zone})`,
          s.status === "CANCELLED" ? "Cancelled" : null,
        ]
          .filter(Boolean)
          .join("\n"),
        categories: [kind],
        status: s.status === "CANCELLED" ? ("CANCELLED" as const) : ("CONFIRMED" as const),
        sequence: s.version - 1,
        lastModified: s.updatedAt,
      };
    }),
  });
}
