// Waitlist seat offers: a freed seat is offered to the first person waiting, who is told
// (one message, no PHI) and answers on their personal page before the deadline; declined or
// expired, it passes down the list.
import { describe, expect, it } from "vitest";
import { DEFAULT_SEAT_OFFER_HOURS } from "~/domain/outreach/plan";
import { SEAT_OFFER_CLOSED, expireSeatOffers, offerWaitingSeats } from "~/models/enrollment.server";
import { mintPageToken } from "~/models/outreach/pageToken.server";
import { runOutreachOnce } from "~/models/outreach/worker.server";
import * as pageRoute from "~/routes/p.$token._index";
import * as outreachRoute from "~/routes/programs.$programId_.outreach";
import { dbReady } from "~/utils/db.server";
import { daytimeZone } from "../setup/daytime";
import { createTestCohort, createTestEnrollment, createTestParticipant } from "../setup/factories-scheduling";
import { signedInUser } from "../setup/factories-sessions";
import { call, replyOf } from "../setup/http";

const HOUR = 3_600_000;

/** A full cohort of 1 with three people waiting, each reachable by email (consented). */
async function fullCohortWithWaitlist(startDate: string) {
  const db = await dbReady();
  const cohort = await createTestCohort({ capacity: 1, startDate, timeZone: "UTC" });
  const seated = await createTestParticipant();
  const seat = await createTestEnrollment({ participantId: seated.id, cohortId: cohort.id, status: "ENROLLED" });
  const waiting = [];
  for (let i = 1; i <= 3; i++) {
    const p = await createTestParticipant({ email: `wait${i}-${Date.now()}@example.org` });
    await db.participant.update({
      where: { id: p.id },
      data: { contactConsentAt: new Date(), preferredChannel: "EMAIL", timeZone: daytimeZone() },
    });
    waiting.push({
      p,
      e: await createTestEnrollment({ participantId: p.id, cohortId: cohort.id, status: "WAITLISTED", waitlistPosition: i }),
    });
  }
  return { cohort, seat, waiting };
}

async function freeTheSeat(enrollmentId: string) {
  const db = await dbReady();
  await db.enrollment.update({
    where: { id: enrollmentId },
    data: { status: "WITHDRAWN", withdrawnOn: "2033-01-01", statusReason: "Moved" },
  });
}

async function answer(participantId: string, offerId: string, answerValue: "accept" | "decline") {
  const { token } = await mintPageToken(await dbReady(), participantId, {});
  const res = await call(pageRoute.action, `/p/${token}`, "POST", {
    params: { token },
    form: { intent: "seat-offer", offerId, answer: answerValue, _form: `offer-${offerId}` },
  });
  return { res, reply: await replyOf(res), token };
}

describe("seat offers", () => {
  it("offers a freed seat to the first person, tells them once, and they accept on their personal page", async () => {
    const db = await dbReady();
    const { cohort, seat, waiting } = await fullCohortWithWaitlist("2033-02-07");
    await freeTheSeat(seat.id);
    // The program gives 48 hours to answer (its outreach setting; 72 by default).
    await db.outreachSettings.upsert({
      where: { programId: cohort.programId },
      create: { programId: cohort.programId, seatOfferHours: 48 },
      update: { seatOfferHours: 48 },
    });
    const now = new Date();
    expect(await offerWaitingSeats(now)).toBeGreaterThanOrEqual(1);
    const offer = await db.seatOffer.findFirstOrThrow({ where: { cohortId: cohort.id, status: "OPEN" } });
    expect(offer.enrollmentId).toBe(waiting[0].e.id);
    expect(offer.expiresAt.getTime() - now.getTime()).toBe(48 * HOUR);
    await db.outreachSettings.update({ where: { programId: cohort.programId }, data: { seatOfferHours: DEFAULT_SEAT_OFFER_HOURS } });
    // Only one open offer for one free seat, however often it runs.
    await offerWaitingSeats(now);
    expect(await db.seatOffer.count({ where: { cohortId: cohort.id, status: "OPEN" } })).toBe(1);

    // The outreach runner plans and sends one SEAT_OFFER message with the deadline, first name only.
    await runOutreachOnce({ now: new Date(now.getTime() + 1000) });
    const messages = await db.message.findMany({ where: { enrollmentId: waiting[0].e.id, kind: "SEAT_OFFER" } });
    expect(messages).toHaveLength(1);
    expect(messages[0].status).toMatch(/SENT|DELIVERED/);
    expect(messages[0].body).toContain(`Hello ${waiting[0].p.firstName}`);
    expect(messages[0].body).not.toContain(waiting[0].p.lastName);
    expect(messages[0].body).not.toContain(cohort.name);
    expect(await db.message.count({ where: { enrollmentId: waiting[1].e.id, kind: "SEAT_OFFER" } })).toBe(0);

    // The page shows the offer; accepting seats them and closes the offer.
    const { token } = await mintPageToken(db, waiting[0].p.id, {});
    const page = await call(pageRoute.loader, `/p/${token}`, "GET", { params: { token } });
    expect((page.data as { seatOffers: { id: string; cohortName: string }[] }).seatOffers).toEqual([
      expect.objectContaining({ id: offer.id, cohortName: cohort.name }),
    ]);
    const { res } = await answer(waiting[0].p.id, offer.id, "accept");
    expect(res.status).toBe(200);
    expect((await db.enrollment.findUniqueOrThrow({ where: { id: waiting[0].e.id } })).status).toBe("ENROLLED");
    expect(await db.seatOffer.findUniqueOrThrow({ where: { id: offer.id } })).toMatchObject({
      status: "ACCEPTED",
      closedBy: "PARTICIPANT",
    });
    const history = await db.enrollmentStatusChange.findMany({ where: { enrollmentId: waiting[0].e.id }, orderBy: { changedAt: "asc" } });
    expect(history.at(-1)).toMatchObject({
      fromStatus: "WAITLISTED",
      toStatus: "ENROLLED",
      reason: "Accepted the seat offer on their personal page",
    });
    // Answering again: refused, nothing changes.
    const again = await answer(waiting[0].p.id, offer.id, "decline");
    expect(again.res.status).toBe(400);
    expect(again.reply.errors.form).toBe(SEAT_OFFER_CLOSED);
    expect((await db.enrollment.findUniqueOrThrow({ where: { id: waiting[0].e.id } })).status).toBe("ENROLLED");
  });

  it("a decline passes the seat to the next person; an unanswered offer expires, moves them to the end and passes it on", async () => {
    const db = await dbReady();
    const { cohort, seat, waiting } = await fullCohortWithWaitlist("2033-06-06");
    await freeTheSeat(seat.id);
    const t0 = new Date();
    await offerWaitingSeats(t0);
    const first = await db.seatOffer.findFirstOrThrow({ where: { enrollmentId: waiting[0].e.id, status: "OPEN" } });
    // Someone else's offer is not theirs to answer.
    expect((await answer(waiting[1].p.id, first.id, "accept")).res.status).toBe(404);

    const declined = await answer(waiting[0].p.id, first.id, "decline");
    expect(declined.res.status).toBe(200);
    expect(await db.enrollment.findUniqueOrThrow({ where: { id: waiting[0].e.id } })).toMatchObject({
      status: "WITHDRAWN",
      statusReason: "Declined the seat offer",
    });
    const second = await db.seatOffer.findFirstOrThrow({ where: { cohortId: cohort.id, status: "OPEN" } });
    expect(second.enrollmentId).toBe(waiting[1].e.id);

    // Not answered in time: expired, moved behind the third person, who is offered the seat.
    await expireSeatOffers(new Date(second.expiresAt.getTime() - 1000));
    expect((await db.seatOffer.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("OPEN");
    expect(await expireSeatOffers(new Date(second.expiresAt.getTime() + 1000))).toBeGreaterThanOrEqual(1);
    expect(await db.seatOffer.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ status: "EXPIRED", closedBy: "SYSTEM" });
    const w2 = await db.enrollment.findUniqueOrThrow({ where: { id: waiting[1].e.id } });
    const w3 = await db.enrollment.findUniqueOrThrow({ where: { id: waiting[2].e.id } });
    expect(w2.status).toBe("WAITLISTED");
    expect(w2.waitlistPosition!).toBeGreaterThan(w3.waitlistPosition!);
    const third = await db.seatOffer.findFirstOrThrow({ where: { cohortId: cohort.id, status: "OPEN" } });
    expect(third.enrollmentId).toBe(waiting[2].e.id);
    // The expired offer's link answers "no longer open".
    expect((await answer(waiting[1].p.id, second.id, "accept")).reply.errors.form).toBe(SEAT_OFFER_CLOSED);
    expect(await db.auditEvent.count({ where: { action: "enrollment.seat_offer_expired", entityId: waiting[1].e.id } })).toBe(1);
  });

  it("the time to answer is a program setting on the outreach page: whole hours from 12 to 336, version-checked", async () => {
    const db = await dbReady();
    const coordinator = await signedInUser(["COORDINATOR"]);
    const { cohort } = await fullCohortWithWaitlist("2033-03-07");
    const programId = cohort.programId;
    const settings = async () =>
      (
        (await call(outreachRoute.loader, `/programs/${programId}/outreach`, "GET", { cookie: coordinator.cookie, params: { programId } }))
          .data as { settings: { seatOfferHours: number; version: number } }
      ).settings;
    const before = await settings();
    const rules = (seatOfferHours: string, version: number) =>
      call(outreachRoute.action, `/programs/${programId}/outreach`, "POST", {
        cookie: coordinator.cookie,
        params: { programId },
        form: {
          intent: "rules",
          quietStart: "21:00",
          quietEnd: "08:00",
          reminderDays: "2, 5",
          sessionReminderHours: "48, 2",
          seatOfferHours,
          version: String(version),
        },
      });
    const tooShort = await replyOf(await rules("5", before.version));
    expect(tooShort.errors.seatOfferHours).toBe("Seat offer time: whole hours from 12 to 336 (two weeks)");
    expect((await settings()).seatOfferHours).toBe(before.seatOfferHours);
    expect((await replyOf(await rules("96", before.version))).ok).toBe(true);
    expect((await settings()).seatOfferHours).toBe(96);
    expect((await rules("24", before.version)).status).toBe(409);
    expect((await db.outreachSettings.findUniqueOrThrow({ where: { programId } })).seatOfferHours).toBe(96);
    await db.outreachSettings.update({ where: { programId }, data: { seatOfferHours: DEFAULT_SEAT_OFFER_HOURS } });
  });
});
