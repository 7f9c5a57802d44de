// A participant's contact details and outreach preferences, as staff keep them: address,
// channel, language, time zone, consent to be contacted, opt-outs, failed addresses, and the
// links to their personal page. Every write checks the participant's version and is audited;
// the audit row names the fields that changed, not their values.
import type { ContactInput, OptOutChannel } from "~/forms/outreach";
import type { Participant } from "~/generated/prisma/client";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, instantOrNull, instantParam, modelColumns, readRow, type Tx } from "~/utils/db.server";
import { syncParticipantOutreach } from "./planner.server";
import { auditParticipantRead, type Reader } from "../access.server";
import { ConflictError, notFound, type Actor } from "../kernel.server";
import { mintPageToken, revokePageTokens } from "./pageToken.server";

const STALE = "Someone else changed this participant while you were editing. Reload to see their changes, then apply yours again.";

/**
 * What the "Contact and messages" tab shows (an audited read): one statement through the driver
 * (the participant, who recorded the consent to be contacted, the personal page links in force
 * and the time zone of the newest enrollment's cohort; the ORM took four).
 */
const CONTACT = modelColumns<
  Pick<
    Participant,
    | "id"
    | "version"
    | "email"
    | "phone"
    | "preferredChannel"
    | "language"
    | "timeZone"
    | "contactConsentAt"
    | "emailOptOutAt"
    | "smsOptOutAt"
    | "emailFailedAt"
    | "emailFailedReason"
    | "smsFailedAt"
    | "smsFailedReason"
  >
>("p", {
  id: "text",
  version: "int",
  email: "text?",
  phone: "text?",
  preferredChannel: "text",
  language: "text",
  timeZone: "text?",
  contactConsentAt: "instant?",
  emailOptOutAt: "instant?",
  smsOptOutAt: "instant?",
  emailFailedAt: "instant?",
  emailFailedReason: "text?",
  smsFailedAt: "instant?",
  smsFailedReason: "text?",
});

export async function getContactDetails(reader: Reader, participantId: string, now = new Date()) {
  const liveTokens = `FROM "ParticipantPageToken" t WHERE t."participantId" = p."id" AND t."revokedAt" IS NULL AND t."expiresAt" > ?`;
  const nowParam = instantParam(now);
  const row = await readRow(
    `SELECT ${CONTACT.sql}, u."name", (SELECT COUNT(*) ${liveTokens}), (SELECT MAX(t."lastUsedAt") ${liveTokens}), ` +
      `(SELECT c."timeZone" FROM "Enrollment" e JOIN "Cohort" c ON c."id" = e."cohortId" WHERE e."participantId" = p."id" ` +
      `ORDER BY e."createdAt" DESC, e."id" DESC LIMIT 1) ` +
      `FROM "Participant" p LEFT JOIN "User" u ON u."id" = p."contactConsentById" WHERE p."id" = ?`,
    [nowParam, nowParam, participantId],
  );
  if (!row) notFound("Participant not found");
  await auditParticipantRead(reader, { what: "contact details", participantIds: [participantId] });
  const [consentBy, activePageLinks, pageLastUsedAt, cohortTimeZone] = row.slice(CONTACT.width);
  return {
    ...CONTACT.read(row),
    cohortTimeZone: (cohortTimeZone as string | null) ?? null,
    contactConsentBy: (consentBy as string | null) ?? null,
    activePageLinks: Number(activePageLinks),
    pageLastUsedAt: instantOrNull(pageLastUsedAt),
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
