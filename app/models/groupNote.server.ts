// The group note: a shared narrative plus one short observation per attending participant.
// Draft -> signed by its author (locked) -> addenda. Another facilitator of the cohort may co-sign.
import { parseNoteSnapshot, type SignedNoteSnapshot } from "~/domain/safety";
import type { NoteInput } from "~/forms/sessions";
import { auditParticipantRead, visibleCohortSql, type Reader } from "~/models/access.server";
import { ATTENDING, type RosterRow, type SessionWithCohort, cohortFacilitatorIds } from "~/models/attendance.server";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, instantValue, readRow, readRows, type Tx } from "~/utils/db.server";
import { ConflictError, FieldError, type Actor } from "./kernel.server";
import { confirmSignature } from "./signature.server";

export async function getGroupNote(viewer: Reader, session: SessionWithCohort, roster: readonly RosterRow[] = []) {
  // Two statements through the driver instead of five through the ORM, at once: the note with
  // its signers' names; its observations (with their participants, for the audit row) and its
  // addenda (with their authors' names). The signed snapshot's participants come from the
  // page's roster (every attendance row of the session is on it); any other, by a third read.
  const noteOfSession = `(SELECT n."id" FROM "GroupNote" n WHERE n."sessionId" = ?)`;
  const [head, rows] = await Promise.all([
    readRow(
      `SELECT n."id", n."status", n."authorId", au."name", n."themes", n."process", n."interventions", n."signedAt", ` +
        `n."signatureMeaning", n."signatureName", n."cosignedById", cu."name", n."cosignedAt", n."version", n."signedSnapshot" ` +
        `FROM "GroupNote" n LEFT JOIN "User" au ON au."id" = n."authorId" LEFT JOIN "User" cu ON cu."id" = n."cosignedById" ` +
        `WHERE n."sessionId" = ?`,
      [session.id],
    ),
    // Observations (O: enrollment, text, participant) and addenda (A: id, text, author, kind, when).
    readRows(
      `SELECT 'O', o."enrollmentId", o."text", e."participantId", NULL, NULL FROM "ParticipantObservation" o ` +
        `LEFT JOIN "Enrollment" e ON e."id" = o."enrollmentId" WHERE o."noteId" = ${noteOfSession} ` +
        `UNION ALL SELECT 'A', a."id", a."text", u."name", a."kind", a."createdAt" FROM "NoteAddendum" a ` +
        `LEFT JOIN "User" u ON u."id" = a."authorId" WHERE a."noteId" = ${noteOfSession}`,
      [session.id, session.id],
    ),
  ]);
  if (!head) return null;
  const [id, status, authorId, authorName, themes, process, interventions, signedAt, signatureMeaning, signatureName] = head;
  const [cosignedById, cosignerName, cosignedAt, version, signedSnapshot] = head.slice(10);
  const snapshot = status === "SIGNED" ? parseNoteSnapshot(signedSnapshot as string | null) : null;
  const observations = rows.filter((r) => r[0] === "O");
  // Oldest first (a stable sort: addenda written at the same instant keep the index's order).
  const addenda = rows
    .filter((r) => r[0] === "A")
    .map((r) => ({ row: r, at: instantValue(r[5]) }))
    .sort((x, y) => x.at.getTime() - y.at.getTime());
  // The participants of the observations and of the snapshot's enrollments, for the audit row.
  const participantByEnrollment = new Map<string, string>();
  for (const [, e, , p] of observations) if (p !== null && p !== undefined) participantByEnrollment.set(e as string, p as string);
  const onRoster = new Map(roster.map((r) => [r.enrollmentId, r.participantId]));
  const unknown: string[] = [];
  for (const e of new Set(snapshot?.attendance.map((a) => a.enrollmentId) ?? [])) {
    if (participantByEnrollment.has(e)) continue;
    const p = onRoster.get(e);
    if (p) participantByEnrollment.set(e, p);
    else unknown.push(e);
  }
  if (unknown.length) {
    const found = await readRows(
      `SELECT e."id", e."participantId" FROM "Enrollment" e WHERE e."id" IN (${unknown.map(() => "?").join(", ")})`,
      unknown,
    );
    for (const [e, p] of found) participantByEnrollment.set(e as string, p as string);
  }
  await auditParticipantRead(viewer, {
    what: `group note of session ${session.title}`,
    participantIds: [...participantByEnrollment.keys()].sort().map((e) => participantByEnrollment.get(e)!),
    subject: { type: "GroupSession", id: session.id },
  });
  const named = (name: unknown) => (name as string | null) ?? "Unknown";
  const at = (v: unknown) => (v === null || v === undefined ? null : instantValue(v).toISOString());
  return {
    id: id as string,
    status: status as "DRAFT" | "SIGNED",
    authorId: authorId as string,
    authorName: named(authorName),
    themes: themes as string,
    process: process as string,
    interventions: interventions as string,
    signedAt: at(signedAt),
    signatureMeaning: (signatureMeaning as string | null) ?? null,
    signatureName: (signatureName as string | null) ?? named(authorName),
    cosignedById: (cosignedById as string | null) ?? null,
    cosignedByName: cosignedById ? named(cosignerName) : null,
    cosignedAt: at(cosignedAt),
    version: Number(version),
    observations: Object.fromEntries(observations.map(([, enrollmentId, text]) => [enrollmentId, text])) as Record<string, string>,
    /** What the note was signed with (attendance and observations); null for a draft or a note signed before snapshots were kept. */
    snapshot,
    addenda: addenda.map(({ row: [, addendumId, text, name, kind], at: createdAt }) => ({
      id: addendumId as string,
      kind: kind as "TEXT" | "ATTENDANCE_CHANGE",
      text: text as string,
      authorName: named(name),
      createdAt: createdAt.toISOString(),
    })),
  };
}

export type GroupNoteView = NonNullable<Awaited<ReturnType<typeof getGroupNote>>>;

function lockedMessage(signedAt: Date | null) {
  return `This note was signed${signedAt ? ` at ${signedAt.toISOString()}` : ""} and can no longer be edited; add an addendum to correct it`;
}

/** Creates or updates the draft. Observations are only kept for attending participants. */
export async function saveNoteDraft(actor: Actor, meta: RequestMeta, session: SessionWithCohort, roster: RosterRow[], input: NoteInput) {
  const attending = new Set(roster.filter((r) => r.status && ATTENDING.includes(r.status)).map((r) => r.enrollmentId));
  const written = Object.entries(input.observation ?? {}).filter(([, text]) => text);
  if (written.some(([enrollmentId]) => !attending.has(enrollmentId))) {
    throw new FieldError("form", "Observations can only be written for participants marked as attending");
  }
  const observations = written.map(([enrollmentId, text]) => ({ enrollmentId, text }));
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    let note = await tx.groupNote.findUnique({ where: { sessionId: session.id } });
    if (note?.status === "SIGNED") throw new FieldError("form", lockedMessage(note.signedAt));
    if (!note) {
      if (input.version !== 0)
        throw new ConflictError("Someone else changed this note while you were editing; reload to see their changes");
      note = await tx.groupNote.create({
        data: {
          sessionId: session.id,
          authorId: actor.id,
          themes: input.themes,
          process: input.process,
          interventions: input.interventions,
        },
      });
    } else {
      const updated = await tx.groupNote.updateMany({
        where: { id: note.id, version: input.version, status: "DRAFT" },
        data: { themes: input.themes, process: input.process, interventions: input.interventions, version: { increment: 1 } },
      });
      if (updated.count !== 1)
        throw new ConflictError("Someone else changed this note while you were editing; reload to see their changes");
    }
    await tx.participantObservation.deleteMany({
      where: { noteId: note.id, enrollmentId: { notIn: observations.map((o) => o.enrollmentId) } },
    });
    for (const o of observations) {
      await tx.participantObservation.upsert({
        where: { noteId_enrollmentId: { noteId: note.id, enrollmentId: o.enrollmentId } },
        create: { noteId: note.id, enrollmentId: o.enrollmentId, text: o.text },
        update: { text: o.text },
      });
    }
    await audit(tx, {
      actor,
      action: "group_note.save",
      entityType: "GroupNote",
      entityId: note.id,
      summary: `Saved the draft group note for ${session.title}`,
      details: { observations: observations.length },
      ...meta,
    });
  });
}

/** Why the note cannot be signed by this actor (null: it can), checked before and inside the signing transaction. */
function signRefusal(
  note: { status: string; signedAt: Date | null; authorId: string; themes: string; process: string; interventions: string } | null,
  actor: Actor,
) {
  if (!note) return "Write and save the note before signing it";
  if (note.status === "SIGNED") return lockedMessage(note.signedAt);
  if (note.authorId !== actor.id) return "Only the author of the note can sign it";
  if (!note.themes.trim() && !note.process.trim() && !note.interventions.trim())
    return "The note is empty: write the themes, process or interventions before signing";
  return null;
}

/**
 * What a note is signed with: each roster participant's attendance at that moment and the
 * observations, by enrollment (with the participant code, which never changes). Stored on
 * the note; the page shows it for a signed note whatever attendance says later.
 */
export async function noteSnapshotTx(tx: Tx, noteId: string, sessionId: string): Promise<SignedNoteSnapshot> {
  const [attendance, observations] = await Promise.all([
    tx.attendance.findMany({ where: { sessionId } }),
    tx.participantObservation.findMany({ where: { noteId } }),
  ]);
  const ids = [...new Set([...attendance.map((a) => a.enrollmentId), ...observations.map((o) => o.enrollmentId)])];
  const enrollments = await tx.enrollment.findMany({ where: { id: { in: ids } }, include: { participant: { select: { code: true } } } });
  const code = (id: string) => enrollments.find((e) => e.id === id)?.participant.code ?? "?";
  return {
    attendance: attendance
      .map((a) => ({ enrollmentId: a.enrollmentId, code: code(a.enrollmentId), status: a.status }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    observations: observations
      .map((o) => ({ enrollmentId: o.enrollmentId, code: code(o.enrollmentId), text: o.text }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}

/** The author signs with their password ("authored by"); a wrong password writes nothing. */
export async function signNote(actor: Actor, meta: RequestMeta, session: SessionWithCohort, version: number, password: string) {
  const db = await dbReady();
  const early = signRefusal(await db.groupNote.findUnique({ where: { sessionId: session.id } }), actor);
  if (early) throw new FieldError("form", early);
  const signature = await confirmSignature(actor, meta, "GROUP_NOTE", password);
  await db.$transaction(async (tx) => {
    const note = await tx.groupNote.findUnique({ where: { sessionId: session.id } });
    const refusal = signRefusal(note, actor);
    if (refusal || !note) throw new FieldError("form", refusal ?? "Write and save the note before signing it");
    const snapshot = await noteSnapshotTx(tx, note.id, session.id);
    const updated = await tx.groupNote.updateMany({
      where: { id: note.id, version, status: "DRAFT" },
      data: {
        status: "SIGNED",
        signedSnapshot: JSON.stringify(snapshot),
        signedAt: new Date(),
        signatureMeaning: signature.meaning,
        signatureName: signature.name,
        version: { increment: 1 },
      },
    });
    if (updated.count !== 1) throw new ConflictError("The note changed since you loaded it; reload and check it before signing");
    await audit(tx, {
      actor,
      action: "group_note.sign",
      entityType: "GroupNote",
      entityId: note.id,
      summary: `Signed the group note for ${session.title} — ${signature.meaning} ${signature.name}`,
      details: { meaning: signature.meaning, signerName: signature.name },
      ...meta,
    });
  });
}

export async function cosignNote(actor: Actor, meta: RequestMeta, session: SessionWithCohort) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const note = await tx.groupNote.findUnique({ where: { sessionId: session.id } });
    if (!note || note.status !== "SIGNED") throw new FieldError("form", "The author must sign the note before it can be co-signed");
    if (note.authorId === actor.id) throw new FieldError("form", "The author cannot co-sign their own note");
    if (!cohortFacilitatorIds(session).includes(actor.id))
      throw new FieldError("form", "Only another facilitator of this cohort can co-sign");
    if (note.cosignedById) throw new FieldError("form", "This note is already co-signed");
    const updated = await tx.groupNote.updateMany({
      where: { id: note.id, cosignedById: null },
      data: { cosignedById: actor.id, cosignedAt: new Date(), version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ConflictError("This note was co-signed by someone else a moment ago");
    await audit(tx, {
      actor,
      action: "group_note.cosign",
      entityType: "GroupNote",
      entityId: note.id,
      summary: `Co-signed the group note for ${session.title}`,
      ...meta,
    });
  });
}

export async function addNoteAddendum(actor: Actor, meta: RequestMeta, session: SessionWithCohort, text: string) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const note = await tx.groupNote.findUnique({ where: { sessionId: session.id } });
    if (!note || note.status !== "SIGNED") throw new FieldError("form", "Addenda are for signed notes; edit the draft instead");
    const addendum = await tx.noteAddendum.create({ data: { noteId: note.id, authorId: actor.id, text } });
    await audit(tx, {
      actor,
      action: "group_note.addendum",
      entityType: "GroupNote",
      entityId: note.id,
      summary: `Added an addendum to the group note for ${session.title}`,
      details: { addendumId: addendum.id },
      ...meta,
    });
  });
}

/**
 * A participant's own record: the sessions they were on the roster for, their attendance and
 * ONLY their own observations (never the shared narrative, which names other members).
 */
/**
 * Every session of a participant's visible cohorts with their attendance, their own observation
 * (and whether its note is signed) and their dosing record: one statement through the driver, each
 * row sought by (session, enrollment). The ORM's reads took seven statements, and read the
 * attendance by enrollment, which no index serves: every attendance row of the network (7 ms
 * on the full-size benchmark database, growing with it).
 */
export async function getParticipantSessionHistory(viewer: Reader, participantId: string) {
  const visible = visibleCohortSql(viewer);
  const found = await readRows(
    `SELECT g."id", c."name", g."title", g."kind", g."startsAt", c."timeZone", a."status", o."text", n."status", ` +
      `d."id", d."status", d."doseUg", d."weightG", d."route", d."givenAt", d."dischargedAt", d."overrideReason" ` +
      `FROM "Enrollment" e JOIN "Cohort" c ON c."id" = e."cohortId" JOIN "GroupSession" g ON g."cohortId" = c."id" ` +
      `LEFT JOIN "Attendance" a ON a."sessionId" = g."id" AND a."enrollmentId" = e."id" ` +
      `LEFT JOIN "GroupNote" n ON n."sessionId" = g."id" ` +
      `LEFT JOIN "ParticipantObservation" o ON o."noteId" = n."id" AND o."enrollmentId" = e."id" ` +
      `LEFT JOIN "DosingRecord" d ON d."sessionId" = g."id" AND d."enrollmentId" = e."id" ` +
      `WHERE e."participantId" = ? AND ${visible.sql} ORDER BY e."createdAt", e."id", g."startsAt", g."id"`,
    [participantId, ...visible.params],
  );
  const rows = found.map((r) => ({
    sessionId: r[0] as string,
    cohortName: r[1] as string,
    title: r[2] as string,
    kind: r[3] as string,
    startsAt: instantValue(r[4]),
    timeZone: r[5] as string,
    attendance: (r[6] as string | null) ?? null,
    observation: r[7] === null || r[7] === undefined ? null : { text: r[7] as string, signed: r[8] === "SIGNED" },
    dosing:
      r[9] === null || r[9] === undefined
        ? null
        : {
            id: r[9] as string,
            status: r[10] as string,
            doseUg: r[11] === null ? null : Number(r[11]),
            weightG: r[12] === null ? null : Number(r[12]),
            route: (r[13] as string | null) ?? null,
            givenAt: r[14] === null ? null : instantValue(r[14]),
            dischargedAt: r[15] === null ? null : instantValue(r[15]),
            overridden: !!r[16],
          },
  }));
  await auditParticipantRead(viewer, { what: "participant's sessions and observations", participantIds: [participantId] });
  return rows;
}
