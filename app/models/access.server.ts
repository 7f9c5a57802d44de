// Who may see which cohort and participant. Every model that reads cohort- or
// participant-scoped data puts these conditions in its `where` clause; a record
// outside the viewer's scope is reported as 404 (not 403), so its existence leaks nothing.
import { audit } from "~/utils/audit.server";
import type { RequestMeta } from "~/utils/audit.server";
import type { SessionUser } from "~/utils/auth.server";
import { dbReady, readRow } from "~/utils/db.server";
import { seesAllCohorts, seesParticipantNames } from "~/utils/permissions";
import { oncePerRequest } from "~/utils/perRequest.server";
import { requestMeta, type RouteArgs } from "~/utils/request.server";

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

/**
 * `visibleCohortWhere` for hand-written reads: a condition on the cohort aliased `c` (true
 * when the roles see every cohort, else the viewer staffs it) and its parameters. Every
 * driver read that scopes a cohort uses this, so the rule is written once in SQL.
 */
export function visibleCohortSql(viewer: Viewer): { sql: string; params: string[] } {
  return visibleCohortIdSql(viewer, `c."id"`);
}

/**
 * The same rule as a condition on a cohort id `column` (such as `g."cohortId"`), for a read
 * that has the id but does not join the cohort.
 */
export function visibleCohortIdSql(viewer: Viewer, column: string): { sql: string; params: string[] } {
  return seesAllCohorts(viewer.roles)
    ? { sql: "1 = 1", params: [] }
    : { sql: `EXISTS (SELECT 1 FROM "CohortStaff" cs WHERE cs."cohortId" = ${column} AND cs."userId" = ?)`, params: [viewer.id] };
}

/**
 * `visibleParticipantWhere` for hand-written reads: a condition on the participant aliased `p`
 * (true when the roles see every cohort, else they are enrolled in a cohort the viewer staffs),
 * built on `visibleCohortSql`.
 */
export function visibleParticipantSql(viewer: Viewer): { sql: string; params: string[] } {
  if (seesAllCohorts(viewer.roles)) return { sql: "1 = 1", params: [] };
  const cohort = visibleCohortSql(viewer);
  return {
    sql: `EXISTS (SELECT 1 FROM "Enrollment" ve JOIN "Cohort" c ON c."id" = ve."cohortId" WHERE ve."participantId" = p."id" AND ${cohort.sql})`,
    params: cohort.params,
  };
}

/** What `requireCohortAccess` reads of the cohort: the columns its callers use. */
export type CohortAccess = { id: string; name: string; status: string; timeZone: string; siteId: string; programId: string };

/**
 * The cohort if the viewer may see it; otherwise a 404 Response is thrown. Every cohort tab
 * (loader and action) asks this first: one statement through the driver for the few columns
 * the callers use (an ORM statement costs ~30× its CPU). Reads committed data through the
 * driver's own connection: never call it inside a transaction. `request`: a loader's load
 * context; the answer is then shared by the request's loaders (oncePerRequest), and a tab's
 * check takes the cohort layout's header read when that read offered it
 * (`offerCohortAccess`). Actions pass none and read afresh.
 */
export async function requireCohortAccess(viewer: Viewer, cohortId: string | undefined, request?: unknown): Promise<CohortAccess> {
  if (!cohortId) notFound("Cohort not found");
  const read = async () => {
    const visible = visibleCohortSql(viewer);
    const row = await readRow(
      `SELECT c."id", c."name", c."status", c."timeZone", c."siteId", c."programId" FROM "Cohort" c WHERE c."id" = ? AND ${visible.sql}`,
      [cohortId, ...visible.params],
    );
    if (!row) return null;
    const [id, name, status, timeZone, siteId, programId] = row as string[];
    return { id, name, status, timeZone, siteId, programId };
  };
  // undefined: an offered read failed; this check then reads for itself (and meets the error).
  const shared = await oncePerRequest<CohortAccess | null | undefined>(request, cohortAccessKey(viewer, cohortId), read);
  const found = shared === undefined ? await read() : shared;
  if (!found) notFound("Cohort not found");
  return found;
}

const cohortAccessKey = (viewer: Viewer, cohortId: string) => `cohort-access:${viewer.id}:${cohortId}`;

/**
 * Offers a read that finds the cohort's access columns anyway, under the same visibility rule
 * (`visibleCohortSql`), to the cohort checks of the same request: the cohort layout's header
 * read, which a document request runs beside the tab's loader (null: not visible). Ignored when
 * the request has checked the cohort already or has no context.
 */
export function offerCohortAccess(viewer: Viewer, cohortId: string, request: unknown, access: Promise<CohortAccess | null>) {
  // Handled now, whether or not a check takes it: a failed read must not be an unhandled rejection.
  const offered = access.catch(() => undefined);
  void oncePerRequest<CohortAccess | null | undefined>(request, cohortAccessKey(viewer, cohortId), () => offered);
}

/** What `requireParticipantAccess` reads of the participant: the columns its callers use. */
export type ParticipantAccess = { id: string; code: string; firstName: string; lastName: string; timeZone: string | null };

/**
 * The participant if the viewer may see them (by name); 404 otherwise. Analysts never pass.
 * Every participant tab (the layout's loader and the tab's, and the actions) asks this first:
 * one statement through the driver for the few columns the callers use. Reads committed data
 * through the driver's own connection: never call it inside a transaction. `request`: a
 * loader's load context; the layout's loader and the tab's then share one read per request
 * (oncePerRequest; each throws its own 404). Actions pass none and read afresh.
 */
export async function requireParticipantAccess(
  viewer: Viewer,
  participantId: string | undefined,
  request?: unknown,
): Promise<ParticipantAccess> {
  if (!participantId || !seesParticipantNames(viewer.roles)) notFound("Participant not found");
  const found = await oncePerRequest(request, `participant-access:${viewer.id}:${participantId}`, async () => {
    const visible = visibleParticipantSql(viewer);
    const row = await readRow(
      `SELECT p."id", p."code", p."firstName", p."lastName", p."timeZone" FROM "Participant" p WHERE p."id" = ? AND ${visible.sql}`,
      [participantId, ...visible.params],
    );
    if (!row) return null;
    const [id, code, firstName, lastName, timeZone] = row as [string, string, string, string, string | null];
    return { id, code, firstName, lastName, timeZone };
  });
  if (!found) notFound("Participant not found");
  return found;
}

/** What a viewer may call a participant: the name for staff with access, the code otherwise. */
export function participantLabel(viewer: Viewer, p: { code: string; firstName?: string | null; lastName?: string | null }) {
  if (!seesParticipantNames(viewer.roles) || !p.firstName) return p.code;
  return `${p.firstName} ${p.lastName ?? ""}`.trim();
}

// ---------------------------------------------------------------------------------
// Audited reads. Every model function that returns identifiable participant data (names,
// contacts, clinical records of a participant, lists of them) takes a `Reader` instead of
// a bare viewer and writes the `participant.view` audit row itself, so no route and no
// fetch path (document, `.data`, `.data?_routes=<one child>`) can return the data
// without the row.
//
// Exactly one row per response: Remix runs every loader of one HTTP request with the
// same load context object, so the rows are keyed on it. A read writes a row for the
// participants this request has not audited yet; a read of participants already audited
// in this request (the participant layout and its tab, an action and the loaders that
// revalidate after it) waits for that row instead of writing another. Pages that read
// different participants in two places read them through one model function, so each
// response still gets one row.

export type Reader = Viewer & { readonly readContext: { key: object; meta: RequestMeta; path: string } };

/** The viewer, reading on behalf of this request. */
export function readerFor(args: RouteArgs, viewer: Viewer): Reader {
  return { ...viewer, readContext: { key: args.context ?? args.request, meta: requestMeta(args), path: pathOf(args.request) } };
}

function pathOf(request: Request) {
  const url = new URL(request.url);
  // Single-fetch URLs (`/x.data?_routes=…`) are recorded as the page they belong to.
  const pathname = url.pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/") || "/";
  url.searchParams.delete("_routes");
  const qs = url.searchParams.toString();
  return (pathname + (qs ? `?${qs}` : "")).slice(0, 500);
}

const auditedInRequest = new WeakMap<object, Map<string, Promise<void>>>();

export type ParticipantRead = {
  /** What was read, for the summary: "participant record", "cohort roster", … */
  what: string;
  participantIds: readonly string[];
  /** The record the read was about when it is not one participant (a cohort, a session, a lot). */
  subject?: { type: string; id: string | null };
  /** Another action than `participant.view` for reads that are downloads (CSV export). */
  action?: string;
  /** The summary when it is not "Viewed <what>". */
  summary?: string;
  details?: Record<string, unknown>;
};

/** Audits a read of participant data: one row per request for the participants it returns. */
export async function auditParticipantRead(reader: Reader, read: ParticipantRead) {
  const ids = [...new Set(read.participantIds)];
  if (!ids.length && !read.action) return;
  const { key, meta, path } = reader.readContext;
  let seen = auditedInRequest.get(key);
  if (!seen) auditedInRequest.set(key, (seen = new Map()));
  const waits = ids.flatMap((id) => seen.get(id) ?? []);
  const fresh = ids.filter((id) => !seen.has(id));
  if (fresh.length || (read.action && !ids.length)) {
    const single = fresh.length === 1 && !read.subject;
    // Started before any await, so a loader running in parallel finds it in the map.
    const write = (async () =>
      audit(await dbReady(), {
        actor: reader,
        action: read.action ?? "participant.view",
        entityType: single ? "Participant" : (read.subject?.type ?? "Participant"),
        entityId: single ? fresh[0] : (read.subject?.id ?? null),
        summary: read.summary ?? `Viewed ${read.what}${fresh.length > 1 ? ` (${fresh.length} participants)` : ""} at ${path}`,
        details: { participantIds: fresh, count: fresh.length, path, ...read.details },
        ...meta,
      }))();
    for (const id of fresh) seen.set(id, write);
    waits.push(write);
  }
  await Promise.all(waits);
}
