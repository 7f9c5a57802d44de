// GroupKAP command line: `npm run cli -- <command> [options]`.
//   setup            apply migrations and reference data (and demo data with --demo)
//   demo             setup --demo, then serve and print the URL and the demo logins
//   serve            serve the built app
//   create-admin     --email E --name N: create an administrator with a temporary password
//   import-measures  FILE.csv --program NAME [--create-missing] [--dry-run]: import questionnaires
//   report           --cohort NAME | --program NAME [--pre KEY --post KEY --json]: pre/post report
//   assign-staff     --cohort NAME --email E --role LEAD_FACILITATOR|FACILITATOR|CLINICIAN
//   rebuild-report-rows [--check]: recompute the report read model, print how many rows differed
//   worker           run the outreach job runner alone (plan and send every OUTREACH_INTERVAL_SECONDS)
//   outreach dispatch [--now ISO] [--no-plan]: plan, then send everything due at that instant; one line per message
import { parseArgs } from "node:util";
import { migrateIfPending } from "./migrations";

export async function setup({ demo }: { demo: boolean }) {
  await migrateIfPending();
  const { dbReady } = await import("../utils/db.server");
  const { seedDemoData, seedReferenceData } = await import("../demo/seed.server");
  const db = await dbReady();
  await seedReferenceData(db);
  const seeded = demo ? await seedDemoData(db) : false;
  // Expected questionnaires used to be created when someone opened a cohort's tracker;
  // now the writes create them. This catches up cohorts nobody opened (idempotent).
  const { syncAllExpectedAssessments } = await import("../models/assessment.server");
  await syncAllExpectedAssessments(db);
  return { seeded };
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: command === "report" ? [] : rest, // report parses its own options (app/cli/report.ts)
    options: {
      demo: { type: "boolean" },
      email: { type: "string" },
      name: { type: "string" },
      program: { type: "string" },
      "create-missing": { type: "boolean" },
      "dry-run": { type: "boolean" },
      cohort: { type: "string" },
      role: { type: "string" },
      check: { type: "boolean" },
      now: { type: "string" },
      "no-plan": { type: "boolean" },
    } as const,
    allowPositionals: true,
  });
  process.env.DATABASE_URL ||= "file:./data/groupkap.db";
  switch (command) {
    case "setup": {
      const { seeded } = await setup({ demo: Boolean(values.demo) });
      console.log(`Database ready (${process.env.DATABASE_URL?.replace(/:[^:@/]*@/, ":***@")})${seeded ? ", demo data created" : ""}.`);
      break;
    }
    case "demo": {
      process.env.DEMO_MODE = "true";
      process.env.NODE_ENV ||= "production";
      const { seeded } = await setup({ demo: true });
      const { DEMO_PASSWORD, DEMO_USERS } = await import("../demo/seed.server");
      const { startServer } = await import("../server/main");
      const { url } = await startServer({ quiet: true });
      console.log(`\nGroupKAP is running at ${url}  (demo mode${seeded ? ", fresh demo data" : ""})\n`);
      console.log("Demo logins (password for all: " + DEMO_PASSWORD + "):");
      for (const u of DEMO_USERS) console.log(`  ${u.email.padEnd(34)} ${u.roles.join(" + ")}`);
      console.log("\nPress Ctrl+C to stop.");
      break;
    }
    case "serve": {
      const { startServer } = await import("../server/main");
      await startServer();
      break;
    }
    case "create-admin": {
      if (!values.email || !values.name) throw new Error("usage: create-admin --email E --name N");
      await setup({ demo: false });
      const { createUser } = await import("../models/user.server");
      const { temporaryPassword } = await createUser(
        { id: "", email: "cli" },
        { ip: null, userAgent: "cli" },
        { email: values.email, name: values.name, roles: ["ADMIN"] },
      );
      console.log(`Created ${values.email}. Temporary password (change at first sign-in): ${temporaryPassword}`);
      break;
    }
    case "import-measures": {
      const { importMeasuresCommand } = await import("./importMeasures");
      process.exitCode = await importMeasuresCommand(
        { positionals, program: values.program, createMissing: values["create-missing"], dryRun: values["dry-run"] },
        setup,
      );
      break;
    }
    case "assign-staff": {
      if (!values.cohort || !values.email || !values.role)
        throw new Error("usage: assign-staff --cohort NAME --email E --role LEAD_FACILITATOR|FACILITATOR|CLINICIAN");
      // Works on an existing database (it may be serving): no migrations here.
      const { dbReady } = await import("../utils/db.server");
      const { addCohortStaff } = await import("../models/cohortStaff.server");
      const db = await dbReady();
      const cohort = await db.cohort.findUnique({ where: { name: values.cohort } });
      const user = await db.user.findUnique({ where: { email: values.email.toLowerCase() } });
      if (!cohort) throw new Error(`No cohort named "${values.cohort}".`);
      if (!user) throw new Error(`No user with email ${values.email}.`);
      await addCohortStaff(
        null,
        { ip: null, userAgent: "cli" },
        { cohortId: cohort.id, userId: user.id, role: values.role as "CLINICIAN" },
      );
      console.log(`Assigned ${user.email} to ${cohort.name} as ${values.role}.`);
      break;
    }
    case "report": {
      const { reportCommand } = await import("./report");
      process.exitCode = await reportCommand(rest);
      break;
    }
    case "rebuild-report-rows": {
      // Works on an existing database (it may be serving): no migrations here.
      const { dbReady } = await import("../utils/db.server");
      const { rebuildReportRows } = await import("../models/reportRows.server");
      const started = performance.now();
      const { rows, differed } = await rebuildReportRows(await dbReady(), { checkOnly: Boolean(values.check) });
      const took = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `${rows} report row(s) recomputed in ${took} s; ${differed} differed from the maintained rows${differed && !values.check ? " (replaced)" : ""}.`,
      );
      if (differed && values.check) process.exitCode = 1;
      break;
    }
    case "outreach": {
      if (positionals[0] !== "dispatch") throw new Error("usage: outreach dispatch [--now 2026-12-01T09:00:00Z] [--no-plan]");
      const now = values.now ? new Date(values.now) : new Date();
      if (Number.isNaN(now.getTime())) throw new Error(`--now: "${values.now}" is not a date-time (e.g. 2026-12-01T09:00:00Z).`);
      // Works on an existing database (it may be serving): no migrations here.
      const { runOutreachOnce } = await import("../models/outreach/worker.server");
      const { lines, planned, escalated, seatOffers } = await runOutreachOnce({
        now,
        plan: !values["no-plan"],
        onLine: (l) =>
          console.log(
            `${l.outcome.toLowerCase().padEnd(11)} ${l.kind.padEnd(17)} ${l.channel.padEnd(5)} ${l.recipient}  ${l.detail}  [${l.id}]`,
          ),
      });
      (await import("../models/outreach/transport.server")).closeTransports();
      const sent = lines.filter((l) => l.outcome === "SENT" || l.outcome === "OUTBOX").length;
      console.log(
        `${now.toISOString()}: ${sent} sent, ${lines.length - sent} other` +
          (planned ? `; planned ${planned.created} new, moved ${planned.moved}, cancelled ${planned.cancelled}` : "") +
          (escalated ? `; ${escalated} escalation message${escalated === 1 ? "" : "s"} created` : "") +
          (seatOffers.expired + seatOffers.offered ? `; seat offers: ${seatOffers.expired} expired, ${seatOffers.offered} made` : ""),
      );
      break;
    }
    case "worker": {
      const { getEnv } = await import("../utils/env.server");
      const { startOutreachWorker } = await import("../models/outreach/worker.server");
      const env = getEnv();
      const worker = startOutreachWorker({ intervalMs: env.OUTREACH_INTERVAL_SECONDS * 1000, log: (line) => console.log(line) });
      console.log(`Outreach worker running every ${env.OUTREACH_INTERVAL_SECONDS} s. Ctrl+C to stop.`);
      const stop = () => void worker.stop().then(() => process.exit(0));
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      setInterval(() => {}, 60_000); // the worker's own timers do not keep the process alive
      break;
    }
    default:
      console.error(
        "usage: npm run cli -- <setup [--demo] | demo | serve | create-admin | import-measures | report | assign-staff | rebuild-report-rows | worker | outreach dispatch> …",
      );
      process.exit(2);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
