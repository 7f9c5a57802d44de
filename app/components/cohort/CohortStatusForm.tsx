import { Form } from "@remix-run/react";
import { FormError } from "~/components/ui/Field";
import { CANCEL_REASON_HINT } from "./cohortStatus";

const LABEL: Record<string, string> = { ENROLLING: "Open enrollment", ACTIVE: "Mark active", COMPLETED: "Mark completed", CANCELLED: "Cancel cohort" };

/** Status changes: forward steps as buttons, cancellation with a required reason. */
export function CohortStatusForm({ version, next, errors }: { version: number; next: string[]; errors: Record<string, string> }) {
  const forward = next.filter((s) => s !== "CANCELLED");
  return (
    <div className="actions">
      <FormError message={errors.form ?? errors.to} />
      {forward.map((to) => (
        <Form method="post" key={to}>
          <input type="hidden" name="intent" value="status" />
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="to" value={to} />
          <button className="button" type="submit">{LABEL[to] ?? to}</button>
        </Form>
      ))}
      {next.includes("CANCELLED") ? (
        <details>
          <summary>Cancel this cohort…</summary>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="status" />
            <input type="hidden" name="version" value={version} />
            <input type="hidden" name="to" value="CANCELLED" />
            <div className={`field${errors.reason ? " field--error" : ""}`}>
              <label htmlFor="cancel-reason">Reason for cancelling</label>
              <p id="cancel-reason-hint" className="field__hint">{CANCEL_REASON_HINT}</p>
              <input id="cancel-reason" name="reason" required minLength={3} aria-invalid={errors.reason ? true : undefined} aria-describedby="cancel-reason-hint" />
              {errors.reason ? <p className="field__error" role="alert">{errors.reason}</p> : null}
            </div>
            <button className="button button--danger" type="submit">Cancel cohort</button>
          </Form>
        </details>
      ) : null}
    </div>
  );
}
