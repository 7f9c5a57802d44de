// Participants as small whole numbers, so that a report's per-person work (who is analysed,
// each person's enrollments, who was dosed at which session) runs over typed arrays instead
// of sets and maps keyed by id texts: a set of 200,000 ids costs ~80 ms to build, and every
// report whose rows or filters changed builds several.
import { derived } from "./memo";
import type { ReportDosing, ReportEnrollment } from "./types";

/** A record of one participant: `person` is the loader's number for `participantId`, if it gave one. */
export type PersonRecord = { readonly participantId: string; readonly person?: number };

export interface People {
  /** One more than the largest number: the length of an array indexed by person. */
  readonly size: number;
  /** The record's person number; −1 for a participant in none of the enrollments and dosings numbered. */
  of(record: PersonRecord): number;
}

/**
 * The people of these enrollments and dosings, numbered: by the loader's `person` when every
 * record has one (one number per participant id across them all), else here, by id, in order
 * of first appearance. Kept per pair of arrays (they are never changed).
 */
export function peopleOf(enrollments: readonly ReportEnrollment[], dosings: readonly ReportDosing[] = NO_DOSINGS): People {
  return derived([enrollments, dosings], "people", () => number(enrollments, dosings));
}

const NO_DOSINGS: readonly ReportDosing[] = [];

function number(enrollments: readonly PersonRecord[], dosings: readonly PersonRecord[]): People {
  let max = -1;
  let numbered = true;
  for (const list of [enrollments, dosings]) {
    for (let i = 0; i < list.length && numbered; i++) {
      const p = list[i].person;
      if (p === undefined || !Number.isInteger(p) || p < 0) numbered = false;
      else if (p > max) max = p;
    }
  }
  if (numbered) {
    const size = max + 1;
    // A record without a number (an adverse event a caller did not number) is found by its id.
    let byId: Map<string, number> | null = null;
    const find = (id: string) => {
      if (!byId) {
        byId = new Map();
        for (const list of [enrollments, dosings]) for (const r of list) byId.set(r.participantId, r.person!);
      }
      return byId.get(id) ?? -1;
    };
    return { size, of: (r) => (r.person === undefined ? find(r.participantId) : r.person < size ? r.person : -1) };
  }
  const byId = new Map<string, number>();
  for (const list of [enrollments, dosings]) for (const r of list) if (!byId.has(r.participantId)) byId.set(r.participantId, byId.size);
  return { size: byId.size, of: (r) => byId.get(r.participantId) ?? -1 };
}

/** 1 at the numbers of these records' people, 0 elsewhere. */
export function maskOf(people: People, records: readonly PersonRecord[]): Uint8Array {
  const mask = new Uint8Array(people.size);
  for (const r of records) {
    const p = people.of(r);
    if (p >= 0) mask[p] = 1;
  }
  return mask;
}

/** Whether the record's person is marked in the mask. */
export function inMask(mask: Uint8Array, people: People, record: PersonRecord): boolean {
  const p = people.of(record);
  return p >= 0 && mask[p] === 1;
}
