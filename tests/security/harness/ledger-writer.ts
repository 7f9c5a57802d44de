// One "app process" for the ledger concurrency test (tests/security/05-ledger-concurrency.test.ts):
// its own Prisma client on DATABASE_URL, writing TRANSFER_OUT entries concurrently through
// the same model function the lot page uses. Prints one JSON line with each outcome.
//   DATABASE_URL=… tsx tests/security/harness/ledger-writer.ts '{"actorId":"…","jobs":[{"lotId":"…","amountMg":1}]}'
import { mgToUg } from "~/domain/safety";
import { FieldError } from "~/models/kernel.server";
import { recordManualEntry } from "~/models/ledger.server";
import { disconnectDb } from "~/utils/db.server";

type Job = { lotId: string; amountMg: number };
const { actorId, jobs } = JSON.parse(process.argv[2]) as { actorId: string; jobs: Job[] };

const outcomes = await Promise.all(
  jobs.map(async (job) => {
    try {
      await recordManualEntry({ id: actorId, email: "harness" }, { ip: null, userAgent: "harness" }, job.lotId, {
        intent: "TRANSFER_OUT",
        amountMg: mgToUg(job.amountMg),
        counterparty: `process ${process.pid}`,
      });
      return { lotId: job.lotId, ok: true as const };
    } catch (e) {
      if (e instanceof FieldError) return { lotId: job.lotId, ok: false as const, status: 400, message: e.message };
      return { lotId: job.lotId, ok: false as const, status: 500, message: e instanceof Error ? e.message : String(e) };
    }
  }),
);
await disconnectDb();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
