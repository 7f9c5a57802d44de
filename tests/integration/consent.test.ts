// E-consent: versioned consent documents per program, signing on the personal page and on a
// staff device, the countersignature with password re-entry, the stored PDFs, re-consent after
// a new version, withdrawal (outreach stops, dosing refused), and ACTIVE needing a current consent.
import { describe, expect, it } from "vitest";
import { FIRST_RESPONDERS_TEMPLATE, type ProgramTemplate } from "~/domain/scheduling";
import { consentRefusalFor } from "~/models/consent.server";
import { dispatchDue } from "~/models/outreach/dispatch.server";
import { mintPageToken } from "~/models/outreach/pageToken.server";
import { syncEnrollmentOutreach } from "~/models/outreach/planner.server";
import * as roster from "~/routes/cohorts.$cohortId.roster";
import * as pageRoute from "~/routes/p.$token._index";
import * as signRoute from "~/routes/p.$token.consent.$documentId";
import * as ownPdfRoute from "~/routes/p.$token.consent.$documentId_.pdf";
import * as consentTab from "~/routes/participants.$participantId.consent";
import * as pdfRoute from "~/routes/participants.$participantId.consent-pdf.$consentId";
import * as programConsent from "~/routes/programs.$programId_.consent";
import * as dosingRoute from "~/routes/sessions.$sessionId.dosing";
import { dbReady } from "~/utils/db.server";
import { TEST_PASSWORD } from "../setup/factories";
import { createEnrolledTestParticipant, createTestCohort } from "../setup/factories-scheduling";
import { createTestSession, signedInUser } from "../setup/factories-sessions";
import { call, replyOf } from "../setup/http";
import { pdfText } from "../setup/pdfText";

const BODY = [
  "# About this program",
  "",
  "Group ketamine-assisted psychotherapy over seven weeks, with two dosing sessions.",
  "",
  "## Risks",
  "",
  "- Raised blood pressure during dosing",
  "- Nausea",
  "",
  "<b>You may stop at any time.</b>",
].join("\n");
const BOXES = ["I consent to supportive physical touch", "I consent to be contacted"];

async function fixture() {
  const db = await dbReady();
  const template: ProgramTemplate = {
    ...FIRST_RESPONDERS_TEMPLATE,
    name: `Consent test ${Date.now()}-${Math.random().toString(36).slice(2, 7)}`,
  };
  const coordinator = await signedInUser(["COORDINATOR"]);
  const facilitator = await signedInUser(["FACILITATOR"], { name: "Fern Witness" });
  const clinician = await signedInUser(["CLINICIAN"]);
  const cohort = await createTestCohort({
    template,
    status: "ACTIVE",
    staff: [
      { userId: facilitator.user.id, role: "LEAD_FACILITATOR" },
      { userId: clinician.user.id, role: "CLINICIAN" },
    ],
  });
  const { participant, enrollment } = await createEnrolledTestParticipant(cohort.id, "ENROLLED", { firstName: "Rowan", lastName: "Quill" });
  const { token } = await mintPageToken(db, participant.id, {});
  const publish = async (versionLabel: string, body = BODY) => {
    const res = await call(programConsent.action, `/programs/${cohort.programId}/consent`, "POST", {
      cookie: coordinator.cookie,
      params: { programId: cohort.programId },
      form: {
        intent: "publish",
        title: "Consent to take part",
        versionLabel,
        effectiveDate: "2026-11-01",
        body,
        checkboxes: BOXES.join("\n"),
      },
    });
    return replyOf(res);
  };
  const sign = (documentId: string, form: Record<string, string>) =>
    call(signRoute.action, `/p/${token}/consent/${documentId}`, "POST", {
      params: { token, documentId },
      form: { intent: "sign", documentId, ...form },
    });
  const tab = (cookie: string, form: Record<string, string>) =>
    call(consentTab.action, `/participants/${participant.id}/consent`, "POST", { cookie, params: { participantId: participant.id }, form });
  const toActive = async () => {
    const e = await db.enrollment.findUniqueOrThrow({ where: { id: enrollment.id } });
    const res = await call(roster.action, `/cohorts/${cohort.id}/roster`, "POST", {
      cookie: coordinator.cookie,
      params: { cohortId: cohort.id },
      form: { intent: "transition", enrollmentId: enrollment.id, version: String(e.version), to: "ACTIVE" },
    });
    return replyOf(res);
  };
  return { db, cohort, participant, enrollment, token, coordinator, facilitator, clinician, publish, sign, tab, toActive };
}

type F = Awaited<ReturnType<typeof fixture>>;

async function signedAndCountersigned(f: F) {
  expect((await f.publish("1.0")).ok).toBe(true);
  const doc = await f.db.consentDocument.findFirstOrThrow({ where: { programId: f.cohort.programId } });
  const signed = await f.sign(doc.id, { signedName: "rowan  QUILL", box0: "on", box1: "on" });
  expect(signed.status).toBe(200);
  const consent = await f.db.participantConsent.findFirstOrThrow({ where: { participantId: f.participant.id } });
  expect(
    (await replyOf(await f.tab(f.facilitator.cookie, { intent: "countersign", consentId: consent.id, password: TEST_PASSWORD }))).ok,
  ).toBe(true);
  return { doc, consent };
}

describe("e-consent", () => {
  it("a program without a consent document enrolls as before; with one, ACTIVE is refused until consent is signed and countersigned", async () => {
    const f = await fixture();
    // The roster's consent column, as the coordinator sees it.
    const standing = async () =>
      (
        (
          await call(roster.loader, `/cohorts/${f.cohort.id}/roster`, "GET", {
            cookie: f.coordinator.cookie,
            params: { cohortId: f.cohort.id },
          })
        ).data as { rows: { participantId: string; consent: string | null }[] }
      ).rows.find((r) => r.participantId === f.participant.id)?.consent;
    expect(await consentRefusalFor(f.db, f.participant.id, f.cohort.programId)).toBeNull();
    expect(await standing()).toBeNull();
    expect((await f.publish("1.0")).ok).toBe(true);
    expect(await standing()).toBe("NOT_SIGNED");

    const refused = await f.toActive();
    expect(refused.ok).toBe(false);
    expect(JSON.stringify(refused)).toContain("has not signed the program's consent (version 1.0)");
    expect((await f.db.enrollment.findUniqueOrThrow({ where: { id: f.enrollment.id } })).status).toBe("ENROLLED");

    // The personal page offers it.
    const page = await call(pageRoute.loader, `/p/${f.token}`, "GET", { params: { token: f.token } });
    const doc = await f.db.consentDocument.findFirstOrThrow({ where: { programId: f.cohort.programId } });
    expect((page.data as { consents: { documentId: string }[] }).consents.map((c) => c.documentId)).toEqual([doc.id]);

    await f.sign(doc.id, { signedName: "Rowan Quill", box0: "on", box1: "on" });
    const notYet = await f.toActive();
    expect(JSON.stringify(notYet)).toContain("not yet countersigned");
    expect(await standing()).toBe("AWAITING_COUNTERSIGNATURE");

    const consent = await f.db.participantConsent.findFirstOrThrow({ where: { participantId: f.participant.id } });
    expect(
      (await replyOf(await f.tab(f.facilitator.cookie, { intent: "countersign", consentId: consent.id, password: TEST_PASSWORD }))).ok,
    ).toBe(true);
    const done = await f.toActive();
    expect(done.ok).toBe(true);
    expect(await standing()).toBe("CONSENTED");
    expect((await f.publish("1.1", `${BODY}\n\nA clarified paragraph.`)).ok).toBe(true);
    expect(await standing()).toBe("RECONSENT_NEEDED");
    const e = await f.db.enrollment.findUniqueOrThrow({ where: { id: f.enrollment.id } });
    expect(e.status).toBe("ACTIVE");
    expect(e.consentDate).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  it("a wrong name or an unticked box gives field messages and writes nothing", async () => {
    const f = await fixture();
    await f.publish("1.0");
    const doc = await f.db.consentDocument.findFirstOrThrow({ where: { programId: f.cohort.programId } });
    const wrong = await replyOf(await f.sign(doc.id, { signedName: "Robin Quill", box0: "on", box1: "on" }));
    expect(wrong.ok).toBe(false);
    expect(wrong.errors?.signedName).toMatch(/full name as we have it/);
    const unticked = await replyOf(await f.sign(doc.id, { signedName: "Rowan Quill", box0: "on" }));
    expect(unticked.errors?.box1).toBe('Tick this box to sign: "I consent to be contacted".');
    expect(unticked.errors?.box0).toBeUndefined();
    // Staff device: the same rules.
    const device = await replyOf(await f.tab(f.facilitator.cookie, { intent: "sign", documentId: doc.id, signedName: "", box1: "on" }));
    expect(device.errors?.signedName).toBe("Type your full name to sign.");
    expect(device.errors?.box0).toMatch(/supportive physical touch/);
    expect(await f.db.participantConsent.count({ where: { participantId: f.participant.id } })).toBe(0);
    expect(await f.db.auditEvent.count({ where: { entityId: f.participant.id, action: "consent.signed" } })).toBe(0);
  });

  it("stores a PDF of exactly what was signed (text, boxes, name, version, hash), and a countersigned one; wrong password refused", async () => {
    const f = await fixture();
    await f.publish("1.0");
    const doc = await f.db.consentDocument.findFirstOrThrow({ where: { programId: f.cohort.programId } });
    expect(doc.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // Signed on a staff device (staff-initiated, the participant types their name).
    expect(
      (
        await replyOf(
          await f.tab(f.facilitator.cookie, { intent: "sign", documentId: doc.id, signedName: "Rowan Quill", box0: "on", box1: "on" }),
        )
      ).ok,
    ).toBe(true);
    const consent = await f.db.participantConsent.findFirstOrThrow({ where: { participantId: f.participant.id } });
    expect(consent.signedVia).toBe("STAFF_DEVICE");
    expect(consent.contentHash).toBe(doc.contentHash);
    const text = pdfText(Buffer.from(consent.signedPdf));
    for (const s of [
      "Consent to take part",
      "About this program",
      "Group ketamine-assisted psychotherapy over seven weeks, with two dosing sessions.",
      "• Raised blood pressure during dosing",
      "<b>You may stop at any time.</b>",
      "[X] I consent to supportive physical touch",
      "[X] I consent to be contacted",
      "Rowan Quill",
      "1.0",
      doc.contentHash,
      "not yet countersigned",
    ])
      expect(text).toContain(s);

    const wrong = await replyOf(
      await f.tab(f.facilitator.cookie, { intent: "countersign", consentId: consent.id, password: "not my password" }),
    );
    expect(wrong.ok).toBe(false);
    expect(wrong.errors?.password).toMatch(/not your password/);
    expect((await f.db.participantConsent.findUniqueOrThrow({ where: { id: consent.id } })).countersignedAt).toBeNull();

    expect(
      (await replyOf(await f.tab(f.facilitator.cookie, { intent: "countersign", consentId: consent.id, password: TEST_PASSWORD }))).ok,
    ).toBe(true);
    const after = await f.db.participantConsent.findUniqueOrThrow({ where: { id: consent.id } });
    expect(after.countersignedName).toBe("Fern Witness");
    expect(Buffer.from(after.signedPdf).equals(Buffer.from(consent.signedPdf))).toBe(true);
    const final = pdfText(Buffer.from(after.countersignedPdf!));
    expect(final).toContain("Fern Witness");
    expect(final).toContain("consent witnessed and countersigned by");
    expect(final).toContain(doc.contentHash);
    for (const action of ["consent.signed", "consent.countersigned"])
      expect(await f.db.auditEvent.count({ where: { entityId: f.participant.id, action } })).toBe(1);

    // Download: the countersigned file, audited.
    const dl = await call(pdfRoute.loader, `/participants/${f.participant.id}/consent-pdf/${consent.id}`, "GET", {
      cookie: f.coordinator.cookie,
      params: { participantId: f.participant.id, consentId: consent.id },
    });
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-type")).toBe("application/pdf");
    expect(pdfText(Buffer.from(await dl.response!.arrayBuffer()))).toContain("Fern Witness");
    expect(await f.db.auditEvent.count({ where: { action: "consent.pdf_download", actorId: f.coordinator.user.id } })).toBe(1);

    // The participant downloads their own copy from their personal page (audited as a page view); a bad token gets nothing.
    const own = await call(ownPdfRoute.loader, `/p/${f.token}/consent/${doc.id}/pdf`, "GET", {
      params: { token: f.token, documentId: doc.id },
    });
    expect(own.status).toBe(200);
    expect(pdfText(Buffer.from(await own.response!.arrayBuffer()))).toContain("Fern Witness");
    expect(
      await f.db.auditEvent.count({
        where: { action: "participant_page.view", entityId: f.participant.id, summary: { contains: "consent PDF" } },
      }),
    ).toBe(1);
    const forged = "x".repeat(43);
    expect(
      (await call(ownPdfRoute.loader, `/p/${forged}/consent/${doc.id}/pdf`, "GET", { params: { token: forged, documentId: doc.id } }))
        .status,
    ).toBe(404);
  });

  it("a new version marks current consents re-consent needed, lists them for the coordinator and asks the participant again", async () => {
    const f = await fixture();
    const { consent } = await signedAndCountersigned(f);
    expect(await consentRefusalFor(f.db, f.participant.id, f.cohort.programId)).toBeNull();
    const published = await f.publish("2.0", `${BODY}\n\nA new paragraph.`);
    expect(published.ok).toBe(true);
    expect(published.message).toContain("1 participant consent needs re-consent");
    expect((await f.db.participantConsent.findUniqueOrThrow({ where: { id: consent.id } })).reconsentNeededAt).not.toBeNull();
    expect(await consentRefusalFor(f.db, f.participant.id, f.cohort.programId)).toMatch(/^Re-consent needed/);

    const list = await call(programConsent.loader, `/programs/${f.cohort.programId}/consent`, "GET", {
      cookie: f.coordinator.cookie,
      params: { programId: f.cohort.programId },
    });
    const d = list.data as { tasks: { participantId: string; reason: string }[]; versions: { versionLabel: string; current: boolean }[] };
    expect(d.tasks.find((t) => t.participantId === f.participant.id)?.reason).toMatch(/^Re-consent needed/);
    expect(d.versions.map((v) => [v.versionLabel, v.current])).toEqual([
      ["2.0", true],
      ["1.0", false],
    ]);
    const page = await call(pageRoute.loader, `/p/${f.token}`, "GET", { params: { token: f.token } });
    expect((page.data as { consents: { versionLabel: string; reconsent: boolean }[] }).consents).toMatchObject([
      { versionLabel: "2.0", reconsent: true },
    ]);
    // The old version cannot be signed any more; a duplicate label is refused.
    const old = await f.db.consentDocument.findFirstOrThrow({ where: { programId: f.cohort.programId, versionLabel: "1.0" } });
    expect((await replyOf(await f.sign(old.id, { signedName: "Rowan Quill", box0: "on", box1: "on" }))).ok).toBe(false);
    expect((await f.publish("2.0")).errors?.versionLabel).toMatch(/already has a consent version/);
  });

  it("withdrawal of consent cancels planned messages, sends nothing, and blocks the dosing record", async () => {
    const f = await fixture();
    await signedAndCountersigned(f);
    expect((await f.toActive()).ok).toBe(true);
    await f.db.participant.update({
      where: { id: f.participant.id },
      data: { email: `rowan.${Date.now()}@example.org`, contactConsentAt: new Date("2026-01-01T00:00:00Z") },
    });
    const prep = await createTestSession(f.cohort.id, { kind: "PREPARATION", startsAt: new Date(Date.now() + 30 * 3_600_000) });
    await syncEnrollmentOutreach(f.db, [f.enrollment.id]);
    const planned = await f.db.message.findMany({ where: { participantId: f.participant.id, sessionId: prep.id } });
    expect(planned.length).toBeGreaterThan(0);

    const res = await replyOf(
      await f.tab(f.clinician.cookie, {
        intent: "withdraw",
        programId: f.cohort.programId,
        withdrawnOn: new Date().toISOString().slice(0, 10),
        reason: "Changed their mind",
      }),
    );
    expect(res.ok).toBe(true);
    const after = await f.db.message.findMany({ where: { participantId: f.participant.id } });
    expect(after.every((m) => m.status === "CANCELLED")).toBe(true);
    // Planning again plans nothing; dispatching at the reminder time sends nothing.
    await syncEnrollmentOutreach(f.db, [f.enrollment.id]);
    await dispatchDue({ now: new Date(Date.now() + 29 * 3_600_000) });
    expect(await f.db.message.count({ where: { participantId: f.participant.id, status: { not: "CANCELLED" } } })).toBe(0);
    expect(await consentRefusalFor(f.db, f.participant.id, f.cohort.programId)).toMatch(/withdrawn consent/);
    const consent = await f.db.participantConsent.findFirstOrThrow({ where: { participantId: f.participant.id } });
    expect(consent.withdrawnReason).toBe("Changed their mind");
    expect(consent.withdrawnById).toBe(f.clinician.user.id);

    const dosing = await createTestSession(f.cohort.id, { kind: "DOSING" });
    const post = await call(dosingRoute.action, `/sessions/${dosing.id}/dosing`, "POST", {
      cookie: f.clinician.cookie,
      params: { sessionId: dosing.id },
      form: { intent: "checklist", enrollmentId: f.enrollment.id, version: "0", "answer.consent_on_file": "YES" },
    });
    const reply = await replyOf(post);
    expect(reply.ok).toBe(false);
    expect(JSON.stringify(reply)).toContain("has withdrawn consent to this program: no dosing record can be saved or signed");
    expect(await f.db.dosingRecord.count({ where: { sessionId: dosing.id } })).toBe(0);
  });

  it("fills the dosing checklist's consent item from the consent record, never from the form", async () => {
    const f = await fixture();
    await signedAndCountersigned(f);
    expect((await f.toActive()).ok).toBe(true);
    const dosing = await createTestSession(f.cohort.id, { kind: "DOSING" });
    await call(dosingRoute.action, `/sessions/${dosing.id}/dosing`, "POST", {
      cookie: f.clinician.cookie,
      params: { sessionId: dosing.id },
      form: { intent: "checklist", enrollmentId: f.enrollment.id, version: "0", "answer.consent_on_file": "NO" },
    });
    const rec = await f.db.dosingRecord.findFirstOrThrow({ where: { sessionId: dosing.id } });
    const items = JSON.parse(rec.preDoseChecklist!) as { key: string; answer: string }[];
    expect(items.find((i) => i.key === "consent_on_file")?.answer).toBe("YES");
  });
});
