// Pure helpers shared by the measures models and UI (no Prisma, no Node APIs).
import { addDaysToLocalDate, formatLocalDate, instantToLocal } from "~/domain/scheduling/localTime";
import { mulberry32 } from "~/utils/random";

export type AssessmentStatus = "EXPECTED" | "COMPLETED" | "MISSED";
export type CellState = "not_open" | "due" | "overdue" | "completed" | "missed";

export const CELL_STATE_LABELS: Record<CellState, string> = {
  not_open: "Not yet open",
  due: "Due",
  overdue: "Overdue",
  completed: "Completed",
  missed: "Missed",
};

/** The tracker's `?timepoint=` (and `getCohortTracker`'s `show`) for every timepoint at once. */
export const TRACKER_ALL = "all";

/** Sort order for the tracker (most urgent first when sorted ascending). */
export const CELL_STATE_RANK: Record<CellState, number> = { overdue: 0, due: 1, not_open: 2, missed: 3, completed: 4 };

/**
 * Due / overdue are derived from the window, never stored: an EXPECTED assessment is
 * "not yet open" before its window opens, "due" while it is open and "overdue" after
 * it closes (until someone enters it or marks it missed).
 */
export function cellState(
  a: { status: string; windowOpens: Date | string; windowCloses: Date | string },
  now: Date = new Date(),
): CellState {
  if (a.status === "COMPLETED") return "completed";
  if (a.status === "MISSED") return "missed";
  const t = now.getTime();
  if (t < new Date(a.windowOpens).getTime()) return "not_open";
  if (t < new Date(a.windowCloses).getTime()) return "due";
  return "overdue";
}

/**
 * The days of a questionnaire's window in the cohort's zone: the day it opens, the last day it
 * is open (the window closes at the start of the next day) and the first day it is overdue.
 */
export function windowDates(
  a: { windowOpens: Date | string; windowCloses: Date | string },
  timeZone: string,
): { opensOn: string; lastDay: string; overdueFrom: string } {
  const overdueFrom = instantToLocal(new Date(a.windowCloses), timeZone).date;
  return { opensOn: instantToLocal(new Date(a.windowOpens), timeZone).date, lastDay: addDaysToLocalDate(overdueFrom, -1), overdueFrom };
}

export type QuestionnaireWhen = { state: CellState; opensOn: string; lastDay: string; overdueFrom: string; completedOn?: string | null };

/**
 * The one wording for a questionnaire's state and date, on every page (participant measures,
 * cohort tracker, assessment page): "Opens Mon 2 Nov 2026", "Due by Mon 9 Nov 2026",
 * "Overdue since Tue 10 Nov 2026", "Completed Sun 8 Nov 2026", "Missed".
 */
export function describeQuestionnaire(q: QuestionnaireWhen): string {
  switch (q.state) {
    case "not_open":
      return `Opens ${formatLocalDate(q.opensOn)}`;
    case "due":
      return `Due by ${formatLocalDate(q.lastDay)}`;
    case "overdue":
      return `Overdue since ${formatLocalDate(q.overdueFrom)}`;
    case "completed":
      return q.completedOn ? `Completed ${formatLocalDate(q.completedOn)}` : CELL_STATE_LABELS.completed;
    case "missed":
      return CELL_STATE_LABELS.missed;
  }
}

/**
 * `cellState` + `describeQuestionnaire(windowDates(…))` for the many questionnaires of one
 * zone at one moment: a cohort's tracker has hundreds of cells but a few windows (every
 * participant's questionnaires of a timepoint share one), so each window's state and words are
 * worked out once, and each completion day's words once. Made per request (`now`).
 */
export function questionnaireStates(timeZone: string, now: Date = new Date()) {
  const known = new Map<string, { state: CellState; when: string }>();
  return (a: { status: string; windowOpens: Date | string; windowCloses: Date | string; completedOn?: string | null }) => {
    const key =
      a.status === "COMPLETED"
        ? `C|${a.completedOn ?? ""}`
        : a.status === "MISSED"
          ? "M"
          : `${a.status}|${instantKey(a.windowOpens)}|${instantKey(a.windowCloses)}`;
    let found = known.get(key);
    if (!found) {
      const state = cellState(a, now);
      found = { state, when: describeQuestionnaire({ state, ...windowDates(a, timeZone), completedOn: a.completedOn }) };
      known.set(key, found);
    }
    return found;
  };
}

function instantKey(v: Date | string) {
  return typeof v === "string" ? v : v.getTime();
}

/** Deterministic PRNG for synthetic demo data: mulberry32 seeded by a hash of the text. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return mulberry32(h);
}

/** "Baseline (before the first group)" → "Baseline", for narrow headers and chart axes. */
export function shortTimepointLabel(label: string): string {
  return label.replace(/\s*\([^)]*\)\s*$/, "") || label;
}
