// The navigation's Home count is on every page. Its worklist parts (group notes and dosing
// records to sign, overdue measures: several queries) are kept per person for a minute, so an
// ordinary page pays one query for it (open safety signals, always counted live). The home page
// counts afresh, and so does any page after the person's own change through formAction. Kept per
// process and only a display hint: someone else's change (or one on another instance) shows
// within NAV_COUNT_TTL_MS, and the home page is always exact.
export const NAV_COUNT_TTL_MS = 60_000;
const MAX_PEOPLE = 10_000;

export type CachedNavParts = { notes: number | null; dosing: number | null; measuresOverdue: number | null };

const kept = new Map<string, { at: number; roles: string; parts: CachedNavParts }>();

export function keptNavParts(userId: string, roles: readonly string[], now: number): CachedNavParts | null {
  const hit = kept.get(userId);
  if (!hit || hit.roles !== roles.join(",") || now - hit.at >= NAV_COUNT_TTL_MS || now < hit.at) return null;
  return hit.parts;
}

export function keepNavParts(userId: string, roles: readonly string[], now: number, parts: CachedNavParts) {
  if (kept.size >= MAX_PEOPLE) kept.clear();
  kept.set(userId, { at: now, roles: roles.join(","), parts });
}

/** After a person's own change: their next page counts afresh. */
export function forgetNavParts(userId: string) {
  kept.delete(userId);
}
