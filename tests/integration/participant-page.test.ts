// The personal participant page (/p/<token>) and the staff side of contact details.
import { beforeAll, describe, expect, it } from "vitest";
import { FIRST_RESPONDERS_TEMPLATE, type ProgramTemplate } from "~/domain/scheduling";
import { syncExpectedAssessments } from "~/models/assessment.server";
import { mintPageToken } from "~/models/outreach/pageToken.server";
import * as sitesRoute from "~/routes/admin.sites";
import * as pageRoute from "~/routes/p.$token._index";
import * as flowRoute from "~/routes/p.$token.q.$enrollmentId.$timepointKey";
import * as icsRoute from "~/routes/p.$token.sessions[.]ics";
import * as thanksRoute from "~/routes/p.$token.thanks";
import * as unsubscribeRoute from "~/routes/p.$token.unsubscribe";
import * as contactRoute from "~/routes/participants.$participantId.contact";
import { dbReady } from "~/utils/db.server";
import { createMeasuredCohort, openWindow } from "../setup/factories-measures";
import { signedInUser } from "../setup/factories-sessions";
import { call, replyOf } from "../setup/http";

// A plan whose baseline asks two instruments, so one flow covers both.
const TEMPLATE: ProgramTemplate = {
  ...FIRST_RESPONDERS_TEMPLATE,
  name: "Participant page test program",
  measurePlan: [{ ...FIRST_RESPONDERS_TEMPLATE.measurePlan[0], instruments: ["PHQ9", "GAD7"] }],
};

function answers(codes: Record<string, number>, value = 1, overrides: Record<string, string> = {}) {
  const form: Record<string, string> = {};
  for (const [c, n] of Object.entries(codes)) for (let i = 1; i <= n; i++) form[`r.${c}.${i}`] = String(value);
  return { ...form, ...overrides };
}
const BOTH = { PHQ9: 9, GAD7: 7 };

async function pageFixture(crisisLine: string | null = "Call the Loveland crisis line: 555-0100") {
  const db = await dbReady();
  const { cohort, enrolled } = await createMeasuredCohort({ template: TEMPLATE, participants: 2 });
  await db.site.update({ where: { id: cohort.siteId }, data: { crisisLine } });
  await syncExpectedAssessments(cohort.id);
  const [me, other] = enrolled;
  await openWindow(me.enrollment.id, "baseline");
  const { token } = await mintPageToken(db, me.participant.id, {});
  return { cohort, me, other, token };
}

type PageData = {
  state: string;
  firstName: string;
  sessions: { id: string; title: string; when: string; timeZone: string }[];
  questionnaires: { enrollmentId: string; timepointKey: string; count: number; started: boolean }[];
  crisisLine: string | null;
  preparation: { text: string; dosing: boolean } | null;
  version: number;
};

const openPage = (token: string) => call(pageRoute.loader, `/p/${token}`, "GET", { params: { token } });

describe("participant page links", () => {
  it("opens for a valid token (audited, lastUsedAt set) and shows the same 404 page for unknown, revoked and expired ones", async () => {
    const db = await dbReady();
    const { me, token } = await pageFixture();
    const ok = await openPage(token);
    expect(ok.status).toBe(200);
    expect((ok.data as PageData).state).toBe("ok");
    expect((await db.participantPageToken.findFirstOrThrow({ where: { participantId: me.participant.id } })).lastUsedAt).not.toBeNull();
    const view = await db.auditEvent.findFirstOrThrow({ where: { action: "participant_page.view", entityId: me.participant.id } });
    expect(view.actorId).toBeNull();
    expect(view.actorLabel).toBe("participant page");

    const unknown = await openPage("x".repeat(43));
    expect(unknown.status).toBe(404);
    expect(unknown.data).toEqual({ state: "invalid" });

    const expired = await mintPageToken(db, me.participant.id, {});
    await db.participantPageToken.updateMany({
      where: { expiresAt: expired.expiresAt, lastUsedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expiredRes = await openPage(expired.token);
    expect(expiredRes.status).toBe(404);
    expect(expiredRes.data).toEqual({ state: "invalid" });

    await db.participantPageToken.updateMany({ where: { participantId: me.participant.id }, data: { revokedAt: new Date() } });
    const revoked = await openPage(token);
    expect(revoked.status).toBe(404);
    expect(revoked.data).toEqual({ state: "invalid" });
    // Nothing of the page leaks through the other routes either.
    expect((await call(icsRoute.loader, `/p/${token}/sessions.ics`, "GET", { params: { token } })).status).toBe(404);
    expect((await call(unsubscribeRoute.action, `/p/${token}/unsubscribe?channel=email`, "POST", { params: { token } })).status).toBe(404);
    expect((await db.participant.findUniqueOrThrow({ where: { id: me.participant.id } })).emailOptOutAt).toBeNull();
  });

  it("shows only the participant's own sessions (in their zone), first name, and the site's crisis line; the .ics has only theirs", async () => {
    const db = await dbReady();
    const { cohort, me, other, token } = await pageFixture();
    // Another cohort with its own sessions and members.
    const elsewhere = await createMeasuredCohort({ template: TEMPLATE, participants: 1 });
    const page = await openPage(token);
    const d = page.data as PageData;
    expect(d.firstName).toBe(me.participant.firstName);
    expect(d.crisisLine).toBe("Call the Loveland crisis line: 555-0100");
    const own = await db.groupSession.findMany({ where: { cohortId: cohort.id, endsAt: { gt: new Date() } }, select: { id: true } });
    expect(d.sessions.map((s) => s.id).sort()).toEqual(own.map((s) => s.id).sort());
    expect(d.sessions.length).toBeGreaterThan(0);
    expect(d.sessions[0].timeZone).toBe(cohort.timeZone);
    const text = JSON.stringify(page.data);
    for (const name of [
      me.participant.lastName,
      other.participant.firstName,
      other.participant.lastName,
      elsewhere.enrolled[0].participant.firstName,
    ])
      expect(text).not.toContain(name);

    // The participant's own zone wins over the cohort's.
    await db.participant.update({ where: { id: me.participant.id }, data: { timeZone: "Europe/Berlin" } });
    expect(((await openPage(token)).data as PageData).sessions[0].timeZone).toBe("Europe/Berlin");

    const ics = await call(icsRoute.loader, `/p/${token}/sessions.ics`, "GET", { params: { token } });
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toMatch(/text\/calendar/);
    const body = await ics.response!.text();
    const all = await db.groupSession.findMany({ where: { cohortId: cohort.id }, select: { id: true } });
    for (const s of all) expect(body).toContain(`${s.id}@groupkap`);
    const theirs = await db.groupSession.findFirstOrThrow({ where: { cohortId: elsewhere.cohort.id } });
    expect(body).not.toContain(theirs.id);
    expect(body).not.toContain(other.participant.lastName);
    expect(body).not.toContain(cohort.name);
  });

  it("shows preparation text from the program's outreach settings (dosing text before a dosing session), none without a row", async () => {
    const db = await dbReady();
    const { cohort, token } = await pageFixture();
    expect(((await openPage(token)).data as PageData).preparation).toBeNull();
    await db.outreachSettings.create({
      data: {
        programId: cohort.programId,
        preparationText: "Bring a notebook.",
        dosingPreparationText: "No food 4 hours before; arrange a ride home.",
      },
    });
    const next = await db.groupSession.findFirstOrThrow({
      where: { cohortId: cohort.id, endsAt: { gt: new Date() } },
      orderBy: { startsAt: "asc" },
    });
    const prep = ((await openPage(token)).data as PageData).preparation!;
    expect(prep.dosing).toBe(next.kind === "DOSING");
    expect(prep.text).toBe(next.kind === "DOSING" ? "No food 4 hours before; arrange a ride home." : "Bring a notebook.");
  });
});

describe("questionnaires on the participant page", () => {
  it("answers both instruments of a timepoint in one flow: a draft resumes, the submission scores both", async () => {
    const db = await dbReady();
    const { me, token } = await pageFixture();
    const page = (await openPage(token)).data as PageData;
    expect(page.questionnaires).toEqual([
      expect.objectContaining({ enrollmentId: me.enrollment.id, timepointKey: "baseline", count: 2, started: false }),
    ]);
    const params = { token, enrollmentId: me.enrollment.id, timepointKey: "baseline" };
    const path = `/p/${token}/q/${me.enrollment.id}/baseline`;
    const flow = await call(flowRoute.loader, path, "GET", { params });
    expect((flow.data as { questionnaires: { code: string }[] }).questionnaires.map((q) => q.code)).toEqual(["GAD7", "PHQ9"]);

    const draft = await call(flowRoute.action, path, "POST", { params, form: { intent: "draft", "r.PHQ9.1": "2", "r.GAD7.3": "1" } });
    expect(draft.status).toBe(302);
    const resumed = await call(flowRoute.loader, `${path}?saved=1`, "GET", { params });
    const qs = (resumed.data as { saved: boolean; questionnaires: { code: string; draft: Record<string, number> }[] }).questionnaires;
    expect(qs.find((q) => q.code === "PHQ9")!.draft["1"]).toBe(2);
    expect(qs.find((q) => q.code === "GAD7")!.draft["3"]).toBe(1);
    expect(((await openPage(token)).data as PageData).questionnaires[0].started).toBe(true);

    const missing = await call(flowRoute.action, path, "POST", { params, form: { intent: "submit", ...answers({ PHQ9: 9 }) } });
    expect(missing.status).toBe(400);
    expect(await db.assessment.count({ where: { enrollmentId: me.enrollment.id, status: "COMPLETED" } })).toBe(0);

    const done = await call(flowRoute.action, path, "POST", {
      params,
      form: { intent: "submit", ...answers(BOTH, 1, { "r.PHQ9.9": "0" }) },
    });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`/p/${token}/thanks?e=${me.enrollment.id}&t=baseline`);
    const rows = await db.assessment.findMany({ where: { enrollmentId: me.enrollment.id, timepointKey: "baseline" } });
    expect(rows.map((a) => [a.instrumentCode, a.status, a.source, a.draftResponses]).sort()).toEqual([
      ["GAD7", "COMPLETED", "SELF_REPORT", null],
      ["PHQ9", "COMPLETED", "SELF_REPORT", null],
    ]);
    expect(JSON.parse(rows.find((a) => a.instrumentCode === "PHQ9")!.scores!).scales[0]).toMatchObject({ key: "total", value: 8 });
    expect(JSON.parse(rows.find((a) => a.instrumentCode === "GAD7")!.scores!).scales[0]).toMatchObject({ key: "total", value: 7 });
    expect(await db.auditEvent.count({ where: { action: "participant_page.submit", entityId: me.enrollment.id } })).toBe(1);
    expect(await db.safetySignal.count({ where: { participantId: me.participant.id } })).toBe(0);
    const thanks = await call(thanksRoute.loader, `/p/${token}/thanks?e=${me.enrollment.id}&t=baseline`, "GET", { params: { token } });
    expect(thanks.data).toMatchObject({ state: "ok", crisis: false });

    // Submitted: the flow has nothing left, and a second submission changes nothing.
    expect(((await call(flowRoute.loader, path, "GET", { params })).data as { state: string }).state).toBe("closed");
    const again = await call(flowRoute.action, path, "POST", { params, form: { intent: "submit", ...answers(BOTH, 3) } });
    expect(again.status).toBe(409);
    expect(((await openPage(token)).data as PageData).questionnaires).toEqual([]);
  });

  it("refuses another participant's timepoint through this participant's link", async () => {
    const db = await dbReady();
    const { other, token } = await pageFixture();
    await openWindow(other.enrollment.id, "baseline");
    const params = { token, enrollmentId: other.enrollment.id, timepointKey: "baseline" };
    const res = await call(flowRoute.action, `/p/${token}/q/${other.enrollment.id}/baseline`, "POST", {
      params,
      form: { intent: "submit", ...answers(BOTH, 1) },
    });
    expect(res.status).toBe(409);
    expect(await db.assessment.count({ where: { enrollmentId: other.enrollment.id, status: "COMPLETED" } })).toBe(0);
  });

  it("PHQ-9 item 9 > 0: a safety signal, and the thank-you page repeats the crisis information (generic without a site line)", async () => {
    const db = await dbReady();
    const { me, token } = await pageFixture(null);
    const params = { token, enrollmentId: me.enrollment.id, timepointKey: "baseline" };
    const res = await call(flowRoute.action, `/p/${token}/q/${me.enrollment.id}/baseline`, "POST", {
      params,
      form: { intent: "submit", ...answers(BOTH, 0, { "r.PHQ9.9": "2" }) },
    });
    expect(res.status).toBe(302);
    const signals = await db.safetySignal.findMany({ where: { participantId: me.participant.id } });
    expect(signals.map((s) => [s.kind, s.priority])).toEqual([["PHQ9_ITEM9", 0]]);
    const thanks = await call(thanksRoute.loader, res.headers.get("location")!, "GET", { params: { token } });
    expect(thanks.data).toEqual({ state: "ok", crisis: true, crisisLine: null });
  });
});

describe("opting out", () => {
  it("one-click unsubscribe (RFC 8058) POST opts out of email at once; GET only asks; the page opts out of and back into SMS", async () => {
    const db = await dbReady();
    const { me, token } = await pageFixture();
    const url = `/p/${token}/unsubscribe?channel=email`;
    const ask = await call(unsubscribeRoute.loader, url, "GET", { params: { token } });
    expect(ask.data).toEqual({ state: "ok", channel: "EMAIL", optedOut: false });
    expect((await db.participant.findUniqueOrThrow({ where: { id: me.participant.id } })).emailOptOutAt).toBeNull();
    const click = await call(unsubscribeRoute.action, url, "POST", {
      params: { token },
      body: "List-Unsubscribe=One-Click",
      contentType: "application/x-www-form-urlencoded",
    });
    expect(click.status).toBe(200);
    const after = await db.participant.findUniqueOrThrow({ where: { id: me.participant.id } });
    expect(after.emailOptOutAt).not.toBeNull();
    expect(await db.auditEvent.count({ where: { action: "participant.opt_out", entityId: me.participant.id, actorId: null } })).toBe(1);
    // Twice is still once.
    await call(unsubscribeRoute.action, url, "POST", { params: { token } });
    expect((await db.participant.findUniqueOrThrow({ where: { id: me.participant.id } })).emailOptOutAt).toEqual(after.emailOptOutAt);
    expect((await call(unsubscribeRoute.action, `/p/${token}/unsubscribe?channel=fax`, "POST", { params: { token } })).status).toBe(400);

    const smsOut = await call(pageRoute.action, `/p/${token}`, "POST", {
      params: { token },
      form: { intent: "opt-out", channel: "SMS", optOut: "true" },
    });
    expect(smsOut.status).toBe(200);
    expect((await db.participant.findUniqueOrThrow({ where: { id: me.participant.id } })).smsOptOutAt).not.toBeNull();
    await call(pageRoute.action, `/p/${token}`, "POST", {
      params: { token },
      form: { intent: "opt-out", channel: "SMS", optOut: "false" },
    });
    expect((await db.participant.findUniqueOrThrow({ where: { id: me.participant.id } })).smsOptOutAt).toBeNull();
  });

  it("the participant changes channel and language; SMS without a phone is a field error; a stale version a conflict", async () => {
    const db = await dbReady();
    const { me, token } = await pageFixture();
    await db.participant.update({ where: { id: me.participant.id }, data: { email: "me@example.org", phone: null } });
    const version = ((await openPage(token)).data as PageData).version;
    const sms = await call(pageRoute.action, `/p/${token}`, "POST", {
      params: { token },
      form: { intent: "preferences", version: String(version), preferredChannel: "SMS", language: "es" },
    });
    expect(sms.status).toBe(400);
    expect((await replyOf(sms)).errors.preferredChannel).toMatch(/no mobile number/);
    const ok = await call(pageRoute.action, `/p/${token}`, "POST", {
      params: { token },
      form: { intent: "preferences", version: String(version), preferredChannel: "NONE", language: "es" },
    });
    expect(ok.status).toBe(200);
    expect(await db.participant.findUniqueOrThrow({ where: { id: me.participant.id } })).toMatchObject({
      preferredChannel: "NONE",
      language: "es",
    });
    const stale = await call(pageRoute.action, `/p/${token}`, "POST", {
      params: { token },
      form: { intent: "preferences", version: String(version), preferredChannel: "EMAIL", language: "en" },
    });
    expect(stale.status).toBe(409);
  });
});

describe("staff contact details", () => {
  let coordinator: { user: { id: string }; cookie: string };
  beforeAll(async () => {
    coordinator = await signedInUser(["COORDINATOR"]);
  });
  const post = (id: string, form: Record<string, string>, cookie = coordinator.cookie) =>
    call(contactRoute.action, `/participants/${id}/contact`, "POST", { cookie, params: { participantId: id }, form });

  it("validates phone, channel and time zone with field messages, saves normalised values, and refuses a stale version", async () => {
    const db = await dbReady();
    const { me } = await pageFixture();
    const id = me.participant.id;
    const base = { intent: "contact", version: "1", email: "", phone: "", preferredChannel: "EMAIL", language: "en", timeZone: "" };
    const bad = await post(id, { ...base, phone: "call me", preferredChannel: "SMS", timeZone: "Mars/Olympus" });
    expect(bad.status).toBe(400);
    const { errors } = await replyOf(bad);
    expect(errors.phone).toMatch(/international format/);
    expect(errors.timeZone).toMatch(/Unknown time zone/);
    const noEmail = await replyOf(await post(id, base));
    expect(noEmail.errors.preferredChannel).toMatch(/Email needs an email address/);
    const noPhone = await replyOf(await post(id, { ...base, email: "pat@example.org", preferredChannel: "SMS" }));
    expect(noPhone.errors.preferredChannel).toMatch(/Text messages need a mobile number/);

    const saved = await post(id, {
      ...base,
      email: "pat@example.org",
      phone: "+1 (555) 010-0123",
      preferredChannel: "SMS",
      language: "es",
      timeZone: "America/Chicago",
    });
    expect(saved.status).toBe(200);
    expect(await db.participant.findUniqueOrThrow({ where: { id } })).toMatchObject({
      email: "pat@example.org",
      phone: "+15550100123",
      preferredChannel: "SMS",
      language: "es",
      timeZone: "America/Chicago",
      version: 2,
    });
    const stale = await post(id, { ...base, email: "other@example.org" });
    expect(stale.status).toBe(409);
    expect((await replyOf(stale)).errors.form).toMatch(/Someone else changed this participant/);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "participant.contact_update", entityId: id } });
    expect(audit.actorId).toBe(coordinator.user.id);
    expect(audit.summary).not.toContain("pat@example.org");
  });

  it("records and withdraws consent, sets and clears opt-outs and failure marks, creates and revokes page links; others may not", async () => {
    const db = await dbReady();
    const { me } = await pageFixture();
    const id = me.participant.id;
    const v = async () => String((await db.participant.findUniqueOrThrow({ where: { id } })).version);
    expect((await post(id, { intent: "consent", version: await v(), consent: "true" })).status).toBe(200);
    expect(await db.participant.findUniqueOrThrow({ where: { id } })).toMatchObject({ contactConsentById: coordinator.user.id });
    expect((await db.participant.findUniqueOrThrow({ where: { id } })).contactConsentAt).not.toBeNull();
    await post(id, { intent: "consent", version: await v(), consent: "false" });
    expect(await db.participant.findUniqueOrThrow({ where: { id } })).toMatchObject({ contactConsentAt: null, contactConsentById: null });

    await post(id, { intent: "opt-out", version: await v(), channel: "EMAIL", optOut: "true" });
    expect((await db.participant.findUniqueOrThrow({ where: { id } })).emailOptOutAt).not.toBeNull();
    await post(id, { intent: "opt-out", version: await v(), channel: "EMAIL", optOut: "false" });
    expect((await db.participant.findUniqueOrThrow({ where: { id } })).emailOptOutAt).toBeNull();

    await db.participant.update({ where: { id }, data: { emailFailedAt: new Date(), emailFailedReason: "550 mailbox unknown" } });
    const page = await call(contactRoute.loader, `/participants/${id}/contact`, "GET", {
      cookie: coordinator.cookie,
      params: { participantId: id },
    });
    expect((page.data as { contact: { emailFailedReason: string } }).contact.emailFailedReason).toBe("550 mailbox unknown");
    await post(id, { intent: "clear-failed", version: await v(), channel: "EMAIL" });
    expect(await db.participant.findUniqueOrThrow({ where: { id } })).toMatchObject({ emailFailedAt: null, emailFailedReason: null });

    const created = await post(id, { intent: "create-page-link" });
    const url = (created.data as { data: { link: { url: string } } }).data.link.url;
    expect(url).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);
    const token = url.split("/p/")[1];
    expect((await openPage(token)).status).toBe(200);
    expect(await db.participantPageToken.count({ where: { participantId: id, createdById: coordinator.user.id } })).toBe(1);
    expect((await post(id, { intent: "revoke-page-links" })).status).toBe(200);
    expect((await openPage(token)).status).toBe(404);
    expect(
      await db.auditEvent.count({
        where: { entityId: id, action: { in: ["participant_page_link.create", "participant_page_link.revoke"] } },
      }),
    ).toBe(2);

    const facilitator = await signedInUser(["FACILITATOR"]);
    expect((await post(id, { intent: "create-page-link" }, facilitator.cookie)).status).toBe(403);
  });
});

describe("site safety contacts (admin)", () => {
  it("saves the crisis line, on-call clinician, medical lead and delays; refuses bad minutes, non-clinicians and a stale version", async () => {
    const db = await dbReady();
    const admin = await signedInUser(["ADMIN"]);
    const clinician = await signedInUser(["CLINICIAN"], { name: "Dr On Call" });
    const coordinator = await signedInUser(["COORDINATOR"]);
    const { cohort } = await pageFixture(null);
    const site = await db.site.findUniqueOrThrow({ where: { id: cohort.siteId } });
    expect(site).toMatchObject({ escalateItem9Minutes: 30, escalateOtherMinutes: 60, version: 1 });
    const base = {
      intent: "update-site-safety",
      siteId: site.id,
      version: "1",
      crisisLine: "Call or text the county crisis line 555-0199",
      onCallUserId: clinician.user.id,
      medicalLeadUserId: "",
      escalateItem9Minutes: "15",
      escalateOtherMinutes: "45",
    };
    const post = (form: Record<string, string>, cookie = admin.cookie) => call(sitesRoute.action, "/admin/sites", "POST", { cookie, form });

    const bad = await replyOf(await post({ ...base, escalateItem9Minutes: "0", escalateOtherMinutes: "1441" }));
    expect(bad.errors.escalateItem9Minutes).toMatch(/whole number of minutes from 1 to 1440/);
    expect(bad.errors.escalateOtherMinutes).toMatch(/whole number of minutes from 1 to 1440/);
    expect((await replyOf(await post({ ...base, escalateItem9Minutes: "" }))).errors.escalateItem9Minutes).toMatch(
      /Enter the PHQ-9 item 9/,
    );
    expect((await replyOf(await post({ ...base, escalateItem9Minutes: "2.5" }))).errors.escalateItem9Minutes).toMatch(/whole number/);
    const notClinician = await replyOf(await post({ ...base, medicalLeadUserId: coordinator.user.id }));
    expect(notClinician.errors.medicalLeadUserId).toMatch(/Choose an active clinician/);
    expect((await db.site.findUniqueOrThrow({ where: { id: site.id } })).version).toBe(1);

    expect((await post(base)).status).toBe(200);
    expect(await db.site.findUniqueOrThrow({ where: { id: site.id } })).toMatchObject({
      crisisLine: "Call or text the county crisis line 555-0199",
      onCallUserId: clinician.user.id,
      medicalLeadUserId: null,
      escalateItem9Minutes: 15,
      escalateOtherMinutes: 45,
      version: 2,
    });
    expect(await db.auditEvent.count({ where: { action: "site.safety_update", entityId: site.id, actorId: admin.user.id } })).toBe(1);
    const stale = await post({ ...base, crisisLine: "" });
    expect(stale.status).toBe(409);
    expect((await post(base, coordinator.cookie)).status).toBe(403);
    // The participant page shows the site's line now.
    const { token } = await mintPageToken(db, (await db.enrollment.findFirstOrThrow({ where: { cohortId: cohort.id } })).participantId, {});
    expect(((await openPage(token)).data as PageData).crisisLine).toBe("Call or text the county crisis line 555-0199");
  });
});
