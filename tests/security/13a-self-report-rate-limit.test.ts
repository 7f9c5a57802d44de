// Finding 13a: the self-report (/q/<token>) rate limit lived in each process's memory
// and was keyed by IP only: two instances let 70 requests through, and one shared
// clinic address locked real participants out. It is now counted in the database,
// per link (token) and per address, shared by every app instance.
import { afterEach, describe, expect, it } from "vitest";
import { newToken } from "~/models/selfReport.server";
import * as selfReportRoute from "~/routes/q.$token";
import { call } from "../setup/http";
import { spawnInstance } from "./support/spawn-instance";

function open(token: string, ip: string) {
  return call(selfReportRoute.loader, `/q/${token}`, "GET", { params: { token }, ip });
}

afterEach(() => {
  delete process.env.SELF_REPORT_RATE_LIMIT;
});

describe("13a self-report link rate limit", () => {
  it("one link takes at most 60 requests per 10 minutes, whatever the addresses", async () => {
    const token = newToken();
    for (let i = 0; i < 60; i++) expect((await open(token, `10.13.1.${i}`)).status).toBe(200);
    const refused = await open(token, "10.13.1.200");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBeTruthy();
    // Another link is not affected.
    expect((await open(newToken(), "10.13.1.200")).status).toBe(200);
  });

  it("two app instances share the count of one link", async () => {
    const token = newToken();
    const other = spawnInstance(["self-report", token, "40", "10.13.2.2"]);
    await other.ready;
    other.go();
    const here = await Promise.all(Array.from({ length: 40 }, () => open(token, "10.13.2.1")));
    const there = await other.result;
    const statuses = [...here.map((r) => r.status), ...there];
    expect(statuses).toHaveLength(80);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it("participants behind one shared clinic address are not locked out by each other", async () => {
    // 20 participants on the clinic's network, each opening and reloading their link.
    const tokens = Array.from({ length: 20 }, () => newToken());
    for (const token of tokens) for (let i = 0; i < 5; i++) expect((await open(token, "10.13.3.1")).status).toBe(200);
    expect((await open(newToken(), "10.13.3.1")).status).toBe(200);
  });

  it("the per-address limit still refuses one address hammering many links", async () => {
    process.env.SELF_REPORT_RATE_LIMIT = "10";
    for (let i = 0; i < 10; i++) expect((await open(newToken(), "10.13.4.1")).status).toBe(200);
    expect((await open(newToken(), "10.13.4.1")).status).toBe(429);
    expect((await open(newToken(), "10.13.4.2")).status).toBe(200);
  });
});
