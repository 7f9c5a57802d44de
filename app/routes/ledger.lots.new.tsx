import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { lotReceiptWarning } from "~/domain/safety";
import { lotFields } from "~/forms/ledger";
import { createLot, listSites } from "~/models/ledger.server";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Receive a lot — Controlled-substance log — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "ledger:write");
  return { sites: await listSites() };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "ledger:write",
    schema: lotFields,
    run: (input, { actor, meta }) => createLot(actor, meta, input),
    success: (lot) => ({
      redirect: `/ledger/lots/${lot.id}`,
      toast: lot.expiryWarning ? `Lot ${lot.lotNumber} received. Warning: ${lot.expiryWarning}.` : `Lot ${lot.lotNumber} received.`,
    }),
  });
}

export default function NewLot() {
  const { sites } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm({
    id: "new-lot",
    schema: lotFields,
    reply: useActionData<typeof action>(),
    defaultValue: { product: "Ketamine HCl injection, USP" },
  });
  const site = fieldProps(fields.siteId);
  // The expiry is judged on the chosen site's date (the first site's until one is chosen).
  const today = (sites.find((s) => s.id === fields.siteId.value) ?? sites[0])?.today;
  const expiryValue = fields.expiryDate.value;
  const expiry =
    today && typeof expiryValue === "string" && /^\d{4}-\d{2}-\d{2}$/.test(expiryValue) ? lotReceiptWarning(expiryValue, today) : null;
  const confirm = fieldProps(fields.receiveExpired);
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/ledger">Controlled-substance log</Link> /
      </p>
      <h1>Receive a lot</h1>
      <SchemaForm form={form} className="card">
        <FormError message={formMessage(form)} />
        <Field key={fields.lotNumber.key} label="Lot number" {...fieldProps(fields.lotNumber)} required />
        <Field key={fields.product.key} label="Product" {...fieldProps(fields.product)} required />
        <Field
          key={fields.concentrationMgPerMl.key}
          label="Concentration (mg/mL)"
          inputMode="decimal"
          {...fieldProps(fields.concentrationMgPerMl)}
          required
        />
        <Field key={fields.vialVolumeMl.key} label="Vial volume (mL)" inputMode="decimal" {...fieldProps(fields.vialVolumeMl)} required />
        <Field
          key={fields.vialCount.key}
          label="Quantity received (vials)"
          inputMode="numeric"
          {...fieldProps(fields.vialCount)}
          required
        />
        <Field key={fields.supplier.key} label="Supplier" {...fieldProps(fields.supplier)} required />
        <Field key={fields.supplierAddress.key} label="Supplier address" {...fieldProps(fields.supplierAddress)} required />
        <Field
          key={fields.supplierDeaNumber.key}
          label="Supplier DEA number"
          hint="Two letters and seven digits; the check digit is verified."
          autoComplete="off"
          {...fieldProps(fields.supplierDeaNumber)}
          required
        />
        <Field key={fields.invoiceNumber.key} label="Invoice number" {...fieldProps(fields.invoiceNumber)} required />
        <Field key={fields.expiryDate.key} label="Expiry date" type="date" {...fieldProps(fields.expiryDate)} required />
        {expiry ? (
          <div className={`callout ${expiry.level === "expired" ? "callout--error" : "callout--warn"} small`}>
            <p id="expiry-warning">
              {expiry.level === "expired" ? expiry.message : `${expiry.message}: check the date before receiving it.`}
            </p>
            {expiry.level === "expired" ? (
              <div className="checkbox">
                <input
                  type="checkbox"
                  id={confirm.id}
                  name={confirm.name}
                  aria-invalid={confirm.error ? true : undefined}
                  aria-describedby={confirm.error ? `expiry-warning ${confirm.id}-error` : "expiry-warning"}
                />
                <label htmlFor={confirm.id}>Receive this expired lot (it can never be administered)</label>
                {confirm.error ? (
                  <p id={`${confirm.id}-error`} className="field__error" role="alert">
                    {confirm.error}
                  </p>
                ) : null}
              </div>
            ) : null}
          </div>
        ) : null}
        <div className={`field${site.error ? " field--error" : ""}`}>
          <label htmlFor={site.id}>Site</label>
          <select
            key={fields.siteId.key}
            id={site.id}
            name={site.name}
            defaultValue={site.defaultValue}
            aria-invalid={site.error ? true : undefined}
            aria-describedby={site.error ? `${site.id}-error` : undefined}
          >
            <option value="">Choose…</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          {site.error ? (
            <p id={`${site.id}-error`} className="field__error" role="alert">
              {site.error}
            </p>
          ) : null}
        </div>
        <p className="muted small">Saving creates the lot and its RECEIVE entry (concentration × vial volume × vials).</p>
        <button type="submit" className="button button--primary">
          Receive lot
        </button>
      </SchemaForm>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
