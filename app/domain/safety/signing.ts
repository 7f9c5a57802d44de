/**
 * What a dosing record needs before a clinician can sign it, and the lock that follows.
 * A signed record never changes; corrections are addenda appended beside it.
 */
import { z } from "zod";
import { type DischargeChecklistState, type DosingRoute, dischargeReady } from "./dosing";
import { textField } from "./fields";
import {
  type GateOverride,
  type MonitoringRanges,
  type PreDoseLimits,
  type TimedVitalsReading,
  type VitalsReading,
  OVERRIDE_REASON_MIN_LENGTH,
  preDoseGate,
} from "./vitals";

export type ChecklistAnswer = "YES" | "NO" | "NOT_APPLICABLE";

/** One item of the program's pre-dose checklist, as answered for this participant. */
export interface PreDoseChecklistItem {
  key: string;
  /** The program's own wording, used in the "not answered" message. */
  label: string;
  answer: ChecklistAnswer | null | undefined;
}

/** A reading in the post-dose series (only `takenAt` and the values are used here). */
export type PostDoseReading = TimedVitalsReading;

/** The shape a model maps a stored dosing record onto before asking whether it can be signed. */
export interface DosingRecordForSigning {
  signedAt?: Date | null;
  preDoseChecklist: PreDoseChecklistItem[] | null | undefined;
  preDoseVitals: VitalsReading | null | undefined;
  /** The program's gate in force when the reading was taken. */
  gateLimits: PreDoseLimits;
  gateOverride?: GateOverride | null;
  doseMg?: number | null;
  weightKg?: number | null;
  route?: DosingRoute | null;
  lotNumber?: string | null;
  givenAt?: Date | null;
  givenById?: string | null;
  postDoseVitals: PostDoseReading[] | null | undefined;
  dischargeChecklist?: DischargeChecklistState | null;
  dischargedAt?: Date | null;
}

export interface SigningRules {
  /**
   * A post-dose reading counts only if taken at least this many minutes after the dose
   * (default 30: BP peaks around 40 minutes, and 30 leaves room for real-world timing).
   * Set 0 to accept any reading after the dose.
   */
  minPostDoseMinutes?: number;
  /** Used to cross-check the latest post-dose reading against "vitals within range". */
  monitoringRanges?: MonitoringRanges;
  /** Program's minimum time from dose to discharge, if it sets one. */
  minMonitoringMinutes?: number;
}

export const DEFAULT_MIN_POST_DOSE_MINUTES = 30;

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === "";

/**
 * Every reason the record cannot be signed yet, as sentences in form order; [] means it can be
 * signed. Rules: pre-dose checklist all answered; pre-dose vitals present and the gate passed or
 * overridden with a written reason; dose, weight, route, lot, time given and who gave it; at least
 * one post-dose reading (~40 min); discharge checklist complete; discharge time after dose time.
 */
export function missingForSigning(record: DosingRecordForSigning, rules: SigningRules = {}): string[] {
  const missing: string[] = [];
  const minPostDose = rules.minPostDoseMinutes ?? DEFAULT_MIN_POST_DOSE_MINUTES;

  // Pre-dose checklist
  if (!record.preDoseChecklist || record.preDoseChecklist.length === 0) {
    missing.push("The pre-dose checklist has not been completed");
  } else {
    for (const item of record.preDoseChecklist) {
      if (!item.answer) missing.push(`Pre-dose checklist: "${item.label}" is not answered`);
    }
  }

  // Pre-dose vitals and gate (recomputed, so a stored "ok" cannot hide a reading above the gate)
  if (!record.preDoseVitals) {
    missing.push("Pre-dose vitals have not been recorded");
  } else {
    const gate = preDoseGate(record.preDoseVitals, record.gateLimits);
    if (gate.status === "blocked") {
      const override = record.gateOverride;
      if (!override || override.reason.trim().length < OVERRIDE_REASON_MIN_LENGTH || blank(override.clinicianId)) {
        missing.push(
          `Pre-dose vitals are above the gate (${gate.reasons.join("; ")}) and no clinician override with a written reason is recorded`,
        );
      }
    }
  }

  // Dose
  if (record.doseMg === null || record.doseMg === undefined) missing.push("Dose (mg) is missing");
  if (record.weightKg === null || record.weightKg === undefined) missing.push("Weight (kg) is missing");
  if (!record.route) missing.push("Route is missing");
  if (blank(record.lotNumber)) missing.push("Lot number is missing");
  if (!record.givenAt) missing.push("Time the dose was given is missing");
  if (blank(record.givenById)) missing.push("Who gave the dose is missing");

  // Post-dose vitals
  const givenAt = record.givenAt ?? null;
  const post = (record.postDoseVitals ?? []).filter((r) => !givenAt || r.takenAt.getTime() > givenAt.getTime());
  const qualifying = givenAt ? post.filter((r) => r.takenAt.getTime() - givenAt.getTime() >= minPostDose * 60_000) : post;
  if (qualifying.length === 0) {
    missing.push(
      minPostDose > 0
        ? `A post-dose vitals reading is missing (one taken at least ${minPostDose} minutes after the dose, around 40 minutes)`
        : "A post-dose vitals reading is missing",
    );
  }

  // Discharge
  const latest = [...post].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime())[0] ?? null;
  const discharge = dischargeReady(record.dischargeChecklist, {
    lastVitals: latest,
    ranges: rules.monitoringRanges,
    doseGivenAt: givenAt,
    dischargeAt: record.dischargedAt ?? null,
    minMonitoringMinutes: rules.minMonitoringMinutes,
  });
  for (const reason of discharge.missing) missing.push(`Discharge: ${reason}`);
  if (!record.dischargedAt) {
    missing.push("Discharge time is missing");
  } else if (givenAt && record.dischargedAt.getTime() <= givenAt.getTime()) {
    missing.push("Discharge time must be after the time the dose was given");
  }

  return missing;
}

export function canSign(record: DosingRecordForSigning, rules?: SigningRules): boolean {
  return !isSigned(record) && missingForSigning(record, rules).length === 0;
}

export function isSigned(record: { signedAt?: Date | null }): boolean {
  return record.signedAt !== null && record.signedAt !== undefined;
}

/** Thrown by assertEditable; a route turns it into a 409/400 with `message`. */
export class SignedRecordLockedError extends Error {
  constructor(public readonly signedAt: Date) {
    super(`This dosing record was signed at ${signedAt.toISOString()} and can no longer be edited; add an addendum to correct it`);
    this.name = "SignedRecordLockedError";
  }
}

/** Call before any edit of a dosing record; throws SignedRecordLockedError once signed. */
export function assertEditable(record: { signedAt?: Date | null }): void {
  if (record.signedAt) throw new SignedRecordLockedError(record.signedAt);
}

/** Addenda are only for signed records: an unsigned draft is simply edited. */
export function canAddAddendum(record: { signedAt?: Date | null }): boolean {
  return isSigned(record);
}

/** The addendum form: the correction or late entry, in the clinician's words. */
export const addendumSchema = z.object({
  text: textField("Addendum", { max: 5000 }),
});
