// Constants of the home page's worklist shared by the model and the page (no Prisma, no Node APIs).

/** Rows shown per section; the rest are counted and linked. */
export const WORKLIST_TAKE = { sessions: 12, records: 10, measures: 8, safety: 5, offers: 8, waitlists: 8, reports: 8 } as const;

/** Unsigned records are looked for in sessions that ended within this many days. */
export const RECORDS_LOOKBACK_DAYS = 60;

/** What the report pages write when they are opened (app/utils/reportLoaders.server.ts). */
export const REPORT_VIEW_ACTION = "report.view";
