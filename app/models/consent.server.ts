// Informed consent (e-consent): versioned consent documents per program, the participant's
// signature (on their personal page, or on a staff device), the staff countersignature with
// password re-entry, withdrawal, and the stored PDFs of exactly what was signed. The rules
// (canonical content, Markdown subset, name match, "current consent") live in app/domain/consent.
//
// Two PDFs per consent: `signedPdf` is written once at the participant's signature and never
// changed (the record of what they saw and signed); `countersignedPdf` is the same document
// with the staff countersignature added. Both are kept; the countersigned one is the record
// handed out once it exists.
import { createHash } from "node:crypto";
import {
  canonicalConsentContent,
  consentPlainText,
  consentRefusal,
  nameMatches,
  parseConsentMarkdown,
  type ConsentBlock,
} from "~/domain/consent";
import { formatLocalDateTime, isValidTimeZone } from "~/domain/scheduling/localTime";
import type { ParticipantConsent } from "~/generated/prisma/client";
import { auditParticipantRead, type Reader } from "~/models/access.server";
import { syncEnrollmentOutreach } from "~/models/outreach/planner.server";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, type Db, type Tx } from "~/utils/db.server";
import { pdfFields, pdfHeading, pdfParagraph, pdfSignature, renderPdf } from "~/utils/pdf.server";
import { ConflictError, FieldError, notFound, type Actor } from "./kernel.server";
import { confirmSignature } from "./signature.server";

/** Enrollments whose consent is asked for again when a new version is published. */
const RECONSENT_STATUSES = ["WAITLISTED", "ENROLLED", "ACTIVE"];

export type ConsentDocumentInput = {
  title: string;
  versionLabel: string;
  effectiveDate: string;
  body: string;
  checkboxes: string[];
};

export function consentHash(doc: { title: string; versionLabel: string; body: string; checkboxes: readonly string[] }): string {
  return createHash("sha256").update(canonicalConsentContent(doc), "utf8").digest("hex");
}

export function checkboxesOf(doc: { checkboxes: string }): string[] {
  const parsed: unknown = JSON.parse(doc.checkboxes);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

/** The program's current consent version (the newest published), or null when it has none. */
export async function currentConsentDocument(client: Db | Tx, programId: string) {
  return client.consentDocument.findFirst({ where: { programId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

/** Why this participant is not consented to the program now, or null (also null for a program without a consent document). */
export async function consentRefusalFor(client: Db | Tx, participantId: string, programId: string): Promise<string | null> {
  const current = await currentConsentDocument(client, programId);
  if (!current) return null;
  const consents = await client.participantConsent.findMany({
    where: { participantId, programId },
    select: { documentId: true, countersignedAt: true, withdrawnAt: true },
  });
  return consentRefusal(current, consents);
}

/** The newest consent signed on the program's current version, countersigned and not withdrawn (what ACTIVE rests on). */
export async function currentConsentOf(client: Db | Tx, participantId: string, programId: string) {
  const current = await currentConsentDocument(client, programId);
  if (!current) return null;
  return client.participantConsent.findFirst({
    where: { participantId, programId, documentId: current.id, countersignedAt: { not: null }, withdrawnAt: null },
    orderBy: { signedAt: "desc" },
  });
}

/** Whether consent to the program was withdrawn (dosing and outreach stop). */
export async function consentWithdrawn(client: Db | Tx, participantId: string, programId: string) {
  return !!(await client.participantConsent.findFirst({
    where: { participantId, programId, withdrawnAt: { not: null } },
    select: { id: true },
  }));
}

// ---------------------------------------------------------------------------------
// Documents (coordinators)

export async function listConsentDocuments(programId: string) {
  const db = await dbReady();
  const docs = await db.consentDocument.findMany({
    where: { programId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { _count: { select: { consents: true } } },
  });
  return docs.map((d, i) => ({
    id: d.id,
    title: d.title,
    versionLabel: d.versionLabel,
    effectiveDate: d.effectiveDate,
    body: d.body,
    blocks: parseConsentMarkdown(d.body),
    checkboxes: checkboxesOf(d),
    contentHash: d.contentHash,
    createdAt: d.createdAt,
    current: i === 0,
    signatures: d._count.consents,
  }));
}

/** People with an active, enrolled or waitlisted place in the program whose consent is not current (the coordinator's to-do list). */
export async function consentTasks(reader: Reader, programId: string) {
  const db = await dbReady();
  const current = await currentConsentDocument(db, programId);
  if (!current) return [];
  const enrollments = await db.enrollment.findMany({
    where: { status: { in: RECONSENT_STATUSES }, cohort: { programId } },
    select: {
      status: true,
      cohort: { select: { name: true } },
      participant: { select: { id: true, code: true, firstName: true, lastName: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const ids = [...new Set(enrollments.map((e) => e.participant.id))];
  const consents = await db.participantConsent.findMany({
    where: { programId, participantId: { in: ids } },
    select: { participantId: true, documentId: true, countersignedAt: true, withdrawnAt: true },
  });
  const tasks = enrollments.flatMap((e) => {
    const reason = consentRefusal(
      current,
      consents.filter((c) => c.participantId === e.participant.id),
    );
    return reason
      ? [
          {
            participantId: e.participant.id,
            label: `${e.participant.firstName} ${e.participant.lastName} (${e.participant.code})`,
            cohortName: e.cohort.name,
            status: e.status,
            reason,
          },
        ]
      : [];
  });
  await auditParticipantRead(reader, {
    what: "consent to-do list",
    participantIds: tasks.map((t) => t.participantId),
    subject: { type: "Program", id: programId },
  });
  return tasks;
}

/**
 * Publishes a new version (a new row; earlier versions never change). Consents on earlier
 * versions of people with a place in the program are marked "re-consent needed".
 */
export async function publishConsentDocument(actor: Actor, meta: RequestMeta, programId: string, input: ConsentDocumentInput) {
  const db = await dbReady();
  const checkboxes = input.checkboxes.map((c) => c.trim()).filter(Boolean);
  const contentHash = consentHash({ ...input, checkboxes });
  return db.$transaction(async (tx) => {
    const program = await tx.program.findUnique({ where: { id: programId }, select: { id: true, name: true } });
    if (!program) notFound("Program not found");
    if (await tx.consentDocument.findFirst({ where: { programId, versionLabel: input.versionLabel.trim() } }))
      throw new FieldError(
        "versionLabel",
        "This program already has a consent version with this label: give the new version its own label.",
      );
    const doc = await tx.consentDocument.create({
      data: {
        programId,
        title: input.title.trim(),
        versionLabel: input.versionLabel.trim(),
        effectiveDate: input.effectiveDate,
        body: input.body.replace(/\r\n?/g, "\n").trim(),
        checkboxes: JSON.stringify(checkboxes),
        contentHash,
        createdById: actor.id,
      },
    });
    const people = await tx.enrollment.findMany({
      where: { status: { in: RECONSENT_STATUSES }, cohort: { programId } },
      select: { participantId: true },
    });
    const marked = await tx.participantConsent.updateMany({
      where: {
        programId,
        participantId: { in: [...new Set(people.map((p) => p.participantId))] },
        documentId: { not: doc.id },
        withdrawnAt: null,
        reconsentNeededAt: null,
      },
      data: { reconsentNeededAt: new Date() },
    });
    await audit(tx, {
      actor,
      action: "consent.document_published",
      entityType: "ConsentDocument",
      entityId: doc.id,
      summary: `Published consent "${doc.title}" version ${doc.versionLabel} for ${program.name}; ${marked.count} consent${marked.count === 1 ? "" : "s"} need re-consent`,
      details: { programId, versionLabel: doc.versionLabel, contentHash, reconsentNeeded: marked.count },
      ...meta,
    });
    return { id: doc.id, reconsentNeeded: marked.count };
  });
}

// ---------------------------------------------------------------------------------
// Signing

/** The documents this participant is asked to sign now: the current version of each program they have a place in, unless signed. */
export async function consentsToSign(participantId: string) {
  const db = await dbReady();
  const enrollments = await db.enrollment.findMany({
    where: { participantId, status: { in: RECONSENT_STATUSES } },
    select: { cohort: { select: { programId: true, program: { select: { name: true } } } } },
  });
  const out: { documentId: string; title: string; versionLabel: string; programName: string; reconsent: boolean }[] = [];
  for (const programId of [...new Set(enrollments.map((e) => e.cohort.programId))]) {
    const current = await currentConsentDocument(db, programId);
    if (!current) continue;
    const mine = await db.participantConsent.findMany({
      where: { participantId, programId },
      select: { documentId: true, withdrawnAt: true },
    });
    if (mine.some((c) => c.withdrawnAt) || mine.some((c) => c.documentId === current.id)) continue;
    out.push({
      documentId: current.id,
      title: current.title,
      versionLabel: current.versionLabel,
      programName: enrollments.find((e) => e.cohort.programId === programId)!.cohort.program.name,
      reconsent: mine.length > 0,
    });
  }
  return out;
}

/** A document the participant may sign (the current version of a program they have a place in), or 404. */
export async function documentForSigning(participantId: string, documentId: string) {
  const db = await dbReady();
  const doc = await db.consentDocument.findUnique({ where: { id: documentId } });
  if (!doc) notFound("Consent not found");
  const place = await db.enrollment.findFirst({
    where: { participantId, status: { in: RECONSENT_STATUSES }, cohort: { programId: doc.programId } },
    select: { id: true, cohort: { select: { timeZone: true } } },
  });
  if (!place) notFound("Consent not found");
  const current = await currentConsentDocument(db, doc.programId);
  const participant = await db.participant.findUniqueOrThrow({
    where: { id: participantId },
    select: { firstName: true, lastName: true, timeZone: true },
  });
  const already = await db.participantConsent.findFirst({
    where: { participantId, documentId },
    select: { id: true, signedAt: true },
  });
  const withdrawn = await consentWithdrawn(db, participantId, doc.programId);
  return {
    id: doc.id,
    title: doc.title,
    versionLabel: doc.versionLabel,
    effectiveDate: doc.effectiveDate,
    blocks: parseConsentMarkdown(doc.body),
    checkboxes: checkboxesOf(doc),
    contentHash: doc.contentHash,
    isCurrent: current?.id === doc.id,
    signedAt: already?.signedAt ?? null,
    /** When they signed, in their own zone (or their cohort's), with the house formatter. */
    signedAtText: already?.signedAt
      ? formatLocalDateTime(already.signedAt, [participant.timeZone, place.cohort.timeZone].find((z) => z && isValidTimeZone(z)) ?? "UTC")
      : null,
    withdrawn,
    participantFirstName: participant.firstName,
  };
}

export type SignInput = { documentId: string; signedName: string; agree: Record<string, boolean> };
export type SignedBy = { via: "PARTICIPANT_PAGE"; tokenId: string } | { via: "STAFF_DEVICE"; staff: Actor };

/** The checkbox field name for the i-th required box (forms and errors). */
export const boxField = (i: number) => `box${i}`;

/**
 * The participant's signature: typed full name (must match), every required box ticked,
 * on the program's current version. Writes the consent with the PDF of what was signed.
 */
export async function signConsent(participantId: string, by: SignedBy, meta: RequestMeta, input: SignInput, now = new Date()) {
  const db = await dbReady();
  const doc = await db.consentDocument.findUnique({ where: { id: input.documentId } });
  if (!doc) notFound("Consent not found");
  const participant = await db.participant.findUniqueOrThrow({ where: { id: participantId } });
  const boxes = checkboxesOf(doc);
  const errors: Record<string, string> = {};
  if (!input.signedName.trim()) errors.signedName = "Type your full name to sign.";
  else if (!nameMatches(input.signedName, participant))
    errors.signedName = `The name must be the participant's full name as we have it (first and last name). If it is spelled wrong in our records, ask the staff to correct it.`;
  boxes.forEach((label, i) => {
    if (!input.agree[boxField(i)]) errors[boxField(i)] = `Tick this box to sign: "${label}".`;
  });
  if (Object.keys(errors).length) throw new FieldError(errors);

  return db.$transaction(async (tx) => {
    const place = await tx.enrollment.findFirst({
      where: { participantId, status: { in: RECONSENT_STATUSES }, cohort: { programId: doc.programId } },
      include: { cohort: { select: { timeZone: true, program: { select: { name: true } } } } },
    });
    if (!place) notFound("Consent not found");
    const current = await currentConsentDocument(tx, doc.programId);
    if (current?.id !== doc.id)
      throw new ConflictError("A newer version of this consent has been published. Reload to read and sign the current one.");
    if (await consentWithdrawn(tx, participantId, doc.programId))
      throw new ConflictError("Consent to this program was withdrawn. Talk to the program team before signing again.");
    if (await tx.participantConsent.findFirst({ where: { participantId, documentId: doc.id } }))
      throw new ConflictError("This consent is already signed.");
    const answers = boxes.map((label) => ({ label, checked: true }));
    const signedName = input.signedName.trim().replace(/\s+/g, " ");
    const timeZone = place.cohort.timeZone;
    const pdf = await consentPdf(
      { ...doc, blocks: parseConsentMarkdown(doc.body), programName: place.cohort.program.name },
      { signedName, participantCode: participant.code, signedAt: now, answers, via: by.via, timeZone },
      null,
    );
    const row = await tx.participantConsent.create({
      data: {
        participantId,
        documentId: doc.id,
        programId: doc.programId,
        signedName,
        answers: JSON.stringify(answers),
        signedAt: now,
        contentHash: doc.contentHash,
        signedVia: by.via,
        signedWithStaffId: by.via === "STAFF_DEVICE" ? by.staff.id : null,
        signedPdf: new Uint8Array(pdf),
      },
    });
    await audit(tx, {
      actor: by.via === "STAFF_DEVICE" ? by.staff : null,
      actorLabel: by.via === "PARTICIPANT_PAGE" ? "participant page" : undefined,
      action: "consent.signed",
      entityType: "Participant",
      entityId: participantId,
      summary: `Participant signed consent "${doc.title}" version ${doc.versionLabel}${by.via === "STAFF_DEVICE" ? " on a staff device" : " on their personal page"}`,
      details: {
        consentId: row.id,
        documentId: doc.id,
        contentHash: doc.contentHash,
        ...(by.via === "PARTICIPANT_PAGE" ? { tokenId: by.tokenId } : {}),
      },
      ...meta,
    });
    return { id: row.id };
  });
}

/** The staff countersignature (password re-entry first: a wrong password writes nothing). */
export async function countersignConsent(
  actor: Actor,
  meta: RequestMeta,
  participantId: string,
  consentId: string,
  password: string,
  now = new Date(),
) {
  const db = await dbReady();
  const found = await db.participantConsent.findUnique({ where: { id: consentId }, select: { participantId: true } });
  if (!found || found.participantId !== participantId) notFound("Consent not found");
  const sig = await confirmSignature(actor, meta, "CONSENT_COUNTERSIGN", password);
  return db.$transaction(async (tx) => {
    const c = await tx.participantConsent.findUniqueOrThrow({
      where: { id: consentId },
      include: { document: true, participant: { select: { code: true } } },
    });
    if (c.countersignedAt) throw new ConflictError("This consent is already countersigned.");
    if (c.withdrawnAt) throw new ConflictError("Consent was withdrawn: it cannot be countersigned.");
    const place = await tx.enrollment.findFirst({
      where: { participantId, cohort: { programId: c.programId } },
      include: { cohort: { select: { timeZone: true, program: { select: { name: true } } } } },
      orderBy: { createdAt: "desc" },
    });
    const timeZone = place?.cohort.timeZone ?? "UTC";
    const pdf = await consentPdf(
      { ...c.document, blocks: parseConsentMarkdown(c.document.body), programName: place?.cohort.program.name ?? "" },
      {
        signedName: c.signedName,
        participantCode: c.participant.code,
        signedAt: c.signedAt,
        answers: JSON.parse(c.answers) as { label: string; checked: boolean }[],
        via: c.signedVia,
        timeZone,
      },
      { name: sig.name, at: now, meaning: sig.meaning },
    );
    const updated = await tx.participantConsent.updateMany({
      where: { id: c.id, countersignedAt: null },
      data: {
        countersignedById: sig.signerId,
        countersignedName: sig.name,
        countersignMeaning: sig.meaning,
        countersignedAt: now,
        countersignedPdf: new Uint8Array(pdf),
      },
    });
    if (updated.count !== 1) throw new ConflictError("Someone else countersigned this consent at the same moment. Reload.");
    await audit(tx, {
      actor,
      action: "consent.countersigned",
      entityType: "Participant",
      entityId: participantId,
      summary: `Countersigned consent "${c.document.title}" version ${c.document.versionLabel} — ${sig.meaning} ${sig.name}`,
      details: { consentId: c.id, documentId: c.documentId, meaning: sig.meaning },
      ...meta,
    });
  });
}

/** Withdrawal of consent to a program: recorded on every consent of the program; outreach stops at once. */
export async function withdrawConsent(
  actor: Actor,
  meta: RequestMeta,
  participantId: string,
  input: { programId: string; reason: string; withdrawnOn: Date },
) {
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const updated = await tx.participantConsent.updateMany({
      where: { participantId, programId: input.programId, withdrawnAt: null },
      data: { withdrawnAt: input.withdrawnOn, withdrawnReason: input.reason, withdrawnById: actor.id },
    });
    if (updated.count === 0) throw new ConflictError("There is no consent to this program to withdraw (or it is already withdrawn).");
    const enrollments = await tx.enrollment.findMany({
      where: { participantId, cohort: { programId: input.programId } },
      select: { id: true },
    });
    const sync = await syncEnrollmentOutreach(
      tx,
      enrollments.map((e) => e.id),
    );
    await audit(tx, {
      actor,
      action: "consent.withdrawn",
      entityType: "Participant",
      entityId: participantId,
      summary: `Recorded withdrawal of consent (${input.reason}); ${sync.cancelled} queued message${sync.cancelled === 1 ? "" : "s"} cancelled`,
      details: {
        programId: input.programId,
        reason: input.reason,
        withdrawnOn: input.withdrawnOn.toISOString(),
        cancelled: sync.cancelled,
      },
      ...meta,
    });
  });
}

// ---------------------------------------------------------------------------------
// Staff view and PDFs

export async function participantConsents(reader: Reader, participantId: string) {
  const db = await dbReady();
  const rows = await db.participantConsent.findMany({
    where: { participantId },
    include: { document: { select: { title: true, versionLabel: true, programId: true, program: { select: { name: true } } } } },
    orderBy: { signedAt: "desc" },
  });
  const currentByProgram = new Map<string, string | null>();
  for (const r of rows)
    if (!currentByProgram.has(r.programId)) currentByProgram.set(r.programId, (await currentConsentDocument(db, r.programId))?.id ?? null);
  const withdrawnIds = rows.filter((r) => r.withdrawnById).map((r) => r.withdrawnById!);
  const names = new Map(
    (await db.user.findMany({ where: { id: { in: withdrawnIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]),
  );
  await auditParticipantRead(reader, { what: "consents", participantIds: [participantId] });
  return rows.map((r) => ({
    id: r.id,
    programId: r.programId,
    programName: r.document.program.name,
    title: r.document.title,
    versionLabel: r.document.versionLabel,
    signedName: r.signedName,
    signedAt: r.signedAt,
    signedVia: r.signedVia,
    contentHash: r.contentHash,
    countersignedAt: r.countersignedAt,
    countersignedName: r.countersignedName,
    countersignMeaning: r.countersignMeaning,
    withdrawnAt: r.withdrawnAt,
    withdrawnReason: r.withdrawnReason,
    withdrawnBy: r.withdrawnById ? (names.get(r.withdrawnById) ?? null) : null,
    reconsentNeeded: !!r.reconsentNeededAt || currentByProgram.get(r.programId) !== r.documentId,
    isCurrentVersion: currentByProgram.get(r.programId) === r.documentId,
  }));
}

/** The stored PDF (countersigned when it exists, else the one signed), an audited download. */
export async function consentPdfFile(reader: Reader, participantId: string, consentId: string, which: "signed" | "final") {
  const db = await dbReady();
  const c = await db.participantConsent.findUnique({ where: { id: consentId }, include: { participant: { select: { code: true } } } });
  if (!c || c.participantId !== participantId) notFound("Consent not found");
  const bytes = which === "signed" ? c.signedPdf : (c.countersignedPdf ?? c.signedPdf);
  await auditParticipantRead(reader, {
    what: "signed consent PDF",
    participantIds: [participantId],
    action: "consent.pdf_download",
    summary: `Downloaded the ${which === "signed" || !c.countersignedPdf ? "signed" : "countersigned"} consent PDF`,
    details: { consentId },
  });
  return { bytes: Buffer.from(bytes), filename: `consent-${c.participant.code}-${c.id}${which === "signed" ? "-signed" : ""}.pdf` };
}

/**
 * The participant's own copy, from their personal page: the newest consent they signed on this
 * document version (countersigned when it is), or null. The route audits it as a page view.
 */
export async function ownConsentPdf(participantId: string, documentId: string) {
  const db = await dbReady();
  const c = await db.participantConsent.findFirst({
    where: { participantId, documentId },
    orderBy: { signedAt: "desc" },
    select: { id: true, signedPdf: true, countersignedPdf: true, participant: { select: { code: true } } },
  });
  if (!c) return null;
  return { bytes: Buffer.from(c.countersignedPdf ?? c.signedPdf), filename: `consent-${c.participant.code}.pdf`, consentId: c.id };
}

type PdfDocInput = {
  title: string;
  versionLabel: string;
  effectiveDate: string;
  contentHash: string;
  programName: string;
  blocks: ConsentBlock[];
};

/** The PDF of exactly what was signed: the document text, each box and its answer, the signer, times, version and hash. */
export async function consentPdf(
  doc: PdfDocInput,
  signed: {
    signedName: string;
    participantCode: string;
    signedAt: Date;
    answers: { label: string; checked: boolean }[];
    via: string;
    timeZone: string;
  },
  countersign: { name: string; at: Date; meaning: string } | null,
): Promise<Buffer> {
  return renderPdf(
    {
      title: `${doc.title} — version ${doc.versionLabel}`,
      subject: `Signed consent ${signed.participantCode}`,
      createdAt: countersign?.at ?? signed.signedAt,
    },
    (pdf) => {
      pdfHeading(pdf, doc.title);
      pdfFields(pdf, [
        ["Program", doc.programName],
        ["Version", doc.versionLabel],
        ["Effective date", doc.effectiveDate],
        ["Document SHA-256", doc.contentHash],
      ]);
      for (const b of doc.blocks) {
        if (b.kind === "heading") pdfHeading(pdf, b.text, b.level === 1 ? 14 : 12);
        else pdfParagraph(pdf, consentPlainText([b]).join("\n"));
      }
      pdfHeading(pdf, "Consent given", 12);
      for (const a of signed.answers) pdfParagraph(pdf, `[${a.checked ? "X" : " "}] ${a.label}`);
      pdfHeading(pdf, "Signatures", 12);
      pdfFields(pdf, [
        ["Participant", `${signed.signedName} (${signed.participantCode})`],
        ["Typed full name", signed.signedName],
        ["Signed", formatLocalDateTime(signed.signedAt, signed.timeZone)],
        ["Signed at (UTC)", signed.signedAt.toISOString()],
        ["Signed on", signed.via === "STAFF_DEVICE" ? "a staff device, handed to the participant" : "the participant's personal page"],
      ]);
      pdfSignature(pdf, {
        name: signed.signedName,
        at: formatLocalDateTime(signed.signedAt, signed.timeZone),
        meaning: "consent given by the participant",
      });
      if (countersign) {
        pdfSignature(pdf, {
          name: countersign.name,
          at: formatLocalDateTime(countersign.at, signed.timeZone),
          meaning: countersign.meaning,
        });
        pdfFields(pdf, [["Countersigned at (UTC)", countersign.at.toISOString()]]);
      } else pdfParagraph(pdf, "Staff countersignature: not yet countersigned.");
    },
  );
}

export type { ParticipantConsent };
