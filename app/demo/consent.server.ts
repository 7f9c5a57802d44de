// Demo e-consent (synthetic): every demo program has a consent document; the first
// responders program a second version. Participants of the demo cohorts signed and were
// countersigned; in the Berlin cohort one still needs to re-consent to the new version and
// one has withdrawn consent (no messages go to them, dosing would be refused).
import { parseConsentMarkdown } from "~/domain/consent";
import { SIGNATURE_MEANINGS } from "~/domain/safety";
import { consentHash, consentPdf } from "~/models/consent.server";
import { audit } from "~/utils/audit.server";
import type { Db } from "~/utils/db.server";

const BODY = (program: string, extra = "") =>
  [
    `# ${program}`,
    "",
    "You are invited to take part in a group program of ketamine-assisted psychotherapy: preparation sessions, supervised dosing sessions and integration circles with the same small group.",
    "",
    "## What happens",
    "",
    "- Before each dosing session we check your blood pressure, heart rate and oxygen level.",
    "- A clinician gives the medicine and stays with the group until you are ready to go home.",
    "- You answer short questionnaires before, during and after the program.",
    "",
    "## Risks",
    "",
    "- Raised blood pressure and heart rate during dosing.",
    "- Nausea, dizziness, and feeling detached for an hour or two.",
    "- You must not drive until the next day.",
    "",
    "## Your choices",
    "",
    "Taking part is voluntary. You may withdraw your consent at any time, without giving a reason and without losing access to other care.",
    ...(extra ? ["", extra] : []),
  ].join("\n");

const CHECKBOXES = [
  "I consent to supportive physical touch (a hand on the shoulder) during sessions",
  "I consent to be contacted about my sessions and questionnaires",
];

export async function seedDemoConsents(db: Db, users: Map<string, string>, today: Date) {
  const staff = await db.user.findMany({ where: { id: { in: [users.get("facilitator")!, users.get("coordinator")!] } } });
  const facilitator = staff.find((u) => u.id === users.get("facilitator"))!;
  const programs = await db.program.findMany({ include: { cohorts: { include: { enrollments: { include: { participant: true } } } } } });
  const day = 86_400_000;
  for (const program of programs) {
    const versions = program.name.toLowerCase().includes("first responders") ? ["1.0", "1.1"] : ["1.0"];
    const docs = [];
    for (const [i, versionLabel] of versions.entries()) {
      const content = {
        title: "Consent to take part",
        versionLabel,
        body: BODY(
          program.name,
          i > 0 ? "## New in this version\n\nSessions may be audio-recorded for supervision only if every member of the group agrees." : "",
        ),
        checkboxes: CHECKBOXES,
      };
      const createdAt = new Date(Date.UTC(2026, i === 0 ? 0 : 10, i === 0 ? 5 : 20));
      docs.push(
        await db.consentDocument.create({
          data: {
            programId: program.id,
            ...content,
            effectiveDate: createdAt.toISOString().slice(0, 10),
            checkboxes: JSON.stringify(CHECKBOXES),
            contentHash: consentHash(content),
            createdAt,
            createdById: users.get("coordinator") ?? null,
          },
        }),
      );
    }
    let n = 0;
    for (const cohort of program.cohorts) {
      const signedAt = new Date(Math.min(new Date(`${cohort.startDate}T16:00:00Z`).getTime() - 7 * day, today.getTime() - day));
      for (const e of cohort.enrollments) {
        if (!["ENROLLED", "ACTIVE", "COMPLETED", "WITHDRAWN"].includes(e.status)) continue;
        n += 1;
        // A completed cohort signed the version of its time; the Berlin cohort the newest,
        // except its third person (re-consent needed).
        const upcoming = cohort.status === "ENROLLING";
        const reconsent = upcoming && n % 4 === 3;
        const withdrawn = upcoming && n % 4 === 0;
        const doc = upcoming && !reconsent ? docs[docs.length - 1] : docs[0];
        const p = e.participant;
        const answers = CHECKBOXES.map((label) => ({ label, checked: true }));
        const counterAt = new Date(signedAt.getTime() + 20 * 60_000);
        const meta = {
          ...doc,
          blocks: parseConsentMarkdown(doc.body),
          programName: program.name,
        };
        const signed = {
          signedName: `${p.firstName} ${p.lastName}`,
          participantCode: p.code,
          signedAt,
          answers,
          via: "PARTICIPANT_PAGE",
          timeZone: cohort.timeZone,
        };
        const signedPdf = await consentPdf(meta, signed, null);
        const countersign = { name: facilitator.name, at: counterAt, meaning: SIGNATURE_MEANINGS.CONSENT_COUNTERSIGN };
        const countersignedPdf = await consentPdf(meta, signed, countersign);
        const row = await db.participantConsent.create({
          data: {
            participantId: p.id,
            documentId: doc.id,
            programId: program.id,
            signedName: signed.signedName,
            answers: JSON.stringify(answers),
            signedAt,
            contentHash: doc.contentHash,
            signedVia: "PARTICIPANT_PAGE",
            signedPdf: new Uint8Array(signedPdf),
            countersignedById: facilitator.id,
            countersignedName: facilitator.name,
            countersignMeaning: countersign.meaning,
            countersignedAt: counterAt,
            countersignedPdf: new Uint8Array(countersignedPdf),
            reconsentNeededAt: reconsent ? docs[docs.length - 1].createdAt : null,
            withdrawnAt: withdrawn ? new Date(today.getTime() - day) : null,
            withdrawnReason: withdrawn ? "Moving away before the program starts" : null,
            withdrawnById: withdrawn ? (users.get("coordinator") ?? null) : null,
          },
        });
        await audit(db, {
          actor: null,
          actorLabel: "seed",
          action: "consent.signed",
          entityType: "Participant",
          entityId: p.id,
          summary: `Demo consent ${doc.versionLabel} signed and countersigned${withdrawn ? ", then withdrawn" : ""}`,
          details: { consentId: row.id },
        });
      }
    }
  }
}
