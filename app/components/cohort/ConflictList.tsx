import type { ReactNode } from "react";
import { formatInstantDate } from "~/domain/scheduling/localTime";

export type ConflictView = {
  key: string;
  kind: string;
  severity: "block" | "warn";
  message: string;
  acknowledged?: { at: string; by: string; note: string | null } | null;
};

const KIND_LABEL: Record<string, string> = {
  ROOM_DOUBLE_BOOKED: "Room double-booked",
  STAFF_DOUBLE_BOOKED: "Staff double-booked",
  STAFF_MIX_UNMET: "Staff mix not met",
  OUTSIDE_COHORT_DATES: "Outside cohort dates",
};

/**
 * Conflicts found when saving. Blocking ones are explained; each warning gets a
 * checkbox named "acknowledged" whose value is the conflict key (inside the caller's form).
 */
export function ConflictsOnSave({ blocking, warnings }: { blocking: ConflictView[]; warnings: ConflictView[] }) {
  if (!blocking.length && !warnings.length) return null;
  return (
    <div className={`callout ${blocking.length ? "callout--error" : "callout--warn"}`} role="alert">
      {blocking.length ? (
        <>
          <p>
            <strong>This cannot be saved:</strong>
          </p>
          <ul>
            {blocking.map((c) => (
              <li key={c.key}>{c.message}</li>
            ))}
          </ul>
        </>
      ) : null}
      {warnings.length ? (
        <>
          <p>
            <strong>{blocking.length ? "Also:" : "Check these conflicts; save again after acknowledging each one:"}</strong>
          </p>
          <ul className="conflict-list">
            {warnings.map((c) => (
              <li key={c.key}>
                <label className="checkbox">
                  <input type="checkbox" name="acknowledged" value={c.key} /> {KIND_LABEL[c.kind] ?? c.kind}: {c.message} — I acknowledge
                  this conflict
                </label>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

export function ConflictItems({ conflicts, action }: { conflicts: ConflictView[]; action?: (c: ConflictView) => ReactNode }) {
  return (
    <ul className="conflict-list">
      {conflicts.map((c) => (
        <li key={c.key} className={c.severity === "block" ? "conflict--block" : c.acknowledged ? "conflict--acked" : undefined}>
          <strong>{KIND_LABEL[c.kind] ?? c.kind}</strong>{" "}
          {c.severity === "block" ? (
            <span className="badge badge--danger">Must be fixed</span>
          ) : c.acknowledged ? (
            <span className="badge badge--ok">Acknowledged</span>
          ) : (
            <span className="badge badge--warn">Needs acknowledgement</span>
          )}
          <p>{c.message}</p>
          {c.acknowledged ? (
            <p className="muted small">
              Acknowledged by {c.acknowledged.by} on {formatInstantDate(c.acknowledged.at, "UTC")}
              {c.acknowledged.note ? `: ${c.acknowledged.note}` : ""}
            </p>
          ) : null}
          {action ? action(c) : null}
        </li>
      ))}
    </ul>
  );
}
