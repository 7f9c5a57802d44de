// The controlled-substance (ketamine) log: lots and their append-only ledger. Every amount
// is integer micrograms; balance rules live in app/domain/safety/ledger.ts (validateEntry,
// ledgerBalance). Entries are only ever created here, inside a transaction with the audit event.
import {
  type LedgerEntry as DomainEntry,
  type LedgerEntryType,
  deaLossReportDueOn,
  formatMg,
  ledgerBalance,
  lotReceiptWarning,
  lotTotalUg,
  validateEntry,
} from "~/domain/safety";
import { formatLocalDate, instantToLocal } from "~/domain/scheduling/localTime";
import type { LedgerEntryInput, LotInput } from "~/forms/ledger";
import { Prisma, type LedgerEntry as DbEntry, type KetamineLot } from "~/generated/prisma/client";
import { auditParticipantRead, type Reader } from "~/models/access.server";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { normalizeEmail, reauthenticate } from "~/utils/auth.server";
import { dbReady, instantValue, modelColumns, readRow, readRows, sqlTrue, type Db, type Tx } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { can } from "~/utils/permissions";
import { ConflictError, FieldError, type Actor } from "./kernel.server";
import { isPostgresUrl } from "../../prisma/adapters";

export function toDomainEntry(lot: Pick<KetamineLot, "lotNumber">, e: DbEntry): DomainEntry {
  return {
    id: e.id,
    lotNumber: lot.lotNumber,
    type: e.type as LedgerEntryType,
    amountUg: e.amountUg,
    recordedAt: e.recordedAt,
    recordedById: e.recordedById,
    participantId: e.participantId,
    dosingRecordId: e.dosingRecordId,
    wasteMethod: e.method,
    witnessId: e.witnessId,
    counterparty: e.counterparty,
    reason: e.reason,
    reversesEntryId: e.reversesEntryId,
    expectedUg: e.expectedUg,
    discrepancyUg: e.physicalCountUg !== null && e.expectedUg !== null ? e.physicalCountUg - e.expectedUg : null,
    explanation: e.explanation,
    dea106Required: e.dea106Required,
    flagged: e.flagged,
  };
}

/** Today's date (YYYY-MM-DD) in a time zone, to compare with expiry dates. */
export function todayIn(timeZone: string, now = new Date()): string {
  return instantToLocal(now, timeZone).date;
}

export type NewLedgerEntry = Omit<DomainEntry, "id" | "lotNumber" | "recordedAt" | "recordedById"> & {
  note?: string | null;
  /** ADMINISTER: the session's date at the site (YYYY-MM-DD), compared with the lot's expiry instead of today. */
  administeredOn?: string;
};

/**
 * Who may give ketamine or witness its administration or waste. For a dosing session: an
 * active user who may document dosing (a clinician) and is on that session's cohort staff
 * as its clinician. Outside a session (a waste, a transfer): an active user who may write
 * the controlled-substance log. A pure check, so a re-authentication step can use it
 * without saying which part failed.
 */
async function mayHandleKetamine(client: Db | Tx, userId: string, context: { cohortId: string | null }): Promise<boolean> {
  if (!userId) return false;
  const user = await client.user.findUnique({
    where: { id: userId },
    select: {
      active: true,
      roles: { select: { roleCode: true } },
      cohortAssignments: { where: { cohortId: context.cohortId ?? "", role: "CLINICIAN" }, select: { role: true } },
    },
  });
  if (!user || !user.active) return false;
  const roles = user.roles.map((r) => r.roleCode);
  if (context.cohortId === null) return can(roles, "ledger:write");
  return can(roles, "dosing:document") && user.cohortAssignments.length > 0;
}

function ketamineHandlerRule(context: { cohortId: string | null }, who: "giver" | "witness"): string {
  const subject = who === "giver" ? "Who gave the dose" : "The witness";
  return context.cohortId === null
    ? `${subject} must be an active user allowed to write the controlled-substance log`
    : `${subject} must be an active clinician on this cohort's staff`;
}

/** Refuses (FieldError on `field`, with the rule as the message) a user who may not handle ketamine here. */
export async function assertMayHandleKetamine(
  client: Db | Tx,
  userId: string,
  context: { cohortId: string | null },
  who: "giver" | "witness",
  field: string,
) {
  if (!(await mayHandleKetamine(client, userId, context))) throw new FieldError(field, ketamineHandlerRule(context, who));
}

/**
 * Serializes the ledger writes of one lot, across requests and app processes: the balance
 * is read and the next seq written while holding a lock on the lot, so concurrent writers
 * queue instead of colliding on (lotId, seq) or spending the same milligrams twice.
 * PostgreSQL: a row lock on the lot, held to the end of the transaction (READ COMMITTED
 * then reads the latest committed entries). SQLite: a write (that changes nothing) takes
 * the database's single write lock, waiting up to busy_timeout for it; it must come before
 * the transaction's first read, or another process's commit in between makes SQLite refuse
 * the later write (SQLITE_BUSY, the snapshot being stale) — hence callers lock first.
 */
export async function lockLotTx(tx: Tx, lotId: string) {
  if (isPostgresUrl(getEnv().DATABASE_URL)) await tx.$queryRaw`SELECT "id" FROM "KetamineLot" WHERE "id" = ${lotId} FOR UPDATE`;
  else await tx.$executeRaw`UPDATE "KetamineLot" SET "product" = "product" WHERE "id" = ${lotId}`;
}

/** Ledger transactions may queue behind each other on a busy lot. */
export const LEDGER_TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;
const LEDGER_ATTEMPTS = 5;

/**
 * A write that lost a race it could not wait out: SQLite's lock wait ran out (SQLITE_BUSY,
 * which Prisma's adapter reports as a socket timeout), PostgreSQL found a deadlock or
 * serialization failure (P2034), or a transaction could not start in time (P2028). The
 * seq collisions (P2002, or the append-only trigger) are kept as a last line in case a
 * writer ever skips the lock. Retrying the whole transaction is safe: nothing was committed.
 */
function isTransientWriteError(e: unknown): boolean {
  if (e instanceof FieldError || e instanceof ConflictError || e instanceof Response) return false;
  const code = (e as { code?: unknown } | null)?.code;
  if (code === "P2034" || code === "P2028" || code === "P2002" || code === "P1008") return true;
  const message = e instanceof Error ? e.message : String(e);
  return /SocketTimeout|SQLITE_BUSY|database is locked|deadlock detected|could not serialize|LedgerEntry is append-only/i.test(message);
}

/** Runs a ledger transaction, again (a bounded number of times) when it lost a race. */
export async function withLedgerRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt >= LEDGER_ATTEMPTS || !isTransientWriteError(e)) throw e;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50 * attempt));
    }
  }
}

/** One ledger entry in its own transaction on a given client (the app's, or another process's). */
export async function writeLedgerEntry(db: Db, actor: Actor, meta: RequestMeta, lotId: string, input: NewLedgerEntry) {
  return withLedgerRetry(() => db.$transaction((tx) => appendLedgerEntryTx(tx, actor, meta, lotId, input), LEDGER_TX_OPTIONS));
}

/**
 * Appends one entry inside the caller's transaction, under the lot's lock (lockLotTx; on
 * SQLite the caller should have taken it as the transaction's first statement). Refusals
 * (balance, reversal rules, missing witness…) come back as FieldError with the domain's
 * sentence; nothing is written.
 */
export async function appendLedgerEntryTx(tx: Tx, actor: Actor, meta: RequestMeta, lotId: string, input: NewLedgerEntry) {
  await lockLotTx(tx, lotId);
  const lot = await tx.ketamineLot.findUnique({ where: { id: lotId }, include: { entries: { orderBy: { seq: "asc" } } } });
  if (!lot) throw new FieldError("lotId", "Choose a lot from the list");
  // Whatever path chose the witness (re-authentication on the lot page, or any later
  // caller), the ledger itself holds the rule.
  if (input.witnessId) await assertMayHandleKetamine(tx, input.witnessId, { cohortId: null }, "witness", "witnessEmail");
  const site = await tx.site.findUnique({ where: { id: lot.siteId } });
  const existing = lot.entries.map((e) => toDomainEntry(lot, e));
  const { administeredOn, ...entryInput } = input;
  const outcome = validateEntry(
    existing,
    { ...entryInput, id: "(new)", lotNumber: lot.lotNumber, recordedAt: new Date(), recordedById: actor.id },
    { lotExpiryDate: lot.expiryDate, today: administeredOn ?? todayIn(site?.timeZone ?? "UTC") },
  );
  if (!outcome.ok) throw new FieldError(input.type === "REVERSAL" ? "reversesEntryId" : "amountMg", outcome.message);
  const v = outcome.value.entry;
  const seq = (lot.entries.at(-1)?.seq ?? 0) + 1;
  const created = await tx.ledgerEntry.create({
    data: {
      lotId,
      seq,
      type: v.type,
      amountUg: v.amountUg,
      balanceAfterUg: outcome.value.balanceAfterUg,
      participantId: v.participantId ?? null,
      dosingRecordId: v.dosingRecordId ?? null,
      witnessId: v.witnessId ?? null,
      method: v.wasteMethod ?? null,
      reason: v.reason ?? null,
      counterparty: v.counterparty ?? null,
      physicalCountUg: v.type === "INVENTORY_COUNT" ? v.amountUg : null,
      expectedUg: v.expectedUg ?? null,
      explanation: v.explanation ?? null,
      reversesEntryId: v.reversesEntryId ?? null,
      dea106Required: v.dea106Required ?? false,
      flagged: v.flagged ?? false,
      recordedById: actor.id,
      note: input.note ?? null,
    },
  });
  await audit(tx, {
    actor,
    action: `ledger.${v.type.toLowerCase()}`,
    entityType: "KetamineLot",
    entityId: lot.id,
    summary: `Lot ${lot.lotNumber}: ${v.type} ${formatMg(v.amountUg)} mg; balance ${formatMg(outcome.value.balanceAfterUg)} mg`,
    details: { entryId: created.id, seq, flagged: v.flagged, dea106Required: v.dea106Required },
    ...meta,
  });
  return created;
}

/**
 * Each lot's balance: the balanceAfterUg of its last entry (highest seq), 0 without entries.
 * One query on the (lotId, seq) unique index: the max seq per lot, joined back to its row.
 * (Prisma's nested `include: { entries: { take: 1 } }` reads the entries into memory.)
 */
export async function lotBalances(db: Db, lotIds: readonly string[]): Promise<Map<string, number>> {
  const ids = [...new Set(lotIds)];
  if (!ids.length) return new Map();
  const rows = await db.$queryRaw<{ lotId: string; balanceAfterUg: number | bigint }[]>`
    SELECT e."lotId" AS "lotId", e."balanceAfterUg" AS "balanceAfterUg"
    FROM "LedgerEntry" e
    JOIN (SELECT "lotId", MAX("seq") AS "seq" FROM "LedgerEntry" WHERE "lotId" IN (${Prisma.join(ids)}) GROUP BY "lotId") m
      ON m."lotId" = e."lotId" AND m."seq" = e."seq"`;
  return new Map(rows.map((r) => [r.lotId, Number(r.balanceAfterUg)]));
}

async function lotRows(db: Db, lots: KetamineLot[]) {
  const ids = lots.map((l) => l.id);
  const [balances, sites, flagged] = await Promise.all([
    lotBalances(db, ids),
    db.site.findMany({ select: { id: true, name: true, timeZone: true } }),
    db.ledgerEntry.groupBy({ by: ["lotId"], where: { flagged: true, lotId: { in: ids } }, _count: { _all: true } }),
  ]);
  const siteOf = new Map(sites.map((s) => [s.id, s]));
  const flaggedOf = new Map(flagged.map((f) => [f.lotId, f._count._all]));
  return lots.map((l) => {
    const site = siteOf.get(l.siteId);
    return {
      id: l.id,
      lotNumber: l.lotNumber,
      product: l.product,
      site: site?.name ?? "",
      siteId: l.siteId,
      concentrationMgPerMl: l.concentrationMgPerMl,
      vialVolumeMl: l.vialVolumeMl,
      vialCount: l.vialCount,
      receivedUg: l.totalUg,
      balanceUg: balances.get(l.id) ?? 0,
      expiryDate: l.expiryDate,
      expired: todayIn(site?.timeZone ?? "UTC") > l.expiryDate,
      flaggedEntries: flaggedOf.get(l.id) ?? 0,
    };
  });
}

/** Every lot (the printable log's lot choice), soonest expiry first. */
export async function listLots(filter: { siteId?: string } = {}) {
  const db = await dbReady();
  const lots = await db.ketamineLot.findMany({
    where: filter.siteId ? { siteId: filter.siteId } : {},
    orderBy: [{ expiryDate: "asc" }, { lotNumber: "asc" }],
  });
  return lotRows(db, lots);
}

/**
 * A lot's balance in a hand-written read: its latest ledger entry's `balanceAfterUg`, one seek of
 * the (lotId, seq) index, for the lot aliased `alias` (NULL for a lot without entries).
 */
export function lotBalanceSql(alias: string): string {
  return `(SELECT e."balanceAfterUg" FROM "LedgerEntry" e WHERE e."lotId" = ${alias}."id" ORDER BY e."seq" DESC LIMIT 1)`;
}

/**
 * A lot's flagged entries (count discrepancies) in a hand-written read, for the lot aliased
 * `alias`: a seek of LedgerEntry(lotId, flagged), not a read of every entry of the lot.
 */
export function lotFlaggedCountSql(alias: string): string {
  return `(SELECT COUNT(*) FROM "LedgerEntry" f WHERE f."lotId" = ${alias}."id" AND f."flagged" = ${sqlTrue()})`;
}

export const LOT_PAGE_SIZE = 50;
/** Offset pages: lots number in the hundreds over years, so a deep OFFSET stays cheap; capped anyway. */
export const LOT_MAX_PAGE = 200;

/**
 * One page of /ledger. "current" (the default): lots with something left (balance > 0),
 * which are the ones to count, use or dispose of; "all": every lot, empty ones too.
 * Soonest expiry first, then lot number, as before.
 */
export async function listLotsPage(opts: { show: "current" | "all"; page: number }) {
  const page = Math.min(Math.max(1, Math.trunc(opts.page) || 1), LOT_MAX_PAGE);
  // A lot's balance is its latest entry's: one seek of the (lotId, seq) index per lot, not a
  // pass over every entry of the ledger (which grows with every dose). Read on every view of
  // the log: through the driver (committed data: never inside a transaction), the counts and
  // the page (with its site, balance and flagged entries) together.
  const balance = lotBalanceSql("l");
  const [counts, pageRows] = await Promise.all([
    readRow(`SELECT COUNT(*), COUNT(CASE WHEN ${balance} > 0 THEN 1 END) FROM "KetamineLot" l`, []),
    readRows(
      `SELECT l."id", l."lotNumber", l."product", l."siteId", s."name", s."timeZone", l."concentrationMgPerMl", l."vialVolumeMl", ` +
        `l."vialCount", l."totalUg", l."expiryDate", ${balance}, ` +
        `${lotFlaggedCountSql("l")} ` +
        `FROM "KetamineLot" l LEFT JOIN "Site" s ON s."id" = l."siteId" ${opts.show === "current" ? `WHERE ${balance} > 0` : ""} ` +
        `ORDER BY l."expiryDate" ASC, l."lotNumber" ASC, l."id" ASC LIMIT ? OFFSET ?`,
      [LOT_PAGE_SIZE, (page - 1) * LOT_PAGE_SIZE],
    ),
  ]);
  const lots = pageRows.map((r) => {
    const [id, lotNumber, product, siteId, siteName, timeZone, concentrationMgPerMl, vialVolumeMl, vialCount, totalUg, expiryDate] = r;
    const [balanceUg, flaggedEntries] = r.slice(11);
    return {
      id: id as string,
      lotNumber: lotNumber as string,
      product: product as string,
      site: (siteName as string | null) ?? "",
      siteId: siteId as string,
      concentrationMgPerMl: concentrationMgPerMl as string,
      vialVolumeMl: vialVolumeMl as string,
      vialCount: Number(vialCount),
      receivedUg: Number(totalUg),
      balanceUg: Number(balanceUg ?? 0),
      expiryDate: expiryDate as string,
      expired: todayIn((timeZone as string | null) ?? "UTC") > (expiryDate as string),
      flaggedEntries: Number(flaggedEntries),
    };
  });
  const all = Number(counts?.[0] ?? 0);
  const currentCount = Number(counts?.[1] ?? 0);
  const total = opts.show === "current" ? currentCount : all;
  return {
    lots,
    show: opts.show,
    page,
    pageCount: Math.min(Math.max(1, Math.ceil(total / LOT_PAGE_SIZE)), LOT_MAX_PAGE),
    total,
    counts: { all, current: currentCount },
  };
}

export async function listSites() {
  const db = await dbReady();
  const sites = await db.site.findMany({
    where: { active: true },
    select: { id: true, name: true, timeZone: true },
    orderBy: { name: "asc" },
  });
  return sites.map((s) => ({ id: s.id, name: s.name, today: todayIn(s.timeZone) }));
}

export async function createLot(actor: Actor, meta: RequestMeta, input: LotInput) {
  const db = await dbReady();
  const site = await db.site.findUnique({ where: { id: input.siteId } });
  if (!site) throw new FieldError("siteId", "Choose a site from the list");
  if (await db.ketamineLot.findUnique({ where: { siteId_lotNumber: { siteId: input.siteId, lotNumber: input.lotNumber } } })) {
    throw new FieldError("lotNumber", `Lot ${input.lotNumber} is already recorded at ${site.name}`);
  }
  // An expired lot is recorded only when the receiver confirms it; one expiring within 30 days is received with a warning.
  const expiry = lotReceiptWarning(input.expiryDate, todayIn(site.timeZone));
  if (expiry?.level === "expired" && !input.receiveExpired) throw new FieldError("receiveExpired", expiry.message);
  const totalUg = lotTotalUg(input);
  const lot = await db.$transaction(async (tx) => {
    const lot = await tx.ketamineLot.create({
      data: {
        siteId: input.siteId,
        lotNumber: input.lotNumber,
        product: input.product,
        concentrationMgPerMl: String(input.concentrationMgPerMl),
        vialVolumeMl: String(input.vialVolumeMl),
        vialCount: input.vialCount,
        totalUg,
        supplier: input.supplier,
        invoiceNumber: input.invoiceNumber,
        expiryDate: input.expiryDate,
        receivedAt: new Date(),
        createdById: actor.id,
        supplierAddress: input.supplierAddress,
        supplierDeaNumber: input.supplierDeaNumber,
      },
    });
    await audit(tx, {
      actor,
      action: "ledger.lot_create",
      entityType: "KetamineLot",
      entityId: lot.id,
      summary: `Received lot ${lot.lotNumber} at ${site.name}: ${input.vialCount} vials, ${formatMg(totalUg)} mg`,
      details: expiry ? { expiryWarning: expiry.level, expiryDate: input.expiryDate } : undefined,
      ...meta,
    });
    await appendLedgerEntryTx(tx, actor, meta, lot.id, {
      type: "RECEIVE",
      amountUg: totalUg,
      note: `Invoice ${input.invoiceNumber} from ${input.supplier} (DEA ${input.supplierDeaNumber})`,
    });
    return lot;
  });
  return {
    ...lot,
    expiryWarning:
      expiry?.level === "expired"
        ? `Lot ${lot.lotNumber} expired on ${formatLocalDate(lot.expiryDate)} and can never be administered`
        : expiry?.message,
  };
}

/** Entries per page of a lot's ledger (its page; the printable log shows every entry). */
export const LOT_LEDGER_PAGE_SIZE = 50;

/** Which entries of a lot's ledger a page shows: by entry number (seq), the latest when neither is given. */
export type LotLedgerPage = { before?: number; after?: number };

/**
 * One lot's ledger for its page: an audited read (entries name the participants dosed, by code;
 * the audit names those on the page shown). A lot's ledger grows with its administrations (a
 * few hundred entries for a lot of 25 vials), so the page shows LOT_LEDGER_PAGE_SIZE of them,
 * numbered: the latest by default, the ones before entry `before` or after entry `after`. The
 * balances are running balances over every entry of the lot (the domain's ledgerBalance).
 */
export async function getLotLedger(viewer: Reader, lotId: string, page: LotLedgerPage = {}) {
  const ledger = await readLotLedger(lotId);
  if (!ledger) return null;
  const all = ledger.rows;
  const rows =
    page.after !== undefined
      ? all.filter((r) => r.seq > page.after!).slice(0, LOT_LEDGER_PAGE_SIZE)
      : all.filter((r) => page.before === undefined || r.seq < page.before).slice(-LOT_LEDGER_PAGE_SIZE);
  const shown = rows.length ? { first: rows[0].seq, last: rows[rows.length - 1].seq } : null;
  await auditParticipantRead(viewer, {
    what: `ledger of lot ${ledger.lot.lotNumber}`,
    participantIds: [...new Set(rows.map((r) => r.participantId).filter((x): x is string => !!x))],
    subject: { type: "KetamineLot", id: lotId },
  });
  return {
    lot: ledger.lot,
    balanceUg: ledger.balanceUg,
    rows,
    entries: all.length,
    /** The entry numbers of the first and last entries shown and whether there are entries before and after them. */
    shown: shown && { ...shown, earlier: all[0].seq < shown.first, later: all[all.length - 1].seq > shown.last },
  };
}

export async function lotExists(lotId: string) {
  return (await (await dbReady()).ketamineLot.count({ where: { id: lotId } })) > 0;
}

/** A ledger entry as the ORM returns it, read through the driver. */
const LEDGER_ENTRY = modelColumns<DbEntry>("e", {
  id: "text",
  lotId: "text",
  seq: "int",
  type: "text",
  amountUg: "int",
  balanceAfterUg: "int",
  participantId: "text?",
  dosingRecordId: "text?",
  witnessId: "text?",
  method: "text?",
  reason: "text?",
  counterparty: "text?",
  physicalCountUg: "int?",
  expectedUg: "int?",
  explanation: "text?",
  reversesEntryId: "text?",
  dea106Required: "bool",
  flagged: "bool",
  recordedById: "text",
  recordedAt: "instant",
  note: "text?",
});

/**
 * A lot with every entry, its running balances and who recorded and witnessed each: two
 * statements through the driver (the lot with its site; the entries with the recorder's and
 * witness's names, the participant's code and whether the dosing record is signed). The ORM's
 * six, with id lists of every entry, cost ~35 ms of CPU for a lot of 245 entries, most of it
 * compiling them.
 */
async function readLotLedger(lotId: string) {
  const [lotRow, entryRows] = await Promise.all([
    readRow(
      `SELECT l."id", l."lotNumber", l."product", l."concentrationMgPerMl", l."vialVolumeMl", l."vialCount", l."totalUg", l."supplier", ` +
        `l."supplierAddress", l."supplierDeaNumber", l."invoiceNumber", l."expiryDate", l."receivedAt", s."name", s."timeZone" ` +
        `FROM "KetamineLot" l LEFT JOIN "Site" s ON s."id" = l."siteId" WHERE l."id" = ?`,
      [lotId],
    ),
    readRows(
      `SELECT ${LEDGER_ENTRY.sql}, ur."name", uw."name", p."code", ` +
        `CASE WHEN d."id" IS NOT NULL AND d."signedAt" IS NULL THEN 1 ELSE 0 END ` +
        `FROM "LedgerEntry" e LEFT JOIN "User" ur ON ur."id" = e."recordedById" LEFT JOIN "User" uw ON uw."id" = e."witnessId" ` +
        `LEFT JOIN "Participant" p ON p."id" = e."participantId" LEFT JOIN "DosingRecord" d ON d."id" = e."dosingRecordId" ` +
        `WHERE e."lotId" = ? ORDER BY e."seq"`,
      [lotId],
    ),
  ]);
  if (!lotRow) return null;
  const [id, lotNumber, product, concentrationMgPerMl, vialVolumeMl, vialCount, totalUg, supplier, supplierAddress, supplierDeaNumber] =
    lotRow;
  const [invoiceNumber, expiryDate, receivedAt, siteName, siteTimeZone] = lotRow.slice(10);
  const lot = { lotNumber: lotNumber as string, entries: entryRows.map((r) => LEDGER_ENTRY.read(r)) };
  const extra = entryRows.map((r) => r.slice(LEDGER_ENTRY.width));
  // A recorder or witness whose user row is gone is "Unknown" (never expected: users are deactivated, not deleted).
  const name = (userId: string | null, known: unknown) => (userId ? ((known as string | null) ?? "Unknown") : null);
  const balance = ledgerBalance(lot.entries.map((e) => toDomainEntry(lot, e)));
  const seqOf = new Map(lot.entries.map((e) => [e.id, e.seq]));
  const rows = lot.entries.map((e, i) => ({
    id: e.id,
    seq: e.seq,
    type: e.type as LedgerEntryType,
    amountUg: e.amountUg,
    deltaUg: balance.rows[i].deltaUg,
    balanceUg: balance.rows[i].balanceUg,
    reversed: balance.rows[i].reversed,
    recordedAt: e.recordedAt.toISOString(),
    recordedBy: name(e.recordedById, extra[i][0]),
    witness: name(e.witnessId, extra[i][1]),
    participantId: e.participantId,
    participantCode: e.participantId ? ((extra[i][2] as string | null) ?? null) : null,
    dosingRecordId: e.dosingRecordId,
    method: e.method,
    reason: e.reason,
    counterparty: e.counterparty,
    physicalCountUg: e.physicalCountUg,
    expectedUg: e.expectedUg,
    explanation: e.explanation,
    reversesSeq: e.reversesEntryId ? (seqOf.get(e.reversesEntryId) ?? null) : null,
    dea106Required: e.dea106Required,
    flagged: e.flagged,
    note: e.note,
    /** An administration whose dosing record is not signed yet: it counts in the balance, shown as pending signature. */
    pending: e.type === "ADMINISTER" && !balance.rows[i].reversed && !!e.dosingRecordId && Number(extra[i][3]) === 1,
  }));
  return {
    lot: {
      id: id as string,
      lotNumber: lot.lotNumber,
      product: product as string,
      concentrationMgPerMl: concentrationMgPerMl as string,
      vialVolumeMl: vialVolumeMl as string,
      vialCount: Number(vialCount),
      totalUg: Number(totalUg),
      supplier: supplier as string,
      supplierAddress: (supplierAddress as string | null) ?? null,
      supplierDeaNumber: (supplierDeaNumber as string | null) ?? null,
      invoiceNumber: invoiceNumber as string,
      expiryDate: expiryDate as string,
      receivedAt: instantValue(receivedAt).toISOString(),
      site: (siteName as string | null) ?? "",
      timeZone: (siteTimeZone as string | null) ?? "UTC",
    },
    balanceUg: balance.balanceUg,
    rows,
  };
}

export type LotLedger = NonNullable<Awaited<ReturnType<typeof readLotLedger>>>;

// One answer for every failure of the witness's email and password, whatever failed
// (unknown email, wrong password, deactivated, not allowed to witness), so the form
// cannot be used to test anyone's password; failures count against the witness's
// account exactly like failed sign-ins (reauthenticate).
export const WITNESS_ERROR =
  "The witness's email or password is not right, or that person may not witness a waste (only clinicians and other staff allowed to handle controlled substances may)";
export const WITNESS_THROTTLED = "Too many failed attempts for this witness. Wait a few minutes, then try again.";

/**
 * The second person confirms a waste with their own email and password on the same screen.
 * They must be a different, active user who may write the ledger.
 */
export async function verifyWitness(recorder: Actor, meta: RequestMeta, email: string, password: string) {
  const db = await dbReady();
  if (!email.trim() || !password) throw new FieldError("witnessEmail", "The witness must enter their own email and password");
  // Decided on the typed email alone, before any password is checked: it tells the
  // recorder nothing they do not know.
  const self = await db.user.findUnique({ where: { id: recorder.id }, select: { email: true } });
  if (self && normalizeEmail(email) === normalizeEmail(self.email)) {
    throw new FieldError("witnessEmail", "The witness must be a different person from the one recording the waste");
  }
  const result = await reauthenticate({
    email,
    password,
    purpose: "waste witness",
    meta,
    requestedBy: recorder,
    // The same rule the ledger write applies to every witness (mayHandleKetamine).
    ineligible: (u) => (can(u.roles, "ledger:write") ? null : "not allowed to witness a waste"),
  });
  if (!result.ok) throw new FieldError("witnessPassword", result.reason === "throttled" ? WITNESS_THROTTLED : WITNESS_ERROR);
  return result.user;
}

/** A manual entry from the lot page (everything except RECEIVE, which comes with the lot, and ADMINISTER, which comes from signing). */
export async function recordManualEntry(actor: Actor, meta: RequestMeta, lotId: string, input: LedgerEntryInput) {
  // The form field is named amountMg; its parsed value is already micrograms.
  const entry: NewLedgerEntry = { type: input.intent, amountUg: "amountMg" in input ? input.amountMg : 0 };
  switch (input.intent) {
    case "WASTE":
      entry.wasteMethod = input.wasteMethod;
      entry.witnessId = (await verifyWitness(actor, meta, input.witnessEmail, input.witnessPassword)).id;
      break;
    case "DESTROY":
      return recordDestruction(actor, meta, lotId, input);
    case "TRANSFER_OUT":
    case "TRANSFER_IN":
      entry.counterparty = input.counterparty;
      break;
    case "LOSS_THEFT":
      return recordLoss(actor, meta, lotId, input);
    case "INVENTORY_COUNT":
      entry.explanation = input.explanation ?? null;
      break;
    case "REVERSAL":
      entry.reversesEntryId = input.reversesEntryId;
      entry.reason = input.reason;
      break;
  }
  return writeLedgerEntry(await dbReady(), actor, meta, lotId, entry);
}

/** A loss or theft: the LOSS_THEFT entry and its DEA Form 106 details, with the one-business-day report clock. */
async function recordLoss(actor: Actor, meta: RequestMeta, lotId: string, input: Extract<LedgerEntryInput, { intent: "LOSS_THEFT" }>) {
  const db = await dbReady();
  return withLedgerRetry(() =>
    db.$transaction(async (tx) => {
      const created = await appendLedgerEntryTx(tx, actor, meta, lotId, {
        type: "LOSS_THEFT",
        amountUg: input.amountMg,
        reason: input.reason,
      });
      const lot = await tx.ketamineLot.findUniqueOrThrow({ where: { id: lotId }, select: { siteId: true } });
      const report = await tx.deaLossReport.create({
        data: {
          ledgerEntryId: created.id,
          siteId: lot.siteId,
          discoveredOn: input.discoveredOn,
          lossType: input.lossType,
          policeNotified: input.policeNotified,
          policeReportNumber: input.policeNotified ? (input.policeReportNumber ?? null) : null,
          description: input.reason,
          reportDueOn: deaLossReportDueOn(input.discoveredOn),
          createdById: actor.id,
        },
      });
      await audit(tx, {
        actor,
        action: "dea.loss_report_create",
        entityType: "DeaLossReport",
        entityId: report.id,
        summary: `DEA Form 106 details: ${input.lossType}, discovered ${input.discoveredOn}; report to the DEA by ${report.reportDueOn}`,
        ...meta,
      });
      return created;
    }, LEDGER_TX_OPTIONS),
  );
}

/**
 * A destruction (DEA Form 41): two distinct witnesses, neither the recorder, each confirming
 * with their own email and password (the same re-authentication as a waste's witness).
 */
async function recordDestruction(actor: Actor, meta: RequestMeta, lotId: string, input: Extract<LedgerEntryInput, { intent: "DESTROY" }>) {
  if (normalizeEmail(input.witnessEmail) === normalizeEmail(input.witness2Email)) {
    throw new FieldError("witness2Email", "The two witnesses must be two different people");
  }
  const first = await verifyWitness(actor, meta, input.witnessEmail, input.witnessPassword);
  let second;
  try {
    second = await verifyWitness(actor, meta, input.witness2Email, input.witness2Password);
  } catch (e) {
    // The second witness's messages belong next to the second witness's fields.
    if (e instanceof FieldError) throw new FieldError(e.fields.witnessEmail ? "witness2Email" : "witness2Password", e.message);
    throw e;
  }
  if (first.id === second.id) throw new FieldError("witness2Email", "The two witnesses must be two different people");
  const db = await dbReady();
  return withLedgerRetry(() =>
    db.$transaction(async (tx) => {
      const created = await appendLedgerEntryTx(tx, actor, meta, lotId, {
        type: "DESTROY",
        amountUg: input.amountMg,
        wasteMethod: input.wasteMethod,
        witnessId: first.id,
        reason: input.destructionReason,
      });
      await assertMayHandleKetamine(tx, second.id, { cohortId: null }, "witness", "witness2Email");
      const lot = await tx.ketamineLot.findUniqueOrThrow({ where: { id: lotId }, select: { siteId: true } });
      const destruction = await tx.deaDestruction.create({
        data: {
          ledgerEntryId: created.id,
          siteId: lot.siteId,
          destroyedOn: input.destroyedOn,
          method: input.wasteMethod,
          reason: input.destructionReason,
          place: input.place,
          witness1Id: first.id,
          witness2Id: second.id,
          createdById: actor.id,
        },
      });
      await audit(tx, {
        actor,
        action: "dea.destruction_create",
        entityType: "DeaDestruction",
        entityId: destruction.id,
        summary: `DEA Form 41 destruction on ${input.destroyedOn} at ${input.place}, witnessed by ${first.name} and ${second.name}`,
        ...meta,
      });
      return created;
    }, LEDGER_TX_OPTIONS),
  );
}

/** Entries of one lot (or all lots) recorded between two calendar dates (inclusive, UTC days). */
export async function getPrintableLog(viewer: Reader, filter: { lotId?: string; from?: string; to?: string }) {
  const db = await dbReady();
  const lots = await db.ketamineLot.findMany({
    where: filter.lotId ? { id: filter.lotId } : {},
    orderBy: { lotNumber: "asc" },
    select: { id: true },
  });
  const out: { ledger: LotLedger; rows: LotLedger["rows"] }[] = [];
  for (const l of lots) {
    const ledger = await readLotLedger(l.id);
    if (!ledger) continue;
    const rows = ledger.rows.filter(
      (r) => (!filter.from || r.recordedAt.slice(0, 10) >= filter.from) && (!filter.to || r.recordedAt.slice(0, 10) <= filter.to),
    );
    out.push({ ledger, rows });
  }
  // One row for the whole printout, naming the participants on the printed entries.
  const printed = new Set(out.flatMap((o) => o.rows.map((r) => r.participantId).filter((x): x is string => !!x)));
  await auditParticipantRead(viewer, {
    what: "controlled-substance log printout",
    participantIds: [...printed],
    subject: { type: "KetamineLot", id: filter.lotId ?? null },
  });
  return out;
}
