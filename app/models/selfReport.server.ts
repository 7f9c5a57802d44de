// Private self-report links: one per participant and timepoint. The token (32 random
// bytes, base64url) is shown once; only its SHA-256 is stored. A link expires at the end
// of the timepoint's window, can be revoked, and accepts one submission.
import { createHash, randomBytes } from "node:crypto";
import { getInstrument, isInstrumentCode, type InstrumentCode } from "~/domain/instruments";
import { responsesOf, type Answers } from "~/forms/measures";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady } from "~/utils/db.server";
import { beginAttempt } from "~/utils/throttle.server";
import { completeAssessmentTx, todayIn } from "./assessment.server";
import { getWordingMap } from "./instrumentWording.server";
import { ConflictError, type Actor } from "./kernel.server";

export function hashToken(token: string) {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function newToken() {
  return randomBytes(32).toString("base64url");
}

// Requests to /q/<token> are counted in the database (shared by every app instance), per
// link and per client address, over 10 minutes:
// - per link (token hash), 60: a participant opening, saving and submitting needs a few
//   dozen at most; the limit keeps one link, leaked or scripted, from being hammered from
//   any number of addresses. Guessing links is not what it stops: a token is 256 random
//   bits.
// - per address, 1,000 (SELF_REPORT_RATE_LIMIT overrides it for load tests): high enough
//   that a whole group answering on a clinic's one shared address (20 participants × a
//   few dozen requests) is never refused, while one client still cannot flood the
//   questionnaire pages and the database behind them.
const WINDOW_MS = 10 * 60_000;
const PER_LINK = 60;
const PER_ADDRESS = 1000;

/** Throws a polite 429 when a link, or an address, has made too many requests. */
export async function enforceSelfReportRateLimit(token: string, ip: string | null) {
  const perAddress = Number(process.env.SELF_REPORT_RATE_LIMIT) || PER_ADDRESS;
  const attempt = await beginAttempt(
    [
      { scope: "self_report.token", key: hashToken(token), max: PER_LINK, windowMs: WINDOW_MS },
      { scope: "self_report.ip", key: ip ?? "unknown", max: perAddress, windowMs: WINDOW_MS },
    ],
    { counted: true },
  );
  if (!attempt.allowed) {
    throw new Response("Too many requests. Please wait a few minutes and try again.", { status: 429, headers: { "Retry-After": "600" } });
  }
}

export async function createSelfReportLink(
  actor: Actor,
  meta: RequestMeta,
  input: { enrollmentId: string; timepointKey: string },
  now = new Date(),
) {
  const db = await dbReady();
  const pending = await db.assessment.findMany({
    where: { enrollmentId: input.enrollmentId, timepointKey: input.timepointKey, status: "EXPECTED" },
  });
  if (pending.length === 0) throw new ConflictError("Nothing is left to answer at this timepoint.");
  const expiresAt = new Date(Math.max(...pending.map((a) => a.windowCloses.getTime())));
  if (expiresAt.getTime() <= now.getTime())
    throw new ConflictError("The window for this timepoint has closed; enter the answers yourself or mark them missed.");
  const token = newToken();
  const link = await db.$transaction(async (tx) => {
    const created = await tx.selfReportLink.create({
      data: {
        enrollmentId: input.enrollmentId,
        timepointKey: input.timepointKey,
        tokenHash: hashToken(token),
        expiresAt,
        createdById: actor.id,
      },
    });
    await audit(tx, {
      actor,
      action: "self_report_link.create",
      entityType: "SelfReportLink",
      entityId: created.id,
      summary: `Created a questionnaire link for timepoint ${input.timepointKey} (expires ${expiresAt.toISOString()})`,
      details: { enrollmentId: input.enrollmentId, timepointKey: input.timepointKey },
      ...meta,
    });
    return created;
  });
  return { token, link };
}

export async function revokeSelfReportLink(actor: Actor, meta: RequestMeta, linkId: string) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const res = await tx.selfReportLink.updateMany({ where: { id: linkId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (res.count !== 1) throw new ConflictError("This link is already revoked.");
    await audit(tx, {
      actor,
      action: "self_report_link.revoke",
      entityType: "SelfReportLink",
      entityId: linkId,
      summary: "Revoked a questionnaire link",
      ...meta,
    });
  });
}

/** The link behind a token with what the participant may answer, or why it cannot be used. */
export async function resolveSelfReport(token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { state: "invalid" as const };
  const db = await dbReady();
  const link = await db.selfReportLink.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { enrollment: { include: { cohort: true } } },
  });
  if (!link) return { state: "invalid" as const };
  if (link.submittedAt) return { state: "used" as const };
  if (link.revokedAt || link.expiresAt.getTime() <= now.getTime()) return { state: "invalid" as const };
  const assessments = await db.assessment.findMany({
    where: { enrollmentId: link.enrollmentId, timepointKey: link.timepointKey, status: "EXPECTED" },
    orderBy: { instrumentCode: "asc" },
  });
  const known = assessments.filter((a) => isInstrumentCode(a.instrumentCode));
  if (known.length === 0) return { state: "used" as const };
  // A questionnaire "after dosing 2" cannot be answered before that session is over.
  const usable = known.filter((a) => a.windowOpens.getTime() <= now.getTime());
  if (usable.length === 0)
    return {
      state: "not_open" as const,
      opensAt: new Date(Math.min(...known.map((a) => a.windowOpens.getTime()))),
      timeZone: link.enrollment.cohort.timeZone,
    };
  return { state: "ok" as const, link, assessments: usable };
}

/** What the public page shows: items with public-domain or locally stored wording only. */
export async function questionnairesFor(assessments: { id: string; instrumentCode: string; draftResponses: string | null }[]) {
  const out = [];
  for (const a of assessments) {
    const code = a.instrumentCode as InstrumentCode;
    const def = getInstrument(code);
    const wording = def.licence.publicDomain ? new Map<number, string>() : await getWordingMap(code);
    out.push({
      assessmentId: a.id,
      code,
      name: def.name,
      shortName: def.shortName,
      instructions: def.licence.publicDomain ? def.instructions : null,
      attribution: def.licence.publicDomain ? def.licence.notice : null,
      anchors: def.anchors.map((x) => ({ value: x.value, label: x.label })),
      items: def.items.map((i) => ({
        number: i.number,
        text: def.licence.publicDomain ? (i.text ?? `Item ${i.number}`) : (wording.get(i.number) ?? `Item ${i.number}`),
      })),
      draft: parseDraft(a.draftResponses),
    });
  }
  return out;
}

function parseDraft(json: string | null): Record<string, number | null> {
  if (!json) return {};
  try {
    return JSON.parse(json) as Record<string, number | null>;
  } catch {
    return {};
  }
}

/** Saves partial answers ("finish later"), as checked by the form's schema (values in range; missing ones are fine). */
export async function saveSelfReportDraft(token: string, meta: RequestMeta, answers: Answers) {
  const resolved = await resolveSelfReport(token);
  if (resolved.state !== "ok") return { ok: false as const, state: resolved.state };
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    for (const a of resolved.assessments) {
      await tx.assessment.updateMany({
        where: { id: a.id, status: "EXPECTED" },
        data: { draftResponses: JSON.stringify(answers[a.instrumentCode] ?? {}) },
      });
    }
    await tx.selfReportLink.update({ where: { id: resolved.link.id }, data: { lastOpenedAt: new Date() } });
    await audit(tx, {
      actor: null,
      actorLabel: "self-report link",
      action: "self_report.draft",
      entityType: "SelfReportLink",
      entityId: resolved.link.id,
      summary: "Saved questionnaire answers to finish later",
      ...meta,
    });
  });
  return { ok: true as const };
}

/**
 * Scores and completes every questionnaire of the link in one transaction. `answers` were
 * checked by the form's schema (every item answered, in range) for the questionnaires the
 * page showed; a questionnaire that appeared since has none, and is refused as a conflict.
 */
export async function submitSelfReport(token: string, meta: RequestMeta, answers: Answers) {
  const resolved = await resolveSelfReport(token);
  if (resolved.state !== "ok") return { ok: false as const, state: resolved.state };
  const completed = resolved.assessments.map((a) => ({ a, responses: responsesOf(a.instrumentCode, answers) }));
  if (completed.some(({ responses }) => responses.some((v) => typeof v !== "number"))) {
    throw new ConflictError("The questionnaires of this link changed since the page was opened. Reload the page and answer again.");
  }
  const { link } = resolved;
  const db = await dbReady();
  const completedOn = todayIn(link.enrollment.cohort.timeZone);
  const done = await db.$transaction(async (tx) => {
    // One submission per link: the conditional update is the lock.
    const claimed = await tx.selfReportLink.updateMany({
      where: { id: link.id, submittedAt: null, revokedAt: null },
      data: { submittedAt: new Date() },
    });
    if (claimed.count !== 1) return false;
    for (const { a, responses } of completed) {
      await completeAssessmentTx(tx, {
        assessment: a,
        participantId: link.enrollment.participantId,
        cohortId: link.enrollment.cohortId,
        responses,
        completedOn,
        source: "SELF_REPORT",
        actor: null,
        actorLabel: "self-report link",
        meta,
      });
    }
    await audit(tx, {
      actor: null,
      actorLabel: "self-report link",
      action: "self_report.submit",
      entityType: "SelfReportLink",
      entityId: link.id,
      summary: `Participant submitted ${completed.length} questionnaire${completed.length === 1 ? "" : "s"} for timepoint ${link.timepointKey}`,
      ...meta,
    });
    return true;
  });
  return done ? { ok: true as const } : { ok: false as const, state: "used" as const };
}
