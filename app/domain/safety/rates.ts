/**
 * Adverse-event rates per dosing session, as reported in the literature ("side effects in 4.3%
 * of first sessions"): per session number, the share of participants dosed at that session who
 * had at least one AE (any / related / serious). A participant counts once per session however
 * many AEs they had there; the denominator is participants dosed at that session.
 */
import { divideRoundHalfAwayFromZero } from "./decimal";

export interface DosingForRates {
  participantId: string;
  /** 1 for a participant's first dosing session in the program, 2 for the second, … */
  sessionNumber: number;
}

export interface AdverseEventForRates {
  participantId: string;
  /** The dosing session number the event is attributed to; null when not tied to a dosing session. */
  sessionNumber: number | null;
  /** Related to ketamine (isRelated of its relatedness): the caller decides which relatedness counts. */
  related: boolean;
  serious: boolean;
}

export interface RateCell {
  count: number;
  /** count / participantsDosed × 100, rounded to 1 decimal (halves away from zero); null when 0 dosed. */
  percent: number | null;
}

export interface SessionAeRate {
  sessionNumber: number;
  /** "1st dosing session", "2nd dosing session", … */
  label: string;
  participantsDosed: number;
  withAnyAe: RateCell;
  withRelatedAe: RateCell;
  withSeriousAe: RateCell;
  /** Present when percentages cannot be computed. */
  note?: string;
}

export interface AeRatesResult {
  sessions: SessionAeRate[];
  /** Events with no session number: not in any per-session rate. */
  eventsWithoutSession: number;
  /** Events at a session number where that participant has no dosing recorded: not counted. */
  eventsWithoutMatchingDosing: number;
}

export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

function percentOf(count: number, denominator: number): number | null {
  if (denominator === 0) return null;
  // One decimal, exact integer rounding: count*1000/denominator tenths of a percent.
  const tenths = divideRoundHalfAwayFromZero(BigInt(count) * 1000n, BigInt(denominator));
  return Number(tenths) / 10;
}

export function aeRatesPerDosingSession(input: {
  dosings: readonly DosingForRates[];
  events: readonly AdverseEventForRates[];
}): AeRatesResult {
  const dosed = new Map<number, Set<string>>();
  for (const d of input.dosings) {
    if (!Number.isInteger(d.sessionNumber) || d.sessionNumber < 1) {
      throw new RangeError(`Dosing session numbers start at 1 (got ${d.sessionNumber})`);
    }
    let set = dosed.get(d.sessionNumber);
    if (!set) dosed.set(d.sessionNumber, (set = new Set()));
    set.add(d.participantId);
  }

  const any = new Map<number, Set<string>>();
  const related = new Map<number, Set<string>>();
  const serious = new Map<number, Set<string>>();
  const add = (map: Map<number, Set<string>>, session: number, participant: string) => {
    let set = map.get(session);
    if (!set) map.set(session, (set = new Set()));
    set.add(participant);
  };
  let eventsWithoutSession = 0;
  let eventsWithoutMatchingDosing = 0;
  const sessionNumbers = new Set<number>(dosed.keys());

  for (const e of input.events) {
    if (e.sessionNumber === null) {
      eventsWithoutSession += 1;
      continue;
    }
    sessionNumbers.add(e.sessionNumber);
    if (!dosed.get(e.sessionNumber)?.has(e.participantId)) {
      eventsWithoutMatchingDosing += 1;
      continue;
    }
    add(any, e.sessionNumber, e.participantId);
    if (e.related) add(related, e.sessionNumber, e.participantId);
    if (e.serious) add(serious, e.sessionNumber, e.participantId);
  }

  const count = (map: Map<number, Set<string>>, n: number) => map.get(n)?.size ?? 0;
  return aeRatesFromCounts({
    sessions: [...sessionNumbers].map((n) => ({
      sessionNumber: n,
      participantsDosed: count(dosed, n),
      withAnyAe: count(any, n),
      withRelatedAe: count(related, n),
      withSeriousAe: count(serious, n),
    })),
    eventsWithoutSession,
    eventsWithoutMatchingDosing,
  });
}

/** Per session number, the distinct-participant counts that `aeRatesPerDosingSession` derives. */
export interface SessionAeCounts {
  sessionNumber: number;
  participantsDosed: number;
  withAnyAe: number;
  withRelatedAe: number;
  withSeriousAe: number;
}

/**
 * The rates table from counts already made (e.g. by the database's COUNT(DISTINCT …)): the
 * same labels, percentages and notes as `aeRatesPerDosingSession`, which ends here too.
 */
export function aeRatesFromCounts(input: {
  sessions: readonly SessionAeCounts[];
  eventsWithoutSession: number;
  eventsWithoutMatchingDosing: number;
}): AeRatesResult {
  const sessions = [...input.sessions]
    .sort((a, b) => a.sessionNumber - b.sessionNumber)
    .map((c): SessionAeRate => {
      const n = c.participantsDosed;
      const cell = (count: number): RateCell => ({ count, percent: percentOf(count, n) });
      const row: SessionAeRate = {
        sessionNumber: c.sessionNumber,
        label: `${ordinal(c.sessionNumber)} dosing session`,
        participantsDosed: n,
        withAnyAe: cell(c.withAnyAe),
        withRelatedAe: cell(c.withRelatedAe),
        withSeriousAe: cell(c.withSeriousAe),
      };
      if (n === 0) row.note = "No participants were dosed at this session, so no rate can be given";
      return row;
    });

  return { sessions, eventsWithoutSession: input.eventsWithoutSession, eventsWithoutMatchingDosing: input.eventsWithoutMatchingDosing };
}
