// From a plan and the rows already stored to the writes that make them agree: create what
// is missing, move what moved, revive what was cancelled and is wanted again, cancel what
// is no longer wanted. Sent, failed and in-flight rows are history and never touched.
import type { PlannedMessage } from "./plan";

export type StoredMessage = {
  id: string;
  purposeKey: string;
  status: string;
  channel: string;
  dueAt: Date;
  sessionStartsAt: Date | null;
  timepointKey: string | null;
  sessionId: string | null;
};

export type Reconciliation = {
  create: PlannedMessage[];
  update: { id: string; dueAt: Date; channel: string; sessionStartsAt: Date | null; revive: boolean }[];
  cancel: StoredMessage[];
};

export function reconcile(planned: PlannedMessage[], stored: StoredMessage[], now: Date): Reconciliation {
  const byKey = new Map(stored.map((m) => [m.purposeKey, m]));
  const wanted = new Set(planned.map((p) => p.purposeKey));
  const out: Reconciliation = { create: [], update: [], cancel: [] };
  for (const p of planned) {
    const m = byKey.get(p.purposeKey);
    if (!m) {
      out.create.push(p);
      continue;
    }
    if (m.status !== "SCHEDULED" && m.status !== "CANCELLED") continue;
    const revive = m.status === "CANCELLED";
    const dueAt = p.anchored ? p.dueAt : revive ? (p.dueAt > now ? p.dueAt : now) : m.dueAt;
    const same =
      !revive &&
      m.dueAt.getTime() === dueAt.getTime() &&
      m.channel === p.channel &&
      (m.sessionStartsAt?.getTime() ?? null) === (p.sessionStartsAt?.getTime() ?? null);
    if (!same) out.update.push({ id: m.id, dueAt, channel: p.channel, sessionStartsAt: p.sessionStartsAt, revive });
  }
  for (const m of stored) if (m.status === "SCHEDULED" && !wanted.has(m.purposeKey)) out.cancel.push(m);
  return out;
}
