// The first program report after the production server (re)starts:
//   npx tsx tests/bench/restart-bench.ts --database URL [--starts 3] [--port 3460] [--json]
// on a database the report benchmark kept (`npm run bench -- --sizes 200000 --keep` prints its
// URL; any GroupKAP database with a program works). It builds the app when build/ is out of
// date, adds a sign-in user (an analyst) when missing, and starts the server --starts times as
// `npm start` does (its node flags, NODE_ENV=production, SERVER_TIMING=1; the report worker
// starts warm). Each time, as soon as /healthz answers, it signs in and asks for the largest
// program's report (the default view), again, and with population=dosed, and prints each
// answer's time and its statements (Server-Timing). The first start after a build has nothing
// kept for this build: it waits for the worker's warm-up and works the reports out (and keeps
// them, ReportSnapshot); the later ones are answered from the kept reports, during the warm-up.
// --json prints {"starts": [{start, up_ms, first_ms, again_ms, dosed_ms, first_queries}]}.
import { spawn, type ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import { buildIfStale, signIn, startFlags } from "./server";

const { values } = parseArgs({
  options: {
    database: { type: "string" },
    starts: { type: "string" },
    port: { type: "string" },
    json: { type: "boolean" },
  },
});
if (!values.database) {
  console.error("usage: npx tsx tests/bench/restart-bench.ts --database URL [--starts 3] [--port 3460] [--json]");
  process.exit(2);
}
const URL_ = values.database;
const STARTS = Number(values.starts ?? 3);
const PORT = Number(values.port ?? 3460);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const EMAIL = "restart-bench@bench.groupkap.org";
const PASSWORD = "bench-password-2026";
const log = (msg: string) => {
  if (!values.json) console.log(msg);
  else process.stderr.write(`${msg}\n`);
};

/** Adds the sign-in user when missing; the largest program's id. */
async function prepareDatabase(): Promise<string> {
  process.env.DATABASE_URL = URL_;
  const { dbReady, disconnectDb, readRow } = await import("~/utils/db.server");
  const db = await dbReady();
  const { seedReferenceData } = await import("~/demo/seed.server");
  const { hashPassword } = await import("~/utils/auth.server");
  await seedReferenceData(db);
  if (!(await db.user.findUnique({ where: { email: EMAIL } })))
    await db.user.create({
      data: {
        email: EMAIL,
        name: "Restart Bench",
        passwordHash: await hashPassword(PASSWORD),
        roles: { create: [{ roleCode: "ANALYST" }] },
      },
    });
  const row = await readRow(
    `SELECT c."programId" FROM "Cohort" c JOIN "Enrollment" e ON e."cohortId" = c."id" GROUP BY c."programId" ORDER BY COUNT(*) DESC LIMIT 1`,
    [],
  );
  await disconnectDb();
  if (!row) throw new Error("The database has no program with enrollments");
  return row[0] as string;
}

async function start(): Promise<{ proc: ChildProcess; upMs: number }> {
  const started = performance.now();
  const proc = spawn(process.execPath, [...startFlags(), "build/server/cli.js", "serve"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: URL_,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      SERVER_TIMING: "1",
      COOKIE_SECURE: "false",
      OUTREACH_WORKER: "false",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`The server exited (${proc.exitCode})`);
    if (
      await fetch(`${ORIGIN}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { proc, upMs: performance.now() - started };
    if (Date.now() > deadline) throw new Error("The server was not healthy after 60 s");
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function report(cookie: string, programId: string, query = "") {
  const started = performance.now();
  const res = await fetch(`${ORIGIN}/reports/program/${programId}${query}`, { headers: { cookie } });
  await res.text();
  if (res.status !== 200) throw new Error(`The report answered ${res.status}`);
  const queries = Number(/(\d+) queries/.exec(res.headers.get("server-timing") ?? "")?.[1] ?? NaN);
  return { ms: Math.round(performance.now() - started), queries };
}

async function main() {
  buildIfStale(log);
  const programId = await prepareDatabase();
  const starts: object[] = [];
  for (let n = 1; n <= STARTS; n++) {
    const { proc, upMs } = await start();
    try {
      const cookie = await signIn(ORIGIN, EMAIL, PASSWORD);
      const first = await report(cookie, programId);
      const again = await report(cookie, programId);
      const dosed = await report(cookie, programId, "?population=dosed");
      const row = {
        start: n,
        up_ms: Math.round(upMs),
        first_ms: first.ms,
        again_ms: again.ms,
        dosed_ms: dosed.ms,
        first_queries: first.queries,
      };
      starts.push(row);
      log(
        `start ${n}: up in ${row.up_ms} ms · first report ${row.first_ms} ms (${row.first_queries} statements) · again ${row.again_ms} ms · population=dosed ${row.dosed_ms} ms`,
      );
    } finally {
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
    }
  }
  if (values.json) console.log(JSON.stringify({ starts }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
