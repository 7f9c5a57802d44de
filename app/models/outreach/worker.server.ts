// The job runner: started with the server (OUTREACH_WORKER, default on) or on its own
// (`npm run cli -- worker`). Every tick it plans what is ahead (a full sweep every 15
// minutes; writes that change a plan sync their cohort at once), escalates the safety
// signals left unacknowledged past their site's delay, and sends what is due.
// `runOutreachOnce` is the same step for one instant (`npm run cli -- outreach dispatch`).
import { expireSeatOffers, offerWaitingSeats } from "~/models/enrollment.server";
import { dbReady } from "~/utils/db.server";
import { dispatchDue, type DispatchLine } from "./dispatch.server";
import { syncAllOutreach, type SyncCounts } from "./planner.server";
import { escalateOverdueSignals } from "./staffAlerts.server";
import { closeTransports } from "./transport.server";

const SWEEP_EVERY_MS = 15 * 60_000;

export async function runOutreachOnce(opts: { now?: Date; workerId?: string; plan?: boolean; onLine?: (l: DispatchLine) => void } = {}) {
  const now = opts.now ?? new Date();
  const db = await dbReady();
  let planned: SyncCounts | null = null;
  // Seat offers first: an expired one passes to the next person, whose message then goes out
  // in this same pass. Seats freed without an offer (older data) are offered on each sweep.
  const seatOffers = { expired: await expireSeatOffers(now), offered: opts.plan !== false ? await offerWaitingSeats(now) : 0 };
  if (opts.plan !== false) planned = await syncAllOutreach(db, now);
  // Every tick (cheap: one indexed read of the overdue unacknowledged signals).
  const escalated = await escalateOverdueSignals(db, now);
  const lines = await dispatchDue({ now, workerId: opts.workerId, onLine: opts.onLine });
  return { planned, escalated, lines, seatOffers };
}

export function startOutreachWorker({ intervalMs, log = () => {} }: { intervalMs: number; log?: (line: string) => void }) {
  let stopped = false;
  let lastSweep = 0;
  let running: Promise<void> | null = null;
  const tick = async () => {
    const now = new Date();
    const sweep = now.getTime() - lastSweep >= SWEEP_EVERY_MS;
    try {
      const { planned, escalated, lines, seatOffers } = await runOutreachOnce({ now, plan: sweep });
      if (sweep) lastSweep = now.getTime();
      if (planned && planned.created + planned.moved + planned.cancelled > 0) {
        log(`outreach: planned ${planned.created} new, moved ${planned.moved}, cancelled ${planned.cancelled}`);
      }
      if (seatOffers.expired + seatOffers.offered > 0)
        log(`outreach: seat offers: ${seatOffers.expired} expired, ${seatOffers.offered} made`);
      if (escalated > 0) log(`outreach: ${escalated} safety escalation message${escalated === 1 ? "" : "s"} created`);
      for (const l of lines) log(`outreach: ${l.outcome.toLowerCase()} ${l.kind} ${l.channel} (${l.id}) ${l.detail}`);
    } catch (error) {
      log(`outreach: tick failed: ${(error as Error).message}`);
    }
  };
  const loop = async () => {
    while (!stopped) {
      running = tick();
      await running;
      running = null;
      if (stopped) break;
      await new Promise((r) => setTimeout(r, intervalMs).unref());
    }
  };
  const first = setTimeout(() => void loop(), 2_000);
  first.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      if (running) await running;
      closeTransports();
    },
  };
}
