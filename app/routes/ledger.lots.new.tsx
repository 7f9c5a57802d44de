import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/ui/Field";
import { lotSchema } from "~/domain/safety";
import { DocError } from "~/models/attendance.server";
import { createLot, listSites } from "~/models/ledger.server";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { parseForm } from "~/utils/forms";
import { requestMeta } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Receive a lot — Controlled-substance log — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "ledger:write");
  return { sites: await listSites() };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "ledger:write");
  const form = await readForm(args.request);
  const parsed = parseForm(lotSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const lot = await createLot(actor, requestMeta(args), parsed.data);
    return redirect(`/ledger/lots/${lot.id}`);
  } catch (e) {
    if (e instanceof DocError) return data({ errors: { [e.field]: e.message }, values: Object.fromEntries(form) as Record<string, string> }, { status: 400 });
    throw e;
  }
}

export default function NewLot() {
  const { sites } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const v = (k: string) => (result?.values?.[k] as string | undefined) ?? "";
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/ledger">Controlled-substance log</Link> /
      </p>
      <h1>Receive a lot</h1>
      <Form method="post" className="card" noValidate>
        <FormError message={errors.form} />
        <Field label="Lot number" name="lotNumber" defaultValue={v("lotNumber")} error={errors.lotNumber} required />
        <Field label="Product" name="product" defaultValue={v("product") || "Ketamine HCl injection, USP"} error={errors.product} required />
        <Field label="Concentration (mg/mL)" name="concentrationMgPerMl" inputMode="decimal" defaultValue={v("concentrationMgPerMl")} error={errors.concentrationMgPerMl} required />
        <Field label="Vial volume (mL)" name="vialVolumeMl" inputMode="decimal" defaultValue={v("vialVolumeMl")} error={errors.vialVolumeMl} required />
        <Field label="Quantity received (vials)" name="vialCount" inputMode="numeric" defaultValue={v("vialCount")} error={errors.vialCount} required />
        <Field label="Supplier" name="supplier" defaultValue={v("supplier")} error={errors.supplier} required />
        <Field label="Invoice number" name="invoiceNumber" defaultValue={v("invoiceNumber")} error={errors.invoiceNumber} required />
        <Field label="Expiry date" name="expiryDate" type="date" defaultValue={v("expiryDate")} error={errors.expiryDate} required />
        <div className={`field${errors.siteId ? " field--error" : ""}`}>
          <label htmlFor="siteId">Site</label>
          <select id="siteId" name="siteId" defaultValue={v("siteId")} aria-invalid={errors.siteId ? true : undefined}>
            <option value="">Choose…</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          {errors.siteId ? (
            <p className="field__error" role="alert">
              {errors.siteId}
            </p>
          ) : null}
        </div>
        <p className="muted small">Saving creates the lot and its RECEIVE entry (concentration × vial volume × vials).</p>
        <button type="submit" className="button button--primary">
          Receive lot
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
