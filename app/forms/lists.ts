// The URL search parameters of the paged lists (participants, cohorts, safety inbox):
// client-safe like every schema here, because a route module's top level also runs in the
// browser (a constant imported from a *.server.ts file is undefined there). Lenient by
// design: anything malformed is dropped, which means the first page, unfiltered by it.
import { z } from "zod";
import { COHORT_STATUSES } from "~/components/cohort/cohortStatus";
import { ENROLLMENT_STATUSES } from "~/domain/scheduling";
import { OCCUPATIONS } from "~/models/participant.schema";

export const PARTICIPANT_SORTS = ["name", "code", "age", "occupation"] as const;
export type ParticipantSort = (typeof PARTICIPANT_SORTS)[number];
export const COHORT_SORTS = ["name", "program", "status", "start", "end", "site", "seats", "lead"] as const;
export type CohortSort = (typeof COHORT_SORTS)[number];

/** How many cohorts a cohort filter offers (participants, adverse events, program report): the newest by start date. */
export const COHORT_FILTER_LIMIT = 100;

/** How many open cohorts an "enroll into" choice offers (a new participant, a participant's page): the newest by start date. */
export const ENROLL_CHOICE_LIMIT = 100;

/**
 * A cohort filter's options from cohorts already read for another purpose (a program report's
 * scope): the `limit` newest by start date, newest first (as `cohortFilterOptions` orders them),
 * then any chosen one that is older; `more` when some are left out.
 */
export function newestCohortChoices<T extends { id: string; startDate: string }>(
  cohorts: readonly T[],
  chosen: readonly string[],
  limit: number = COHORT_FILTER_LIMIT,
): { options: T[]; more: boolean } {
  const newest = [...cohorts]
    .sort((a, b) => b.startDate.localeCompare(a.startDate) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit);
  const shown = new Set(newest.map((c) => c.id));
  const older = cohorts.filter((c) => chosen.includes(c.id) && !shown.has(c.id));
  return { options: [...newest, ...older], more: cohorts.length > limit };
}

/** A keyset cursor: the id of the row a page starts after (or ends before). */
const cursorId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/)
  .optional()
  .catch(undefined);
const dir = z.enum(["asc", "desc"]);

export const participantListQuery = z.object({
  q: z.string().max(100).catch(""),
  cohortId: z.string().max(64).catch(""),
  status: z.enum(ENROLLMENT_STATUSES).or(z.literal("")).catch(""),
  occupation: z.enum(OCCUPATIONS).or(z.literal("")).catch(""),
  signals: z.enum(["open"]).or(z.literal("")).catch(""),
  sort: z.enum(PARTICIPANT_SORTS).catch("name"),
  dir: dir.catch("asc"),
  after: cursorId,
  before: cursorId,
});

const optionalId = z.string().max(64).optional().catch(undefined);
export const cohortListQuery = z.object({
  status: z.enum(COHORT_STATUSES).optional().catch(undefined),
  siteId: optionalId,
  programId: optionalId,
  sort: z.enum(COHORT_SORTS).optional().catch(undefined),
  dir: dir.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export const inboxQuery = z.object({ view: z.enum(["open", "history"]).catch("open"), after: cursorId, before: cursorId });
