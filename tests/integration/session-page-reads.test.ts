// The session page and the dosing board read their header, roster, group note and the board's
// names through the driver (app/utils/db.server.ts readRows): what they show, how many
// statements they take, and that a facilitator of another cohort (or an analyst) is refused.
import { describe, expect, it } from "vitest";
import { getSessionForViewer } from "~/models/attendance.server";
import { readBoardRows, readCardDetails } from "~/models/dosing.server";
import * as sessionRoute from "~/routes/sessions.$sessionId._index";
import * as dosingRoute from "~/routes/sessions.$sessionId.dosing";
import { dbReady } from "~/utils/db.server";
import { TEST_PASSWORD, createTestUser } from "../setup/factories";
import { createEnrolledTestParticipant } from "../setup/factories-scheduling";
import { createTestLot, sessionFixture, signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";
import { counted } from "../setup/statements";

describe("the session header", () => {
  it("is read in two statements: the session, its rooms, site, program and both staff lists; another cohort's facilitator gets a 404", async () => {
    const db = await dbReady();
    const f = await sessionFixture({ kind: "DOSING" });
    const gone = await createTestUser({ roles: ["CLINICIAN"], name: "Gone Clinician" });
    await db.user.update({ where: { id: gone.id }, data: { active: false } });
    await db.cohortStaff.create({ data: { cohortId: f.cohort.id, userId: gone.id, role: "CLINICIAN" } });
    await db.sessionStaff.createMany({
      data: [
        { sessionId: f.session.id, userId: f.facilitator.user.id, role: "FACILITATOR" },
        { sessionId: f.session.id, userId: f.clinician.user.id, role: "CLINICIAN" },
      ],
    });
    const site = await db.site.findUniqueOrThrow({ where: { id: f.cohort.siteId }, include: { rooms: true } });
    await db.groupSession.update({ where: { id: f.session.id }, data: { roomId: site.rooms[0].id, route: "IM" } });
    const program = await db.program.findUniqueOrThrow({ where: { id: f.cohort.programId } });
    const version = await db.programVersion.findUniqueOrThrow({ where: { id: f.cohort.programVersionId } });

    const { value: s, queries } = await counted(() => getSessionForViewer({ ...f.facilitator.user, roles: ["FACILITATOR"] }, f.session.id));
    expect(queries).toBe(2);
    expect(s).toMatchObject({
      id: f.session.id,
      cohortId: f.cohort.id,
      kind: "DOSING",
      title: f.session.title,
      status: "SCHEDULED",
      route: "IM",
      version: 1,
      roomId: site.rooms[0].id,
      room: { name: site.rooms[0].name },
      cohort: {
        id: f.cohort.id,
        name: f.cohort.name,
        programId: program.id,
        siteId: site.id,
        timeZone: f.cohort.timeZone,
        site: { name: site.name, timeZone: site.timeZone },
        room: null,
        programVersion: { definition: version.definition, program: { name: program.name } },
      },
    });
    expect(s.startsAt).toEqual(f.session.startsAt);
    expect(s.endsAt).toEqual(f.session.endsAt);
    const byUser = (a: { userId: string }, b: { userId: string }) => (a.userId < b.userId ? -1 : 1);
    expect(s.staff).toEqual(
      [
        { userId: f.facilitator.user.id, role: "FACILITATOR", user: { id: f.facilitator.user.id, name: "Fran Facilitator" } },
        { userId: f.clinician.user.id, role: "CLINICIAN", user: { id: f.clinician.user.id, name: "Dr Clin" } },
      ].sort(byUser),
    );
    expect(s.cohort.staff).toEqual(
      [
        {
          userId: f.facilitator.user.id,
          role: "LEAD_FACILITATOR",
          user: { id: f.facilitator.user.id, name: "Fran Facilitator", active: true },
        },
        {
          userId: f.cofacilitator.user.id,
          role: "FACILITATOR",
          user: { id: f.cofacilitator.user.id, name: "Cole Cofacilitator", active: true },
        },
        { userId: f.clinician.user.id, role: "CLINICIAN", user: { id: f.clinician.user.id, name: "Dr Clin", active: true } },
        { userId: gone.id, role: "CLINICIAN", user: { id: gone.id, name: "Gone Clinician", active: false } },
      ].sort(byUser),
    );

    // The page: the header as before (the session's room, the session's staff).
    const page = await call(sessionRoute.loader, `/sessions/${f.session.id}`, "GET", {
      cookie: f.facilitator.cookie,
      params: { sessionId: f.session.id },
    });
    expect(page.status).toBe(200);
    const data = page.data as Awaited<ReturnType<typeof sessionRoute.loader>>;
    expect(data.session).toMatchObject({
      id: f.session.id,
      cohortName: f.cohort.name,
      programName: program.name,
      site: site.name,
      siteId: site.id,
      room: site.rooms[0].name,
      timeZone: f.cohort.timeZone,
      startsAt: f.session.startsAt.toISOString(),
    });
    expect(data.session.staff.map((x) => x.name).sort()).toEqual(["Dr Clin", "Fran Facilitator"]);

    // Refused: a facilitator of another cohort (404, page and action alike), an analyst (403), an unknown session (404).
    const stranger = await signedInUser(["FACILITATOR"]);
    for (const [route, path] of [
      [sessionRoute, `/sessions/${f.session.id}`],
      [dosingRoute, `/sessions/${f.session.id}/dosing`],
    ] as const) {
      const hidden = await call(route.loader as never, path, "GET", { cookie: stranger.cookie, params: { sessionId: f.session.id } });
      expect(hidden.status).toBe(404);
    }
    const post = await call(sessionRoute.action, `/sessions/${f.session.id}`, "POST", {
      cookie: stranger.cookie,
      params: { sessionId: f.session.id },
      form: { intent: "note-addendum", text: "Not mine" },
    });
    expect(post.status).toBe(404);
    await expect(getSessionForViewer({ ...stranger.user, roles: ["FACILITATOR"] }, f.session.id)).rejects.toMatchObject({ status: 404 });
    await expect(getSessionForViewer({ ...stranger.user, roles: ["COORDINATOR"] }, f.session.id)).resolves.toMatchObject({
      id: f.session.id,
    });
    const analyst = await signedInUser(["ANALYST"]);
    const refused = await call(sessionRoute.loader, `/sessions/${f.session.id}`, "GET", {
      cookie: analyst.cookie,
      params: { sessionId: f.session.id },
    });
    expect(refused.status).toBe(403);
    await expect(getSessionForViewer({ ...f.facilitator.user, roles: ["FACILITATOR"] }, "no-such-session")).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("the session page's roster and group note", () => {
  it("shows the roster with attendance, the signed note with its signers and addenda, audits the read once, in few statements", async () => {
    const db = await dbReady();
    const f = await sessionFixture({ participants: 2 });
    // Withdrawn with attendance recorded: still on this session's roster; withdrawn without: not.
    const left = await createEnrolledTestParticipant(f.cohort.id, "WITHDRAWN", { firstName: "Wanda", lastName: "Left", weightKg: 70 });
    await createEnrolledTestParticipant(f.cohort.id, "WITHDRAWN", { firstName: "Never", lastName: "Here" });
    const [a, b] = f.people;
    await db.attendance.createMany({
      data: [
        { sessionId: f.session.id, enrollmentId: a.enrollment.id, status: "PRESENT", note: "On time", recordedById: f.facilitator.user.id },
        { sessionId: f.session.id, enrollmentId: left.enrollment.id, status: "ABSENT", recordedById: f.facilitator.user.id },
      ],
    });
    const post = (cookie: string, form: Record<string, string>) =>
      call(sessionRoute.action, `/sessions/${f.session.id}`, "POST", { cookie, params: { sessionId: f.session.id }, form });
    expect(
      (
        await post(f.facilitator.cookie, {
          intent: "save-note",
          version: "0",
          themes: "Trust",
          process: "Open",
          interventions: "Grounding",
          [`observation.${a.enrollment.id}`]: "A spoke first",
        })
      ).status,
    ).toBe(200);
    expect((await post(f.facilitator.cookie, { intent: "sign-note", version: "1", password: TEST_PASSWORD })).status).toBe(200);
    expect((await post(f.cofacilitator.cookie, { intent: "cosign-note" })).status).toBe(200);
    expect((await post(f.cofacilitator.cookie, { intent: "note-addendum", text: "Late correction" })).status).toBe(200);
    expect((await post(f.facilitator.cookie, { intent: "note-addendum", text: "Second" })).status).toBe(200);

    const auditsBefore = await db.auditEvent.count({ where: { action: "participant.view", entityId: f.session.id } });
    const { value: page, queries } = await counted(() =>
      call(sessionRoute.loader, `/sessions/${f.session.id}`, "GET", {
        cookie: f.cofacilitator.cookie,
        params: { sessionId: f.session.id },
      }),
    );
    expect(page.status).toBe(200);
    const data = page.data as Awaited<ReturnType<typeof sessionRoute.loader>>;
    expect(data.roster.map((r) => [r.enrollmentId, r.status, r.note, r.version, r.weightKg])).toEqual(
      [
        [a.enrollment.id, "PRESENT", "On time", 1, 80],
        [b.enrollment.id, null, "", 0, 80],
        [left.enrollment.id, "ABSENT", "", 1, 70],
      ].sort((x, y) => {
        const label = (id: unknown) => data.roster.find((r) => r.enrollmentId === id)!.label;
        return label(x[0]).localeCompare(label(y[0]));
      }),
    );
    expect(data.roster.find((r) => r.enrollmentId === left.enrollment.id)).toMatchObject({
      label: "Wanda Left",
      code: left.participant.code,
      participantId: left.participant.id,
    });
    expect(data.note).toMatchObject({
      status: "SIGNED",
      authorId: f.facilitator.user.id,
      authorName: "Fran Facilitator",
      signatureName: "Fran Facilitator",
      themes: "Trust",
      process: "Open",
      interventions: "Grounding",
      cosignedById: f.cofacilitator.user.id,
      cosignedByName: "Cole Cofacilitator",
      observations: { [a.enrollment.id]: "A spoke first" },
    });
    expect(data.note!.signedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(data.note!.cosignedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(data.note!.snapshot?.attendance.map((x) => x.enrollmentId).sort()).toEqual([a.enrollment.id, left.enrollment.id].sort());
    expect(data.note!.addenda).toEqual([
      { id: expect.any(String), kind: "TEXT", text: "Late correction", authorName: "Cole Cofacilitator", createdAt: expect.any(String) },
      { id: expect.any(String), kind: "TEXT", text: "Second", authorName: "Fran Facilitator", createdAt: expect.any(String) },
    ]);
    expect(data.canCosign).toBe(false); // already co-signed
    // One audit row for the page (the roster's participants; the note adds none).
    const audits = await db.auditEvent.findMany({
      where: { action: "participant.view", entityId: f.session.id },
      orderBy: { at: "asc" },
    });
    expect(audits.length - auditsBefore).toBe(1);
    const details = JSON.parse(audits.at(-1)!.details ?? "{}") as { participantIds: string[] };
    expect(details.participantIds.sort()).toEqual([a.participant.id, b.participant.id, left.participant.id].sort());
    // Sign-in lookup, header (2), roster (1), the audit row's write, the note (2).
    expect(queries).toBeLessThanOrEqual(7);
  });
});

describe("the dosing board", () => {
  it("names the staff on the records and knows whether the viewer is a prescriber, in few statements", async () => {
    const db = await dbReady();
    const f = await sessionFixture({ kind: "DOSING", participants: 1 });
    const view = async (cookie: string) => {
      const res = await call(dosingRoute.loader, `/sessions/${f.session.id}/dosing`, "GET", {
        cookie,
        params: { sessionId: f.session.id },
      });
      expect(res.status).toBe(200);
      return res.data as Awaited<ReturnType<typeof dosingRoute.loader>>;
    };
    const [p] = f.people;
    await db.dosingRecord.create({
      data: {
        sessionId: f.session.id,
        enrollmentId: p.enrollment.id,
        overrideReason: "Anxious, re-checked",
        overrideById: f.clinician.user.id,
        overrideAt: new Date(),
      },
    });
    const first = await counted(() => view(f.clinician.cookie));
    let board = first.value;
    // Sign-in lookup, header (2), roster (1), the audit row, and the board's own reads: records,
    // orders and lots (with balances) in one round; the shown cards' vitals and addenda and the
    // consents with the current document in another; then the names with the prescriber check.
    // All through the driver but the audit row.
    expect(first.queries).toBe(12);
    expect(board.board.viewerIsPrescriber).toBe(false);
    expect(board.board.cards[0].record?.override).toMatchObject({ reason: "Anxious, re-checked", by: "Dr Clin" });
    expect(board.board.clinicians).toEqual([{ id: f.clinician.user.id, name: "Dr Clin" }]);

    await db.user.update({ where: { id: f.clinician.user.id }, data: { isPrescriber: true, deaNumber: "BP1234563" } });
    board = await view(f.clinician.cookie);
    expect(board.board.viewerIsPrescriber).toBe(true);
    // A facilitator is never a prescriber; nor is a clinician deactivated (the test is the model's isActivePrescriber).
    expect((await view(f.facilitator.cookie)).board.viewerIsPrescriber).toBe(false);
    await db.user.update({ where: { id: f.clinician.user.id }, data: { isPrescriber: true, deaNumber: "" } });
    expect((await view(f.clinician.cookie)).board.viewerIsPrescriber).toBe(false);

    // The name of a user who is gone stays "Unknown".
    await db.dosingRecord.updateMany({ where: { sessionId: f.session.id }, data: { overrideById: "no-such-user" } });
    expect((await view(f.clinician.cookie)).board.cards[0].record?.override?.by).toBe("Unknown");
  });
});

describe("the dosing board's rows", () => {
  it("are what the ORM reads: records with every column, vitals in time order, addenda, the orders in force and the usable lots with balances", async () => {
    const db = await dbReady();
    const f = await sessionFixture({ kind: "DOSING", participants: 2 });
    const siteId = f.cohort.siteId;
    const lot = await createTestLot(siteId, { recordedById: f.clinician.user.id, totalMg: 200 });
    const expired = await createTestLot(siteId, { recordedById: f.clinician.user.id, lotNumber: `OLD-${f.session.id}` });
    await db.ketamineLot.update({ where: { id: expired.id }, data: { expiryDate: "2001-01-01" } });
    await createTestLot(siteId, { recordedById: f.clinician.user.id, lotNumber: `GONE-${f.session.id}` }).then((l) =>
      db.ketamineLot.update({ where: { id: l.id }, data: { expiryDate: "2001-01-02" } }),
    );
    const at = (m: number) => new Date(Date.UTC(2031, 4, 1, 10, m, 0, 123));
    const full = await db.dosingRecord.create({
      data: {
        sessionId: f.session.id,
        enrollmentId: f.people[0].enrollment.id,
        status: "SIGNED",
        preDoseChecklist: '{"a":"YES"}',
        preDoseSystolic: 120,
        preDoseDiastolic: 80,
        preDoseHeartRate: 70,
        preDoseSpo2: 98,
        preDoseTakenAt: at(0),
        overrideReason: "why",
        overrideById: f.clinician.user.id,
        overrideAt: at(1),
        doseOverrideReason: "dose why",
        doseOverrideById: f.clinician.user.id,
        doseOverrideAt: at(2),
        doseUg: 40_000,
        weightG: 80_000,
        route: "IM",
        lotId: expired.id, // expired, but named by a record: still listed
        givenAt: at(3),
        givenById: f.clinician.user.id,
        cadss6: '{"1":0}',
        observations: "calm",
        dischargeChecklist: '{"x":true}',
        escortName: "Sam",
        dischargedAt: at(50),
        signedAt: at(55),
        signedById: f.clinician.user.id,
        signatureMeaning: "signed by",
        signatureName: "Dr Clin",
        version: 7,
      },
    });
    const bare = await db.dosingRecord.create({ data: { sessionId: f.session.id, enrollmentId: f.people[1].enrollment.id } });
    const vital = (m: number, extra: object = {}) =>
      db.vitalsReading.create({
        data: {
          dosingRecordId: full.id,
          takenAt: at(m),
          timepoint: "POST",
          systolic: 130,
          diastolic: 85,
          heartRate: 75,
          spo2: 97,
          recordedById: f.clinician.user.id,
          ...extra,
        },
      });
    await vital(20, { respiratoryRate: 14, temperatureC: 36.6, outOfRange: true, flags: '[{"message":"high"}]' });
    await vital(10);
    await db.dosingAddendum.create({ data: { dosingRecordId: full.id, authorId: f.clinician.user.id, text: "later note" } });
    const order = (status: string, version: number) =>
      db.doseOrder.create({
        data: {
          sessionId: f.session.id,
          enrollmentId: f.people[0].enrollment.id,
          version,
          status,
          unit: "MG_PER_KG",
          amount: "0.5",
          doseUg: 40_000,
          weightG: 80_000,
          route: "IM",
          repeatDoseUg: 10_000,
          repeatAfterMinutes: 20,
          reason: "first",
          orderedById: f.clinician.user.id,
          signedAt: at(0),
          signatureMeaning: "ordered by",
          signatureName: "Dr Clin",
        },
      });
    await order("SUPERSEDED", 1);
    await order("ACTIVE", 2);
    await db.ledgerEntry.create({
      data: { lotId: lot.id, seq: 2, type: "WASTE", amountUg: 5_000, balanceAfterUg: 195_000, recordedById: f.clinician.user.id },
    });

    const session = await getSessionForViewer({ ...f.clinician.user, roles: ["CLINICIAN"] }, f.session.id);
    // The session's rows in one round, then the shown cards' vitals and addenda in another.
    const { value: got, queries } = await counted(async () => {
      const rows = await readBoardRows(session);
      await readCardDetails(rows.records);
      return rows;
    });
    expect(queries).toBe(5);
    const records = await db.dosingRecord.findMany({
      where: { sessionId: f.session.id },
      include: { vitals: { orderBy: { takenAt: "asc" } }, addenda: { orderBy: { createdAt: "asc" } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(got.records).toEqual(records);
    expect(got.records.map((r) => r.id)).toEqual([full.id, bare.id]);
    expect(got.records[0].vitals.map((v) => v.takenAt)).toEqual([at(10), at(20)]);
    expect(got.orders).toEqual(await db.doseOrder.findMany({ where: { sessionId: f.session.id, status: "ACTIVE" } }));
    const lots = await db.ketamineLot.findMany({
      where: { siteId, OR: [{ expiryDate: { gte: "2001-06-01" } }, { id: expired.id }] },
      orderBy: [{ expiryDate: "asc" }, { id: "asc" }],
    });
    // The columns the board uses of each lot (its choice in the dose form, the opened vial's remainder).
    expect(got.lots).toEqual(
      lots
        .filter((l) => l.expiryDate >= "2031-01-01" || l.id === expired.id)
        .map(({ id, lotNumber, product, concentrationMgPerMl, vialVolumeMl, expiryDate }) => ({
          id,
          lotNumber,
          product,
          concentrationMgPerMl,
          vialVolumeMl,
          expiryDate,
        })),
    );
    expect(got.lots.map((l) => l.id)).toContain(expired.id);
    expect(got.balances.get(lot.id)).toBe(195_000);
    expect(got.balances.get(expired.id)).toBe(500_000);
  });
});
