// A second app instance for the security tests: its own process and its own database
// connection (pool) on the test file's database, as a second server would have. It
// prints "ready" once connected, waits for "go" on stdin so that both instances start
// their burst together, runs it, prints the outcomes as one JSON line and exits.
//   tsx tests/security/support/instance.ts login <email> <password> <count> <ip>
//   tsx tests/security/support/instance.ts self-report <token> <count> <ip>
import readline from "node:readline";
import { enforceSelfReportRateLimit } from "~/models/selfReport.server";
import * as login from "~/routes/login";
import { dbReady, disconnectDb } from "~/utils/db.server";
import { call } from "../../setup/http";

const [command, ...rest] = process.argv.slice(2);

async function once(): Promise<number> {
  if (command === "login") {
    const [email, password, , ip] = rest;
    return (await call(login.action, "/login", "POST", { form: { email, password }, ip })).status;
  }
  if (command === "self-report") {
    const [token, , ip] = rest;
    try {
      await enforceSelfReportRateLimit(token, ip);
      return 200;
    } catch (e) {
      if (e instanceof Response) return e.status;
      throw e;
    }
  }
  throw new Error(`unknown command ${command}`);
}

const count = Number(command === "login" ? rest[2] : rest[1]);
await (await dbReady()).$queryRawUnsafe("SELECT 1");
console.log("ready");
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === "go") break;
lines.close();
const statuses = await Promise.all(Array.from({ length: count }, () => once()));
console.log(JSON.stringify(statuses));
await disconnectDb();
