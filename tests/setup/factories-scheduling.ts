// Cohorts and participants for integration tests, created directly through Prisma.
// Reusable by every area: createTestCohort({ capacity, startDate, endDate, staff }) and
// createTestParticipant({ ... }). Each call makes unique names/codes.
import { FIRST_RESPONDERS_TEMPLATE, type ProgramTemplate } from "~/domain/scheduling";
import { randomParticipantCode } from "~/models/participant.server";
import { dbReady } from "~/utils/db.server";

let n = 0;
const unique = () => `${++n}-${Math.random().toString(36).slice(2, 7)}`;

/** The program (and its version 1) for a template, created on first use. */
export async function ensureTestProgram(template: ProgramTemplate = FIRST_RESPONDERS_TEMPLATE) {
  const db = await dbReady();
  const existing = await db.program.findUnique({
    where: { name: template.name },
    include: { versions: { orderBy: { version: "desc" }, take: 1 } },
  });
  if (existing?.versions[0]) return { program: existing, version: existing.versions[0] };
  const program = await db.program.create({
    data: {
      name: template.name,
      description: template.description,
      versions: { create: { version: 1, definition: JSON.stringify(template) } },
    },
    include: { versions: true },
  });
  return { program, version: program.versions[0] };
}

export async function createTestSite(opts: { name?: string; timeZone?: string } = {}) {
  const db = await dbReady();
  return db.site.create({
    data: {
      name: opts.name ?? `Test site ${unique()}`,
      timeZone: opts.timeZone ?? "America/Denver",
      rooms: { create: [{ name: "Group room", capacity: 10 }] },
    },
    include: { rooms: true },
  });
}

export type TestCohortOptions = {
  name?: string;
  capacity?: number;
  /** Local dates YYYY-MM-DD; default: a 7-week cohort starting in about a month. */
  startDate?: string;
  endDate?: string;
  timeZone?: string;
  /** PLANNED | ENROLLING | ACTIVE | COMPLETED | CANCELLED */
  status?: string;
  template?: ProgramTemplate;
  siteId?: string;
  /** CohortStaff roles: LEAD_FACILITATOR | FACILITATOR | CLINICIAN. */
  staff?: { userId: string; role: "LEAD_FACILITATOR" | "FACILITATOR" | "CLINICIAN" }[];
};

function plusDays(date: Date, days: number) {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A cohort without sessions (add GroupSessions yourself if your test needs them). */
export async function createTestCohort(opts: TestCohortOptions = {}) {
  const db = await dbReady();
  const { program, version } = await ensureTestProgram(opts.template);
  const timeZone = opts.timeZone ?? "America/Denver";
  const site = opts.siteId ? await db.site.findUniqueOrThrow({ where: { id: opts.siteId } }) : await createTestSite({ timeZone });
  const startDate = opts.startDate ?? plusDays(new Date(), 30);
  const endDate = opts.endDate ?? plusDays(new Date(`${startDate}T12:00:00Z`), 42);
  return db.cohort.create({
    data: {
      name: opts.name ?? `Test cohort ${unique()}`,
      programId: program.id,
      programVersionId: version.id,
      startDate,
      endDate,
      timeZone,
      siteId: site.id,
      capacity: opts.capacity ?? 6,
      status: opts.status ?? "ENROLLING",
      staff: { create: (opts.staff ?? []).map((s) => ({ userId: s.userId, role: s.role })) },
    },
  });
}

export type TestParticipantOptions = Partial<{
  code: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: string;
  occupation: string;
  weightKg: number | null;
  email: string | null;
}>;

export async function createTestParticipant(opts: TestParticipantOptions = {}) {
  const db = await dbReady();
  const i = ++n;
  return db.participant.create({
    data: {
      code: opts.code ?? randomParticipantCode(),
      firstName: opts.firstName ?? `Pat${i}`,
      lastName: opts.lastName ?? `Tester${i}`,
      dateOfBirth: opts.dateOfBirth ?? "1985-06-15",
      sex: opts.sex ?? "FEMALE",
      occupation: opts.occupation ?? "NURSE",
      weightKg: opts.weightKg === undefined ? 70 : opts.weightKg,
      email: opts.email ?? null,
    },
  });
}

/** Puts a participant on a cohort's roster in a given status, with one history row (no rules checked). */
export async function createTestEnrollment(opts: {
  participantId: string;
  cohortId: string;
  status?: string;
  consentDate?: string | null;
  waitlistPosition?: number | null;
}) {
  const db = await dbReady();
  const status = opts.status ?? "ENROLLED";
  return db.enrollment.create({
    data: {
      participantId: opts.participantId,
      cohortId: opts.cohortId,
      status,
      consentDate: opts.consentDate ?? (status === "ACTIVE" || status === "COMPLETED" ? "2026-01-05" : null),
      waitlistPosition: opts.waitlistPosition ?? null,
      history: { create: { fromStatus: null, toStatus: status, reason: "test fixture" } },
    },
  });
}

/** A participant already on a cohort's roster; the usual fixture for measures, sessions and AEs. */
export async function createEnrolledTestParticipant(cohortId: string, status = "ACTIVE", opts: TestParticipantOptions = {}) {
  const participant = await createTestParticipant(opts);
  const enrollment = await createTestEnrollment({ participantId: participant.id, cohortId, status });
  return { participant, enrollment };
}

/** The editor's field names for a template (what the browser would post). */
export function editorForm(t: ProgramTemplate): Record<string, string> {
  const f: Record<string, string> = {
    intent: "save",
    name: t.name,
    description: t.description,
    defaultCapacity: String(t.defaultCapacity),
  };
  t.sessionPlan.forEach((s, i) => {
    const p = `sessionPlan.${i}.`;
    Object.assign(f, {
      [`${p}kind`]: s.kind,
      [`${p}title`]: s.title,
      [`${p}dayOffset`]: String(s.dayOffset),
      [`${p}startTime`]: s.startTime,
      [`${p}durationMinutes`]: String(s.durationMinutes),
      [`${p}requiredStaff.CLINICIAN`]: String(s.requiredStaff.CLINICIAN ?? 0),
      [`${p}requiredStaff.FACILITATOR`]: String(s.requiredStaff.FACILITATOR ?? 0),
      [`${p}route`]: s.route ?? "",
    });
    if (s.requiredStaff.COORDINATOR) f[`${p}requiredStaff.COORDINATOR`] = String(s.requiredStaff.COORDINATOR);
    if (s.description) f[`${p}description`] = s.description;
  });
  t.measurePlan.forEach((m, i) => {
    const p = `measurePlan.${i}.`;
    Object.assign(f, {
      [`${p}key`]: m.key,
      [`${p}label`]: m.label,
      [`${p}instruments`]: m.instruments.join(", "),
      [`${p}anchor`]: m.anchor.type === "SESSION" ? `SESSION:${m.anchor.sessionIndex}` : m.anchor.type,
      [`${p}offsetDays`]: String(m.offsetDays),
      [`${p}windowDays`]: String(m.windowDays),
    });
  });
  f.eligibility = t.eligibility ? JSON.stringify(t.eligibility) : "";
  f.contraindicationChecklist = t.contraindicationChecklist.map((c) => `${c.key} | ${c.label} | ${c.severity}`).join("\n");
  f.preDoseChecklist = t.preDoseChecklist.map((c) => `${c.key} | ${c.label}`).join("\n");
  for (const [k, v] of Object.entries(t.safetyThresholds)) if (v !== undefined) f[`safetyThresholds.${k}`] = String(v);
  return f;
}
