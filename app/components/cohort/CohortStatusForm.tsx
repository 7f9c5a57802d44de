import { FormError } from "~/components/ui/Field";
import { RowForm, fieldProps, formMessage, replyFor, usePanelOpened } from "~/components/ui/SchemaForm";
import type { FormReply } from "~/forms/reply";
import { cohortStatusFormSchema } from "~/forms/scheduling";
import { CANCEL_REASON_HINT } from "./cohortStatus";

const LABEL: Record<string, string> = {
  ENROLLING: "Open enrollment",
  ACTIVE: "Mark active",
  COMPLETED: "Mark completed",
  CANCELLED: "Cancel cohort",
};
type Reply = FormReply<unknown> | undefined;
const statusFormId = (to: string) => `cohort-status:${to}`;
const CANCEL_FORM_ID = "cancel-cohort";

/** The refusal answering one of the forward-step buttons (a stale page, a step no longer allowed). */
function forwardRefusal(reply: Reply, forward: string[]) {
  const mine = forward.map((to) => replyFor(reply, statusFormId(to))).find(Boolean);
  const error = mine && !mine.ok ? mine.result.error : undefined;
  return error?.[""]?.[0] ?? error?.to?.[0];
}

function StatusButton({ to, version, reply, action }: { to: string; version: number; reply: Reply; action: string }) {
  return (
    <RowForm id={statusFormId(to)} schema={cohortStatusFormSchema} reply={reply} action={action}>
      {() => (
        <>
          <input type="hidden" name="intent" value="status" />
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="to" value={to} />
          <button className="button" type="submit">
            {LABEL[to] ?? to}
          </button>
        </>
      )}
    </RowForm>
  );
}

/** The reason is checked in the browser too: the form is on Conform once its panel is opened. */
function CancelCohortForm({ version, reply, action }: { version: number; reply: Reply; action: string }) {
  const [opened, panel] = usePanelOpened();
  const answer = replyFor(reply, CANCEL_FORM_ID);
  return (
    <details open={!!answer && !answer.ok} {...panel}>
      <summary>Cancel this cohort…</summary>
      <RowForm
        id={CANCEL_FORM_ID}
        schema={cohortStatusFormSchema}
        reply={reply}
        action={action}
        active={opened}
        className="inline-form"
        aria-label="Cancel this cohort"
      >
        {(form, fields) => {
          const reason = fieldProps(fields.reason);
          const describedBy = ["cancel-reason-hint", reason.error ? "cancel-reason-error" : null].filter(Boolean).join(" ");
          return (
            <>
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="version" value={version} />
              <input type="hidden" name="to" value="CANCELLED" />
              <FormError message={formMessage(form) ?? fields.to.errors?.[0]} />
              <div className={`field${reason.error ? " field--error" : ""}`}>
                <label htmlFor="cancel-reason">Reason for cancelling</label>
                <p id="cancel-reason-hint" className="field__hint">
                  {CANCEL_REASON_HINT}
                </p>
                <input
                  key={fields.reason.key}
                  id="cancel-reason"
                  name={reason.name}
                  defaultValue={reason.defaultValue}
                  required
                  minLength={3}
                  aria-invalid={reason.error ? true : undefined}
                  aria-describedby={describedBy}
                />
                {reason.error ? (
                  <p id="cancel-reason-error" className="field__error" role="alert">
                    {reason.error}
                  </p>
                ) : null}
              </div>
              <button className="button button--danger" type="submit">
                Cancel cohort
              </button>
            </>
          );
        }}
      </RowForm>
    </details>
  );
}

/**
 * Status changes: forward steps as buttons, cancellation with a required reason. Plain forms
 * (RowForm, sent through the cohort header's listener) until a reply answers one or the
 * cancel panel is opened: every tab of a cohort renders them.
 */
export function CohortStatusForm({ version, next, reply, action }: { version: number; next: string[]; reply: Reply; action: string }) {
  const forward = next.filter((s) => s !== "CANCELLED");
  return (
    <div className="actions">
      <FormError message={forwardRefusal(reply, forward)} />
      {forward.map((to) => (
        <StatusButton key={to} to={to} version={version} reply={reply} action={action} />
      ))}
      {next.includes("CANCELLED") ? <CancelCohortForm version={version} reply={reply} action={action} /> : null}
    </div>
  );
}
