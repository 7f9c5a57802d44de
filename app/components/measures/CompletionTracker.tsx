import { useRef } from "react";
import { CLIENT_SUBMIT, clientLink, useClientNavigation } from "~/components/ui/clientNavigation";
import { contextLabel } from "~/components/ui/ContextLink";
import { markup, type SafeHtml } from "~/components/ui/html";
import { SortableTable, type Column } from "~/components/ui/SortableTable";
import { formatUtcDateTime } from "~/domain/scheduling/localTime";
import { CELL_STATE_RANK, type CellState } from "~/models/measureState";

export type TrackerCell = {
  id: string;
  state: CellState;
  /** describeQuestionnaire's words: "Due by Mon 9 Nov 2026". */
  when: string;
  headline: string | null;
};
export type TrackerRow = {
  enrollmentId: string;
  participantId: string;
  label: string;
  completed: number;
  expected: number;
  cells: Record<string, TrackerCell | undefined>;
  links: Record<string, { id: string; expiresAt: string } | undefined>;
};
export type TrackerColumn = {
  timepointKey: string;
  timepointLabel: string;
  instrumentCode: string;
  instrumentName: string;
  firstOfTimepoint: boolean;
};

const BADGE: Record<CellState, string> = {
  completed: "badge--ok",
  due: "badge--warn",
  overdue: "badge--danger",
  missed: "badge--muted",
  not_open: "badge--muted",
};

export function CompletionTracker({
  rows,
  columns,
  canEnter,
  canLink,
  linkParticipants,
}: {
  rows: TrackerRow[];
  columns: TrackerColumn[];
  canEnter: boolean;
  canLink: boolean;
  linkParticipants: boolean;
}) {
  const container = useRef<HTMLDivElement>(null);
  useClientNavigation(container);
  // The cells' link buttons submit one shared form per timepoint (create) and one for revoking
  // (the button's name and value say whose): a form per cell was a third of a 50-person page.
  const linkTimepoints = canLink ? [...new Set(columns.filter((c) => c.firstOfTimepoint).map((c) => c.timepointKey))] : [];
  return (
    <div className="tracker" ref={container}>
      {linkTimepoints.map((timepointKey) => (
        <form key={timepointKey} id={createLinkForm(timepointKey)} method="post" hidden {...CLIENT_SUBMIT}>
          <input type="hidden" name="intent" value="create-link" />
          <input type="hidden" name="timepointKey" value={timepointKey} />
        </form>
      ))}
      {canLink ? (
        <form id={REVOKE_LINK_FORM} method="post" hidden {...CLIENT_SUBMIT}>
          <input type="hidden" name="intent" value="revoke-link" />
        </form>
      ) : null}
      <SortableTable
        rows={rows}
        columns={trackerColumns(columns, { canEnter, canLink, linkParticipants })}
        rowKey={(r) => r.enrollmentId}
        caption="Questionnaire completion by participant, timepoint and instrument"
        scrollRegion="Questionnaire completion tracker"
        className="table--sticky-first"
        empty={<p>No enrolled participants yet. Enroll participants on the Roster tab; their questionnaires appear here.</p>}
      />
    </div>
  );
}

const cellKey = (c: TrackerColumn) => `${c.timepointKey}|${c.instrumentCode}`;

/** A timepoint of the tracker with the questionnaires of it that need doing now. */
export type TrackerTimepoint = { key: string; label: string; due: number; overdue: number; opened: boolean };

/** How many of a column's questionnaires are in each state, by column (`timepointKey|instrumentCode`). */
export type CellCounts = Map<string, Map<CellState, number>>;

/** Adds `n` questionnaires of the column `key` in `state` to `counts`. */
export function countCell(counts: CellCounts, key: string, state: CellState, n = 1) {
  let byState = counts.get(key);
  if (!byState) counts.set(key, (byState = new Map()));
  byState.set(state, (byState.get(state) ?? 0) + n);
}

/** The counts of the rows' cells (every cell of every row). */
export function cellCountsOfRows(rows: TrackerRow[]): CellCounts {
  const counts: CellCounts = new Map();
  for (const r of rows) for (const [key, cell] of Object.entries(r.cells)) if (cell) countCell(counts, key, cell.state);
  return counts;
}

/** The tracker's timepoints in plan order, each with its due and overdue questionnaires and whether any window has opened. */
export function trackerTimepoints(counts: CellCounts, columns: TrackerColumn[]): TrackerTimepoint[] {
  const byKey = new Map<string, TrackerTimepoint>();
  for (const c of columns) {
    let t = byKey.get(c.timepointKey);
    if (!t) byKey.set(c.timepointKey, (t = { key: c.timepointKey, label: c.timepointLabel, due: 0, overdue: 0, opened: false }));
    for (const [state, n] of counts.get(cellKey(c)) ?? []) {
      if (!n) continue;
      if (state === "due") t.due += n;
      else if (state === "overdue") t.overdue += n;
      if (state !== "not_open") t.opened = true;
    }
  }
  return [...byKey.values()];
}

/**
 * The timepoint the tracker opens on: the latest whose window has opened for anyone (the work
 * of the moment; a finished cohort's last follow-up), else the first. Earlier timepoints name
 * their due and overdue counts in the timepoint links.
 */
export function currentTimepoint(timepoints: TrackerTimepoint[]): string | null {
  for (let i = timepoints.length - 1; i >= 0; i--) if (timepoints[i].opened) return timepoints[i].key;
  return timepoints[0]?.key ?? null;
}

// The rows as the loader sends them: one JSON text of arrays, cells in column order. Remix's
// encoding of loader data (turbo-stream) costs per value: the tracker's ~50 rows × 12 cells of
// objects took ~1.5 ms of a request's CPU to encode; one text of the same rows, a tenth.
type PackedCell = [id: string, state: CellState, when: string, headline: string | null] | 0;
type PackedRow = [
  enrollmentId: string,
  participantId: string,
  label: string,
  completed: number,
  expected: number,
  cells: PackedCell[],
  links: [timepointKey: string, id: string, expiresAt: string][],
];

/** The tracker's rows as one text for the loader's data (unpackTrackerRows reads it back). */
export function packTrackerRows(rows: TrackerRow[], columns: TrackerColumn[]): string {
  const keys = columns.map(cellKey);
  const packed: PackedRow[] = rows.map((r) => [
    r.enrollmentId,
    r.participantId,
    r.label,
    r.completed,
    r.expected,
    keys.map((k) => {
      const c = r.cells[k];
      return c ? [c.id, c.state, c.when, c.headline] : 0;
    }),
    Object.entries(r.links).flatMap(([timepointKey, l]) => (l ? [[timepointKey, l.id, l.expiresAt] as PackedRow[6][number]] : [])),
  ]);
  return JSON.stringify(packed);
}

/** The rows of packTrackerRows, for the same columns. */
export function unpackTrackerRows(text: string, columns: TrackerColumn[]): TrackerRow[] {
  const keys = columns.map(cellKey);
  return (JSON.parse(text) as PackedRow[]).map(([enrollmentId, participantId, label, completed, expected, cells, links]) => {
    const row: TrackerRow = { enrollmentId, participantId, label, completed, expected, cells: {}, links: {} };
    cells.forEach((c, i) => {
      if (c) row.cells[keys[i]] = { id: c[0], state: c[1], when: c[2], headline: c[3] };
    });
    for (const [timepointKey, id, expiresAt] of links) row.links[timepointKey] = { id, expiresAt };
    return row;
  });
}

/**
 * The tracker's columns, every cell markup (~500 cells for 50 people were a third of the page's
 * server time as React elements; SortableTable makes a row of markup cells one string). A cell
 * is its state badge (a block, CSS), the headline and its actions: a link to enter or view the
 * questionnaire named as ContextLink names it, and the buttons that create or revoke the
 * timepoint's link through the shared forms above the table.
 */
export function trackerColumns(
  columns: TrackerColumn[],
  { canEnter, canLink, linkParticipants }: { canEnter: boolean; canLink: boolean; linkParticipants: boolean },
): Column<TrackerRow>[] {
  const cellHtml = (r: TrackerRow, c: TrackerColumn, key: string): SafeHtml => {
    const cell = r.cells[key];
    if (!cell) return markup`<span class="muted">—</span>`;
    const open = cell.state === "due" || cell.state === "not_open";
    const link = r.links[c.timepointKey];
    const enter = canEnter && cell.state !== "missed" ? (cell.state === "completed" ? "View" : "Enter now") : null;
    const context = `${c.timepointLabel} questionnaires for ${r.label}`;
    return markup`<span class="badge ${BADGE[cell.state]}">${cell.when}</span>${cell.headline ? `${cell.headline} ` : null}${
      enter
        ? clientLink(`/assessments/${cell.id}`, enter, {
            label: contextLabel(enter, `${c.instrumentName} ${c.timepointLabel} for ${r.label}`),
          })
        : null
    }${
      canLink && c.firstOfTimepoint && open && !link
        ? markup`<button type="submit" form="${createLinkForm(c.timepointKey)}" name="enrollmentId" value="${r.enrollmentId}" class="button button--small" aria-label="${contextLabel("Create link", context)}">Create link</button>`
        : null
    }${
      canLink && c.firstOfTimepoint && link
        ? markup`<button type="submit" form="${REVOKE_LINK_FORM}" name="linkId" value="${link.id}" class="button button--small button--secondary" aria-label="${contextLabel("Revoke link", context)}">Revoke link</button>`
        : null
    }`;
  };
  return [
    {
      key: "participant",
      header: "Participant",
      sortValue: (r) => r.label,
      render: (r) => (linkParticipants ? clientLink(`/participants/${r.participantId}/measures`, r.label) : markup`${r.label}`),
    },
    {
      key: "done",
      header: "Completed",
      sortValue: (r) => (r.expected ? r.completed / r.expected : 0),
      render: (r) => markup`${r.completed} / ${r.expected}`,
    },
    ...columns.map((c): Column<TrackerRow> => {
      const key = cellKey(c);
      return {
        key,
        header: `${c.instrumentName} · ${c.timepointLabel}`,
        sortValue: (r) => {
          const state = r.cells[key]?.state;
          return state ? CELL_STATE_RANK[state] : null;
        },
        render: (r) => cellHtml(r, c, key),
      };
    }),
  ];
}

const createLinkForm = (timepointKey: string) => `tracker-create-link-${timepointKey}`;
const REVOKE_LINK_FORM = "tracker-revoke-link";

/** The link, shown once, with a copy button and a printable QR code. */
export function LinkReveal({ url, qrSvg, expiresAt, label }: { url: string; qrSvg: string; expiresAt: string; label: string }) {
  return (
    <div className="callout callout--ok link-reveal-box" role="status">
      <p>
        Questionnaire link for <strong>{label}</strong> created. It is shown only this once; send it privately. It expires{" "}
        {formatUtcDateTime(expiresAt)}.
      </p>
      <p className="secret link-reveal">
        <code aria-label="Questionnaire link">{url}</code>
      </p>
      <p>
        <button
          type="button"
          className="button button--small"
          onClick={(e) => {
            const button = e.currentTarget;
            void navigator.clipboard?.writeText(url).then(() => {
              button.textContent = "Copied";
            });
          }}
        >
          Copy link
        </button>{" "}
        <button type="button" className="button button--small" onClick={() => window.print()}>
          Print QR code
        </button>
      </p>
      <figure className="qr-code">
        {/* The SVG is generated on the server from our own URL by the qrcode library. */}
        <div role="img" aria-label={`QR code of the questionnaire link for ${label}`} dangerouslySetInnerHTML={{ __html: qrSvg }} />
        <figcaption className="small">
          Scan with a phone camera to open the questionnaire ({label}). Valid until {formatUtcDateTime(expiresAt)}.
        </figcaption>
      </figure>
    </div>
  );
}
