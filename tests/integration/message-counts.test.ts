// MessageCount (the outbox's counts per status, transport, kind and channel) is kept by
// database triggers. After a seeded random sequence of inserts (one at a time and many in one
// statement), updates (of one message and of many, of the counted fields and of others),
// deletions and a rolled-back transaction, the counts equal a GROUP BY of the messages, and the
// outbox's log reads them. Runs on SQLite and on PostgreSQL.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import type { MessageLogQuery } from "~/forms/outreach-log";
import { readerFor } from "~/models/access.server";
import { listMessages } from "~/models/outreach/messages.server";
import { dbReady } from "~/utils/db.server";
import { mulberry32 } from "~/utils/random";
import { createTestUser } from "../setup/factories";
import { BASE } from "../setup/http";

const STATUSES = ["SCHEDULED", "SENDING", "SENT", "DELIVERED", "FAILED", "CANCELLED"];
const TRANSPORTS = [null, "SMTP", "SMS", "OUTBOX"];
const KINDS = ["INVITATION", "REMINDER", "SESSION_REMINDER", "SAFETY_ALERT"];
const CHANNELS = ["EMAIL", "SMS"];

type Key = { status: string; transport: string; kind: string; channel: string };
const keyText = (k: Key) => `${k.status}|${k.transport}|${k.kind}|${k.channel}`;

/** The kept counts (zeros left out) and the messages counted afresh, as sorted "key n" texts. */
async function keptAndCounted() {
  const db = await dbReady();
  const kept = await db.messageCount.findMany();
  const groups = await db.message.groupBy({ by: ["status", "transport", "kind", "channel"], _count: { _all: true } });
  return {
    kept: kept
      .filter((c) => c.n !== 0)
      .map((c) => `${keyText(c)} ${c.n}`)
      .sort(),
    counted: groups.map((g) => `${keyText({ ...g, transport: g.transport ?? "" })} ${g._count._all}`).sort(),
  };
}

describe("message counts", () => {
  it("equal a count of the messages after random inserts, updates, deletions and a rollback", async () => {
    const db = await dbReady();
    const random = mulberry32(20261203);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    let made = 0;
    const message = () => {
      made++;
      return {
        id: `mc-${made}`,
        channel: pick(CHANNELS),
        kind: pick(KINDS),
        purposeKey: `mc-purpose-${made}`,
        messageIdHeader: `<mc-${made}@test.groupkap.org>`,
        dueAt: new Date(Date.UTC(2026, 0, 1) + made * 60_000),
        status: pick(STATUSES),
        transport: pick(TRANSPORTS),
      };
    };
    const ids = async () => (await db.message.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((m) => m.id);

    await db.message.createMany({ data: Array.from({ length: 40 }, message) });
    for (let step = 0; step < 120; step++) {
      const r = random();
      const all = await ids();
      if (r < 0.2 || all.length < 5) {
        await db.message.create({ data: message() });
      } else if (r < 0.3) {
        await db.message.createMany({ data: Array.from({ length: 1 + Math.floor(random() * 6) }, message) });
      } else if (r < 0.55) {
        const field = pick(["status", "transport", "kind", "channel"] as const);
        const value = { status: pick(STATUSES), transport: pick(TRANSPORTS), kind: pick(KINDS), channel: pick(CHANNELS) }[field];
        await db.message.update({ where: { id: pick(all) }, data: { [field]: value } });
      } else if (r < 0.65) {
        // Many rows in one statement, some of them not changing.
        await db.message.updateMany({ where: { id: { in: all.filter(() => random() < 0.3) } }, data: { status: pick(STATUSES) } });
      } else if (r < 0.75) {
        // Fields that are not counted.
        await db.message.updateMany({ where: { id: { in: all.filter(() => random() < 0.3) } }, data: { attempts: { increment: 1 } } });
      } else if (r < 0.85) {
        await db.message.delete({ where: { id: pick(all) } });
      } else if (r < 0.92) {
        await db.message.deleteMany({ where: { id: { in: all.filter(() => random() < 0.15) } } });
      } else {
        const before = await keptAndCounted();
        await expect(
          db.$transaction(async (tx) => {
            await tx.message.create({ data: message() });
            await tx.message.updateMany({ where: { id: { in: all.slice(0, 3) } }, data: { status: "CANCELLED" } });
            throw new Error("rolled back");
          }),
        ).rejects.toThrow("rolled back");
        expect(await keptAndCounted()).toEqual(before);
      }
    }
    const { kept, counted } = await keptAndCounted();
    expect(counted.length).toBeGreaterThan(20);
    expect(kept).toEqual(counted);

    // The outbox's counts per status and its filtered total come from the kept counts: equal to
    // counting the messages, with and without filters.
    const admin = await createTestUser({ roles: ["ADMIN"] });
    const args = { request: new Request(`${BASE}/admin/outbox`), params: {}, context: {} } as unknown as LoaderFunctionArgs;
    const reader = readerFor(args, { id: admin.id, email: admin.email, roles: ["ADMIN"] });
    for (const q of [
      {},
      { where: "outbox" as const },
      { status: "SENT", kind: "REMINDER" },
      { channel: "SMS", where: "outbox" as const },
    ]) {
      const log = await listMessages(reader, { all: true }, { where: "all", ...q } as MessageLogQuery);
      const byStatus = await db.message.groupBy({ by: ["status"], _count: { _all: true } });
      expect(log.byStatus, JSON.stringify(q)).toEqual(Object.fromEntries(byStatus.map((g) => [g.status, g._count._all])));
      const total = await db.message.count({
        where: {
          ...("status" in q ? { status: q.status, kind: q.kind } : {}),
          ...("channel" in q ? { channel: q.channel } : {}),
          ...(q.where === "outbox" ? { transport: "OUTBOX" } : {}),
        },
      });
      expect(log.total, JSON.stringify(q)).toBe(total);
      expect(total).toBeGreaterThan(0);
    }
  });
});
