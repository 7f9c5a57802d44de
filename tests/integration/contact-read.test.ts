// The "Contact and messages" tab's read (getContactDetails) goes through the driver in one
// statement: on both databases it returns what the ORM's four reads returned (the participant's
// fields, who recorded the consent to be contacted, the personal page links in force and when
// one was last used, the newest enrollment's cohort zone), and writes its audit row.
import { describe, expect, it } from "vitest";
import { readerFor, type Viewer } from "~/models/access.server";
import { getContactDetails } from "~/models/outreach/contact.server";
import { dbReady } from "~/utils/db.server";
import { createTestUser } from "../setup/factories";
import {
  createEnrolledTestParticipant,
  createTestCohort,
  createTestEnrollment,
  createTestParticipant,
} from "../setup/factories-scheduling";
import { BASE } from "../setup/http";
import { counted } from "../setup/statements";

const reader = (v: Viewer) => readerFor({ request: new Request(`${BASE}/participants/x/contact`), context: {} } as never, v);

/** The ORM reads the tab made before it went through the driver: the reference. */
async function throughTheOrm(participantId: string, now: Date) {
  const db = await dbReady();
  const p = await db.participant.findUniqueOrThrow({ where: { id: participantId } });
  const consentBy = p.contactConsentById ? await db.user.findUnique({ where: { id: p.contactConsentById }, select: { name: true } }) : null;
  const tokens = await db.participantPageToken.findMany({
    where: { participantId, revokedAt: null, expiresAt: { gt: now } },
    select: { lastUsedAt: true },
  });
  const zones = await db.enrollment.findMany({
    where: { participantId },
    select: { cohort: { select: { timeZone: true } } },
    orderBy: { createdAt: "desc" },
    take: 1,
  });
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

describe("the contact tab's read", () => {
  it("equals the ORM's reads in one statement and an audit row, for a participant with everything set and one with nothing", async () => {
    const db = await dbReady();
    const now = new Date("2031-06-15T12:00:00.000Z");
    const coordinator = await createTestUser({ roles: ["COORDINATOR"], name: "Cora Contact" });
    const older = await createTestCohort({ name: `Contact older ${Date.now()}`, startDate: "2031-03-02", timeZone: "Europe/Berlin" });
    const newer = await createTestCohort({ name: `Contact newer ${Date.now()}`, startDate: "2031-05-04", timeZone: "America/Denver" });
    const { participant, enrollment } = await createEnrolledTestParticipant(older.id, "ACTIVE", { email: "pat@example.org" });
    const second = await createTestEnrollment({ participantId: participant.id, cohortId: newer.id, status: "WAITLISTED" });
    await db.enrollment.update({ where: { id: enrollment.id }, data: { createdAt: new Date("2031-01-01T00:00:00Z") } });
    await db.enrollment.update({ where: { id: second.id }, data: { createdAt: new Date("2031-02-01T00:00:00Z") } });
    await db.participant.update({
      where: { id: participant.id },
      data: {
        phone: "+15555550142",
        preferredChannel: "SMS",
        language: "es",
        timeZone: "America/Chicago",
        contactConsentAt: new Date("2031-01-05T09:30:00.123Z"),
        contactConsentById: coordinator.id,
        emailOptOutAt: new Date("2031-02-05T10:00:00Z"),
        smsFailedAt: new Date("2031-03-05T11:00:00Z"),
        smsFailedReason: "Unreachable number",
        emailFailedAt: new Date("2031-03-06T11:00:00Z"),
        emailFailedReason: "Mailbox full",
      },
    });
    const token = (n: number, data: { expiresAt: Date; revokedAt?: Date; lastUsedAt?: Date }) =>
      db.participantPageToken.create({
        data: { participantId: participant.id, tokenHash: `contact-read-${participant.id}-${n}`, ...data },
      });
    await token(1, { expiresAt: new Date("2031-07-01T00:00:00Z"), lastUsedAt: new Date("2031-06-10T08:00:00.250Z") });
    await token(2, { expiresAt: new Date("2031-08-01T00:00:00Z"), lastUsedAt: new Date("2031-06-12T08:00:00.500Z") });
    await token(3, { expiresAt: new Date("2031-08-01T00:00:00Z") });
    // Not in force: revoked (used later than the others), expired.
    await token(4, {
      expiresAt: new Date("2031-08-01T00:00:00Z"),
      revokedAt: new Date("2031-06-14T00:00:00Z"),
      lastUsedAt: new Date("2031-06-13T00:00:00Z"),
    });
    await token(5, { expiresAt: new Date("2031-06-15T11:59:59Z"), lastUsedAt: new Date("2031-06-14T00:00:00Z") });
    const bare = await createTestParticipant({});

    const viewer: Viewer = { id: coordinator.id, email: coordinator.email, roles: ["COORDINATOR"] };
    const full = await counted(() => getContactDetails(reader(viewer), participant.id, now));
    expect(full.value).toEqual(await throughTheOrm(participant.id, now));
    expect(full.value).toMatchObject({
      contactConsentBy: "Cora Contact",
      cohortTimeZone: "America/Denver",
      activePageLinks: 3,
      pageLastUsedAt: new Date("2031-06-12T08:00:00.500Z"),
    });
    expect(full.queries).toBe(2); // the read and its audit row
    const empty = await getContactDetails(reader(viewer), bare.id, now);
    expect(empty).toEqual(await throughTheOrm(bare.id, now));
    expect(empty).toMatchObject({ contactConsentBy: null, cohortTimeZone: null, activePageLinks: 0, pageLastUsedAt: null });
    const audited = await db.auditEvent.findMany({
      where: { actorId: coordinator.id, action: "participant.view", entityId: { in: [participant.id, bare.id] } },
    });
    expect(audited.map((a) => a.entityId).sort()).toEqual([participant.id, bare.id].sort());
    await expect(getContactDetails(reader(viewer), "no-such-participant", now)).rejects.toMatchObject({ status: 404 });
  });
});
