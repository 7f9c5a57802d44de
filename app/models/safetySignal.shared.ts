// Pure helpers for stored safety signals (no Prisma): the inbox title and detail. (The
// priority is stored with the signal when it is raised.)
import { SAFETY_SIGNAL_KINDS, describeSignal, type SafetySignal as DomainSignal, type SafetySignalKind } from "~/domain/safety";

export const KIND_TITLES: Record<SafetySignalKind, string> = {
  SERIOUS_AE: "Serious adverse event",
  AE_GRADE_3_PLUS: "Adverse event of grade 3 or higher",
  PHQ9_ITEM9: "PHQ-9 item 9 answered above 0",
  BP_OVERRIDE: "Pre-dose BP gate overridden",
  VITALS_OUT_OF_RANGE: "Vitals out of range during dosing",
  DOSE_OUT_OF_RANGE: "Dose outside the program's range (prescriber override)",
};

export function kindTitle(kind: string): string {
  return KIND_TITLES[kind as SafetySignalKind] ?? kind;
}

/** Title and detail of a stored signal as the viewer should see it. */
export function describeStoredSignal(
  row: { kind: string; detail: string; createdAt: Date },
  label: string,
): { title: string; detail: string } {
  const kind = (SAFETY_SIGNAL_KINDS as readonly string[]).includes(row.kind) ? (row.kind as SafetySignalKind) : null;
  if (row.detail.trim().startsWith("{")) {
    try {
      const payload = JSON.parse(row.detail) as Record<string, unknown>;
      const d = describeSignal({
        ...payload,
        kind: payload.kind ?? row.kind,
        participantLabel: label,
        occurredAt: row.createdAt,
      } as DomainSignal);
      if (d?.title) return { title: d.title, detail: d.detail };
    } catch {
      // fall through to plain text
    }
  }
  return {
    title: `${kind ? KIND_TITLES[kind] : row.kind}: ${label}`,
    detail: row.detail,
  };
}
