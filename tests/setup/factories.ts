import { hashPassword } from "~/utils/auth.server";
import { dbReady } from "~/utils/db.server";
import type { RoleCode } from "~/utils/permissions";

let n = 0;
export const TEST_PASSWORD = "correct horse battery";

export async function createTestUser(opts: { roles?: RoleCode[]; email?: string; name?: string; active?: boolean; mustChangePassword?: boolean } = {}) {
  const db = await dbReady();
  n += 1;
  return db.user.create({
    data: {
      email: opts.email ?? `user${n}-${Math.random().toString(36).slice(2, 7)}@test.groupkap.org`,
      name: opts.name ?? `Test User ${n}`,
      passwordHash: await hashPassword(TEST_PASSWORD),
      active: opts.active ?? true,
      mustChangePassword: opts.mustChangePassword ?? false,
      roles: { create: (opts.roles ?? ["COORDINATOR"]).map((roleCode) => ({ roleCode })) },
    },
  });
}
