import { clientLink } from "~/components/ui/clientNavigation";
import { markup } from "~/components/ui/html";
import { SortableTable, type Column } from "~/components/ui/SortableTable";
import { AE_OUTCOME_LABELS, RELATEDNESS_LABELS, type AeOutcome, type Relatedness } from "~/domain/safety";
import type { AeListRow } from "~/models/adverseEvent.server";

const FOLLOW_UP: Record<string, { tone: string; text: string }> = {
  overdue: { tone: "badge--danger", text: "Follow-up overdue" },
  due: { tone: "badge--warn", text: "Follow-up due" },
  late: { tone: "badge--warn", text: "Follow-up was late" },
  satisfied: { tone: "badge--ok", text: "Followed up" },
};
const gradeTone = (grade: number) => (grade >= 3 ? "badge--danger" : grade === 2 ? "badge--warn" : "badge--muted");

export function FollowUpBadge({ state }: { state: string }) {
  const badge = FOLLOW_UP[state];
  return badge ? <span className={`badge ${badge.tone}`}>{badge.text}</span> : null;
}

export function GradeBadge({ grade }: { grade: number }) {
  return <span className={`badge ${gradeTone(grade)}`}>Grade {grade}</span>;
}

const followUpHtml = (state: string) => {
  const badge = FOLLOW_UP[state];
  return badge ? markup`<span class="badge ${badge.tone}">${badge.text}</span>` : null;
};

/**
 * Adverse events; `show` hides columns that are constant on a page (cohort, participant).
 * Sortable by column when `rows` is the whole list; one page of a longer list keeps the
 * server's order (sorting a page would pretend to sort the list).
 */
export function AeTable({
  rows,
  show = { participant: true, cohort: true },
  empty,
  sortable = true,
}: {
  rows: AeListRow[];
  show?: { participant?: boolean; cohort?: boolean };
  empty: React.ReactNode;
  sortable?: boolean;
}) {
  // Cells as markup (a page of 50 events is ~850 elements React need not make); the links
  // (clientLink) are navigated by the table's listener without a page load.
  const columns: Column<AeListRow>[] = [
    { key: "onset", header: "Onset", render: (r) => markup`<span class="nowrap">${r.onsetLocal}</span>`, sortValue: (r) => r.onsetAt },
    {
      key: "term",
      header: "Event",
      render: (r) => clientLink(`/adverse-events/${r.id}`, r.term),
      sortValue: (r) => r.term,
    },
    ...(show.participant
      ? [
          {
            key: "participant",
            header: "Participant",
            render: (r: AeListRow) => markup`${r.participant}`,
            sortValue: (r: AeListRow) => r.participant,
          },
        ]
      : []),
    ...(show.cohort
      ? [{ key: "cohort", header: "Cohort", render: (r: AeListRow) => markup`${r.cohort}`, sortValue: (r: AeListRow) => r.cohort }]
      : []),
    {
      key: "session",
      header: "Session",
      render: (r) => markup`${r.session ?? markup`<span class="muted">—</span>`}`,
      sortValue: (r) => r.session,
    },
    {
      key: "grade",
      header: "Grade",
      render: (r) => markup`<span class="badge ${gradeTone(r.grade)}">Grade ${r.grade}</span>`,
      sortValue: (r) => r.grade,
    },
    {
      key: "serious",
      header: "Serious",
      render: (r) => (r.serious ? markup`<span class="badge badge--danger">Serious</span>` : markup`No`),
      sortValue: (r) => (r.serious ? 1 : 0),
    },
    {
      key: "related",
      header: "Ketamine / group",
      render: (r) =>
        markup`${RELATEDNESS_LABELS[r.relatednessKetamine as Relatedness] ?? r.relatednessKetamine} / ${RELATEDNESS_LABELS[r.relatednessGroup as Relatedness] ?? r.relatednessGroup}`,
      sortValue: (r) => (r.related ? 1 : 0),
    },
    {
      key: "outcome",
      header: "Outcome",
      render: (r) => markup`${AE_OUTCOME_LABELS[r.outcome as AeOutcome] ?? r.outcome}`,
      sortValue: (r) => r.outcome,
    },
    {
      key: "status",
      header: "Status",
      render: (r) =>
        markup`${r.status === "CLOSED" ? markup`<span class="badge badge--muted">Closed</span>` : markup`<span class="badge badge--warn">Open</span>`} ${followUpHtml(r.followUpState)}`,
      sortValue: (r) => r.status,
    },
  ];
  return (
    <SortableTable
      rows={rows}
      columns={sortable ? columns : columns.map(({ sortValue: _unsorted, ...c }) => c)}
      rowKey={(r) => r.id}
      caption={sortable ? "Adverse events" : "Adverse events, newest onset first"}
      initialSort={sortable ? { key: "onset", dir: "desc" } : undefined}
      empty={empty}
    />
  );
}
