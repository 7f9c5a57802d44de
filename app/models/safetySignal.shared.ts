// Pure helpers for stored safety signals (no Prisma): the inbox title, detail and priority.
import {
  SAFETY_SIGNAL_KINDS,
  describeSignal,
  type SafetySignal as DomainSignal,
  type SafetySignalKind,
  type SignalPriority,
} from "~/domain/safety";

export const KIND_TITLES: Record<SafetySignalKind, string> = {
  SERIOUS_AE: "Serious adverse event",
  AE_GRADE_3_PLUS: "Adverse event of grade 3 or higher",
  PHQ9_ITEM9: "PHQ-9 item 9 answered above 0",
  BP_OVERRIDE: "Pre-dose BP gate overridden",
  VITALS_OUT_OF_RANGE: "Vitals out of range during dosing",
};
const KIND_PRIORITY: Record<SafetySignalKind, SignalPriority> = {
  SERIOUS_AE: "urgent",
  AE_GRADE_3_PLUS: "high",
  PHQ9_ITEM9: "high",
  BP_OVERRIDE: "review",
  VITALS_OUT_OF_RANGE: "high",
};

export function kindTitle(kind: string): string {
  return KIND_TITLES[kind as SafetySignalKind] ?? kind;
}

/** Title/detail/priority of a stored signal as the viewer should see it. */
export function describeStoredSignal(row: { kind: string; detail: string; createdAt: Date }, label: string) {
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
      if (d?.title) return d;
    } catch {
      // fall through to plain text
    }
  }
  return {
    title: `${kind ? KIND_TITLES[kind] : row.kind}: ${label}`,
    detail: row.detail,
    priority: kind ? KIND_PRIORITY[kind] : ("review" as SignalPriority),
  };
}
