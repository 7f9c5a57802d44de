// Reference data (every environment, idempotent) and demo data (demo mode, empty
// database only). Demo people are synthetic.
import { hashPassword } from "~/utils/auth.server";
import { audit } from "~/utils/audit.server";
import type { Db } from "~/utils/db.server";
import { ROLES, ROLE_INFO, type RoleCode } from "~/utils/permissions";

export async function seedReferenceData(db: Db) {
  for (const code of ROLES) {
    await db.role.upsert({
      where: { code },
      create: { code, name: ROLE_INFO[code].name, description: ROLE_INFO[code].description },
      update: { name: ROLE_INFO[code].name, description: ROLE_INFO[code].description },
    });
  }
}

export const DEMO_PASSWORD = "groupkap-demo-2026";

export const DEMO_USERS: { email: string; name: string; roles: RoleCode[] }[] = [
  { email: "admin@demo.groupkap.org", name: "Avery Admin", roles: ["ADMIN"] },
  { email: "coordinator@demo.groupkap.org", name: "Casey Coordinator", roles: ["COORDINATOR"] },
  { email: "facilitator@demo.groupkap.org", name: "Frankie Facilitator", roles: ["FACILITATOR"] },
  { email: "facilitator2@demo.groupkap.org", name: "Morgan Facilitator", roles: ["FACILITATOR"] },
  { email: "clinician@demo.groupkap.org", name: "Dr. Quinn Clinician", roles: ["CLINICIAN"] },
  { email: "analyst@demo.groupkap.org", name: "Alex Analyst", roles: ["ANALYST"] },
  { email: "lead@demo.groupkap.org", name: "Riley Program Lead", roles: ["COORDINATOR", "ANALYST"] },
];

/** Creates demo data when the database has no users. Returns whether it did. */
export async function seedDemoData(db: Db): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.$transaction(async (tx) => {
    for (const u of DEMO_USERS) {
      const user = await tx.user.create({
        data: { email: u.email, name: u.name, passwordHash, roles: { create: u.roles.map((roleCode) => ({ roleCode })) } },
      });
      await audit(tx, { actor: null, actorLabel: "seed", action: "user.create", entityType: "User", entityId: user.id, summary: `Demo user ${u.email} (${u.roles.join(", ")})` });
    }
  });
  return true;
}
