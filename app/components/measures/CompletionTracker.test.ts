import { describe, expect, it } from "vitest";
import type { SafeHtml } from "~/components/ui/html";
import type { CellState } from "~/models/measureState";
import {
  currentTimepoint,
  packTrackerRows,
  trackerColumns,
  trackerTimepoints,
  cellCountsOfRows,
  countCell,
  type CellCounts,
  unpackTrackerRows,
  type TrackerColumn,
  type TrackerRow,
} from "./CompletionTracker";

const columns: TrackerColumn[] = [
  { timepointKey: "baseline", timepointLabel: "Baseline", instrumentCode: "PHQ9", instrumentName: "PHQ-9", firstOfTimepoint: true },
  { timepointKey: "baseline", timepointLabel: "Baseline", instrumentCode: "GAD7", instrumentName: "GAD-7", firstOfTimepoint: false },
  { timepointKey: "post", timepointLabel: "Post", instrumentCode: "PHQ9", instrumentName: "PHQ-9", firstOfTimepoint: true },
];

const row = (label: string, extra: Partial<TrackerRow> = {}): TrackerRow => ({
  enrollmentId: "enr1",
  participantId: "par1",
  label,
  completed: 1,
  expected: 3,
  cells: {
    "baseline|PHQ9": { id: "as1", state: "completed", when: "Completed Sun 8 Nov 2026", headline: "total 12" },
    "baseline|GAD7": { id: "as2", state: "missed", when: "Missed (closed Mon 9 Nov 2026)", headline: null },
    "post|PHQ9": { id: "as3", state: "due", when: "Due by Wed 2 Dec 2026", headline: null },
  },
  links: {},
  ...extra,
});

type Options = Parameters<typeof trackerColumns>[1];
/** The row's cells' markup, one string per column. */
const cellsOf = (r: TrackerRow, options: Options) => trackerColumns(columns, options).map((c) => (c.render(r) as SafeHtml).__html);

describe("the tracker's rows as markup", () => {
  it("renders each cell's badge, headline and actions, named with their context", () => {
    expect(cellsOf(row("Dana Dawson"), { canEnter: true, canLink: true, linkParticipants: true })).toEqual([
      `<a href="/participants/par1/measures" data-client-nav="">Dana Dawson</a>`,
      "1 / 3",
      `<span class="badge badge--ok">Completed Sun 8 Nov 2026</span>total 12 ` +
        `<a href="/assessments/as1" aria-label="View: PHQ-9 Baseline for Dana Dawson" data-client-nav="">View</a>`,
      `<span class="badge badge--muted">Missed (closed Mon 9 Nov 2026)</span>`,
      `<span class="badge badge--warn">Due by Wed 2 Dec 2026</span>` +
        `<a href="/assessments/as3" aria-label="Enter now: PHQ-9 Post for Dana Dawson" data-client-nav="">Enter now</a>` +
        `<button type="submit" form="tracker-create-link-post" name="enrollmentId" value="enr1" class="button button--small" ` +
        `aria-label="Create link: Post questionnaires for Dana Dawson">Create link</button>`,
    ]);
  });

  it("offers revoking a timepoint's link in force, and leaves out what the viewer may not do", () => {
    const linked = row("Dana Dawson", { links: { post: { id: "lnk1", expiresAt: "2026-12-09T00:00:00.000Z" } } });
    const withLink = cellsOf(linked, { canEnter: true, canLink: true, linkParticipants: true });
    expect(withLink[4]).toContain(
      `<button type="submit" form="tracker-revoke-link" name="linkId" value="lnk1" class="button button--small button--secondary" ` +
        `aria-label="Revoke link: Post questionnaires for Dana Dawson">Revoke link</button>`,
    );
    expect(withLink[4]).not.toContain("Create link");
    // An analyst: a code, no links, no buttons; a cell with no questionnaire is a dash.
    const coded = row("KAP-0001", { cells: { "baseline|PHQ9": row("x").cells["baseline|PHQ9"] } });
    const plain = cellsOf(coded, { canEnter: false, canLink: false, linkParticipants: false });
    expect(plain).toEqual([
      "KAP-0001",
      "1 / 3",
      `<span class="badge badge--ok">Completed Sun 8 Nov 2026</span>total 12 `,
      `<span class="muted">—</span>`,
      `<span class="muted">—</span>`,
    ]);
  });

  it("keeps a name's markup as text everywhere it appears", () => {
    const evil = `<img src=x onerror="alert(1)">`;
    const out = cellsOf(row(evil, { participantId: `p"1` }), { canEnter: true, canLink: true, linkParticipants: true }).join("");
    expect(out).not.toContain("<img");
    expect(out).not.toContain(`"alert`);
    expect(out).toContain(`href="/participants/p&quot;1/measures" data-client-nav="">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</a>`);
    expect(out).toContain(`aria-label="View: PHQ-9 Baseline for &lt;img src=x onerror=&quot;alert(1)&quot;&gt;"`);
  });

  it("packs rows for the loader's data and reads them back as they were", () => {
    const rows = [
      row("Dana Dawson", { links: { post: { id: "lnk1", expiresAt: "2026-12-09T00:00:00.000Z" } } }),
      row(`Eli "Quote" <O'Neil>`, { enrollmentId: "enr2", participantId: "par2", completed: 0, cells: {}, links: {} }),
      row("Fay Field", {
        enrollmentId: "enr3",
        cells: { "post|PHQ9": { id: "as9", state: "overdue", when: "Overdue since Wed 2 Dec 2026", headline: null } },
      }),
    ];
    const text = packTrackerRows(rows, columns);
    expect(typeof text).toBe("string");
    expect(unpackTrackerRows(text, columns)).toEqual(rows);
    // Cells go by column: a column the rows have no cell in is empty, not shifted.
    expect(JSON.parse(text)[2][5]).toEqual([0, 0, ["as9", "overdue", "Overdue since Wed 2 Dec 2026", null]]);
  });
});

describe("the tracker's timepoints", () => {
  const cell = (state: CellState) => ({ id: "x", state, when: "", headline: null });
  it("count each timepoint's due and overdue questionnaires over every row, in plan order", () => {
    const other = row("B", {
      cells: { "baseline|PHQ9": cell("overdue"), "baseline|GAD7": cell("due"), "post|PHQ9": cell("not_open") },
    });
    expect(trackerTimepoints(cellCountsOfRows([row("A"), other]), columns)).toEqual([
      { key: "baseline", label: "Baseline", due: 1, overdue: 1, opened: true },
      { key: "post", label: "Post", due: 1, overdue: 0, opened: true },
    ]);
  });

  it("open on the latest timepoint whose window has opened for anyone, else the first", () => {
    const notOpen = row("A", { cells: { "baseline|PHQ9": cell("not_open"), "post|PHQ9": cell("not_open") } });
    expect(currentTimepoint(trackerTimepoints(cellCountsOfRows([notOpen]), columns))).toBe("baseline");
    const baselineOpen = row("B", { cells: { "baseline|PHQ9": cell("missed"), "post|PHQ9": cell("not_open") } });
    expect(currentTimepoint(trackerTimepoints(cellCountsOfRows([notOpen, baselineOpen]), columns))).toBe("baseline");
    expect(currentTimepoint(trackerTimepoints(cellCountsOfRows([notOpen, baselineOpen, row("C")]), columns))).toBe("post");
    expect(currentTimepoint([])).toBeNull();
  });

  it("count questionnaires counted by window as they count rows' cells", () => {
    // The page's counts come from the database grouped by column, status and window: n
    // questionnaires of one state count n times; a column outside the plan does not count.
    const counts: CellCounts = new Map();
    countCell(counts, "baseline|PHQ9", "overdue", 3);
    countCell(counts, "baseline|PHQ9", "due", 2);
    countCell(counts, "baseline|GAD7", "due", 4);
    countCell(counts, "baseline|OTHER", "due", 9);
    countCell(counts, "post|PHQ9", "not_open", 5);
    expect(trackerTimepoints(counts, columns)).toEqual([
      { key: "baseline", label: "Baseline", due: 6, overdue: 3, opened: true },
      { key: "post", label: "Post", due: 0, overdue: 0, opened: false },
    ]);
  });
});
