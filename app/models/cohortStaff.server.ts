// Adding a staff member to a running cohort (e.g. a clinician covering for a colleague):
// the cohort assignment plus every session not yet held or cancelled, audited.
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady } from "~/utils/db.server";

export const COHORT_STAFF_ROLES = ["LEAD_FACILITATOR", "FACILITATOR", "CLINICIAN"] as const;
export type CohortStaffRole = (typeof COHORT_STAFF_ROLES)[number];

export async function addCohortStaff(
  actor: { id: string; email: string } | null,
  meta: RequestMeta,
  input: { cohortId: string; userId: string; role: CohortStaffRole },
) {
  if (!COHORT_STAFF_ROLES.includes(input.role)) throw new Error(`Unknown staff role ${input.role}`);
  const db = await dbReady();
  const user = await db.user.findUnique({ where: { id: input.userId }, include: { roles: true } });
  const needed = input.role === "CLINICIAN" ? "CLINICIAN" : "FACILITATOR";
  if (!user || !user.active || !user.roles.some((r) => r.roleCode === needed)) {
    throw new Error(`${user?.email ?? "That user"} is not an active ${needed.toLowerCase()}.`);
  }
  await db.$transaction(async (tx) => {
    const cohort = await tx.cohort.findUniqueOrThrow({ where: { id: input.cohortId } });
    const existing = await tx.cohortStaff.findFirst({ where: { cohortId: cohort.id, userId: user.id, role: input.role } });
    if (!existing) await tx.cohortStaff.create({ data: { cohortId: cohort.id, userId: user.id, role: input.role } });
    const sessions = await tx.groupSession.findMany({
      where: { cohortId: cohort.id, status: "SCHEDULED", staff: { none: { userId: user.id } } },
      select: { id: true },
    });
    for (const s of sessions) {
      await tx.sessionStaff.create({ data: { sessionId: s.id, userId: user.id, role: needed } });
    }
    await audit(tx, {
      actor,
      actorLabel: actor?.email ?? "cli",
      action: "cohort.staff_add",
      entityType: "Cohort",
      entityId: cohort.id,
      summary: `Assigned ${user.email} as ${input.role.toLowerCase().replace("_", " ")} of ${cohort.name} (${sessions.length} upcoming sessions)`,
      ...meta,
    });
  });
}
