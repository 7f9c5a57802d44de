// Pure helpers for adverse events (no Prisma): how the stored columns map to the domain
// vocabulary, the list row shape, and the CSV export text. Unit-tested beside this file.
import {
  AE_ACTIONS,
  AE_OUTCOME_LABELS,
  AE_TERM_LABELS,
  RELATEDNESS_LABELS,
  SERIOUS_CRITERION_LABELS,
  type AeAction,
  type AeOutcome,
  type AeTerm,
  type FollowUpStatus,
  type Relatedness,
  type SeriousCriterion,
} from "~/domain/safety";
import { toCsv } from "~/utils/csv";

// ---------------------------------------------------------------------------------------------
// Stored <-> domain

/** `actionTaken` holds the action code, optionally followed by ": details". */
export function encodeAction(action: AeAction, details?: string | null): string {
  return details ? `${action}: ${details}` : action;
}

export function decodeAction(stored: string): { action: AeAction; details: string } {
  const i = stored.indexOf(": ");
  const code = i === -1 ? stored : stored.slice(0, i);
  if ((AE_ACTIONS as readonly string[]).includes(code)) {
    return { action: code as AeAction, details: i === -1 ? "" : stored.slice(i + 2) };
  }
  return { action: "OTHER", details: stored };
}

export function parseCriteria(stored: string | null | undefined): SeriousCriterion[] {
  try {
    const v: unknown = JSON.parse(stored ?? "[]");
    return Array.isArray(v) ? (v.filter((x) => typeof x === "string" && x in SERIOUS_CRITERION_LABELS) as SeriousCriterion[]) : [];
  } catch {
    return [];
  }
}

export function aeTermText(term: string, other?: string | null): string {
  return term === "OTHER" && other ? other : (AE_TERM_LABELS[term as AeTerm] ?? term);
}

export type AeListRow = {
  id: string;
  participantId: string;
  participant: string;
  cohortId: string | null;
  cohort: string;
  session: string | null;
  term: string;
  onsetAt: string;
  onsetLocal: string;
  onsetDate: string;
  timeZone: string;
  grade: number;
  serious: boolean;
  criteria: SeriousCriterion[];
  relatednessKetamine: string;
  relatednessGroup: string;
  related: boolean;
  expected: boolean;
  action: string;
  outcome: string;
  resolvedLocal: string | null;
  status: string;
  followUps: number;
  followUpState: FollowUpStatus["state"];
};

/** The list as CSV (written by ~/utils/csv: RFC 4180, CRLF, its formula rule). */
export function adverseEventsCsv(rows: AeListRow[]): string {
  const header = [
    "id",
    "participant",
    "cohort",
    "session",
    "term",
    "onset_local",
    "time_zone",
    "grade",
    "serious",
    "serious_criteria",
    "relatedness_ketamine",
    "relatedness_group",
    "expected",
    "action_taken",
    "outcome",
    "resolved_local",
    "status",
    "follow_ups",
  ];
  return toCsv(
    header,
    rows.map((r) => [
      r.id,
      r.participant,
      r.cohort,
      r.session ?? "",
      r.term,
      r.onsetLocal,
      r.timeZone,
      r.grade,
      r.serious ? "yes" : "no",
      r.criteria.map((c) => SERIOUS_CRITERION_LABELS[c]).join("; "),
      RELATEDNESS_LABELS[r.relatednessKetamine as Relatedness] ?? r.relatednessKetamine,
      RELATEDNESS_LABELS[r.relatednessGroup as Relatedness] ?? r.relatednessGroup,
      r.expected ? "yes" : "no",
      r.action,
      AE_OUTCOME_LABELS[r.outcome as AeOutcome] ?? r.outcome,
      r.resolvedLocal ?? "",
      r.status,
      r.followUps,
    ]),
  );
}
