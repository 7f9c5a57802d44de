// Finding 1: the waste witness check was a password oracle. A wrong password said "email
// or password is not right", the right one for a non-clinician said "the witness must
// be a clinician", with no throttle and no failed sign-in counted. Every password
// re-check (witness, current password on /account/password) now goes through one
// re-authentication that gives one answer for every failure and counts failures
// against the account exactly like sign-in (same limit, same "auth.login_failed" audit).
import { beforeEach, describe, expect, it } from "vitest";
import * as password from "~/routes/account.password";
import * as lotRoute from "~/routes/ledger.lots.$lotId";
import { THROTTLED_LOGIN_ERROR } from "~/utils/auth.server";
import { dbReady } from "~/utils/db.server";
import { TEST_PASSWORD, createTestUser, resetLoginLimits, signIn } from "../setup/factories";
import { createTestSite } from "../setup/factories-scheduling";
import { createTestLot, signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";

type LotResult = { ok: boolean; errors?: Record<string, string>; message?: string };

const WASTE = { intent: "WASTE", amountMg: "2.5", wasteMethod: "Drug disposal container" };
let ipCounter = 0;

async function ledgerFixture() {
  const recorder = await signedInUser(["CLINICIAN"]);
  const site = await createTestSite();
  const lot = await createTestLot(site.id, { recordedById: recorder.user.id });
  // Each fixture's requests come from their own address, so that the per-IP limit of
  // one test never decides another.
  const ip = `10.1.${++ipCounter}.1`;
  const waste = async (witnessEmail: string, witnessPassword: string) => {
    const res = await call(lotRoute.action, `/ledger/lots/${lot.id}`, "POST", {
      cookie: recorder.cookie,
      form: { ...WASTE, witnessEmail, witnessPassword },
      params: { lotId: lot.id },
      ip,
    });
    const data = res.data as LotResult;
    // What the recorder sees: the status and the field messages (the form's other
    // values are echoed back as typed).
    return { status: res.status, data: { ok: data.ok, errors: data.errors, message: data.message } };
  };
  return { recorder, lot, waste, ip };
}

async function wasteCount(lotId: string) {
  return (await dbReady()).ledgerEntry.count({ where: { lotId, type: "WASTE" } });
}

async function failedSignIns(email: string) {
  return (await dbReady()).auditEvent.count({ where: { action: "auth.login_failed", actorLabel: email } });
}

beforeEach(resetLoginLimits);

describe("01 witness re-authentication", () => {
  it("a wrong and a right password for a non-clinician account give the same response", async () => {
    const l = await ledgerFixture();
    const analyst = await createTestUser({ roles: ["ANALYST"] });
    const coordinator = await createTestUser({ roles: ["COORDINATOR"] });
    for (const account of [analyst, coordinator]) {
      const wrong = await l.waste(account.email, "not the password at all");
      const right = await l.waste(account.email, TEST_PASSWORD);
      expect(right).toEqual(wrong);
      expect(wrong.status).toBe(400);
      // Both count as failed re-authentications of that account, so not even the lockout
      // arrives one attempt later for the right password.
      expect(await failedSignIns(account.email)).toBe(2);
    }
    expect(await wasteCount(l.lot.id)).toBe(0);
  });

  it("gives one message for an unknown email, a wrong password, a deactivated or an ineligible witness", async () => {
    const l = await ledgerFixture();
    const clinician = await createTestUser({ roles: ["CLINICIAN"] });
    const gone = await createTestUser({ roles: ["CLINICIAN"], active: false });
    const facilitator = await createTestUser({ roles: ["FACILITATOR"] });
    const answers = [
      await l.waste("nobody-here@test.groupkap.org", TEST_PASSWORD),
      await l.waste(clinician.email, "not the password at all"),
      await l.waste(gone.email, TEST_PASSWORD),
      await l.waste(facilitator.email, TEST_PASSWORD),
    ];
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(Object.keys(answers[0].data.errors ?? {})).toHaveLength(1);
    expect(await wasteCount(l.lot.id)).toBe(0);
    // A real clinician witness with the right password is accepted.
    expect((await l.waste(clinician.email, TEST_PASSWORD)).data).toMatchObject({ ok: true });
    expect(await wasteCount(l.lot.id)).toBe(1);
  });

  it("the recorder as their own witness is refused before any password is checked", async () => {
    const l = await ledgerFixture();
    const wrong = await l.waste(l.recorder.user.email.toUpperCase(), "not my password");
    const right = await l.waste(l.recorder.user.email, TEST_PASSWORD);
    expect(wrong).toEqual(right);
    expect(wrong.data.errors?.witnessEmail).toMatch(/different person/);
    expect(await failedSignIns(l.recorder.user.email)).toBe(0);
  });

  it("6 wrong witness guesses lock that account's sign-in and the witness check, like sign-in failures", async () => {
    const l = await ledgerFixture();
    const witness = await createTestUser({ roles: ["CLINICIAN"] });
    const first = await l.waste(witness.email, "guess 0");
    for (let i = 1; i < 6; i++) {
      const res = await l.waste(witness.email, `guess ${i}`);
      if (i < 5) expect(res).toEqual(first);
      else expect(res.data.errors?.witnessPassword).toMatch(/too many/i);
    }
    expect(await failedSignIns(witness.email)).toBe(5);
    // The account's own sign-in is locked, from any address, even with the right password.
    const signInNow = await signIn(witness.email, TEST_PASSWORD, "10.1.200.1");
    expect(signInNow.status).toBe(401);
    expect((signInNow.data as { formError: string }).formError).toBe(THROTTLED_LOGIN_ERROR);
    // And so is the witness check with the right password.
    const rightNow = await l.waste(witness.email, TEST_PASSWORD);
    expect(rightNow.status).toBe(400);
    expect(rightNow.data.errors?.witnessPassword).toMatch(/too many/i);
    expect(await wasteCount(l.lot.id)).toBe(0);
    expect(
      await (await dbReady()).auditEvent.count({ where: { action: "auth.login_throttled", actorLabel: witness.email } }),
    ).toBeGreaterThanOrEqual(2);
  });

  it("sign-in failures lock the witness check too (one count per account)", async () => {
    const l = await ledgerFixture();
    const witness = await createTestUser({ roles: ["CLINICIAN"] });
    for (let i = 0; i < 5; i++) await signIn(witness.email, `wrong ${i}`, `10.1.201.${i}`);
    const res = await l.waste(witness.email, TEST_PASSWORD);
    expect(res.data.errors?.witnessPassword).toMatch(/too many/i);
    expect(await wasteCount(l.lot.id)).toBe(0);
  });
});

describe("01 current-password check on /account/password", () => {
  it("6 wrong current-password guesses lock the account like sign-in failures", async () => {
    const { user, cookie } = await signedInUser(["COORDINATOR"]);
    const change = (currentPassword: string) =>
      call(password.action, "/account/password", "POST", {
        cookie,
        form: { currentPassword, newPassword: "a brand new phrase", confirmPassword: "a brand new phrase" },
        ip: "10.1.250.1",
      });
    for (let i = 0; i < 5; i++) {
      const res = await change(`wrong current ${i}`);
      expect(res.status).toBe(400);
      expect((res.data as { errors: Record<string, string> }).errors.currentPassword).toMatch(/not right/);
    }
    expect(await failedSignIns(user.email)).toBe(5);
    const sixth = await change(TEST_PASSWORD);
    expect(sixth.status).toBe(400);
    expect((sixth.data as { errors: Record<string, string> }).errors.currentPassword).toMatch(/too many/i);
    // The password did not change, and sign-in is locked as after 5 failed sign-ins.
    const signInNow = await signIn(user.email, TEST_PASSWORD, "10.1.250.2");
    expect((signInNow.data as { formError: string }).formError).toBe(THROTTLED_LOGIN_ERROR);
    expect(await (await dbReady()).auditEvent.count({ where: { action: "user.change_password", actorId: user.id } })).toBe(0);
  });
});
