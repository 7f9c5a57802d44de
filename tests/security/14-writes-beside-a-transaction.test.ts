// Finding 14: on SQLite the app has one write connection, and Prisma's adapter queued only
// transactions on it. A statement outside any transaction, made while another request's
// transaction was open, ran inside that transaction: a participant view's audit event written
// then was lost when the other request's change rolled back (a form refused mid-transaction),
// and a read saw rows that were never committed. Statements outside a transaction now wait
// until no transaction is open (PostgreSQL gives each its own connection: it passes there as is).
import { describe, expect, it } from "vitest";
import * as participantPage from "~/routes/participants.$participantId";
import { audit } from "~/utils/audit.server";
import { dbReady } from "~/utils/db.server";
import { createEnrolledTestParticipant, createTestCohort } from "../setup/factories-scheduling";
import { signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";

/** Another request's transaction: writes an audit event, waits until `release`, then fails (rolls back). */
async function failingTransaction(entityType: string) {
  const db = await dbReady();
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let opened!: () => void;
  const open = new Promise<void>((resolve) => (opened = resolve));
  const done = db
    .$transaction(async (tx) => {
      await audit(tx, { actor: null, action: "probe.inside", entityType, summary: "written inside, rolled back" });
      opened();
      await held;
      throw new Error("refused");
    })
    .then(
      () => "committed",
      (error: Error) => error.message,
    );
  await open;
  return { release, done };
}

/** Long enough for a statement started now to reach the database (Prisma sends it a few ticks later). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

async function actionsOf(entityType: string) {
  const db = await dbReady();
  const rows = await db.auditEvent.findMany({ where: { entityType }, orderBy: { id: "asc" }, select: { action: true } });
  return rows.map((r) => r.action);
}

describe("statements outside a transaction while another is open", () => {
  it("an audit event written meanwhile is kept when the other transaction rolls back", async () => {
    const db = await dbReady();
    const other = await failingTransaction("ProbeWrite");
    const outside = audit(db, { actor: null, action: "probe.outside", entityType: "ProbeWrite", summary: "written outside" });
    await settle();
    other.release();
    expect(await other.done).toBe("refused");
    await outside;
    expect(await actionsOf("ProbeWrite")).toEqual(["probe.outside"]);
  });

  it("a read outside the transaction does not see its uncommitted rows", async () => {
    const db = await dbReady();
    const other = await failingTransaction("ProbeRead");
    // A Prisma query runs once it is awaited or `then` is called.
    const read = db.auditEvent.count({ where: { entityType: "ProbeRead" } }).then((n) => n);
    await settle();
    other.release();
    expect(await other.done).toBe("refused");
    expect(await read).toBe(0);
  });

  it("a participant page viewed while another request's change rolls back keeps its view in the audit log", async () => {
    const db = await dbReady();
    const staff = await signedInUser(["COORDINATOR"]);
    const cohort = await createTestCohort({ status: "ACTIVE" });
    const { participant } = await createEnrolledTestParticipant(cohort.id, "ACTIVE");
    const views = () => db.auditEvent.count({ where: { action: "participant.view", entityId: participant.id } });
    const before = await views();

    const other = await failingTransaction("ProbePage");
    const page = call(participantPage.loader, `/participants/${participant.id}`, "GET", {
      cookie: staff.cookie,
      params: { participantId: participant.id },
    });
    await settle();
    other.release();
    expect(await other.done).toBe("refused");
    expect((await page).status).toBe(200);
    expect(await views()).toBe(before + 1);
    expect(await actionsOf("ProbePage")).toEqual([]);
  });
});
