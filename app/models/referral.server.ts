// Referrals: entered by staff or by the person on the public self-referral page, screened
// (measures, contraindications, medical history, vitals), decided by the one eligibility
// engine, medically cleared by a clinician, then enrolled in a cohort through the roster's
// own enrollment code. Every write and every view of a referral (names) is audited.
import { getInstrument, isInstrumentCode, decideEligibility, scaleInputsFromScores, type EligibilityDecision } from "~/domain/instruments";
import {
  answeredChecklist,
  checkClearance,
  checkEnroll,
  checkOutcome,
  REFERRAL_STATUS_LABEL,
  SCREENABLE,
  screeningChecklist,
  type ClearanceDecision,
  type ContraAnswer,
  type ReferralStatus,
} from "~/domain/referrals";
import { readProgramDefinition } from "~/domain/scheduling/programDefinition";
import type { ProgramEligibility } from "~/domain/scheduling/types";
import { responsesOf } from "~/forms/measures";
import type { ReferralCreateInput, ReferralIntentOf, SelfReferralInput } from "~/forms/referrals";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, type Db, type Tx } from "~/utils/db.server";
import { beginAttempt } from "~/utils/throttle.server";
import type { Viewer } from "./access.server";
import { scoreResponses } from "./assessment.server";
import { addToCohortTx } from "./enrollment.server";
import { ConflictError, FieldError, notFound, type Actor } from "./kernel.server";
import { keysetPage, type SortKey } from "./keyset.server";
import { todayUtc } from "./participant.schema";
import { generateParticipantCode } from "./participant.server";

export const REFERRAL_PAGE_SIZE = 50;

// ---------------------------------------------------------------------------
// The public self-referral page
// ---------------------------------------------------------------------------

// Self-referrals per client address: a person (or a family on one connection) refers
// themselves once or twice; 5 an hour keeps a script from filling the list.
export const SELF_REFERRAL_WINDOW_MS = 60 * 60_000;
export const SELF_REFERRAL_PER_ADDRESS = 5;

/** A program that takes self-referrals (any program that is not archived), or a 404. */
export async function selfReferralProgram(programId: string) {
  const db = await dbReady();
  const program = await db.program.findUnique({ where: { id: programId }, select: { id: true, name: true, archived: true } });
  if (!program || program.archived) notFound("This program does not take referrals here.");
  return { id: program.id, name: program.name };
}

/**
 * Creates a REFERRED self-referral. Counted first against the per-address limit (429 when
 * over it). A filled honeypot field (`website`) is a bot: nothing is stored, and the answer
 * is the same thank-you so the bot learns nothing.
 */
export async function submitSelfReferral(meta: RequestMeta, programId: string, input: SelfReferralInput, now = new Date()) {
  const attempt = await beginAttempt(
    [{ scope: "self_referral.ip", key: meta.ip ?? "unknown", max: SELF_REFERRAL_PER_ADDRESS, windowMs: SELF_REFERRAL_WINDOW_MS }],
    { counted: true, now },
  );
  if (!attempt.allowed)
    throw new Response("Too many referrals from this connection. Please try again in an hour, or call the program.", {
      status: 429,
      headers: { "Retry-After": "3600" },
    });
  const program = await selfReferralProgram(programId);
  if (input.website.trim() !== "") return { stored: false as const };
  const db = await dbReady();
  const created = await db.$transaction(async (tx) => {
    const r = await tx.referral.create({
      data: {
        programId: program.id,
        source: "SELF",
        referredOn: todayUtc(now),
        firstName: input.firstName,
        lastName: input.lastName,
        email: input.email,
        phone: input.phone,
        notes: input.notes,
      },
    });
    await audit(tx, {
      actor: null,
      actorLabel: "self-referral page",
      action: "referral.create",
      entityType: "Referral",
      entityId: r.id,
      summary: `Self-referral to ${program.name}`,
      details: { programId: program.id, source: "SELF" },
      ...meta,
    });
    return r;
  });
  return { stored: true as const, id: created.id };
}

// ---------------------------------------------------------------------------
// Staff: create, list, read
// ---------------------------------------------------------------------------

export async function createReferral(actor: Actor, meta: RequestMeta, input: ReferralCreateInput) {
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const program = await tx.program.findUnique({ where: { id: input.programId } });
    if (!program || program.archived) throw new FieldError("programId", "Choose a program from the list.");
    const r = await tx.referral.create({
      data: {
        programId: program.id,
        source: input.source,
        sourceDetail: input.sourceDetail,
        referredOn: input.referredOn,
        firstName: input.firstName,
        lastName: input.lastName,
        email: input.email,
        phone: input.phone,
        notes: input.notes,
        createdById: actor.id,
      },
    });
    await audit(tx, {
      actor,
      action: "referral.create",
      entityType: "Referral",
      entityId: r.id,
      summary: `Entered a referral to ${program.name} (${input.source.toLowerCase()})`,
      details: { programId: program.id, source: input.source, referredOn: input.referredOn },
      ...meta,
    });
    return { id: r.id };
  });
}

export type ReferralSort = "referred" | "name" | "status";
type SortField = "referredOn" | "lastName" | "firstName" | "status" | "id";
const SORTS: Record<ReferralSort, { field: SortField; dir: "asc" | "desc" }[]> = {
  referred: [{ field: "referredOn", dir: "desc" }],
  name: [
    { field: "lastName", dir: "asc" },
    { field: "firstName", dir: "asc" },
  ],
  status: [
    { field: "status", dir: "asc" },
    { field: "referredOn", dir: "desc" },
  ],
};
const flip = (d: "asc" | "desc") => (d === "asc" ? "desc" : "asc");

/** One keyset page of referrals (cursor: a referral id), filtered by program and status; the view is audited. */
export async function listReferrals(
  viewer: Viewer,
  meta: RequestMeta,
  filters: { programId?: string; status?: ReferralStatus },
  page: { sort?: ReferralSort; dir?: "asc" | "desc"; after?: string; before?: string } = {},
) {
  const db = await dbReady();
  const where = {
    ...(filters.programId ? { programId: filters.programId } : {}),
    ...(filters.status ? { status: filters.status } : {}),
  };
  const sort = page.sort ?? "referred";
  const dir = page.dir ?? "asc";
  const keys: SortKey<SortField>[] = [
    ...SORTS[sort].map((k) => ({ field: k.field, dir: dir === "asc" ? k.dir : flip(k.dir) })),
    { field: "id", dir },
  ];
  const cursorId = page.after ?? page.before;
  const cursorRow = cursorId
    ? await db.referral.findUnique({
        where: { id: cursorId },
        select: { id: true, referredOn: true, lastName: true, firstName: true, status: true },
      })
    : null;
  const pageOf = keysetPage(keys, REFERRAL_PAGE_SIZE, { row: cursorRow, before: !page.after });
  const [total, fetched] = await Promise.all([
    db.referral.count({ where }),
    db.referral.findMany({
      where: { AND: [where, pageOf.where] },
      include: { program: { select: { id: true, name: true } } },
      orderBy: pageOf.orderBy,
      take: pageOf.take,
    }),
  ]);
  const { rows, previousCursor, nextCursor } = pageOf.page(fetched);
  await audit(db, {
    actor: viewer,
    action: "referral.list",
    entityType: "Referral",
    summary: `Viewed the referral list (${rows.length} referrals)`,
    details: { referralIds: rows.map((r) => r.id), filters, sort, dir },
    ...meta,
  });
  return {
    total,
    sort,
    dir,
    previousCursor,
    nextCursor,
    referrals: rows.map((r) => ({
      id: r.id,
      name: `${r.lastName}, ${r.firstName}`,
      program: r.program.name,
      programId: r.program.id,
      source: r.source,
      referredOn: r.referredOn,
      status: r.status as ReferralStatus,
      statusReason: r.statusReason,
    })),
  };
}

type StoredContra = { key: string; answer: ContraAnswer; note: string | null };

function parseContra(json: string | null): StoredContra[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as StoredContra[];
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/** The program's current screening setup: its eligibility rule and contraindication checklist. */
async function programScreening(tx: Db | Tx, programId: string) {
  const program = await tx.program.findUnique({ where: { id: programId } });
  if (!program) notFound("Program not found");
  const latest = await tx.programVersion.findUnique({ where: { programId_version: { programId, version: program.version } } });
  const def = latest ? readProgramDefinition(latest.definition) : null;
  return {
    program,
    eligibility: (def?.eligibility ?? null) as ProgramEligibility | null,
    checklist: screeningChecklist(def?.contraindicationChecklist ?? []),
  };
}

/** The one eligibility engine on the referral's screening measures (null: the program has no rule). */
function ruleDecision(
  eligibility: ProgramEligibility | null,
  measures: { instrumentCode: string; responses: string }[],
): EligibilityDecision | null {
  if (!eligibility) return null;
  const m = measures.find((x) => x.instrumentCode === eligibility.instrument);
  const scales =
    m && isInstrumentCode(m.instrumentCode)
      ? scaleInputsFromScores(getInstrument(m.instrumentCode).score(JSON.parse(m.responses) as (number | null)[]).scales)
      : {};
  return decideEligibility(eligibility.rule, scales);
}

async function loadForWrite(tx: Tx, id: string, version: number) {
  const r = await tx.referral.findUnique({ where: { id }, include: { measures: true } });
  if (!r) notFound("Referral not found");
  if (r.version !== version)
    throw new ConflictError(
      "Someone else changed this referral since you opened the page. Reload to see the current state, then try again.",
    );
  return r;
}

/** The referral page: contact, screening, the rule's decision with its reason, clearance; the view is audited. */
export async function getReferral(viewer: Viewer, meta: RequestMeta, id: string) {
  const db = await dbReady();
  const r = await db.referral.findUnique({
    where: { id },
    include: { measures: { orderBy: { instrumentCode: "asc" } }, program: { select: { id: true, name: true } } },
  });
  if (!r) notFound("Referral not found");
  const { eligibility, checklist } = await programScreening(db, r.programId);
  const names = new Map(
    (await db.user.findMany({ where: { id: { in: [r.clearedById, r.createdById].filter((x): x is string => !!x) } } })).map((u) => [
      u.id,
      u.name,
    ]),
  );
  const cohorts = await db.cohort.findMany({
    where: { programId: r.programId, status: { in: ["PLANNED", "ENROLLING", "ACTIVE"] } },
    select: { id: true, name: true, startDate: true },
    orderBy: { startDate: "asc" },
  });
  await audit(db, {
    actor: viewer,
    action: "referral.view",
    entityType: "Referral",
    entityId: r.id,
    summary: `Viewed referral ${r.id}`,
    ...meta,
  });
  const decision = ruleDecision(eligibility, r.measures);
  return {
    referral: r,
    programName: r.program.name,
    eligibility,
    decision,
    checklist: answeredChecklist(checklist, parseContra(r.contraindications)),
    clearedBy: r.clearedById ? (names.get(r.clearedById) ?? "Unknown user") : null,
    enteredBy: r.createdById ? (names.get(r.createdById) ?? "Unknown user") : "Self-referral",
    cohorts,
  };
}

// ---------------------------------------------------------------------------
// Screening
// ---------------------------------------------------------------------------

async function bump(
  tx: Tx,
  r: { id: string; version: number; status: string },
  data: Record<string, unknown>,
  actor: Actor,
  meta: RequestMeta,
  action: string,
  summary: string,
  details?: unknown,
) {
  // Entering any screening data moves a new referral into screening.
  const status = r.status === "REFERRED" && !("status" in data) ? { status: "SCREENING", statusOn: todayUtc() } : {};
  await tx.referral.update({ where: { id: r.id }, data: { ...data, ...status, version: r.version + 1 } });
  await audit(tx, { actor, action, entityType: "Referral", entityId: r.id, summary, details, ...meta });
}

function assertScreenable(status: string) {
  if (!SCREENABLE.includes(status as ReferralStatus))
    throw new ConflictError(
      `Screening is closed: this referral is ${REFERRAL_STATUS_LABEL[status as ReferralStatus]?.toLowerCase() ?? status}.`,
    );
}

export async function saveScreeningMeasure(actor: Actor, meta: RequestMeta, id: string, input: ReferralIntentOf<"measure">) {
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const r = await loadForWrite(tx, id, input.version);
    assertScreenable(r.status);
    const code = input.instrumentCode;
    if (!isInstrumentCode(code)) throw new FieldError("instrumentCode", "Choose a questionnaire.");
    const responses = responsesOf(code, input.r);
    const scored = scoreResponses(code, responses);
    const data = {
      completedOn: input.completedOn,
      responses: JSON.stringify(responses),
      scores: JSON.stringify(scored.scores),
      scoringVersion: scored.scoringVersion,
      enteredById: actor.id,
    };
    await tx.referralMeasure.upsert({
      where: { referralId_instrumentCode: { referralId: r.id, instrumentCode: code } },
      create: { referralId: r.id, instrumentCode: code, ...data },
      update: data,
    });
    const { eligibility } = await programScreening(tx, r.programId);
    const decision = ruleDecision(eligibility, await tx.referralMeasure.findMany({ where: { referralId: r.id } }));
    const ruleStatus = decision ? decision.status.toUpperCase() : null;
    await bump(
      tx,
      r,
      { ruleStatus, ruleReason: decision?.reason ?? null },
      actor,
      meta,
      "referral.measure",
      `Entered screening ${getInstrument(code).shortName}${decision ? `; rule ${decision.status}: ${decision.reason}` : ""}`,
      { instrumentCode: code, completedOn: input.completedOn, ruleStatus, ruleReason: decision?.reason ?? null },
    );
    return { decision };
  });
}

export async function saveChecklist(actor: Actor, meta: RequestMeta, id: string, input: ReferralIntentOf<"checklist">) {
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const r = await loadForWrite(tx, id, input.version);
    assertScreenable(r.status);
    const { checklist } = await programScreening(tx, r.programId);
    const answers: StoredContra[] = checklist.map((item) => ({
      key: item.key,
      answer: input.c[item.key]?.answer ?? "UNKNOWN",
      note: input.c[item.key]?.note ?? null,
    }));
    await bump(
      tx,
      r,
      { contraindications: JSON.stringify(answers) },
      actor,
      meta,
      "referral.contraindications",
      `Answered the contraindication checklist (${answers.filter((a) => a.answer === "YES").length} yes, ${answers.filter((a) => a.answer === "UNKNOWN").length} unknown)`,
      { answers },
    );
  });
}

export async function saveMedical(actor: Actor, meta: RequestMeta, id: string, input: ReferralIntentOf<"medical">) {
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const r = await loadForWrite(tx, id, input.version);
    assertScreenable(r.status);
    const { medicalHistory, currentMedications, allergies, systolic, diastolic, heartRate, vitalsOn } = input;
    await bump(
      tx,
      r,
      { medicalHistory, currentMedications, allergies, systolic, diastolic, heartRate, vitalsOn },
      actor,
      meta,
      "referral.medical",
      "Saved medical history, medications, allergies and screening vitals",
      {
        changed: (["medicalHistory", "currentMedications", "allergies", "systolic", "diastolic", "heartRate", "vitalsOn"] as const).filter(
          (k) => r[k] !== input[k],
        ),
      },
    );
  });
}

export async function recordOutcome(actor: Actor, meta: RequestMeta, id: string, input: ReferralIntentOf<"outcome">) {
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const r = await loadForWrite(tx, id, input.version);
    const { eligibility, checklist } = await programScreening(tx, r.programId);
    const decision = ruleDecision(eligibility, r.measures);
    const check = checkOutcome(r.status as ReferralStatus, input.outcome, {
      rule: decision,
      checklist: answeredChecklist(checklist, parseContra(r.contraindications)),
      reason: input.reason,
    });
    if (!check.ok) throw new FieldError("form", check.reason);
    await bump(
      tx,
      r,
      { status: input.outcome, statusReason: check.reason, statusOn: input.on },
      actor,
      meta,
      "referral.outcome",
      `Screening outcome: ${REFERRAL_STATUS_LABEL[input.outcome].toLowerCase()}${check.reason ? ` (${check.reason})` : ""}`,
      { from: r.status, to: input.outcome, on: input.on, reason: check.reason },
    );
    return { status: input.outcome };
  });
}

/** Medical clearance: the route lets only clinicians (referral:clear) call this. */
export async function recordClearance(actor: Actor, meta: RequestMeta, id: string, input: ReferralIntentOf<"clearance">, now = new Date()) {
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const r = await loadForWrite(tx, id, input.version);
    const check = checkClearance(r.status as ReferralStatus);
    if (!check.ok) throw new FieldError("form", check.reason);
    const status = input.decision === "NOT_CLEARED" ? "NOT_CLEARED" : "CLEARED";
    await bump(
      tx,
      r,
      {
        status,
        statusReason: input.reason,
        statusOn: todayUtc(now),
        clearance: input.decision,
        clearanceReason: input.reason,
        clearedById: actor.id,
        clearedAt: now,
      },
      actor,
      meta,
      "referral.clearance",
      `Medical clearance: ${input.decision.toLowerCase().replaceAll("_", " ")} (${input.reason})`,
      { from: r.status, decision: input.decision, reason: input.reason },
    );
    return { status };
  });
}

/**
 * Enrolls a cleared referral in a cohort of its program: creates the Participant (or links
 * the one already linked, or an existing participant named by code) and adds them with the roster's own code (a seat, or the
 * waitlist when the cohort is full). Refused unless eligible and cleared, with the reason.
 */
export async function enrollReferral(actor: Actor, meta: RequestMeta, id: string, input: ReferralIntentOf<"enroll">, now = new Date()) {
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const r = await loadForWrite(tx, id, input.version);
    const { eligibility } = await programScreening(tx, r.programId);
    const check = checkEnroll({
      status: r.status as ReferralStatus,
      statusReason: r.statusReason,
      rule: ruleDecision(eligibility, r.measures),
      clearance: r.clearance as ClearanceDecision | null,
      clearanceReason: r.clearanceReason,
    });
    if (!check.ok) throw new FieldError("form", check.reason);
    const cohort = await tx.cohort.findUnique({ where: { id: input.cohortId } });
    if (!cohort || cohort.programId !== r.programId) throw new FieldError("cohortId", "Choose a cohort of this referral's program.");
    let participantId = r.participantId;
    let code: string;
    if (!participantId && input.existingCode) {
      const existing = await tx.participant.findUnique({ where: { code: input.existingCode } });
      if (!existing) throw new FieldError("existingCode", `No participant has the code ${input.existingCode}.`);
      participantId = existing.id;
    }
    if (participantId) {
      code = (await tx.participant.findUniqueOrThrow({ where: { id: participantId } })).code;
    } else {
      const missing: Record<string, string> = {};
      if (!input.dateOfBirth) missing.dateOfBirth = "Enter the date of birth.";
      if (!input.sex) missing.sex = "Choose the sex.";
      if (!input.occupation) missing.occupation = "Choose the occupation.";
      if (Object.keys(missing).length) throw new FieldError(missing);
      code = await generateParticipantCode(tx);
      const p = await tx.participant.create({
        data: {
          code,
          firstName: r.firstName,
          lastName: r.lastName,
          email: r.email,
          phone: r.phone,
          dateOfBirth: input.dateOfBirth!,
          sex: input.sex!,
          occupation: input.occupation!,
        },
      });
      participantId = p.id;
      await audit(tx, {
        actor,
        action: "participant.create",
        entityType: "Participant",
        entityId: p.id,
        summary: `Created participant ${code} from referral ${r.id}`,
        details: { code, referralId: r.id },
        ...meta,
      });
    }
    const placed = await addToCohortTx(tx, actor, meta, { participantId, cohortId: cohort.id, mode: "PLACE" }).catch((e: unknown) => {
      // The roster's messages name its own form's fields; here they belong above the form.
      if (e instanceof FieldError) throw new FieldError("form", Object.values(e.fields)[0]);
      throw e;
    });
    await bump(
      tx,
      r,
      {
        status: "ENROLLED",
        statusOn: todayUtc(now),
        statusReason: `${placed.status === "WAITLISTED" ? "Waitlisted in" : "Enrolled in"} ${cohort.name}`,
        participantId,
        enrollmentId: placed.enrollmentId,
      },
      actor,
      meta,
      "referral.enroll",
      `Enrolled referral as ${code} in ${cohort.name} (${placed.status.toLowerCase()})`,
      { participantId, cohortId: cohort.id, enrollmentId: placed.enrollmentId, status: placed.status },
    );
    return { participantId, code, cohortName: cohort.name, status: placed.status };
  });
}

export async function referralProgramOptions() {
  const db = await dbReady();
  return db.program.findMany({ where: { archived: false }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}
