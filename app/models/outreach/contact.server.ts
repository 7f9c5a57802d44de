// A participant's contact details and outreach preferences, as staff keep them: address,
// channel, language, time zone, consent to be contacted, opt-outs, failed addresses, and the
// links to their personal page. Every write checks the participant's version and is audited;
// the audit row names the fields that changed, not their values.
import type { ContactInput, OptOutChannel } from "~/forms/outreach";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, type Tx } from "~/utils/db.server";
import { syncParticipantOutreach } from "./planner.server";
import { auditParticipantRead, type Reader } from "../access.server";
import { ConflictError, notFound, type Actor } from "../kernel.server";
import { mintPageToken, revokePageTokens } from "./pageToken.server";

const STALE = "Someone else changed this participant while you were editing. Reload to see their changes, then apply yours again.";

/** What the "Contact and messages" tab shows (an audited read). */
export async function getContactDetails(reader: Reader, participantId: string, now = new Date()) {
  const db = await dbReady();
  const p = await db.participant.findUnique({ where: { id: participantId } });
  if (!p) notFound("Participant not found");
  const consentBy = p.contactConsentById ? await db.user.findUnique({ where: { id: p.contactConsentById }, select: { name: true } }) : null;
  const tokens = await db.participantPageToken.findMany({
    where: { participantId, revokedAt: null, expiresAt: { gt: now } },
    select: { lastUsedAt: true, expiresAt: true },
  });
  const zones = await db.enrollment.findMany({
    where: { participantId },
    select: { cohort: { select: { timeZone: true } } },
    orderBy: { createdAt: "desc" },
    take: 1,
  });
  await auditParticipantRead(reader, { what: "contact details", participantIds: [participantId] });
  const lastUsed = tokens.map((t) => t.lastUsedAt).filter((d): d is Date => !!d);
  return {
    id: p.id,
    version: p.version,
    email: p.email,
    phone: p.phone,
    preferredChannel: p.preferredChannel,
    language: p.language,
    timeZone: p.timeZone,
    cohortTimeZone: zones[0]?.cohort.timeZone ?? null,
    contactConsentAt: p.contactConsentAt,
    contactConsentBy: consentBy?.name ?? null,
    emailOptOutAt: p.emailOptOutAt,
    smsOptOutAt: p.smsOptOutAt,
    emailFailedAt: p.emailFailedAt,
    emailFailedReason: p.emailFailedReason,
    smsFailedAt: p.smsFailedAt,
    smsFailedReason: p.smsFailedReason,
    activePageLinks: tokens.length,
    pageLastUsedAt: lastUsed.length ? new Date(Math.max(...lastUsed.map((d) => d.getTime()))) : null,
  };
}

/** One version-checked update of a participant with its audit row, in one transaction. */
async function versionedUpdate(
  actor: Actor,
  meta: RequestMeta,
  id: string,
  version: number,
  change: (before: NonNullable<Awaited<ReturnType<Tx["participant"]["findUnique"]>>>) => {
    data: Record<string, unknown>;
    action: string;
    summary: string;
    details?: unknown;
  },
) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const before = await tx.participant.findUnique({ where: { id } });
    if (!before) notFound("Participant not found");
    if (before.version !== version) throw new ConflictError(STALE);
    const { data, action, summary, details } = change(before);
    const updated = await tx.participant.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
    if (updated.count !== 1) throw new ConflictError(STALE);
    await audit(tx, { actor, action, entityType: "Participant", entityId: id, summary: `${summary} (${before.code})`, details, ...meta });
    // Consent, opt-outs, addresses and preferences decide what is sent: re-plan at once.
    await syncParticipantOutreach(tx, id);
  });
}

const CONTACT_FIELDS = ["email", "phone", "preferredChannel", "language", "timeZone"] as const;

export async function updateContact(actor: Actor, meta: RequestMeta, id: string, input: ContactInput) {
  await versionedUpdate(actor, meta, id, input.version, (before) => {
    const data: Record<string, unknown> = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, input[f]]));
    // A new address is a new chance: its failure mark belongs to the old one.
    if (input.email !== before.email) Object.assign(data, { emailFailedAt: null, emailFailedReason: null });
    if (input.phone !== before.phone) Object.assign(data, { smsFailedAt: null, smsFailedReason: null });
    const changed = CONTACT_FIELDS.filter((f) => (before[f] ?? null) !== (input[f] ?? null));
    return {
      data,
      action: "participant.contact_update",
      summary: changed.length ? `Changed contact ${changed.join(", ")}` : "Saved contact details without changes",
      details: { changed },
    };
  });
}

export async function setContactConsent(actor: Actor, meta: RequestMeta, id: string, version: number, consent: boolean, now = new Date()) {
  await versionedUpdate(actor, meta, id, version, (before) => {
    if (consent === !!before.contactConsentAt)
      throw new ConflictError(consent ? "Consent to be contacted is already recorded." : "Consent to be contacted is already withdrawn.");
    return {
      data: consent ? { contactConsentAt: now, contactConsentById: actor.id } : { contactConsentAt: null, contactConsentById: null },
      action: consent ? "participant.contact_consent" : "participant.contact_consent_withdrawn",
      summary: consent ? "Recorded consent to be contacted" : "Withdrew consent to be contacted",
    };
  });
}

export async function setStaffOptOut(
  actor: Actor,
  meta: RequestMeta,
  id: string,
  version: number,
  channel: OptOutChannel,
  optOut: boolean,
  now = new Date(),
) {
  const field = channel === "EMAIL" ? "emailOptOutAt" : "smsOptOutAt";
  const what = channel === "EMAIL" ? "email" : "text messages";
  await versionedUpdate(actor, meta, id, version, (before) => {
    if (optOut === !!before[field]) throw new ConflictError(optOut ? `Already opted out of ${what}.` : `Not opted out of ${what}.`);
    return {
      data: { [field]: optOut ? now : null },
      action: optOut ? "participant.opt_out" : "participant.opt_in",
      summary: `${optOut ? "Opted out of" : "Cleared the opt-out of"} ${what} (staff)`,
      details: { channel },
    };
  });
}

export async function clearFailedAddress(actor: Actor, meta: RequestMeta, id: string, version: number, channel: OptOutChannel) {
  const what = channel === "EMAIL" ? "email address" : "mobile number";
  await versionedUpdate(actor, meta, id, version, (before) => {
    if (!(channel === "EMAIL" ? before.emailFailedAt : before.smsFailedAt))
      throw new ConflictError(`The ${what} is not marked as failing.`);
    return {
      data: channel === "EMAIL" ? { emailFailedAt: null, emailFailedReason: null } : { smsFailedAt: null, smsFailedReason: null },
      action: "participant.contact_failure_cleared",
      summary: `Cleared the delivery failure mark of the ${what}`,
      details: { channel },
    };
  });
}

/** Mints a personal page link (the raw token is returned once, stored nowhere). */
export async function createPageLink(actor: Actor, meta: RequestMeta, participantId: string) {
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const { token, expiresAt } = await mintPageToken(tx, participantId, { createdById: actor.id });
    await audit(tx, {
      actor,
      action: "participant_page_link.create",
      entityType: "Participant",
      entityId: participantId,
      summary: `Created a personal page link (expires ${expiresAt.toISOString()})`,
      ...meta,
    });
    return { token, expiresAt };
  });
}

export async function revokePageLinks(actor: Actor, meta: RequestMeta, participantId: string) {
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const count = await revokePageTokens(tx, participantId);
    await audit(tx, {
      actor,
      action: "participant_page_link.revoke",
      entityType: "Participant",
      entityId: participantId,
      summary: `Revoked ${count} personal page link${count === 1 ? "" : "s"}`,
      details: { count },
      ...meta,
    });
    return count;
  });
}
