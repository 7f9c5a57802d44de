// Constants of the home page's worklist shared by the model and the page (no Prisma, no Node APIs).

/** Rows shown per section; the rest are counted and linked. */
export const WORKLIST_TAKE = { sessions: 12, records: 10, measures: 8, safety: 5, offers: 8, waitlists: 8, reports: 8 } as const;

/** Unsigned records are looked for in sessions that ended within this many days. */
export const RECORDS_LOOKBACK_DAYS = 60;

/** What the report pages write when they are opened (app/utils/reportLoaders.server.ts). */
export const REPORT_VIEW_ACTION = "report.view";

/** The parts of the navigation's Home count; a part is null for work the viewer does not do. */
export type NeedsYouParts = { notes: number | null; dosing: number | null; measuresOverdue: number | null; safety: number | null };
export type NeedsYou = NeedsYouParts & { total: number };

/** Unsigned group notes + sessions with unsigned dosing records + overdue measures + open safety signals. */
export function needsYouTotal(p: NeedsYouParts): number {
  return (p.notes ?? 0) + (p.dosing ?? 0) + (p.measuresOverdue ?? 0) + (p.safety ?? 0);
}

/** The same parts read off the home page's worklist (its sections run the same queries). */
export function needsYouOfWorklist(w: {
  notes: { total: number } | null;
  dosing: { total: number } | null;
  measures: { overdue: number } | null;
  safety: { total: number } | null;
}): NeedsYou {
  const parts = {
    notes: w.notes?.total ?? null,
    dosing: w.dosing?.total ?? null,
    measuresOverdue: w.measures?.overdue ?? null,
    safety: w.safety?.total ?? null,
  };
  return { ...parts, total: needsYouTotal(parts) };
}

/** "Home, 7 items need you": the Home link's accessible name (its visible text is "Home 7"). */
export function homeLinkLabel(count: number): string {
  return count === 0
    ? "Home, nothing needs you now"
    : `Home, ${count.toLocaleString("en-US")} item${count === 1 ? "" : "s"} need${count === 1 ? "s" : ""} you`;
}
