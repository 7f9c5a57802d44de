// Benchmark of outreach delivery: dispatching due messages to a real SMTP server in this
// process (smtp-server), as the job runner does it.
//   npm run bench:outreach -- [--messages 10000] [--json] [--postgres postgresql://postgres@127.0.0.1:5432/postgres]
// Builds a fresh, migrated database (temp SQLite file, or a scratch PostgreSQL database
// dropped afterwards) with `messages` participants (50 per cohort), each with consent, an
// email and one open two-questionnaire timepoint, so each is due one invitation. Then:
//   plan_ms        planning every cohort (syncAllOutreach): the invitation rows are written
//   one_worker     one worker (in this process) sends them all: messages/s
//   two_workers    the same messages, made due again, sent by two worker processes
//                  (`npm run cli -- outreach dispatch`) at once: messages/s over the wall time,
//                  process start-up included; each message must arrive exactly once
// Every message is checked against a fresh plan, gets its own personal-page token, is
// rendered, sent by SMTP (over the transport's pool of up to 4 connections, as in
// production), marked and audited.
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { scratchDatabase } from "./scratch-db";
import { startSmtpServer } from "../setup/smtp";

const { values } = parseArgs({
  options: { json: { type: "boolean" }, messages: { type: "string" }, postgres: { type: "string" }, keep: { type: "boolean" } },
});
const N = Number(values.messages ?? 10_000);
if (!Number.isInteger(N) || N < 50) throw new Error("--messages takes a whole number ≥ 50");
const log = (msg: string) => (values.json ? process.stderr.write(`${msg}\n`) : console.log(msg));
const OPENS = new Date("2027-01-04T15:00:00Z"); // 10:00 in New York, outside quiet hours

async function main() {
  const fresh = await scratchDatabase("outreach-bench", values.postgres);
  const smtp = await startSmtpServer();
  try {
    execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], {
      stdio: "ignore",
      env: { ...process.env, DATABASE_URL: fresh.url },
    });
    Object.assign(process.env, { DATABASE_URL: fresh.url, SMTP_URL: smtp.url, PUBLIC_URL: "https://groupkap.example.org" });
    const { resetEnvCache } = await import("~/utils/env.server");
    resetEnvCache();
    const { dbReady, disconnectDb } = await import("~/utils/db.server");
    const { seedReferenceData } = await import("~/demo/seed.server");
    const { syncAllOutreach } = await import("~/models/outreach/planner.server");
    const { dispatchDue } = await import("~/models/outreach/dispatch.server");
    const db = await dbReady();
    await seedReferenceData(db);
    const program = await db.program.findFirstOrThrow();
    const version = await db.programVersion.findFirstOrThrow({ where: { programId: program.id } });
    const site = await db.site.create({ data: { name: "Bench site", timeZone: "America/New_York" } });
    const cohorts = Math.ceil(N / 50);
    log(`${N} participants in ${cohorts} cohorts, one invitation each (${fresh.where})`);
    for (let c = 0; c < cohorts; c++) {
      const cohort = await db.cohort.create({
        data: {
          name: `Bench cohort ${c}`,
          programId: program.id,
          programVersionId: version.id,
          startDate: "2027-01-04",
          endDate: "2027-02-15",
          timeZone: "America/New_York",
          siteId: site.id,
          capacity: 50,
          status: "ACTIVE",
        },
      });
      const size = Math.min(50, N - c * 50);
      const people = Array.from({ length: size }, (_, i) => ({
        id: `bp${c}x${i}`,
        code: `B-${c}-${i}`,
        firstName: "Sam",
        lastName: `Bench${c}x${i}`,
        dateOfBirth: "1980-01-01",
        sex: "FEMALE",
        occupation: "NURSE",
        email: `p${c}x${i}@example.org`,
        contactConsentAt: new Date("2026-12-01T00:00:00Z"),
      }));
      await db.participant.createMany({ data: people });
      await db.enrollment.createMany({
        data: people.map((p) => ({ id: `be${p.id}`, participantId: p.id, cohortId: cohort.id, status: "ACTIVE" })),
      });
      await db.assessment.createMany({
        data: people.flatMap((p) =>
          ["PHQ9", "GAD7"].map((instrumentCode) => ({
            enrollmentId: `be${p.id}`,
            timepointKey: "baseline",
            instrumentCode,
            dueDate: "2027-01-04",
            windowOpens: OPENS,
            windowCloses: new Date(OPENS.getTime() + 7 * 86_400_000),
          })),
        ),
      });
    }
    let t = performance.now();
    const planned = await syncAllOutreach(db, new Date(OPENS.getTime() - 86_400_000));
    const planMs = performance.now() - t;
    if (planned.created < N) throw new Error(`expected ${N} planned invitations, got ${planned.created}`);
    log(`  planned ${planned.created} messages in ${(planMs / 1000).toFixed(1)} s`);

    t = performance.now();
    const lines = await dispatchDue({ now: OPENS, workerId: "bench-1" });
    const oneMs = performance.now() - t;
    const sent1 = lines.filter((l) => l.outcome === "SENT").length;
    if (sent1 !== N || smtp.received.length !== N)
      throw new Error(`one worker: ${sent1} marked sent, ${smtp.received.length} received, expected ${N}`);
    log(`  one worker: ${N} sent in ${(oneMs / 1000).toFixed(1)} s = ${Math.round(N / (oneMs / 1000))} messages/s`);

    // The same messages due again (new Message-IDs), for two worker processes.
    await db.message.updateMany({ data: { status: "SCHEDULED", sentAt: null, claimedAt: null, claimedBy: null, attempts: 0 } });
    const ids = await db.message.findMany({ select: { id: true } });
    for (const { id } of ids) await db.message.update({ where: { id }, data: { messageIdHeader: `<again-${id}@bench>` } });
    smtp.received.length = 0;
    await disconnectDb();
    const worker = (name: string) =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ["--import", "tsx", "app/cli/index.ts", "outreach", "dispatch", "--now", OPENS.toISOString(), "--no-plan"],
          {
            env: { ...process.env, HOSTNAME: name },
            stdio: "ignore",
          },
        );
        child.on("exit", (code) => resolve(code ?? -1));
        child.on("error", reject);
      });
    t = performance.now();
    const codes = await Promise.all([worker("bench-a"), worker("bench-b")]);
    const twoMs = performance.now() - t;
    const unique = new Set(smtp.received.map((r) => r.mail.messageId)).size;
    if (codes.some((c) => c !== 0) || smtp.received.length !== N || unique !== N)
      throw new Error(`two workers: exit ${codes}, ${smtp.received.length} received, ${unique} distinct, expected ${N}`);
    log(
      `  two worker processes: ${N} sent in ${(twoMs / 1000).toFixed(1)} s = ${Math.round(N / (twoMs / 1000))} messages/s (each exactly once)`,
    );
    const out = {
      database: values.postgres ? "postgresql" : "sqlite",
      messages: N,
      plan_ms: Math.round(planMs),
      one_worker_ms: Math.round(oneMs),
      one_worker_per_s: Math.round(N / (oneMs / 1000)),
      two_workers_ms: Math.round(twoMs),
      two_workers_per_s: Math.round(N / (twoMs / 1000)),
    };
    if (values.json) console.log(JSON.stringify(out));
  } finally {
    await smtp.close();
    if (!values.keep) await fresh.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
