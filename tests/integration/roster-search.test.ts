// The roster's "add a participant" picker reads a bounded search, never everyone: at most
// ROSTER_CANDIDATE_LIMIT candidates (with whether there are more), matched by name or code,
// never someone already on this roster, only people the viewer may see, and the audit row
// of the page lists the roster and the candidates shown, nobody else.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { readerFor } from "~/models/access.server";
import { ROSTER_CANDIDATE_LIMIT, getRoster } from "~/models/enrollment.server";
import * as roster from "~/routes/cohorts.$cohortId.roster";
import { dbReady } from "~/utils/db.server";
import { auditMark } from "../setup/audit";
import { createTestCohort, createTestEnrollment, createTestParticipant } from "../setup/factories-scheduling";
import { signedInUser } from "../setup/factories-sessions";
import { BASE, call } from "../setup/http";

type Page = { candidates: { id: string; label: string }[]; moreCandidates: boolean; rows: { participantId: string }[]; q: string };

const N = ROSTER_CANDIDATE_LIMIT + 6;
let coordinator: { user: { id: string }; cookie: string };
let facilitator: { user: { id: string; email: string }; cookie: string };
let cohortId: string;
let otherId: string;
const enrolledIds: string[] = [];
const candidateIds: string[] = [];
const candidateNumbers: number[] = [];
let special: { id: string; code: string };

async function page(cookie: string, query: string, id = cohortId) {
  const res = await call(roster.loader, `/cohorts/${id}/roster${query}`, "GET", { cookie, params: { cohortId: id } });
  expect(res.status).toBe(200);
  return res.data as Page;
}

/** The actor's participant.view rows about this cohort written after `mark`, with their participant ids. */
async function auditedSince(mark: string, actorId: string) {
  const db = await dbReady();
  const rows = await db.auditEvent.findMany({
    where: { action: "participant.view", actorId, entityType: "Cohort", entityId: cohortId, id: { gt: mark } },
  });
  return rows.map((r) => (JSON.parse(r.details ?? "{}") as { participantIds: string[] }).participantIds);
}

beforeAll(async () => {
  coordinator = await signedInUser(["COORDINATOR"]);
  facilitator = await signedInUser(["FACILITATOR"]);
  const cohort = await createTestCohort({ capacity: 50, staff: [{ userId: facilitator.user.id, role: "LEAD_FACILITATOR" }] });
  const other = await createTestCohort({ capacity: 50 });
  cohortId = cohort.id;
  otherId = other.id;
  // More matching people than the picker shows; a few already on this roster.
  for (let i = 0; i < N; i++) {
    const p = await createTestParticipant({ firstName: `Rhea${i % 3}`, lastName: `Rostersearch${String(i).padStart(2, "0")}` });
    if (i % 7 === 0) {
      await createTestEnrollment({ participantId: p.id, cohortId, status: "ACTIVE" });
      enrolledIds.push(p.id);
    } else {
      // The rest are on another cohort's roster (the facilitator cannot see them) or on none.
      if (i % 2) await createTestEnrollment({ participantId: p.id, cohortId: otherId, status: "ACTIVE" });
      candidateIds.push(p.id);
      candidateNumbers.push(i);
    }
  }
  const s = await createTestParticipant({ firstName: "Quintessa", lastName: "Zyxwander", code: "GK-RSQ7Z" });
  special = { id: s.id, code: s.code };
});

describe("roster add-a-participant search", () => {
  it("shows no candidates and reads nobody extra without a search", async () => {
    const mark = await auditMark(coordinator.user.id);
    const data = await page(coordinator.cookie, "");
    expect(data.q).toBe("");
    expect(data.candidates).toEqual([]);
    expect(data.moreCandidates).toBe(false);
    expect(data.rows.map((r) => r.participantId).sort()).toEqual([...enrolledIds].sort());
    const audited = await auditedSince(mark, coordinator.user.id);
    expect(audited).toHaveLength(1);
    expect(audited[0].sort()).toEqual([...enrolledIds].sort());
  });

  it("returns at most the limit, by last name, with `more`, and never someone already on the roster", async () => {
    const data = await page(coordinator.cookie, "?q=rostersearch");
    expect(data.candidates).toHaveLength(ROSTER_CANDIDATE_LIMIT);
    expect(data.moreCandidates).toBe(true);
    const ids = data.candidates.map((c) => c.id);
    for (const id of enrolledIds) expect(ids).not.toContain(id);
    // The first ROSTER_CANDIDATE_LIMIT candidates in last-name order (creation order here).
    expect(ids).toEqual(candidateIds.slice(0, ROSTER_CANDIDATE_LIMIT));
    const labels = data.candidates.map((c) => c.label);
    expect([...labels].sort()).toEqual(labels);

    // A narrower search fits: no `more`.
    const narrow = await page(coordinator.cookie, "?q=Rostersearch1");
    expect(narrow.moreCandidates).toBe(false);
    expect(narrow.candidates.map((c) => c.id)).toEqual(
      candidateIds.filter((_, k) => candidateNumbers[k] >= 10 && candidateNumbers[k] < 20),
    );
  });

  it("finds by code (any case) and by name (any case, first and last in any order)", async () => {
    for (const q of [special.code, special.code.toLowerCase(), "RSQ7", "zyxwander", "Quintessa", "quintessa zyx", "ZYXWANDER Quin"]) {
      const data = await page(coordinator.cookie, `?q=${encodeURIComponent(q)}`);
      expect(
        data.candidates.map((c) => c.id),
        q,
      ).toEqual([special.id]);
      expect(data.candidates[0].label).toBe(`Zyxwander, Quintessa (${special.code})`);
      expect(data.moreCandidates).toBe(false);
    }
    expect((await page(coordinator.cookie, "?q=Quintessa%20Rostersearch")).candidates).toEqual([]);
    // Someone already on this roster is not found, though they match.
    const enrolled = await (await dbReady()).participant.findUniqueOrThrow({ where: { id: enrolledIds[1] } });
    expect((await page(coordinator.cookie, `?q=${enrolled.code}`)).candidates).toEqual([]);
    // …but is found for another cohort's roster.
    expect((await page(coordinator.cookie, `?q=${enrolled.code}`, otherId)).candidates.map((c) => c.id)).toEqual([enrolled.id]);
  });

  it("ignores a malformed search parameter", async () => {
    const data = await page(coordinator.cookie, `?q=${"x".repeat(101)}`);
    expect(data.q).toBe("");
    expect(data.candidates).toEqual([]);
  });

  it("shows a facilitator no candidates (they do not change enrollment), and only their own people if asked", async () => {
    const mark = await auditMark(facilitator.user.id);
    const data = await page(facilitator.cookie, "?q=Rostersearch");
    expect(data.candidates).toEqual([]);
    expect((await auditedSince(mark, facilitator.user.id)).map((ids) => ids.sort())).toEqual([[...enrolledIds].sort()]);

    // The model scopes candidates to the viewer as well: a facilitator sees only people on
    // cohorts they staff (none here outside this roster), never the other cohort's.
    const asFacilitator = { id: facilitator.user.id, email: facilitator.user.email, roles: ["FACILITATOR" as const] };
    const args = {
      request: new Request(`${BASE}/cohorts/${cohortId}/roster?q=x`),
      params: { cohortId },
      context: {},
    } as LoaderFunctionArgs;
    const scoped = await getRoster(readerFor(args, asFacilitator), cohortId, { withCandidates: true, q: "Rostersearch" });
    expect(scoped.candidates).toEqual([]);
    const mine = await createTestCohort({ capacity: 5, staff: [{ userId: facilitator.user.id, role: "FACILITATOR" }] });
    await createTestEnrollment({ participantId: candidateIds[0], cohortId: mine.id, status: "ACTIVE" });
    const args2 = { ...args, context: {} } as LoaderFunctionArgs;
    const own = await getRoster(readerFor(args2, asFacilitator), cohortId, { withCandidates: true, q: "Rostersearch" });
    expect(own.candidates.map((c) => c.id)).toEqual([candidateIds[0]]);
  });

  it("audits the roster and only the candidates shown", async () => {
    const mark = await auditMark(coordinator.user.id);
    const data = await page(coordinator.cookie, "?q=Rostersearch");
    const audited = await auditedSince(mark, coordinator.user.id);
    expect(audited).toHaveLength(1);
    const shown = data.candidates.map((c) => c.id);
    expect(shown).toHaveLength(ROSTER_CANDIDATE_LIMIT);
    expect(audited[0].sort()).toEqual([...enrolledIds, ...shown].sort());
    // The candidates past the limit were not read into the row.
    for (const id of candidateIds.slice(ROSTER_CANDIDATE_LIMIT)) expect(audited[0]).not.toContain(id);
  });
});
