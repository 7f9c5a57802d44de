import * as login from "~/routes/login";
import { hashPassword } from "~/utils/auth.server";
import { dbReady } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import type { RoleCode } from "~/utils/permissions";
import { call } from "./http";

let n = 0;
export const TEST_PASSWORD = "correct horse battery";
// One real argon2 hash of the test password per test file, shared by every user it creates
// (hashing costs ~15–40 ms; sign-in still verifies against it).
let testPasswordHash: Promise<string> | undefined;

export async function createTestUser(
  opts: { roles?: RoleCode[]; email?: string; name?: string; active?: boolean; mustChangePassword?: boolean } = {},
) {
  const db = await dbReady();
  n += 1;
  return db.user.create({
    data: {
      email: opts.email ?? `user${n}-${Math.random().toString(36).slice(2, 7)}@test.groupkap.org`,
      name: opts.name ?? `Test User ${n}`,
      passwordHash: await (testPasswordHash ??= hashPassword(TEST_PASSWORD)),
      active: opts.active ?? true,
      mustChangePassword: opts.mustChangePassword ?? false,
      roles: { create: (opts.roles ?? ["COORDINATOR"]).map((roleCode) => ({ roleCode })) },
    },
  });
}

/** Posts the sign-in form, as the browser would, from `ip`. */
export function signIn(email: string, password = TEST_PASSWORD, ip = "10.0.0.1") {
  return call(login.action, "/login", "POST", { form: { email, password }, ip });
}

/** Back to the default sign-in limits (for a `beforeEach` in files that change them). */
export function resetLoginLimits() {
  delete process.env.LOGIN_MAX_FAILURES_PER_IP;
  delete process.env.LOGIN_MAX_FAILURES_PER_ACCOUNT;
  resetEnvCache();
}
