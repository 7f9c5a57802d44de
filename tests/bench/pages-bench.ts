// Page load benchmark: the production server under concurrent requests, page by page.
//   npx tsx tests/bench/pages-bench.ts [--quick] [--json] [--duration 15] [--connections 10,50]
//     [--instances 1] [--port 3400] [--keep] [--reuse URL] [--only path-substring] [--profile DIR]
//     [--path NAME=/path ...] [--gzip]
//     [--postgres postgresql://postgres@127.0.0.1:5432/postgres]   (a scratch PostgreSQL database
//                                   instead of a scratch SQLite file; vacuumed and analyzed once built)
// It builds a database of 10,000 participants in 200 cohorts of 50 whose start dates span the past
// year (--quick: 1,000 in 20, 50k audit rows, 3 s runs): every cohort's sessions from the seeded
// program templates, attendance, signed group notes with observations, signed dosing records with
// vitals and their ledger entries (one ketamine lot per cohort), the expected questionnaires (those
// whose window has closed completed or missed), adverse events with their safety signals, and
// 500,000 audit rows. --keep keeps it and prints its URL; --reuse URL benchmarks such a database
// again without building. It builds the app (npm run build) when build/ is missing or older than
// the sources, starts --instances servers as `npm start` does (its node flags, e.g. the heap
// limit, then build/server/cli.js serve, NODE_ENV=production, SERVER_TIMING=1) on consecutive ports, signs in as a user with every role but facilitator and,
// for each connection count, drives each page with autocannon for --duration seconds, the
// connections spread evenly over the instances, after a 1 s warm-up of every page (not
// recorded). /login (signed out) is the baseline.
// Columns:
//   page, path     the page and the URL requested (ids: a mid-size active cohort, one of its
//                  participants, a past group session and a past dosing session of it)
//   conns          concurrent connections (all instances together)
//   rps            completed requests per second (all instances together)
//   p50, p99       response time percentiles in ms, over every response of the run
//   x_login        the page's p50 ÷ /login's p50 at the same connection count, /login's from a
//                  run of its own (3 s, or --duration if shorter) just before the page's: a shared
//                  machine's speed drifts over a run of minutes, and a multiple of a /login run
//                  measured minutes earlier moved with it
//   cpu_ms         the server processes' CPU time (user + system, /proc/<pid>/stat, all their
//                  threads) during the run ÷ the requests completed: steadier from run to run than
//                  the latencies, which a busy or noisy machine moves (PostgreSQL's own CPU is not in it)
//   x_login_cpu    the page's cpu_ms ÷ that /login run's (login_cpu_ms)
//   queries        SQL statements of one request of the page (its Server-Timing header, read by
//                  the second of two requests before the run, with the navigation's counts cached)
//   non2xx, errors responses other than 2xx and connection errors/timeouts (any is a failure: the
//                  script exits 1 after printing everything)
// and the peak resident memory (VmRSS) of the busiest server process over the whole run, then the
// statements the servers logged as slower than 250 ms (SLOW_QUERY_MS) during the whole run,
// background jobs included (the five longest; one of 5 s or more fails the run).
// --path NAME=/path (repeatable) adds a signed-in page to the list (with --only NAME, that page).
// --gzip asks for compressed answers (Accept-Encoding: gzip), as browsers do: the compression's
// CPU is then in cpu_ms, and it grows with a page's size.
// --profile DIR writes each server's CPU profile (node --cpu-prof) to DIR when it stops: with
// --only, a profile of one page under load (open it in Chrome DevTools or speedscope).
// --json prints only {"pages": [{page, path, connections, rps, p50_ms, p99_ms, x_login, cpu_ms,
// x_login_cpu, login_cpu_ms, queries}],
// "rss_peak_mb": n, "slow_statements": [{ms, sql}]} to stdout; progress goes to stderr.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { scratchDatabase, type ScratchDb } from "./scratch-db";
import { buildIfStale, signIn, startFlags } from "./server";

const { values } = parseArgs({
  options: {
    json: { type: "boolean" },
    quick: { type: "boolean" },
    duration: { type: "string" },
    connections: { type: "string" },
    instances: { type: "string" },
    port: { type: "string" },
    keep: { type: "boolean" },
    reuse: { type: "string" },
    only: { type: "string" },
    profile: { type: "string" },
    postgres: { type: "string" },
    path: { type: "string", multiple: true },
    gzip: { type: "boolean" },
  },
});
// --gzip: every request asks for a compressed answer, as a browser does (autocannon asks for none).
const ACCEPT: Record<string, string> = values.gzip ? { "accept-encoding": "gzip" } : {};
const QUICK = Boolean(values.quick);
const PARTICIPANTS = QUICK ? 1_000 : 10_000;
const COHORTS = QUICK ? 20 : 200;
const AUDIT_ROWS = QUICK ? 50_000 : 500_000;
const DURATION = Number(values.duration ?? (QUICK ? 3 : 15));
const CONNECTIONS = (values.connections ?? "10,50").split(",").map(Number);
const INSTANCES = Number(values.instances ?? 1);
const BASE_PORT = Number(values.port ?? 3400);
const EMAIL = "bench@bench.groupkap.org";
const PASSWORD = "bench-password-2026";

const log = (msg: string) => {
  if (values.json) process.stderr.write(`${msg}\n`);
  else console.log(msg);
};

const DAY = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------
// The database

async function connect(url: string) {
  process.env.DATABASE_URL = url;
  const { resetEnvCache } = await import("~/utils/env.server");
  resetEnvCache();
  const { dbReady, disconnectDb } = await import("~/utils/db.server");
  await disconnectDb();
  return { db: await dbReady(), disconnectDb };
}

async function buildDatabase(): Promise<{ url: string; fresh: ScratchDb }> {
  const fresh = await scratchDatabase(QUICK ? "pages_quick" : "pages", values.postgres);
  const url = fresh.url;
  const started = performance.now();
  const step = (what: string) => log(`  ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], {
    stdio: "ignore",
    env: { ...process.env, DATABASE_URL: url },
  });
  const { db, disconnectDb } = await connect(url);
  const { seedReferenceData } = await import("~/demo/seed.server");
  const { hashPassword } = await import("~/utils/auth.server");
  const { expandTemplate, cohortEndDate } = await import("~/domain/scheduling/expand");
  const { readValidProgramDefinition } = await import("~/domain/scheduling/programDefinition");
  const { syncAllExpectedAssessments, scoreResponses } = await import("~/models/assessment.server");
  const { getInstrument, isInstrumentCode } = await import("~/domain/instruments");
  await seedReferenceData(db);
  step("migrated, reference data");

  const insert = async <T>(rows: T[], size: number, run: (batch: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += size) await run(rows.slice(i, i + size));
  };
  // The big tables: multi-row INSERTs, a few per transaction, several times faster than
  // createMany. Columns the client fills in (ids, timestamps) are given by the caller.
  const postgres = Boolean(values.postgres);
  const param = (v: unknown) => (v instanceof Date ? (postgres ? v.toISOString() : v.toISOString().replace("Z", "+00:00")) : v);
  const stamped = new Date();
  const stamp = (rows: object[], prefix: string, times: string[]) =>
    rows.map((r, i) => ({ id: `bench-${prefix}-${i}`, ...r, ...Object.fromEntries(times.map((t) => [t, stamped])) }));
  const rawInsert = async (table: string, rows: Record<string, unknown>[]) => {
    if (!rows.length) return;
    const cols = Object.keys(rows[0]);
    const per = Math.min(1000, Math.floor(30_000 / cols.length));
    const statements: [string, unknown[]][] = [];
    for (let i = 0; i < rows.length; i += per) {
      const batch = rows.slice(i, i + per);
      let n = 0;
      const tuples = batch.map(() => `(${cols.map(() => (postgres ? `$${++n}` : "?")).join(",")})`);
      const sql = `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(",")}) VALUES ${tuples.join(",")}`;
      statements.push([sql, batch.flatMap((r) => cols.map((c) => param(r[c] ?? null)))]);
    }
    for (let i = 0; i < statements.length; i += 10) {
      await db.$transaction(statements.slice(i, i + 10).map(([sql, args]) => db.$executeRawUnsafe(sql, ...args)));
    }
  };

  // Users: the bench user (every role but facilitator, so it sees every page) and staff.
  const passwordHash = await hashPassword(PASSWORD);
  await db.user.create({
    data: {
      id: "bench-user",
      email: EMAIL,
      name: "Bench User",
      passwordHash,
      roles: { create: ["ADMIN", "COORDINATOR", "CLINICIAN", "ANALYST"].map((roleCode) => ({ roleCode })) },
    },
  });
  const staff = Array.from({ length: 24 }, (_, i) => ({
    id: `bench-staff-${i}`,
    email: `staff${i}@bench.groupkap.org`,
    name: `Staff Member ${i}`,
    passwordHash,
    role: i % 3 === 2 ? "CLINICIAN" : "FACILITATOR",
  }));
  await db.user.createMany({ data: staff.map(({ role: _r, ...u }) => u) });
  await db.userRole.createMany({ data: staff.map((u) => ({ userId: u.id, roleCode: u.role })) });
  const facilitators = staff.filter((s) => s.role === "FACILITATOR");
  const clinicians = staff.filter((s) => s.role === "CLINICIAN");

  const siteSpecs = [
    { name: "Bench site Denver", timeZone: "America/Denver" },
    { name: "Bench site Boston", timeZone: "America/New_York" },
    { name: "Bench site Berlin", timeZone: "Europe/Berlin" },
  ];
  const sites = [];
  for (const s of siteSpecs) {
    sites.push(
      await db.site.create({
        data: { ...s, rooms: { create: Array.from({ length: 8 }, (_, r) => ({ name: `Room ${r + 1}`, capacity: 12 })) } },
        include: { rooms: true },
      }),
    );
  }
  const programs = await db.program.findMany({ include: { versions: true }, orderBy: { name: "asc" } });

  // Cohorts and their sessions, start dates spread over the past year (the last few not started).
  const now = new Date();
  const perCohort = Math.floor(PARTICIPANTS / COHORTS);
  type CohortPlan = { id: string; status: string; sessions: { id: string; kind: string; startsAt: Date; endsAt: Date; past: boolean }[] };
  const cohortPlans: CohortPlan[] = [];
  const cohortRows = [];
  const sessionRows = [];
  const cohortStaffRows = [];
  const sessionStaffRows = [];
  for (let c = 0; c < COHORTS; c++) {
    const program = programs[c % programs.length];
    const version = program.versions.find((v) => v.version === program.version)!;
    const template = readValidProgramDefinition(version.definition);
    const site = sites[c % sites.length];
    const room = site.rooms[Math.floor(c / sites.length) % site.rooms.length];
    const startDate = isoDate(new Date(now.getTime() + (-365 + Math.floor((c * 395) / COHORTS)) * DAY));
    const expanded = expandTemplate({ template, startDate, timeZone: site.timeZone });
    const id = `bench-cohort-${c}`;
    const status = expanded.at(-1)!.endsAt < now ? "COMPLETED" : expanded[0].startsAt < now ? "ACTIVE" : c % 2 ? "ENROLLING" : "PLANNED";
    const lead = facilitators[c % facilitators.length];
    const co = facilitators[(c + 5) % facilitators.length];
    const clinician = clinicians[c % clinicians.length];
    cohortRows.push({
      id,
      name: `Bench cohort ${String(c + 1).padStart(3, "0")}`,
      programId: program.id,
      programVersionId: version.id,
      startDate,
      endDate: cohortEndDate(expanded, site.timeZone) ?? startDate,
      timeZone: site.timeZone,
      siteId: site.id,
      roomId: room.id,
      capacity: perCohort,
      status,
    });
    cohortStaffRows.push(
      { cohortId: id, userId: lead.id, role: "LEAD_FACILITATOR" },
      { cohortId: id, userId: co.id, role: "FACILITATOR" },
      { cohortId: id, userId: clinician.id, role: "CLINICIAN" },
    );
    const plan: CohortPlan = { id, status, sessions: [] };
    for (const s of expanded) {
      const sid = `${id}-s${s.index}`;
      const past = s.endsAt < now;
      sessionRows.push({
        id: sid,
        cohortId: id,
        planIndex: s.index,
        kind: s.kind,
        title: s.title,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        roomId: room.id,
        status: past ? "COMPLETED" : "SCHEDULED",
        requiredStaff: JSON.stringify(s.requiredStaff),
        route: s.route ?? null,
      });
      sessionStaffRows.push(
        { sessionId: sid, userId: lead.id, role: "FACILITATOR" },
        { sessionId: sid, userId: co.id, role: "FACILITATOR" },
      );
      if (s.kind === "DOSING") sessionStaffRows.push({ sessionId: sid, userId: clinician.id, role: "CLINICIAN" });
      plan.sessions.push({ id: sid, kind: s.kind, startsAt: s.startsAt, endsAt: s.endsAt, past });
    }
    cohortPlans.push(plan);
  }
  await insert(cohortRows, 500, (b) => db.cohort.createMany({ data: b }));
  await insert(cohortStaffRows, 2000, (b) => db.cohortStaff.createMany({ data: b }));
  await insert(sessionRows, 1000, (b) => db.groupSession.createMany({ data: b }));
  await insert(sessionStaffRows, 2000, (b) => db.sessionStaff.createMany({ data: b }));
  step(`${COHORTS} cohorts, ${sessionRows.length} sessions`);

  // Participants and enrollments.
  const FIRST = ["Alex", "Blair", "Cameron", "Dana", "Emery", "Finley", "Gray", "Harper", "Indy", "Jesse", "Kendall", "Logan"];
  const LAST = ["Abbott", "Brennan", "Castillo", "Dawson", "Ellery", "Fontaine", "Garrison", "Hollis", "Iverson", "Kowalski"];
  const occupations = ["FIREFIGHTER", "POLICE", "EMS", "NURSE", "PHYSICIAN", "OTHER_HEALTHCARE"];
  const participantRows = [];
  const enrollmentRows = [];
  const historyRows = [];
  type Member = { enrollmentId: string; participantId: string; code: string; status: string; weightKg: number };
  const members = new Map<string, Member[]>();
  for (let i = 0; i < PARTICIPANTS; i++) {
    const c = Math.min(Math.floor(i / perCohort), COHORTS - 1);
    const plan = cohortPlans[c];
    const k = i % perCohort;
    const id = `bench-p-${i}`;
    const code = `BK-${String(i).padStart(6, "0")}`;
    const weightKg = 55 + (i % 45);
    participantRows.push({
      id,
      code,
      firstName: FIRST[i % FIRST.length],
      lastName: `${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i}`,
      dateOfBirth: `19${60 + (i % 40)}-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`,
      sex: i % 2 ? "MALE" : "FEMALE",
      occupation: occupations[i % occupations.length],
      email: `participant${i}@example.org`,
      phone: `+1-555-${String(i).padStart(7, "0")}`,
      weightKg,
      // Consent to be contacted: the outreach planner gives them messages (below).
      contactConsentAt: new Date("2025-01-01T00:00:00Z"),
    });
    const status =
      plan.status === "COMPLETED"
        ? k % 10 === 9
          ? "WITHDRAWN"
          : "COMPLETED"
        : plan.status === "ACTIVE"
          ? k % 12 === 11
            ? "WITHDRAWN"
            : "ACTIVE"
          : k % 5 === 4
            ? "SCREENING"
            : k % 7 === 6
              ? "REFERRED"
              : "ENROLLED";
    const enrollmentId = `bench-e-${i}`;
    enrollmentRows.push({
      id: enrollmentId,
      participantId: id,
      cohortId: plan.id,
      status,
      consentDate: ["REFERRED", "SCREENING"].includes(status) ? null : cohortRows[c].startDate,
      withdrawnOn: status === "WITHDRAWN" ? cohortRows[c].startDate : null,
      statusReason: status === "WITHDRAWN" ? "Moved away" : null,
    });
    const steps = ["REFERRED", "SCREENING", "ELIGIBLE", "ENROLLED", "ACTIVE", status === "WITHDRAWN" ? "WITHDRAWN" : "COMPLETED"];
    const upto = status === "WITHDRAWN" ? steps.length : steps.indexOf(status) + 1;
    for (let s = 0; s < upto; s++)
      historyRows.push({ enrollmentId, fromStatus: s ? steps[s - 1] : null, toStatus: steps[s], changedById: "bench-user" });
    const list = members.get(plan.id) ?? [];
    list.push({ enrollmentId, participantId: id, code, status, weightKg });
    members.set(plan.id, list);
  }
  await insert(participantRows, 1000, (b) => db.participant.createMany({ data: b }));
  await insert(enrollmentRows, 1000, (b) => db.enrollment.createMany({ data: b }));
  await rawInsert("EnrollmentStatusChange", stamp(historyRows, "h", ["changedAt"]));
  step(`${PARTICIPANTS} participants, ${historyRows.length} status changes`);

  // Session documentation, dosing, the ledger, adverse events and their signals.
  const attendanceRows = [];
  const noteRows = [];
  const observationRows = [];
  const lotRows = [];
  const ledgerRows = [];
  const dosingRows = [];
  const vitalsRows = [];
  const aeRows = [];
  const signalRows = [];
  let dosed = 0;
  const checklist = JSON.stringify([{ key: "npo", label: "Nothing by mouth for 4 hours", answer: "YES" }]);
  for (const [c, plan] of cohortPlans.entries()) {
    const cohortMembers = members.get(plan.id) ?? [];
    const lead = cohortStaffRows[c * 3].userId;
    const clinician = cohortStaffRows[c * 3 + 2].userId;
    const lotId = `${plan.id}-lot`;
    const totalUg = 50 * 10 * 20 * 1000; // 50 mg/mL × 10 mL × 20 vials
    let balance = totalUg;
    let seq = 1;
    const past = plan.sessions.filter((s) => s.past);
    if (past.length) {
      const receivedAt = new Date(plan.sessions[0].startsAt.getTime() - 14 * DAY);
      lotRows.push({
        id: lotId,
        siteId: cohortRows[c].siteId,
        lotNumber: `BENCH-${String(c).padStart(4, "0")}`,
        product: "Ketamine HCl injection, USP (bench)",
        concentrationMgPerMl: "50",
        vialVolumeMl: "10",
        vialCount: 20,
        totalUg,
        supplier: "Bench Pharma Supply",
        invoiceNumber: `INV-B-${c}`,
        expiryDate: isoDate(new Date(now.getTime() + 400 * DAY)),
        receivedAt,
        createdById: clinician,
      });
      ledgerRows.push({
        lotId,
        seq: seq++,
        type: "RECEIVE",
        amountUg: totalUg,
        balanceAfterUg: balance,
        recordedById: clinician,
        recordedAt: receivedAt,
      });
    }
    for (const [si, s] of past.entries()) {
      const attending: Member[] = [];
      for (const [ei, m] of cohortMembers.entries()) {
        if (!["ENROLLED", "ACTIVE", "COMPLETED", "WITHDRAWN"].includes(m.status)) continue;
        if (m.status === "WITHDRAWN" && si > 1) continue;
        const status = (si + ei) % 9 === 4 ? "EXCUSED" : (si + ei) % 11 === 6 ? "LATE" : "PRESENT";
        attendanceRows.push({ sessionId: s.id, enrollmentId: m.enrollmentId, status, recordedById: lead });
        if (status !== "EXCUSED") attending.push(m);
      }
      const noteId = `${s.id}-note`;
      noteRows.push({
        id: noteId,
        sessionId: s.id,
        authorId: lead,
        status: "SIGNED",
        signedAt: new Date(s.endsAt.getTime() + 3_600_000),
        themes: "Synthetic themes: sleep, returning to work, moral injury.",
        process: "Synthetic process notes: the group settled quickly and members responded to each other.",
        interventions: "Synthetic interventions: grounding exercise, paired reflection, closing round.",
      });
      for (const m of attending)
        observationRows.push({ noteId, enrollmentId: m.enrollmentId, text: `Observation for ${m.code}: engaged, calm at close.` });
      if (s.kind !== "DOSING") continue;
      for (const [ei, m] of attending.entries()) {
        const givenAt = new Date(s.startsAt.getTime() + (30 + ei * 3) * 60_000);
        const doseUg = Math.round(m.weightKg * 0.5) * 1000;
        const recordId = `${s.id}-d${ei}`;
        dosingRows.push({
          id: recordId,
          sessionId: s.id,
          enrollmentId: m.enrollmentId,
          status: "SIGNED",
          preDoseChecklist: checklist,
          preDoseSystolic: 118 + ((ei * 3) % 15),
          preDoseDiastolic: 76 + (ei % 8),
          preDoseHeartRate: 70 + (ei % 20),
          preDoseSpo2: 98,
          preDoseTakenAt: new Date(givenAt.getTime() - 20 * 60_000),
          doseUg,
          weightG: m.weightKg * 1000,
          route: "IM",
          lotId,
          givenAt,
          givenById: clinician,
          cadss6: JSON.stringify({ item1: 1, item2: 1, item6: 0, item7: 1, item15: 0, item22: 1 }),
          dischargeChecklist: JSON.stringify({
            orientedToBaseline: true,
            walkingSteadily: true,
            vitalsWithinRange: true,
            escortPresent: true,
          }),
          escortName: "Synthetic escort",
          dischargedAt: new Date(givenAt.getTime() + 150 * 60_000),
          signedAt: new Date(givenAt.getTime() + 160 * 60_000),
          signedById: clinician,
        });
        for (const minutes of [40, 140]) {
          vitalsRows.push({
            dosingRecordId: recordId,
            takenAt: new Date(givenAt.getTime() + minutes * 60_000),
            timepoint: minutes === 140 ? "PRE_DISCHARGE" : "POST_DOSE",
            systolic: 128 - minutes / 10,
            diastolic: 80,
            heartRate: 78,
            spo2: 98,
            recordedById: clinician,
          });
        }
        balance -= doseUg;
        ledgerRows.push({
          lotId,
          seq: seq++,
          type: "ADMINISTER",
          amountUg: doseUg,
          balanceAfterUg: balance,
          participantId: m.participantId,
          dosingRecordId: recordId,
          recordedById: clinician,
          recordedAt: givenAt,
          note: s.id,
        });
        dosed += 1;
        if (dosed % 25 === 0) {
          const grade = dosed % 200 === 0 ? 3 : 1 + (dosed % 2);
          const serious = dosed % 1000 === 0;
          const onsetAt = new Date(givenAt.getTime() + 40 * 60_000);
          const closed = plan.status === "COMPLETED";
          const aeId = `bench-ae-${dosed}`;
          aeRows.push({
            id: aeId,
            participantId: m.participantId,
            cohortId: plan.id,
            sessionId: s.id,
            term: ["NAUSEA", "DIZZINESS", "ELEVATED_BLOOD_PRESSURE", "HEADACHE"][dosed % 4],
            onsetAt,
            description: "Synthetic adverse event for the page benchmark.",
            grade,
            serious,
            seriousCriteria: serious ? JSON.stringify(["HOSPITALIZATION"]) : "[]",
            seriousSince: serious ? onsetAt : null,
            relatednessKetamine: "POSSIBLE",
            relatednessGroup: "UNLIKELY",
            expected: !serious,
            actionTaken: "OBSERVATION_EXTENDED",
            outcome: closed ? "RECOVERED" : "RECOVERING",
            resolvedAt: closed ? new Date(onsetAt.getTime() + 2 * 3_600_000) : null,
            status: closed ? "CLOSED" : "OPEN",
            closedAt: closed ? new Date(onsetAt.getTime() + DAY) : null,
            closedById: closed ? clinician : null,
            recordedById: clinician,
            createdAt: onsetAt,
          });
          if (grade >= 3 || serious) {
            signalRows.push({
              kind: serious ? "SERIOUS_AE" : "AE_GRADE_3_PLUS",
              participantId: m.participantId,
              cohortId: plan.id,
              sourceType: "AdverseEvent",
              sourceId: aeId,
              detail: `Grade ${grade} adverse event`,
              createdAt: onsetAt,
              acknowledgedAt: closed ? new Date(onsetAt.getTime() + DAY) : null,
              acknowledgedById: closed ? clinician : null,
            });
          }
        }
      }
    }
  }
  await rawInsert("Attendance", stamp(attendanceRows, "a", ["createdAt", "updatedAt"]));
  await insert(noteRows, 1000, (b) => db.groupNote.createMany({ data: b }));
  await rawInsert("ParticipantObservation", stamp(observationRows, "o", ["createdAt", "updatedAt"]));
  await insert(lotRows, 500, (b) => db.ketamineLot.createMany({ data: b }));
  await insert(dosingRows, 1000, (b) => db.dosingRecord.createMany({ data: b }));
  await rawInsert("VitalsReading", stamp(vitalsRows, "v", ["createdAt"]));
  await insert(ledgerRows, 2000, (b) => db.ledgerEntry.createMany({ data: b }));
  await insert(aeRows, 1000, (b) => db.adverseEvent.createMany({ data: b }));
  await insert(signalRows, 1000, (b) => db.safetySignal.createMany({ data: b }));
  step(
    `${attendanceRows.length} attendance, ${observationRows.length} observations, ${dosingRows.length} dosing records, ` +
      `${ledgerRows.length} ledger entries, ${aeRows.length} adverse events, ${signalRows.length} signals`,
  );

  // Questionnaires: the app's own expected rows, then those whose window closed completed
  // (or, for a few, missed) in bulk, with answers scored by the domain code.
  await syncAllExpectedAssessments(db);
  const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
  let random = 12345;
  const rnd = () => (random = (Math.imul(random, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const codes = (await db.assessment.findMany({ distinct: ["instrumentCode"], select: { instrumentCode: true } })).map(
    (a) => a.instrumentCode,
  );
  for (const code of codes) {
    if (!isInstrumentCode(code)) continue;
    const def = getInstrument(code);
    for (const ch of ALPHABET) {
      const where = { instrumentCode: code, status: "EXPECTED", windowCloses: { lt: now }, id: { endsWith: ch } };
      if (ch === "z") {
        await db.assessment.updateMany({ where, data: { status: "MISSED" } });
        continue;
      }
      const responses = def.items.map((item) =>
        code === "PHQ9" && item.number === 9 ? 0 : def.min + Math.floor(rnd() * (def.max - def.min + 1)),
      );
      const { scores, scaleValues, scoringVersion } = scoreResponses(code, responses);
      await db.assessment.updateMany({
        where,
        data: {
          status: "COMPLETED",
          completedAt: now,
          completedOn: isoDate(now),
          source: "STAFF",
          enteredById: "bench-user",
          responses: JSON.stringify(responses),
          scores: JSON.stringify(scores),
          scaleValues,
          scoringVersion,
        },
      });
    }
  }
  // completedOn: the due date, as staff entry would have it.
  await db.$executeRawUnsafe(`UPDATE "Assessment" SET "completedOn" = "dueDate" WHERE "status" = 'COMPLETED'`);
  step(`${await db.assessment.count()} assessments (${await db.assessment.count({ where: { status: "COMPLETED" } })} completed)`);

  // Audit rows straight in, spread over the year.
  const actions = [
    ["participant.view", "Participant", "Viewed participant record"],
    ["attendance.record", "Attendance", "Recorded attendance"],
    ["assessment.complete", "Assessment", "Entered questionnaire"],
    ["dosing.sign", "DosingRecord", "Signed dosing record"],
    ["login.success", "User", "Signed in"],
    ["enrollment.status", "Enrollment", "Changed enrollment status"],
  ] as const;
  const actors = ["bench-user", ...staff.map((s) => s.id)];
  const yearMs = 365 * DAY;
  const chunk = 2500;
  for (let i = 0; i < AUDIT_ROWS; i += chunk) {
    const rows = [];
    for (let j = i; j < Math.min(AUDIT_ROWS, i + chunk); j++) {
      const [action, entityType, summary] = actions[j % actions.length];
      const p = j % PARTICIPANTS;
      rows.push({
        id: `bench-audit-${j}`,
        at: new Date(now.getTime() - yearMs + Math.floor((j / AUDIT_ROWS) * yearMs)),
        actorId: actors[j % actors.length],
        actorLabel: actors[j % actors.length],
        action,
        entityType,
        entityId: entityType === "Participant" ? `bench-p-${p}` : entityType === "User" ? actors[j % actors.length] : `bench-x-${j}`,
        summary: `${summary} (${entityType === "Participant" ? `BK-${String(p).padStart(6, "0")}` : j})`,
        details: j % 3 === 0 ? JSON.stringify({ path: `/participants/bench-p-${p}` }) : null,
        ip: `10.0.${(j >> 8) & 255}.${j & 255}`,
        userAgent: "Mozilla/5.0 (bench)",
      });
    }
    await rawInsert("AuditEvent", rows);
  }
  step(`${AUDIT_ROWS} audit rows`);
  // The outreach job runner's view of that year: every running cohort's messages planned,
  // and a week of them sent (to the outbox), so the message pages show real logs.
  {
    const { syncAllOutreach } = await import("~/models/outreach/planner.server");
    const { dispatchDue } = await import("~/models/outreach/dispatch.server");
    process.env.SMTP_URL = ""; // never a real server from the caller's environment: the outbox
    const weekAgo = new Date(Date.now() - 7 * 86_400_000);
    const planned = await syncAllOutreach(db, weekAgo);
    const sent = await dispatchDue({ now: new Date() });
    step(`${planned.created} messages planned, ${sent.length} sent to the outbox`);
  }
  if (values.postgres) {
    await db.$executeRawUnsafe("VACUUM ANALYZE");
    step("VACUUM ANALYZE");
  }
  await disconnectDb();
  return { url, fresh };
}

/**
 * --only: the page of that exact name if there is one, else every page whose name or path
 * contains it; several, separated by "|".
 */
function matchesOnly(p: { page: string; path: string }, only: string, pages: { page: string }[]): boolean {
  if (only.includes("|")) return only.split("|").some((one) => matchesOnly(p, one, pages));
  return pages.some((q) => q.page === only) ? p.page === only : p.page.includes(only) || p.path.includes(only);
}

/** The pages and the ids they are requested with. */
async function pickTargets(url: string) {
  const { db, disconnectDb } = await connect(url);
  const active = await db.cohort.findMany({
    where: { status: "ACTIVE" },
    select: { id: true, programId: true, name: true, _count: { select: { enrollments: true } } },
    orderBy: { startDate: "asc" },
  });
  if (!active.length) throw new Error("No active cohort in the database");
  // Mid-size: the median enrollment count, and of those the one in the middle of its run.
  const sorted = [...active].sort((a, b) => a._count.enrollments - b._count.enrollments);
  const cohort = sorted[Math.floor(sorted.length / 2)];
  const now = new Date();
  const past = await db.groupSession.findMany({ where: { cohortId: cohort.id, endsAt: { lt: now } }, orderBy: { startsAt: "desc" } });
  const session = past.find((s) => s.kind !== "DOSING") ?? past[0];
  const dosing = past.find((s) => s.kind === "DOSING");
  if (!session || !dosing) throw new Error(`Cohort ${cohort.name} has no past group and dosing session`);
  const enrollment = await db.enrollment.findFirstOrThrow({ where: { cohortId: cohort.id, status: "ACTIVE" }, orderBy: { id: "asc" } });
  const lead = await db.cohortStaff.findFirstOrThrow({ where: { cohortId: cohort.id }, orderBy: [{ role: "desc" }, { userId: "asc" }] });
  // The lot the participant was dosed from (a few hundred entries in the full-size database).
  const lot = await db.ketamineLot.findFirstOrThrow({
    where: { entries: { some: { participantId: enrollment.participantId } } },
    select: { id: true },
  });
  await disconnectDb();
  const today = isoDate(now);
  const pages: { page: string; path: string; signedIn: boolean }[] = [
    { page: "login", path: "/login", signedIn: false },
    { page: "healthz", path: "/healthz", signedIn: false },
    { page: "home (worklist)", path: "/", signedIn: true },
    { page: "cohorts", path: "/cohorts", signedIn: true },
    { page: "cohort schedule", path: `/cohorts/${cohort.id}`, signedIn: true },
    { page: "roster", path: `/cohorts/${cohort.id}/roster`, signedIn: true },
    { page: "measures", path: `/cohorts/${cohort.id}/measures`, signedIn: true },
    // The tracker opens on one timepoint; every timepoint's columns at once on request.
    { page: "measures, all timepoints", path: `/cohorts/${cohort.id}/measures?timepoint=all`, signedIn: true },
    // Checked against every other cohort's sessions overlapping the cohort's.
    { page: "cohort conflicts", path: `/cohorts/${cohort.id}/conflicts`, signedIn: true },
    // The cohort's AEs with their rates per dosing session.
    { page: "cohort adverse events", path: `/cohorts/${cohort.id}/adverse-events`, signedIn: true },
    { page: "participants", path: "/participants", signedIn: true },
    { page: "participant", path: `/participants/${enrollment.participantId}`, signedIn: true },
    // The participant's tabs: every session with attendance, observation and dosing; the questionnaires with charts.
    { page: "participant sessions", path: `/participants/${enrollment.participantId}/sessions`, signedIn: true },
    { page: "participant measures", path: `/participants/${enrollment.participantId}/measures`, signedIn: true },
    { page: "session", path: `/sessions/${session.id}`, signedIn: true },
    { page: "dosing board", path: `/sessions/${dosing.id}/dosing`, signedIn: true },
    // A staff member's conflicts across every cohort (the cohort's lead facilitator).
    { page: "staff conflicts", path: `/conflicts?user=${lead.userId}`, signedIn: true },
    { page: "calendar week", path: `/calendar?view=week&date=${today}`, signedIn: true },
    { page: "calendar month", path: `/calendar?view=month&date=${today}`, signedIn: true },
    { page: "safety inbox", path: "/safety", signedIn: true },
    { page: "adverse events", path: "/adverse-events", signedIn: true },
    { page: "ledger", path: "/ledger", signedIn: true },
    // One lot's ledger: its latest entries with running balances over the whole lot.
    { page: "lot ledger", path: `/ledger/lots/${lot.id}`, signedIn: true },
    { page: "audit log", path: "/admin/audit", signedIn: true },
    { page: "outbox", path: "/admin/outbox?where=all", signedIn: true },
    { page: "cohort messages", path: `/cohorts/${cohort.id}/messages`, signedIn: true },
    { page: "participant messages", path: `/participants/${enrollment.participantId}/contact`, signedIn: true },
    { page: "reports", path: "/reports", signedIn: true },
    { page: "cohort report", path: `/reports/cohort/${cohort.id}`, signedIn: true },
    { page: "program report", path: `/reports/program/${cohort.programId}`, signedIn: true },
    // --path NAME=PATH (repeatable): another signed-in page, e.g. "account=/account".
    ...(values.path ?? []).map((spec) => {
      const at = spec.indexOf("=");
      if (at < 1 || !spec.slice(at + 1).startsWith("/")) throw new Error(`--path wants NAME=/path, got "${spec}"`);
      return { page: spec.slice(0, at), path: spec.slice(at + 1), signedIn: true };
    }),
  ];
  return {
    cohortName: cohort.name,
    pages: values.only ? pages.filter((p) => p.page === "login" || matchesOnly(p, values.only!, pages)) : pages,
  };
}

// ---------------------------------------------------------------------------------
// The server

type Server = { port: number; proc: ChildProcess; output: string[] };

// Statements the servers log as slow (SLOW_QUERY_MS) during the whole run, background jobs
// included: on SQLite a statement blocks the server's one thread, so a slow one in a job (the
// outreach sweep once took 15 s) stalls every page. Reported after the table; one at or over
// SLOW_FAIL_MS fails the run. A statement's time is from its call to its answer being taken up:
// on PostgreSQL under 50 connections that includes waiting for a pool connection and for the
// busy thread, so a few hundred ms there is the load, not the statement.
const SLOW_LOG_MS = 250;
const SLOW_FAIL_MS = 5000;
type SlowStatement = { ms: number; sql: string };
const slowStatements: SlowStatement[] = [];
function collectSlow(text: string) {
  for (const m of text.matchAll(/\[slow query ([\d.]+) ms\] ([^\n]*)/g)) slowStatements.push({ ms: Number(m[1]), sql: m[2].slice(0, 160) });
}

/** The node flags `npm start` runs the server with (e.g. --max-old-space-size), and --profile's. */
function serverFlags(): string[] {
  const flags = startFlags();
  if (!values.profile) return flags;
  // The profile is written when the process exits: SIGTERM becomes a normal exit.
  const exitOnTerm = `data:text/javascript,process.on("SIGTERM",()=>process.exit(0))`;
  return [...flags, "--cpu-prof", `--cpu-prof-dir=${path.resolve(values.profile)}`, `--import=${exitOnTerm}`];
}

async function startServers(url: string): Promise<Server[]> {
  const servers: Server[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    const port = BASE_PORT + i;
    const proc = spawn(process.execPath, [...serverFlags(), "build/server/cli.js", "serve"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: url,
        PORT: String(port),
        HOST: "127.0.0.1",
        SERVER_TIMING: "1",
        SLOW_QUERY_MS: String(SLOW_LOG_MS),
        COOKIE_SECURE: "false",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: string[] = [];
    const keep = (b: Buffer) => {
      collectSlow(b.toString());
      output.push(b.toString());
      if (output.length > 200) output.shift();
    };
    proc.stdout!.on("data", keep);
    proc.stderr!.on("data", keep);
    servers.push({ port, proc, output });
  }
  for (const s of servers) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (s.proc.exitCode !== null) throw new Error(`Server on port ${s.port} exited:\n${s.output.join("")}`);
      const ok = await fetch(`http://127.0.0.1:${s.port}/healthz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`Server on port ${s.port} not healthy after 60 s:\n${s.output.join("")}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return servers;
}

/** Peak VmRSS (MB) of each process, sampled every 200 ms while running. */
function rssSampler(pids: number[]) {
  let peak = 0;
  const sample = () => {
    for (const pid of pids) {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
        peak = Math.max(peak, kb / 1024);
      } catch {
        // the process has ended
      }
    }
  };
  const timer = setInterval(sample, 200);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return Math.round(peak);
    },
  };
}

/** The five longest slow statements. */
function slowest(): SlowStatement[] {
  return [...slowStatements].sort((a, b) => b.ms - a.ms).slice(0, 5);
}

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

type Row = {
  page: string;
  path: string;
  connections: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  x_login: number;
  cpu_ms: number;
  x_login_cpu: number;
  login_cpu_ms: number;
  queries: number | null;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
};

async function probe(port: number, pagePath: string, cookie: string | null) {
  const res = await fetch(`http://127.0.0.1:${port}${pagePath}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
  await res.arrayBuffer();
  const m = /db;desc="(\d+) queries"/.exec(res.headers.get("server-timing") ?? "");
  return { status: res.status, queries: m ? Number(m[1]) : null };
}

/** One load run of a page: one autocannon per instance at once, the connections spread over them. */
async function loadRun(servers: Server[], pagePath: string, cookie: string | null, connections: number, duration = DURATION) {
  const latencies: number[] = [];
  const cpuBefore = cpuTicks(servers);
  const statuses: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  const runs = servers.map((s, i) => {
    const conns = Math.floor(connections / servers.length) + (i < connections % servers.length ? 1 : 0);
    return new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `http://127.0.0.1:${s.port}${pagePath}`,
          connections: conns,
          duration,
          headers: cookie ? { cookie, ...ACCEPT } : { ...ACCEPT },
          timeout: 30,
        },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
      instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
        latencies.push(responseTime);
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      });
    });
  });
  const results = await Promise.all(runs);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = (cpuTicks(servers) - cpuBefore) / CLOCK_TICKS;
  for (const r of results) errors += r.errors + r.timeouts;
  latencies.sort((a, b) => a - b);
  const non2xx = Object.entries(statuses)
    .filter(([code]) => !code.startsWith("2"))
    .reduce((n, [, count]) => n + count, 0);
  return {
    rps: Math.round((latencies.length / seconds) * 10) / 10,
    p50: Math.round(percentile(latencies, 50) * 10) / 10,
    p99: Math.round(percentile(latencies, 99) * 10) / 10,
    cpuMs: latencies.length ? Math.round((cpuSeconds * 1000 * 100) / latencies.length) / 100 : NaN,
    non2xx,
    errors,
    statuses,
  };
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU of the server processes so far, in clock ticks (0 where /proc is missing). */
function cpuTicks(servers: Server[]): number {
  let ticks = 0;
  for (const s of servers) {
    try {
      // Fields after the command's closing parenthesis: state is the 3rd field, utime the 14th.
      const fields = fs.readFileSync(`/proc/${s.proc.pid}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // no /proc (not Linux) or the process has ended
    }
  }
  return ticks;
}

function printTable(rows: Row[]) {
  const head = ["page", "path", "conns", "rps", "p50", "p99", "x_login", "cpu_ms", "x_cpu", "login_cpu", "queries", "non2xx", "errors"];
  const cells = rows.map((r) => [
    r.page,
    r.path,
    String(r.connections),
    r.rps.toFixed(1),
    r.p50_ms.toFixed(1),
    r.p99_ms.toFixed(1),
    r.x_login.toFixed(2),
    r.cpu_ms.toFixed(2),
    r.x_login_cpu.toFixed(2),
    r.login_cpu_ms.toFixed(2),
    r.queries === null ? "-" : String(r.queries),
    String(r.non2xx),
    String(r.errors),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i < 2 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join("  ");
  log(line(head));
  for (const c of cells) log(line(c));
}

async function main() {
  let url = values.reuse;
  let fresh: ScratchDb | undefined;
  if (!url) {
    log(`Building the database: ${PARTICIPANTS} participants, ${COHORTS} cohorts, ${AUDIT_ROWS} audit rows …`);
    const t = performance.now();
    const built = await buildDatabase();
    url = built.url;
    fresh = built.fresh;
    log(`Built in ${((performance.now() - t) / 1000).toFixed(1)} s (${fresh.where})`);
  }
  const { cohortName, pages } = await pickTargets(url);
  log(`Cohort: ${cohortName}`);
  buildIfStale(log);
  let servers: Server[] = [];
  const failures: string[] = [];
  const rows: Row[] = [];
  let rssPeak = 0;
  try {
    servers = await startServers(url);
    log(`${servers.length} instance(s) on port(s) ${servers.map((s) => s.port).join(", ")}; ${DURATION} s per run`);
    const cookie = await signIn(`http://127.0.0.1:${servers[0].port}`, EMAIL, PASSWORD);
    const rss = rssSampler(servers.map((s) => s.proc.pid!));
    // Warm-up, not recorded: every page for a second at 10 connections, so that no page's first
    // run also pays for compiling its code (a fresh server's first seconds cost up to twice the CPU).
    for (const page of pages) await loadRun(servers, page.path, page.signedIn ? cookie : null, 10, 1);
    let drain = { connections: 0, rps: 1 };
    for (const connections of CONNECTIONS) {
      let loginP50 = NaN;
      let loginCpu = NaN;
      for (const page of pages) {
        const pageCookie = page.signedIn ? cookie : null;
        // Let the previous run's last requests finish: concurrent requests' statements can be
        // batched together by Prisma and counted in the wrong request. Those still queued when the
        // load stops (up to `connections` of them) drain at about the run's rate, so wait for
        // twice that (a fixed 1 s left 50-connection PostgreSQL runs of ~20 req/s still busy,
        // and their pages' counts differed from the 10-connection runs').
        await new Promise((r) => setTimeout(r, Math.max(1000, Math.min(30_000, (2000 * drain.connections) / drain.rps))));
        // Twice: the navigation's counts are cached per user for a minute (NAV_COUNT_TTL_MS), and
        // whichever request refreshes them makes 4 more statements; the second probe counts the
        // page with a warm cache, so the same page gives the same count in every run.
        if (page.page !== "login") {
          // The baseline next to the page: /login just before it (see x_login above).
          const login = await loadRun(servers, "/login", null, connections, Math.min(3, DURATION));
          loginP50 = login.p50;
          loginCpu = login.cpuMs;
          await new Promise((r) => setTimeout(r, Math.max(1000, Math.min(30_000, (2000 * connections) / (login.rps || 1)))));
        }
        await probe(servers[0].port, page.path, pageCookie);
        const first = await probe(servers[0].port, page.path, pageCookie);
        if (first.status !== 200) failures.push(`${page.path}: the probe request answered ${first.status}`);
        const r = await loadRun(servers, page.path, pageCookie, connections);
        drain = { connections, rps: r.rps > 0 ? r.rps : 1 };
        if (page.page === "login") {
          loginP50 = r.p50;
          loginCpu = r.cpuMs;
        }
        const row: Row = {
          page: page.page,
          path: page.path,
          connections,
          rps: r.rps,
          p50_ms: r.p50,
          p99_ms: r.p99,
          x_login: Math.round((r.p50 / loginP50) * 100) / 100,
          cpu_ms: r.cpuMs,
          x_login_cpu: Math.round((r.cpuMs / loginCpu) * 100) / 100,
          login_cpu_ms: loginCpu,
          queries: first.queries,
          non2xx: r.non2xx,
          errors: r.errors,
          statuses: r.statuses,
        };
        rows.push(row);
        if (!Number.isFinite(r.p50)) failures.push(`${page.path} at ${connections} connections: no response completed within the run`);
        if (r.non2xx || r.errors) {
          failures.push(
            `${page.path} at ${connections} connections: ${r.non2xx} non-2xx (${JSON.stringify(r.statuses)}), ${r.errors} errors`,
          );
        }
        log(
          `  ${page.page.padEnd(15)} ${String(connections).padStart(3)} conns  ${r.rps.toFixed(1).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  ${r.cpuMs} ms CPU  ${first.queries ?? "-"} queries`,
        );
      }
    }
    rssPeak = rss.stop();
  } finally {
    for (const s of servers) {
      s.proc.kill("SIGTERM");
      await new Promise((r) => (s.proc.exitCode !== null ? r(null) : s.proc.once("exit", r)));
    }
  }
  if (values.json) {
    const out = rows.map(({ page, path: p, connections, rps, p50_ms, p99_ms, x_login, cpu_ms, x_login_cpu, login_cpu_ms, queries }) => ({
      page,
      path: p,
      connections,
      rps,
      p50_ms,
      p99_ms,
      x_login,
      cpu_ms,
      x_login_cpu,
      login_cpu_ms,
      queries,
    }));
    console.log(JSON.stringify({ pages: out, rss_peak_mb: rssPeak, slow_statements: slowest() }));
  } else {
    log("");
    printTable(rows);
    log(`server RSS peak: ${rssPeak} MB (largest of ${servers.length} instance(s))`);
    log(
      slowStatements.length
        ? `statements over ${SLOW_LOG_MS} ms during the run: ${slowStatements.length}; the longest:\n${slowest()
            .map((q) => `  ${q.ms} ms  ${q.sql}`)
            .join("\n")}`
        : `statements over ${SLOW_LOG_MS} ms during the run: none`,
    );
  }
  for (const q of slowStatements.filter((q) => q.ms >= SLOW_FAIL_MS)) failures.push(`a statement took ${q.ms} ms: ${q.sql}`);
  if (fresh) {
    if (values.keep) log(`Kept the database: ${url}  (rerun with --reuse '${url}')`);
    else await fresh.drop();
  }
  if (failures.length) {
    log(`\nFAILED (${failures.length}):`);
    for (const f of failures) log(`  ${f}`);
    if (servers.some((s) => s.output.length))
      log(
        `\nServer output (last lines):\n${servers
          .flatMap((s) => s.output)
          .join("")
          .slice(-4000)}`,
      );
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
