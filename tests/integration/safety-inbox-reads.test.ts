// The safety inbox reads its page through the driver (app/utils/db.server.ts readRows): what each
// row says on both databases (source links, a serious adverse event's follow-up state and why it
// cannot be acknowledged yet, local times, who acknowledged), how many statements a page takes,
// and that paging by cursor walks the history in order.
import { describe, expect, it } from "vitest";
import { readerFor, type Viewer } from "~/models/access.server";
import { countOpenSignals, INBOX_PAGE_SIZE, listInbox } from "~/models/safetySignal.server";
import { dbReady } from "~/utils/db.server";
import { createTestUser } from "../setup/factories";
import { createSafetyCohort, createSafetyParticipant, markDosed } from "../setup/factories-safety";
import { BASE } from "../setup/http";
import { counted } from "../setup/statements";

const reader = (v: Viewer) => readerFor({ request: new Request(`${BASE}/safety`), context: {} } as never, v);

describe("safety inbox reads", () => {
  it("describes each source, in four statements and the audit row; a clinician's inbox holds their cohort's signals only", async () => {
    const db = await dbReady();
    const clinician = await createTestUser({ roles: ["CLINICIAN"], name: "Dr Inbox" });
    const { cohort, sessions } = await createSafetyCohort({
      staff: [{ userId: clinician.id, role: "CLINICIAN" }],
      timeZone: "Europe/Paris",
    });
    const { cohort: elsewhere } = await createSafetyCohort();
    const { participant, enrollment } = await createSafetyParticipant(cohort.id, { firstName: "Ines", lastName: "Inbox" });
    const other = await createSafetyParticipant(elsewhere.id);
    const dosing = await markDosed(sessions[0].id, enrollment.id, clinician.id);
    const ae = (serious: boolean) =>
      db.adverseEvent.create({
        data: {
          participantId: participant.id,
          cohortId: cohort.id,
          term: "Syncope",
          onsetAt: new Date("2031-02-01T09:00:00Z"),
          description: "Fainted",
          grade: 3,
          serious,
          seriousSince: serious ? new Date("2031-02-01T10:00:00Z") : null,
          relatednessKetamine: "POSSIBLE",
          relatednessGroup: "UNLIKELY",
          expected: false,
          actionTaken: "NONE",
          outcome: "RECOVERED",
          recordedById: clinician.id,
          createdAt: new Date("2031-02-01T10:00:00Z"),
        },
      });
    const [withoutFollowUp, withFollowUp] = [await ae(true), await ae(true)];
    await db.adverseEventFollowUp.create({
      data: { adverseEventId: withFollowUp.id, note: "Called", recordedById: clinician.id, recordedAt: new Date("2031-02-01T12:00:00Z") },
    });
    let n = 0;
    const signal = (data: {
      kind: string;
      sourceType: string;
      sourceId: string;
      priority?: number;
      participantId?: string;
      cohortId?: string;
    }) =>
      db.safetySignal.create({
        data: {
          participantId: participant.id,
          cohortId: cohort.id,
          detail: `Signal ${++n}`,
          priority: 2,
          createdAt: new Date(Date.UTC(2031, 1, 2, 8, n)),
          ...data,
        },
      });
    await signal({ kind: "SERIOUS_AE", sourceType: "AdverseEvent", sourceId: withoutFollowUp.id, priority: 0 });
    await signal({ kind: "SERIOUS_AE", sourceType: "AdverseEvent", sourceId: withFollowUp.id, priority: 0 });
    await signal({ kind: "VITALS_OUT_OF_RANGE", sourceType: "DosingRecord", sourceId: dosing.id });
    await signal({ kind: "DOSE_ORDER_OUT_OF_RANGE", sourceType: "DoseOrder", sourceId: "no-such-order" });
    await signal({ kind: "PHQ9_ITEM9", sourceType: "Assessment", sourceId: "some-assessment" });
    await signal({
      kind: "PHQ9_ITEM9",
      sourceType: "Assessment",
      sourceId: "elsewhere",
      participantId: other.participant.id,
      cohortId: elsewhere.id,
    });
    const acknowledged = await signal({ kind: "PHQ9_ITEM9", sourceType: "Assessment", sourceId: "done" });
    await db.safetySignal.update({
      where: { id: acknowledged.id },
      data: { acknowledgedAt: new Date("2031-02-03T10:00:00Z"), acknowledgedById: clinician.id, acknowledgmentNote: "Phoned" },
    });

    const viewer = { id: clinician.id, email: clinician.email, roles: ["CLINICIAN"] } as Viewer;
    const { value, queries } = await counted(() => listInbox(reader(viewer), {}, new Date("2031-02-02T09:00:00Z")));
    expect(queries).toBe(5); // the count and the page together, then the adverse events and the sessions together, then the audit row
    expect(value.total).toBe(5);
    expect(value.openCount).toBe(5);
    const rows = value.signals.map((s) => ({
      kind: s.kind,
      participant: s.participant,
      cohort: s.cohort,
      sourceHref: s.sourceHref,
      sourceLabel: s.sourceLabel,
      followUp: s.followUp,
      blocked: Boolean(s.blockedReason),
      atLocal: s.atLocal,
    }));
    expect(rows).toEqual([
      // Priority 0 first, newest first within it.
      {
        kind: "SERIOUS_AE",
        participant: "Ines Inbox",
        cohort: cohort.name,
        sourceHref: `/adverse-events/${withFollowUp.id}`,
        sourceLabel: "Adverse event",
        followUp: { state: expect.any(String), dueAtLocal: expect.stringContaining("2031") },
        blocked: false,
        atLocal: expect.stringContaining("2031"),
      },
      {
        kind: "SERIOUS_AE",
        participant: "Ines Inbox",
        cohort: cohort.name,
        sourceHref: `/adverse-events/${withoutFollowUp.id}`,
        sourceLabel: "Adverse event",
        followUp: { state: expect.any(String), dueAtLocal: expect.stringContaining("2031") },
        blocked: true,
        atLocal: expect.stringContaining("2031"),
      },
      {
        kind: "PHQ9_ITEM9",
        participant: "Ines Inbox",
        cohort: cohort.name,
        sourceHref: "/assessments/some-assessment",
        sourceLabel: "Questionnaire",
        followUp: null,
        blocked: false,
        atLocal: expect.any(String),
      },
      {
        kind: "DOSE_ORDER_OUT_OF_RANGE",
        participant: "Ines Inbox",
        cohort: cohort.name,
        sourceHref: null,
        sourceLabel: "Dose order",
        followUp: null,
        blocked: false,
        atLocal: expect.any(String),
      },
      {
        kind: "VITALS_OUT_OF_RANGE",
        participant: "Ines Inbox",
        cohort: cohort.name,
        sourceHref: `/sessions/${sessions[0].id}/dosing`,
        sourceLabel: "Dosing record",
        followUp: null,
        blocked: false,
        atLocal: expect.any(String),
      },
    ]);
    // Paris is UTC+1 in February: 08:03 UTC is 09:03 there.
    expect(value.signals[4].at).toBe("2031-02-02T08:03:00.000Z");
    expect(value.signals[4].atLocal).toContain("09:03");
    expect(value.signals[0].followUp?.state).not.toBe(value.signals[1].followUp?.state);

    const history = await counted(() => listInbox(reader(viewer), { view: "history" }));
    expect(history.queries).toBe(4); // both counts and the page together, then the audit row
    expect(history.value.openCount).toBe(5);

    // The open count is the navigation's: counted by the root loader in the same request, the
    // inbox reads it from there (one statement fewer), in both views.
    const afterNavigation = async () => {
      const context = {};
      expect(await countOpenSignals(viewer, context)).toBe(5);
      return readerFor({ request: new Request(`${BASE}/safety`), context } as never, viewer);
    };
    const inRequest = await afterNavigation();
    const open = await counted(() => listInbox(inRequest, {}, new Date("2031-02-02T09:00:00Z")));
    expect(open.queries).toBe(4);
    expect({ total: open.value.total, openCount: open.value.openCount }).toEqual({ total: 5, openCount: 5 });
    const historyInRequest = await afterNavigation();
    const olderTab = await counted(() => listInbox(historyInRequest, { view: "history" }));
    expect(olderTab.queries).toBe(3);
    expect({ total: olderTab.value.total, openCount: olderTab.value.openCount }).toEqual({ total: 1, openCount: 5 });
    expect(history.value.signals).toEqual([
      expect.objectContaining({
        id: acknowledged.id,
        acknowledgedAt: "2031-02-03T10:00:00.000Z",
        acknowledgedBy: "Dr Inbox",
        acknowledgmentNote: "Phoned",
      }),
    ]);
  });

  it("pages by cursor through signals of the same instant and priority (the id decides), forwards and back", async () => {
    const db = await dbReady();
    const clinician = await createTestUser({ roles: ["CLINICIAN"] });
    const { cohort } = await createSafetyCohort({ staff: [{ userId: clinician.id, role: "CLINICIAN" }] });
    const { participant } = await createSafetyParticipant(cohort.id);
    const at = new Date("2031-03-01T08:00:00Z");
    for (let i = 0; i < INBOX_PAGE_SIZE + 5; i++) {
      await db.safetySignal.create({
        data: {
          kind: "PHQ9_ITEM9",
          participantId: participant.id,
          cohortId: cohort.id,
          sourceType: "Assessment",
          sourceId: `a${i}`,
          detail: "x",
          createdAt: at,
        },
      });
    }
    const viewer = { id: clinician.id, email: clinician.email, roles: ["CLINICIAN"] } as Viewer;
    const first = await listInbox(reader(viewer));
    expect(first.signals).toHaveLength(INBOX_PAGE_SIZE);
    const ids = first.signals.map((s) => s.id);
    expect(ids).toEqual([...ids].sort().reverse());
    const second = await listInbox(reader(viewer), { after: first.nextCursor! });
    expect(second.signals).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    const all = [...ids, ...second.signals.map((s) => s.id)];
    expect(new Set(all).size).toBe(INBOX_PAGE_SIZE + 5);
    expect(all).toEqual([...all].sort().reverse());
    const back = await listInbox(reader(viewer), { before: second.previousCursor! });
    expect(back.signals.map((s) => s.id)).toEqual(ids);
    // A cursor the viewer cannot see starts at the first page.
    expect((await listInbox(reader(viewer), { after: "not-a-signal" })).signals.map((s) => s.id)).toEqual(ids);
  });
});
