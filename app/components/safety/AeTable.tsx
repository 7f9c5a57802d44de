import { Link } from "@remix-run/react";
import { SortableTable, type Column } from "~/components/ui/SortableTable";
import { AE_OUTCOME_LABELS, RELATEDNESS_LABELS, type AeOutcome, type Relatedness } from "~/domain/safety";
import type { AeListRow } from "~/models/adverseEvent.server";

export function FollowUpBadge({ state }: { state: string }) {
  if (state === "overdue") return <span className="badge badge--danger">Follow-up overdue</span>;
  if (state === "due") return <span className="badge badge--warn">Follow-up due</span>;
  if (state === "late") return <span className="badge badge--warn">Follow-up was late</span>;
  if (state === "satisfied") return <span className="badge badge--ok">Followed up</span>;
  return null;
}

export function GradeBadge({ grade }: { grade: number }) {
  return <span className={`badge ${grade >= 3 ? "badge--danger" : grade === 2 ? "badge--warn" : "badge--muted"}`}>Grade {grade}</span>;
}

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
  const columns: Column<AeListRow>[] = [
    { key: "onset", header: "Onset", render: (r) => <span className="nowrap">{r.onsetLocal}</span>, sortValue: (r) => r.onsetAt },
    { key: "term", header: "Event", render: (r) => <Link to={`/adverse-events/${r.id}`}>{r.term}</Link>, sortValue: (r) => r.term },
    ...(show.participant
      ? [{ key: "participant", header: "Participant", render: (r: AeListRow) => r.participant, sortValue: (r: AeListRow) => r.participant }]
      : []),
    ...(show.cohort
      ? [{ key: "cohort", header: "Cohort", render: (r: AeListRow) => r.cohort, sortValue: (r: AeListRow) => r.cohort }]
      : []),
    { key: "session", header: "Session", render: (r) => r.session ?? <span className="muted">—</span>, sortValue: (r) => r.session },
    { key: "grade", header: "Grade", render: (r) => <GradeBadge grade={r.grade} />, sortValue: (r) => r.grade },
    {
      key: "serious",
      header: "Serious",
      render: (r) => (r.serious ? <span className="badge badge--danger">Serious</span> : "No"),
      sortValue: (r) => (r.serious ? 1 : 0),
    },
    {
      key: "related",
      header: "Ketamine / group",
      render: (r) =>
        `${RELATEDNESS_LABELS[r.relatednessKetamine as Relatedness] ?? r.relatednessKetamine} / ${RELATEDNESS_LABELS[r.relatednessGroup as Relatedness] ?? r.relatednessGroup}`,
      sortValue: (r) => (r.related ? 1 : 0),
    },
    {
      key: "outcome",
      header: "Outcome",
      render: (r) => AE_OUTCOME_LABELS[r.outcome as AeOutcome] ?? r.outcome,
      sortValue: (r) => r.outcome,
    },
    {
      key: "status",
      header: "Status",
      render: (r) => (
        <>
          {r.status === "CLOSED" ? <span className="badge badge--muted">Closed</span> : <span className="badge badge--warn">Open</span>}{" "}
          <FollowUpBadge state={r.followUpState} />
        </>
      ),
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
