// Who may see which cohort and participant. Every model that reads cohort- or
// participant-scoped data puts these conditions in its `where` clause; a record
// outside the viewer's scope is reported as 404 (not 403), so its existence leaks nothing.
import type { SessionUser } from "~/utils/auth.server";
import { audit } from "~/utils/audit.server";
import { dbReady } from "~/utils/db.server";
import { seesAllCohorts, seesParticipantNames } from "~/utils/permissions";
import type { RequestMeta } from "~/utils/audit.server";

export type Viewer = Pick<SessionUser, "id" | "email" | "roles">;

/** Prisma `where` for the cohorts a viewer may see (facilitators/clinicians: assigned only). */
export function visibleCohortWhere(viewer: Viewer) {
  if (seesAllCohorts(viewer.roles)) return {};
  return { staff: { some: { userId: viewer.id } } };
}

/** Prisma `where` for participants enrolled in at least one cohort the viewer may see. */
export function visibleParticipantWhere(viewer: Viewer) {
  if (seesAllCohorts(viewer.roles)) return {};
  return { enrollments: { some: { cohort: visibleCohortWhere(viewer) } } };
}

export function notFound(what = "Not found"): never {
  throw new Response(what, { status: 404 });
}

/** The cohort if the viewer may see it; otherwise a 404 Response is thrown. */
export async function requireCohortAccess(viewer: Viewer, cohortId: string | undefined) {
  if (!cohortId) notFound("Cohort not found");
  const db = await dbReady();
  const cohort = await db.cohort.findFirst({ where: { id: cohortId, ...visibleCohortWhere(viewer) } });
  if (!cohort) notFound("Cohort not found");
  return cohort;
}

/** The participant if the viewer may see them (by name); 404 otherwise. Analysts never pass. */
export async function requireParticipantAccess(viewer: Viewer, participantId: string | undefined) {
  if (!participantId || !seesParticipantNames(viewer.roles)) notFound("Participant not found");
  const db = await dbReady();
  const participant = await db.participant.findFirst({ where: { id: participantId, ...visibleParticipantWhere(viewer) } });
  if (!participant) notFound("Participant not found");
  return participant;
}

/** What a viewer may call a participant: the name for staff with access, the code otherwise. */
export function participantLabel(viewer: Viewer, p: { code: string; firstName?: string | null; lastName?: string | null }) {
  if (!seesParticipantNames(viewer.roles) || !p.firstName) return p.code;
  return `${p.firstName} ${p.lastName ?? ""}`.trim();
}

/** Every view of a participant's record is audit-logged. */
export async function auditParticipantView(viewer: Viewer, meta: RequestMeta, participantId: string, what: string) {
  await audit(await dbReady(), {
    actor: viewer,
    action: "participant.view",
    entityType: "Participant",
    entityId: participantId,
    summary: `Viewed ${what}`,
    ...meta,
  });
}
