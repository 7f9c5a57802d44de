// The audit log page reads one page of rows whatever the log's size: keyset cursors walk
// every event exactly once in both directions, filters combine with the cursor, and the
// filter choices are the distinct values actually logged.
import { beforeAll, describe, expect, it } from "vitest";
import { auditFilterOptions, decodeAuditCursor, listAuditEvents, AUDIT_PAGE_SIZE } from "~/models/audit.server";
import * as auditPage from "~/routes/admin.audit";
import { dbReady } from "~/utils/db.server";
import { signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";
import { counted } from "../setup/statements";

const N = AUDIT_PAGE_SIZE * 2 + 7;
let cookie: string;

beforeAll(async () => {
  const db = await dbReady();
  cookie = (await signedInUser(["ADMIN"])).cookie;
  const base = Date.UTC(2026, 0, 1);
  // Several events share a timestamp so the id tie-break is exercised.
  await db.auditEvent.createMany({
    data: Array.from({ length: N }, (_, i) => ({
      id: `evt${String(i).padStart(4, "0")}`,
      at: new Date(base + Math.floor(i / 3) * 60_000),
      action: i % 2 ? "test.odd" : "test.even",
      entityType: i % 5 ? "Widget" : "Gadget",
      summary: `event ${i}`,
    })),
  });
});

describe("audit log pages", () => {
  it("walks every event once, newest first, and back again", async () => {
    const seen: string[] = [];
    let page = await listAuditEvents({});
    expect(page.total).toBeGreaterThanOrEqual(N);
    expect(page.newerCursor).toBeNull();
    const pages = [page];
    while (page.olderCursor) {
      seen.push(...page.rows.map((r) => r.id));
      page = await listAuditEvents({ before: decodeAuditCursor(page.olderCursor) });
      pages.push(page);
    }
    seen.push(...page.rows.map((r) => r.id));
    const test = seen.filter((id) => id.startsWith("evt"));
    expect(test).toEqual(Array.from({ length: N }, (_, i) => `evt${String(N - 1 - i).padStart(4, "0")}`));
    expect(new Set(seen).size).toBe(seen.length);
    // Newer from the last page returns the previous page exactly.
    const back = await listAuditEvents({ after: decodeAuditCursor(pages.at(-1)!.newerCursor) });
    expect(back.rows.map((r) => r.id)).toEqual(pages.at(-2)!.rows.map((r) => r.id));
  });

  it("combines filters with the cursor and lists the logged values as choices", async () => {
    const first = await listAuditEvents({ action: "test.odd" });
    expect(first.total).toBe(Math.floor(N / 2));
    const second = await listAuditEvents({ action: "test.odd", before: decodeAuditCursor(first.olderCursor) });
    expect([...first.rows, ...second.rows].every((r) => r.action === "test.odd")).toBe(true);
    const options = await auditFilterOptions();
    expect(options.actions).toEqual(expect.arrayContaining(["test.even", "test.odd"]));
    expect(options.entityTypes).toEqual(expect.arrayContaining(["Gadget", "Widget"]));
    expect([...options.actions].sort()).toEqual(options.actions);
  });

  it("ignores a malformed cursor instead of failing", async () => {
    const res = await call(auditPage.loader, "/admin/audit?before=not-a-cursor&after=%00", "GET", { cookie });
    expect([res.status, res.headers.get("location")]).toEqual([200, null]);
  });

  it("counts matching events up to a cap and says when there are more; the pages are the same either way", async () => {
    const odd = Math.floor(N / 2);
    const capped = await listAuditEvents({ action: "test.odd" }, 10);
    expect([capped.total, capped.totalCapped]).toEqual([10, true]);
    const exact = await listAuditEvents({ action: "test.odd" }, odd);
    expect([exact.total, exact.totalCapped]).toEqual([odd, false]);
    const uncapped = await listAuditEvents({ action: "test.odd" });
    expect([uncapped.total, uncapped.totalCapped]).toEqual([odd, false]);
    expect(capped.rows.map((r) => r.id)).toEqual(uncapped.rows.map((r) => r.id));
    expect(capped.olderCursor).toBe(uncapped.olderCursor);
    // The page says so, next to the filters.
    const res = await call(auditPage.loader, "/admin/audit?action=test.odd", "GET", { cookie });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ total: odd, totalCapped: false });
  });
});

describe("audit log reads", () => {
  it("a row names its actor; user and date filters apply; the page and the options take two and three statements", async () => {
    const db = await dbReady();
    const { user } = await signedInUser(["ADMIN"], { name: "Audra Auditor" });
    const onTheDay = {
      id: "who0002",
      at: new Date("2027-03-02T00:00:00.000Z"),
      actorId: user.id,
      actorLabel: "label",
      action: "test.who",
      entityType: "Widget",
      entityId: "w1",
      summary: "on the day",
      details: '{"a":1}',
      ip: "10.1.2.3",
      userAgent: "agent",
    };
    await db.auditEvent.createMany({
      data: [
        {
          id: "who0001",
          at: new Date("2027-03-01T23:59:59.999Z"),
          actorId: user.id,
          action: "test.who",
          entityType: "Widget",
          summary: "late",
        },
        onTheDay,
        {
          id: "who0003",
          at: new Date("2027-03-03T00:00:00.000Z"),
          actorId: user.id,
          action: "test.who",
          entityType: "Widget",
          summary: "next day",
        },
      ],
    });
    const { value: page, queries } = await counted(() =>
      listAuditEvents({ userId: user.id, from: new Date("2027-03-02T00:00:00Z"), to: new Date("2027-03-03T00:00:00Z") }),
    );
    expect(queries).toBe(2);
    expect(page.rows).toEqual([{ ...onTheDay, actor: { name: "Audra Auditor", email: user.email } }]);
    expect((await listAuditEvents({ userId: user.id, action: "test.who" })).rows.map((r) => r.id)).toEqual([
      "who0003",
      "who0002",
      "who0001",
    ]);
    const { value: choices, queries: optionQueries } = await counted(() => auditFilterOptions());
    expect(optionQueries).toBe(3);
    expect(choices.users).toContainEqual({ id: user.id, name: "Audra Auditor", email: user.email });
  });
});
