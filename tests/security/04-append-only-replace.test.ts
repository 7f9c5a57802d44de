// Finding 4: the append-only tables (AuditEvent, LedgerEntry) must refuse every way of
// rewriting a row, not only UPDATE and DELETE. On SQLite, REPLACE (and INSERT OR REPLACE)
// deletes the conflicting row without firing a DELETE trigger, so a BEFORE INSERT trigger
// refuses any insert that collides with an existing row; PostgreSQL gets the same rule.
import { beforeAll, describe, expect, it } from "vitest";
import { dbReady, type Db } from "~/utils/db.server";
import { isPostgresUrl } from "../../prisma/adapters";
import { createTestUser } from "../setup/factories";
import { createTestSite } from "../setup/factories-scheduling";
import { createTestLot } from "../setup/factories-sessions";

const postgres = isPostgresUrl(process.env.DATABASE_URL ?? "");

const AUDIT_COLS = ["id", "at", "actorId", "actorLabel", "action", "entityType", "entityId", "summary", "details", "ip", "userAgent"];
const LEDGER_COLS = [
  "id",
  "lotId",
  "seq",
  "type",
  "amountUg",
  "balanceAfterUg",
  "participantId",
  "dosingRecordId",
  "witnessId",
  "method",
  "reason",
  "counterparty",
  "physicalCountUg",
  "expectedUg",
  "explanation",
  "reversesEntryId",
  "dea106Required",
  "flagged",
  "recordedById",
  "recordedAt",
  "note",
];
const q = (c: string) => `"${c}"`;
/** A SELECT of one existing row with some columns replaced by SQL expressions. */
function copyOf(table: string, cols: string[], id: string, replace: Record<string, string>) {
  return `SELECT ${cols.map((c) => replace[c] ?? q(c)).join(", ")} FROM ${q(table)} WHERE "id" = '${id}'`;
}

let db: Db;
let auditId: string;
let ledgerId: string;
let lotId: string;

async function snapshot() {
  return {
    audit: await db.auditEvent.findMany({ orderBy: { id: "asc" } }),
    ledger: await db.ledgerEntry.findMany({ orderBy: { id: "asc" } }),
  };
}

beforeAll(async () => {
  db = await dbReady();
  const user = await createTestUser({ roles: ["CLINICIAN"] });
  const site = await createTestSite();
  const lot = await createTestLot(site.id, { totalMg: 100, recordedById: user.id });
  lotId = lot.id;
  ledgerId = (await db.ledgerEntry.findFirstOrThrow({ where: { lotId } })).id;
  auditId = (await db.auditEvent.create({ data: { action: "test.original", entityType: "Test", summary: "original summary" } })).id;
});

type Attempt = { name: string; sql: string };

function auditAttempts(): Attempt[] {
  const cols = AUDIT_COLS.map(q).join(", ");
  const rewritten = copyOf("AuditEvent", AUDIT_COLS, auditId, { summary: "'rewritten'" });
  const common: Attempt[] = [
    { name: "UPDATE", sql: `UPDATE "AuditEvent" SET "summary" = 'rewritten' WHERE "id" = '${auditId}'` },
    { name: "DELETE", sql: `DELETE FROM "AuditEvent" WHERE "id" = '${auditId}'` },
    {
      name: "INSERT … ON CONFLICT DO UPDATE",
      sql: `INSERT INTO "AuditEvent" (${cols}) ${rewritten} ON CONFLICT ("id") DO UPDATE SET "summary" = 'rewritten'`,
    },
  ];
  return [
    ...common,
    ...(postgres
      ? postgresOnly("AuditEvent", cols, rewritten)
      : [
          { name: "INSERT OR REPLACE", sql: `INSERT OR REPLACE INTO "AuditEvent" (${cols}) ${rewritten}` },
          { name: "REPLACE INTO", sql: `REPLACE INTO "AuditEvent" (${cols}) ${rewritten}` },
          { name: "INSERT OR IGNORE", sql: `INSERT OR IGNORE INTO "AuditEvent" (${cols}) ${rewritten}` },
        ]),
  ];
}

/** The attempts only PostgreSQL has: TRUNCATE, and an insert that silently skips a conflict. */
function postgresOnly(table: string, cols: string, copy: string): Attempt[] {
  return [
    { name: "TRUNCATE", sql: `TRUNCATE "${table}" CASCADE` },
    { name: "INSERT … ON CONFLICT DO NOTHING", sql: `INSERT INTO "${table}" (${cols}) ${copy} ON CONFLICT DO NOTHING` },
  ];
}

function ledgerAttempts(): Attempt[] {
  const cols = LEDGER_COLS.map(q).join(", ");
  // Same primary key, and a new id on the same (lotId, seq): REPLACE would delete the
  // original through either unique key.
  const samePk = copyOf("LedgerEntry", LEDGER_COLS, ledgerId, { amountUg: "835000000", balanceAfterUg: "835000000" });
  const sameSeq = copyOf("LedgerEntry", LEDGER_COLS, ledgerId, { id: "'forged-entry'", amountUg: "1", balanceAfterUg: "1" });
  const common: Attempt[] = [
    { name: "UPDATE", sql: `UPDATE "LedgerEntry" SET "amountUg" = 1 WHERE "id" = '${ledgerId}'` },
    { name: "DELETE", sql: `DELETE FROM "LedgerEntry" WHERE "id" = '${ledgerId}'` },
    {
      name: "INSERT … ON CONFLICT (id) DO UPDATE",
      sql: `INSERT INTO "LedgerEntry" (${cols}) ${samePk} ON CONFLICT ("id") DO UPDATE SET "amountUg" = 1`,
    },
    {
      name: "INSERT … ON CONFLICT (lotId, seq) DO UPDATE",
      sql: `INSERT INTO "LedgerEntry" (${cols}) ${sameSeq} ON CONFLICT ("lotId", "seq") DO UPDATE SET "amountUg" = 1`,
    },
  ];
  return [
    ...common,
    ...(postgres
      ? postgresOnly("LedgerEntry", cols, sameSeq)
      : [
          { name: "INSERT OR REPLACE (same id)", sql: `INSERT OR REPLACE INTO "LedgerEntry" (${cols}) ${samePk}` },
          { name: "REPLACE INTO (same id)", sql: `REPLACE INTO "LedgerEntry" (${cols}) ${samePk}` },
          { name: "INSERT OR REPLACE (same lot and seq)", sql: `INSERT OR REPLACE INTO "LedgerEntry" (${cols}) ${sameSeq}` },
          { name: "REPLACE INTO (same lot and seq)", sql: `REPLACE INTO "LedgerEntry" (${cols}) ${sameSeq}` },
          { name: "INSERT OR IGNORE", sql: `INSERT OR IGNORE INTO "LedgerEntry" (${cols}) ${sameSeq}` },
        ]),
  ];
}

describe.each([
  { table: "AuditEvent", attempts: auditAttempts },
  { table: "LedgerEntry", attempts: ledgerAttempts },
])(`$table is append-only on ${postgres ? "PostgreSQL" : "SQLite"}`, ({ table, attempts }) => {
  // The statements name rows created in beforeAll, so they are built when each test runs.
  it.each(attempts().map((a) => a.name))("refuses %s and leaves every row as it was", async (name) => {
    const attempt = attempts().find((a) => a.name === name)!;
    const before = await snapshot();
    expect(before.audit.some((e) => e.id === auditId) && before.ledger.some((e) => e.id === ledgerId)).toBe(true);
    await expect(db.$executeRawUnsafe(attempt.sql)).rejects.toThrow(new RegExp(`${table} is append-only`));
    expect(await snapshot()).toEqual(before);
  });
});

describe("ordinary appends still work", () => {
  it("a new audit event and a new ledger entry (next seq) are inserted", async () => {
    await db.auditEvent.create({ data: { action: "test.append", entityType: "Test", summary: "appended" } });
    const last = await db.ledgerEntry.findFirstOrThrow({ where: { lotId }, orderBy: { seq: "desc" } });
    await db.ledgerEntry.create({
      data: {
        lotId,
        seq: last.seq + 1,
        type: "TRANSFER_OUT",
        amountUg: 1000,
        balanceAfterUg: last.balanceAfterUg - 1000,
        counterparty: "Clinic B",
        recordedById: last.recordedById,
      },
    });
    expect(await db.ledgerEntry.count({ where: { lotId } })).toBe(2);
    const lot = await db.ketamineLot.findUniqueOrThrow({ where: { id: lotId }, include: { entries: { orderBy: { seq: "asc" } } } });
    expect(lot.entries.map((e) => [e.seq, e.balanceAfterUg])).toEqual([
      [1, 100_000],
      [2, 99_000],
    ]);
  });
});
