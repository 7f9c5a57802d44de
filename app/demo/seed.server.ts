// Reference data (every environment, idempotent) and demo data (demo mode, empty
// database only). Demo people are synthetic.
import { seedDemoAdverseEvents } from "~/demo/adverseEvents.server";
import { seedDemoConsents } from "~/demo/consent.server";
import { seedDemoSessionDocs } from "~/demo/dosing.server";
import { seedDemoMeasures } from "~/demo/measures.server";
import { seedDemoOutreach } from "~/demo/outreach.server";
import { seedDemoReferrals } from "~/demo/referrals.server";
import { cohortEndDate, expandTemplate } from "~/domain/scheduling/expand";
import { readValidProgramDefinition } from "~/domain/scheduling/programDefinition";
import { SEED_TEMPLATES } from "~/domain/scheduling/seedTemplates";
import type { ProgramTemplate } from "~/domain/scheduling/types";
import { audit } from "~/utils/audit.server";
import { hashPassword } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";
import { ROLES, ROLE_INFO, type RoleCode } from "~/utils/permissions";

export async function seedReferenceData(db: Db) {
  // Only what is missing or changed is written, so that a command run against a current
  // database needs no write lock (a running server may be holding it).
  const roles = new Map((await db.role.findMany()).map((r) => [r.code, r]));
  for (const code of ROLES) {
    const have = roles.get(code);
    if (have && have.name === ROLE_INFO[code].name && have.description === ROLE_INFO[code].description) continue;
    await db.role.upsert({
      where: { code },
      create: { code, name: ROLE_INFO[code].name, description: ROLE_INFO[code].description },
      update: { name: ROLE_INFO[code].name, description: ROLE_INFO[code].description },
    });
  }
  // The seeded program templates: created once, never overwritten (coordinators may
  // have edited them since; each edit is a new version).
  for (const template of SEED_TEMPLATES) {
    if (await db.program.findUnique({ where: { name: template.name } })) continue;
    await db.$transaction(async (tx) => {
      const program = await tx.program.create({
        data: {
          name: template.name,
          description: template.description,
          versions: { create: { version: 1, definition: JSON.stringify(template) } },
        },
      });
      await audit(tx, {
        actor: null,
        actorLabel: "seed",
        action: "program.create",
        entityType: "Program",
        entityId: program.id,
        summary: `Seeded program template "${template.name}"`,
      });
    });
  }
}

export const DEMO_PASSWORD = "groupkap-demo-2026";

export const DEMO_USERS: { email: string; name: string; roles: RoleCode[]; deaNumber?: string }[] = [
  { email: "admin@demo.groupkap.org", name: "Avery Admin", roles: ["ADMIN"] },
  { email: "coordinator@demo.groupkap.org", name: "Casey Coordinator", roles: ["COORDINATOR"] },
  { email: "facilitator@demo.groupkap.org", name: "Frankie Facilitator", roles: ["FACILITATOR"] },
  { email: "facilitator2@demo.groupkap.org", name: "Morgan Facilitator", roles: ["FACILITATOR"] },
  // The demo's prescriber (a synthetic DEA number with a valid check digit).
  { email: "clinician@demo.groupkap.org", name: "Dr. Quinn Clinician", roles: ["CLINICIAN"], deaNumber: "BC1234563" },
  { email: "nurse@demo.groupkap.org", name: "Pat Nurse", roles: ["CLINICIAN"] },
  { email: "facilitator3@demo.groupkap.org", name: "Jamie Facilitator", roles: ["FACILITATOR"] },
  { email: "analyst@demo.groupkap.org", name: "Alex Analyst", roles: ["ANALYST"] },
  { email: "lead@demo.groupkap.org", name: "Riley Program Lead", roles: ["COORDINATOR", "ANALYST"] },
];

/** Creates demo data when the database has no users. Returns whether it did. */
export async function seedDemoData(db: Db, { today = new Date() }: { today?: Date } = {}): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = new Map<string, string>();
  await db.$transaction(async (tx) => {
    for (const u of DEMO_USERS) {
      const user = await tx.user.create({
        data: {
          email: u.email,
          name: u.name,
          passwordHash,
          isPrescriber: !!u.deaNumber,
          deaNumber: u.deaNumber ?? null,
          roles: { create: u.roles.map((roleCode) => ({ roleCode })) },
        },
      });
      users.set(u.email.split("@")[0], user.id);
      await audit(tx, {
        actor: null,
        actorLabel: "seed",
        action: "user.create",
        entityType: "User",
        entityId: user.id,
        summary: `Demo user ${u.email} (${u.roles.join(", ")}${u.deaNumber ? ", prescriber" : ""})`,
      });
    }
  });
  const cohorts = await seedDemoScheduling(db, users, today);
  // Documentation first: dosing records decide who was "dosed" for measures and AE rates.
  await seedDemoSessionDocs(db, { completedCohortId: cohorts.completedCohortId });
  await seedDemoMeasures(db, { completedCohortId: cohorts.completedCohortId, activeCohortId: cohorts.activeCohortId }, today);
  await seedDemoAdverseEvents(db, { completedCohortId: cohorts.completedCohortId, activeCohortId: cohorts.activeCohortId });
  await seedDemoConsents(db, users, today);
  await seedDemoOutreach(db, today);
  await seedDemoReferrals(db, { coordinatorId: users.get("coordinator")!, clinicianId: users.get("clinician")! }, today);
  return true;
}

// ---------------------------------------------------------------------------------
// Demo sites, cohorts and participants (synthetic).

const FIRST_NAMES = [
  "Alex",
  "Blair",
  "Cameron",
  "Dana",
  "Emery",
  "Finley",
  "Gray",
  "Harper",
  "Indy",
  "Jesse",
  "Kendall",
  "Logan",
  "Marlow",
  "Noel",
  "Oakley",
  "Parker",
  "Quincy",
  "Reese",
  "Sage",
  "Tatum",
  "Umi",
  "Val",
  "Wren",
  "Yael",
];
const LAST_NAMES = [
  "Abbott",
  "Brennan",
  "Castillo",
  "Dawson",
  "Ellery",
  "Fontaine",
  "Garrison",
  "Hollis",
  "Iverson",
  "Jaramillo",
  "Kowalski",
  "Lindqvist",
  "Moreau",
  "Nakamura",
  "Okafor",
  "Pruitt",
  "Quarles",
  "Rasmussen",
  "Sandoval",
  "Thorne",
  "Ulrich",
  "Varga",
  "Whitfield",
  "Yamada",
];
const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

function demoRandom(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

type DemoCohortSpec = {
  name: string;
  template: ProgramTemplate;
  startDate: string;
  timeZone: string;
  site: string;
  room: string;
  status: "COMPLETED" | "ACTIVE" | "ENROLLING";
  capacity: number;
  staff: { user: string; role: "LEAD_FACILITATOR" | "FACILITATOR" | "CLINICIAN" }[];
  participants: { occupation: string; status: string; reason?: string }[];
};

export type DemoCohortIds = { completedCohortId: string; activeCohortId: string; enrollingCohortId: string };

async function seedDemoScheduling(db: Db, users: Map<string, string>, today: Date): Promise<DemoCohortIds> {
  const rand = demoRandom(20261122);
  const sites = {
    loveland: await db.site.create({
      data: {
        name: "Loveland Wellness Center",
        timeZone: "America/Denver",
        address: "200 Example Ave, Loveland, CO",
        // Site data, not code: each site names its own crisis line.
        crisisLine: "Call or text 988 (Suicide & Crisis Lifeline) any time; in an emergency call 911.",
        rooms: {
          create: [
            { name: "Group room A", capacity: 10 },
            { name: "Dosing suite", capacity: 8 },
          ],
        },
      },
      include: { rooms: true },
    }),
    berlin: await db.site.create({
      data: {
        name: "Praxis Berlin Mitte",
        timeZone: "Europe/Berlin",
        address: "Beispielstraße 1, Berlin",
        crisisLine: "Telefonseelsorge 0800 111 0 111 (free, day and night); in an emergency call 112.",
        rooms: { create: [{ name: "Gruppenraum 1", capacity: 8 }] },
      },
      include: { rooms: true },
    }),
  };
  const [firstResponders, burnout] = SEED_TEMPLATES;
  const programs = new Map((await db.program.findMany({ include: { versions: true } })).map((p) => [p.name, p]));
  const job = (occupations: string[], statuses: string[]) =>
    statuses.map((status, i) => ({ occupation: occupations[i % occupations.length], status }));
  const specs: DemoCohortSpec[] = [
    {
      name: "First responders — Spring 2026",
      template: firstResponders,
      startDate: "2026-03-02",
      timeZone: "America/Denver",
      site: "loveland",
      room: "Group room A",
      status: "COMPLETED",
      capacity: 8,
      staff: [
        { user: "facilitator", role: "LEAD_FACILITATOR" },
        { user: "facilitator3", role: "FACILITATOR" },
        { user: "clinician", role: "CLINICIAN" },
      ],
      participants: [
        ...job(["FIREFIGHTER", "POLICE", "EMS", "NURSE", "PHYSICIAN", "FIREFIGHTER", "EMS"], Array(7).fill("COMPLETED")),
        { occupation: "POLICE", status: "WITHDRAWN", reason: "Moved out of state after the second dosing session" },
      ],
    },
    {
      name: "Burnout program — Fall 2026",
      template: burnout,
      startDate: "2026-11-02",
      timeZone: "America/Denver",
      site: "loveland",
      room: "Dosing suite",
      status: "ACTIVE",
      capacity: 8,
      staff: [
        { user: "facilitator", role: "LEAD_FACILITATOR" },
        { user: "facilitator3", role: "FACILITATOR" },
        { user: "clinician", role: "CLINICIAN" },
        { user: "nurse", role: "CLINICIAN" },
      ],
      participants: job(["NURSE", "PHYSICIAN", "OTHER_HEALTHCARE", "NURSE", "PHYSICIAN", "OTHER"], Array(6).fill("ACTIVE")),
    },
    {
      name: "First responders — Berlin Winter 2027",
      template: firstResponders,
      startDate: "2027-01-11",
      timeZone: "Europe/Berlin",
      site: "berlin",
      room: "Gruppenraum 1",
      status: "ENROLLING",
      capacity: 6,
      staff: [
        { user: "facilitator", role: "LEAD_FACILITATOR" },
        { user: "facilitator3", role: "FACILITATOR" },
        { user: "nurse", role: "CLINICIAN" },
      ],
      participants: job(
        ["FIREFIGHTER", "POLICE", "EMS", "FIREFIGHTER", "NURSE", "EMS", "POLICE"],
        ["ENROLLED", "ENROLLED", "ENROLLED", "ENROLLED", "SCREENING", "SCREENING", "REFERRED"],
      ),
    },
  ];

  const ids: string[] = [];
  let person = 0;
  for (const spec of specs) {
    const program = programs.get(spec.template.name)!;
    const version = program.versions.find((v) => v.version === program.version)!;
    const template = readValidProgramDefinition(version.definition);
    const sessions = expandTemplate({ template, startDate: spec.startDate, timeZone: spec.timeZone });
    const site = sites[spec.site as keyof typeof sites];
    const room = site.rooms.find((r) => r.name === spec.room)!;
    const cohort = await db.$transaction(async (tx) => {
      const cohort = await tx.cohort.create({
        data: {
          name: spec.name,
          programId: program.id,
          programVersionId: version.id,
          startDate: spec.startDate,
          endDate: cohortEndDate(sessions, spec.timeZone) ?? spec.startDate,
          timeZone: spec.timeZone,
          siteId: site.id,
          roomId: room.id,
          capacity: spec.capacity,
          status: spec.status,
          staff: { create: spec.staff.map((s) => ({ userId: users.get(s.user)!, role: s.role })) },
        },
      });
      for (const s of sessions) {
        await tx.groupSession.create({
          data: {
            cohortId: cohort.id,
            planIndex: s.index,
            kind: s.kind,
            title: s.title,
            startsAt: s.startsAt,
            endsAt: s.endsAt,
            roomId: room.id,
            status: s.endsAt < today ? "COMPLETED" : "SCHEDULED",
            requiredStaff: JSON.stringify(s.requiredStaff),
            route: s.route ?? null,
            staff: {
              create: spec.staff.map((st) => ({
                userId: users.get(st.user)!,
                role: st.role === "CLINICIAN" ? "CLINICIAN" : "FACILITATOR",
              })),
            },
          },
        });
      }
      await audit(tx, {
        actor: null,
        actorLabel: "seed",
        action: "cohort.create",
        entityType: "Cohort",
        entityId: cohort.id,
        summary: `Demo cohort ${spec.name} (${sessions.length} sessions)`,
      });
      return cohort;
    });
    ids.push(cohort.id);

    for (const p of spec.participants) {
      const first = FIRST_NAMES[person % FIRST_NAMES.length];
      const last = LAST_NAMES[(person * 7 + 3) % LAST_NAMES.length];
      person += 1;
      let code = "GK-";
      for (let i = 0; i < 5; i++) code += CODE_ALPHABET[Math.floor(rand() * CODE_ALPHABET.length)];
      const year = 1966 + Math.floor(rand() * 34);
      const dob = `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rand() * 28)).padStart(2, "0")}`;
      const consented = ["ACTIVE", "COMPLETED", "WITHDRAWN"].includes(p.status) || p.status === "ENROLLED";
      const participant = await db.participant.create({
        data: {
          code,
          firstName: first,
          lastName: last,
          dateOfBirth: dob,
          sex: rand() < 0.5 ? "FEMALE" : "MALE",
          occupation: p.occupation,
          email: `${first}.${last}@example.org`.toLowerCase(),
          // E.164 (what text messages need), a fictional +1 555 number.
          phone: `+1555010${String(person).padStart(4, "0")}`,
          contactConsentAt: today,
          contactConsentById: users.get("coordinator") ?? null,
          emergencyContactName: `${FIRST_NAMES[(person + 5) % FIRST_NAMES.length]} ${last}`,
          emergencyContactPhone: `+1-555-02${String(person).padStart(2, "0")}`,
          weightKg: Math.round(55 + rand() * 45),
        },
      });
      const path = ["REFERRED", "SCREENING", "ELIGIBLE", "ENROLLED", "ACTIVE", p.status === "WITHDRAWN" ? "WITHDRAWN" : "COMPLETED"];
      const upto = p.status === "WITHDRAWN" ? path.length : path.indexOf(p.status) + 1;
      await db.enrollment.create({
        data: {
          participantId: participant.id,
          cohortId: cohort.id,
          status: p.status,
          statusReason: p.reason ?? null,
          // The first of the start month, never after today (the app refuses a future consent date).
          consentDate: consented ? [spec.startDate.replace(/-\d\d$/, "-01"), today.toISOString().slice(0, 10)].sort()[0] : null,
          withdrawnOn: p.status === "WITHDRAWN" ? "2026-03-25" : null,
          history: {
            create: path.slice(0, upto).map((to, i) => ({
              fromStatus: i === 0 ? null : path[i - 1],
              toStatus: to,
              reason: to === "WITHDRAWN" ? (p.reason ?? null) : null,
              changedById: users.get("coordinator") ?? null,
            })),
          },
        },
      });
    }
  }
  return { completedCohortId: ids[0], activeCohortId: ids[1], enrollingCohortId: ids[2] };
}
