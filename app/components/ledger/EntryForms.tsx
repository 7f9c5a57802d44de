import { Form, useActionData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { Field } from "~/components/ui/Field";
import { formatMg } from "~/domain/safety";

type Result = { ok: true; message: string; type: string } | { ok: false; type: string; errors: Record<string, string>; values: Record<string, unknown> } | undefined;

function EntryForm({ type, title, children, submit, hint }: { type: string; title: string; children: (e: Record<string, string>, v: (k: string) => string) => ReactNode; submit: string; hint?: ReactNode }) {
  const result = useActionData() as Result;
  const navigation = useNavigation();
  const mine = result?.type === type;
  const errors = mine && result && !result.ok ? result.errors : {};
  const v = (k: string) => (mine && result && !result.ok ? ((result.values[k] as string | undefined) ?? "") : "");
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === type;
  return (
    <section className="card" aria-labelledby={`entry-${type}-h`} id={`entry-${type}`}>
      <h3 id={`entry-${type}-h`}>{title}</h3>
      {hint}
      <Form method="post" noValidate preventScrollReset key={mine && result?.ok ? result.message + Date.now() : type}>
        <input type="hidden" name="intent" value={type} />
        {errors.form ? (
          <div className="callout callout--error" role="alert">
            {errors.form}
          </div>
        ) : null}
        {children(errors, v)}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Recording…" : submit}
        </button>
      </Form>
      {mine && result?.ok ? (
        <p className="callout callout--ok" role="status">
          {result.message}
        </p>
      ) : null}
    </section>
  );
}

function TextArea({ name, label, error, value }: { name: string; label: string; error?: string; value: string }) {
  const id = `ta-${name}-${label.replace(/\W/g, "")}`;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name={name} rows={2} defaultValue={value} aria-invalid={error ? true : undefined} />
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function EntryForms({ balanceUg, reversible }: { balanceUg: number; reversible: { id: string; label: string }[] }) {
  return (
    <div className="ledger-forms">
      <EntryForm type="WASTE" title="Waste (witnessed)" submit="Record waste">
        {(e, v) => (
          <>
            <Field label="Amount wasted (mg)" name="amountMg" inputMode="decimal" id="waste-amount" defaultValue={v("amountMg")} error={e.amountMg} />
            <Field label="Method of destruction" name="wasteMethod" id="waste-method" defaultValue={v("wasteMethod")} error={e.wasteMethod} />
            <fieldset className="field">
              <legend>Witness confirms with their own sign-in</legend>
              <Field label="Witness email" name="witnessEmail" type="email" id="witness-email" autoComplete="off" defaultValue={v("witnessEmail")} error={e.witnessEmail} />
              <Field label="Witness password" name="witnessPassword" type="password" id="witness-password" autoComplete="off" error={e.witnessPassword} />
            </fieldset>
          </>
        )}
      </EntryForm>
      <EntryForm type="TRANSFER_OUT" title="Transfer out" submit="Record transfer out">
        {(e, v) => (
          <>
            <Field label="Amount transferred out (mg)" name="amountMg" id="tout-amount" inputMode="decimal" defaultValue={v("amountMg")} error={e.amountMg} />
            <Field label="Transferred to (registrant or site)" name="counterparty" id="tout-cp" defaultValue={v("counterparty")} error={e.counterparty} />
          </>
        )}
      </EntryForm>
      <EntryForm type="TRANSFER_IN" title="Transfer in" submit="Record transfer in">
        {(e, v) => (
          <>
            <Field label="Amount transferred in (mg)" name="amountMg" id="tin-amount" inputMode="decimal" defaultValue={v("amountMg")} error={e.amountMg} />
            <Field label="Received from (registrant or site)" name="counterparty" id="tin-cp" defaultValue={v("counterparty")} error={e.counterparty} />
          </>
        )}
      </EntryForm>
      <EntryForm type="LOSS_THEFT" title="Loss or theft" submit="Record loss or theft" hint={<p className="callout callout--warn small">A loss or theft means DEA Form 106 must be filed.</p>}>
        {(e, v) => (
          <>
            <Field label="Amount lost (mg)" name="amountMg" id="loss-amount" inputMode="decimal" defaultValue={v("amountMg")} error={e.amountMg} />
            <TextArea name="reason" label="What happened" value={v("reason")} error={e.reason} />
          </>
        )}
      </EntryForm>
      <EntryForm type="INVENTORY_COUNT" title="Inventory count" submit="Record count" hint={<p className="muted small">Expected now: {formatMg(balanceUg)} mg. A discrepancy is flagged and must be explained.</p>}>
        {(e, v) => (
          <>
            <Field label="Physical count (mg)" name="amountMg" id="count-amount" inputMode="decimal" defaultValue={v("amountMg")} error={e.amountMg} />
            <TextArea name="explanation" label="Explanation of any discrepancy" value={v("explanation")} error={e.explanation} />
          </>
        )}
      </EntryForm>
      <EntryForm type="REVERSAL" title="Reverse an entry" submit="Record reversal">
        {(e, v) => (
          <>
            <div className={`field${e.reversesEntryId ? " field--error" : ""}`}>
              <label htmlFor="rev-entry">Entry to reverse</label>
              <select id="rev-entry" name="reversesEntryId" defaultValue={v("reversesEntryId")}>
                <option value="">Choose…</option>
                {reversible.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}
                  </option>
                ))}
              </select>
              {e.reversesEntryId ? (
                <p className="field__error" role="alert">
                  {e.reversesEntryId}
                </p>
              ) : null}
            </div>
            <TextArea name="reason" label="Reason for the reversal" value={v("reason")} error={e.reason} />
          </>
        )}
      </EntryForm>
    </div>
  );
}
