// Changing a running cohort's staff (a clinician covering for a colleague, a facilitator who
// leaves): the cohort assignment plus every session still ahead (SCHEDULED), audited and
// version-checked against the cohort. Sessions already held keep who staffed them.
import { COHORT_STAFF_ROLE_LABELS, COHORT_STAFF_ROLES, type CohortStaffRole } from "~/forms/scheduling";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, type Tx } from "~/utils/db.server";
import { sessionStaffFor } from "./cohort.server";
import { ConflictError, FieldError, notFound, type Actor } from "./kernel.server";

export { COHORT_STAFF_ROLES, type CohortStaffRole };

/** The session role a cohort role staffs as: a lead facilitator staffs as FACILITATOR. */
const sessionRoleOf = (role: CohortStaffRole) => (role === "CLINICIAN" ? "CLINICIAN" : "FACILITATOR");

async function lockCohort(tx: Tx, cohortId: string, version: number | undefined) {
  const cohort = await tx.cohort.findUnique({ where: { id: cohortId } });
  if (!cohort) notFound("Cohort not found");
  if (version !== undefined && cohort.version !== version)
    throw new ConflictError("Someone else changed this cohort since you opened the page. Reload it and try again.");
  await tx.cohort.update({ where: { id: cohort.id }, data: { version: { increment: 1 } } });
  return cohort;
}

function requiredClinicians(requiredStaff: string) {
  try {
    const n = (JSON.parse(requiredStaff) as { CLINICIAN?: unknown }).CLINICIAN;
    return typeof n === "number" ? n : 0;
  } catch {
    return 0;
  }
}

/** Adds a person in a cohort role. Throws FieldError (wrong kind of user, already in that role). */
export async function addCohortStaff(
  actor: Actor | null,
  meta: RequestMeta,
  input: { cohortId: string; userId: string; role: CohortStaffRole; version?: number },
) {
  if (!COHORT_STAFF_ROLES.includes(input.role)) throw new FieldError("role", "Choose their role in this cohort");
  const db = await dbReady();
  const user = await db.user.findUnique({ where: { id: input.userId }, include: { roles: true } });
  const needed = sessionRoleOf(input.role);
  if (!user || !user.active || !user.roles.some((r) => r.roleCode === needed)) {
    throw new FieldError("userId", `${user?.name ?? "That user"} is not an active ${needed.toLowerCase()}.`);
  }
  return db.$transaction(async (tx) => {
    const cohort = await lockCohort(tx, input.cohortId, input.version);
    const existing = await tx.cohortStaff.findFirst({ where: { cohortId: cohort.id, userId: user.id, role: input.role } });
    if (existing)
      throw new FieldError("userId", `${user.name} is already ${COHORT_STAFF_ROLE_LABELS[input.role].toLowerCase()} of this cohort.`);
    await tx.cohortStaff.create({ data: { cohortId: cohort.id, userId: user.id, role: input.role } });
    const sessions = await tx.groupSession.findMany({
      where: { cohortId: cohort.id, status: "SCHEDULED", staff: { none: { userId: user.id } } },
      select: { id: true, kind: true, requiredStaff: true },
    });
    const staffed = sessions.filter(
      (s) => sessionStaffFor(s.kind, requiredClinicians(s.requiredStaff), [{ userId: user.id, role: needed }]).length > 0,
    );
    if (staffed.length)
      await tx.sessionStaff.createMany({ data: staffed.map((s) => ({ sessionId: s.id, userId: user.id, role: needed })) });
    await audit(tx, {
      actor,
      actorLabel: actor?.email ?? "cli",
      action: "cohort.staff_add",
      entityType: "Cohort",
      entityId: cohort.id,
      summary: `Assigned ${user.email} as ${COHORT_STAFF_ROLE_LABELS[input.role].toLowerCase()} of ${cohort.name} (${staffed.length} upcoming sessions)`,
      details: { userId: user.id, role: input.role, sessions: staffed.length },
      ...meta,
    });
    return { name: user.name, sessions: staffed.length };
  });
}

/**
 * Takes a person out of a cohort role and off the sessions still ahead (unless another of
 * their roles in the cohort staffs those sessions too). The last lead facilitator cannot be
 * removed: assign the new lead first. Sessions left short of staff show on the Conflicts tab.
 */
export async function removeCohortStaff(
  actor: Actor,
  meta: RequestMeta,
  input: { cohortId: string; userId: string; role: CohortStaffRole; version: number },
) {
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const cohort = await lockCohort(tx, input.cohortId, input.version);
    const rows = await tx.cohortStaff.findMany({
      where: { cohortId: cohort.id },
      include: { user: { select: { name: true, email: true } } },
    });
    const row = rows.find((r) => r.userId === input.userId && r.role === input.role);
    if (!row) throw new ConflictError("That person is no longer in that role here. Reload the page to see the current staff.");
    if (input.role === "LEAD_FACILITATOR" && rows.filter((r) => r.role === "LEAD_FACILITATOR").length === 1)
      throw new FieldError("form", `${row.user.name} is the only lead facilitator: add the new lead facilitator first.`);
    await tx.cohortStaff.delete({ where: { cohortId_userId_role: { cohortId: cohort.id, userId: input.userId, role: input.role } } });
    const stillStaffs = rows.some(
      (r) => r.userId === input.userId && r.role !== input.role && sessionRoleOf(r.role as CohortStaffRole) === sessionRoleOf(input.role),
    );
    const removed = stillStaffs
      ? { count: 0 }
      : await tx.sessionStaff.deleteMany({
          where: { userId: input.userId, role: sessionRoleOf(input.role), session: { cohortId: cohort.id, status: "SCHEDULED" } },
        });
    await audit(tx, {
      actor,
      action: "cohort.staff_remove",
      entityType: "Cohort",
      entityId: cohort.id,
      summary: `Removed ${row.user.email} as ${COHORT_STAFF_ROLE_LABELS[input.role].toLowerCase()} of ${cohort.name} (${removed.count} upcoming sessions)`,
      details: { userId: input.userId, role: input.role, sessions: removed.count },
      ...meta,
    });
    return { name: row.user.name, sessions: removed.count };
  });
}
