// A month view of a network's calendar can hold hundreds of sessions: each day shows a few
// and says how many more there are, with a link to that day's week (which shows them all).

/** Sessions a month view's day shows in full; a fuller day shows one fewer and "N more". */
export const MONTH_SESSIONS_PER_DAY = 4;

/**
 * The events a month view shows, in their order: every event of a day with at most `perDay`,
 * else the first `perDay - 1` of it; and for each day cut short, how many are not shown.
 */
export function limitPerDay<T extends { localDate: string }>(
  events: readonly T[],
  perDay: number = MONTH_SESSIONS_PER_DAY,
): { events: T[]; more: Record<string, number> } {
  const count = new Map<string, number>();
  for (const e of events) count.set(e.localDate, (count.get(e.localDate) ?? 0) + 1);
  const shown = new Map<string, number>();
  const more: Record<string, number> = {};
  const out: T[] = [];
  for (const e of events) {
    const total = count.get(e.localDate)!;
    const keep = total <= perDay ? total : perDay - 1;
    const n = shown.get(e.localDate) ?? 0;
    if (n < keep) {
      out.push(e);
      shown.set(e.localDate, n + 1);
    } else more[e.localDate] = total - keep;
  }
  return { events: out, more };
}
