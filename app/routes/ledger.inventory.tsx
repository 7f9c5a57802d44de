import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SelectField } from "~/components/participant/SelectField";
import { Field, FormError, TextAreaField } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import {
  INVENTORY_KINDS,
  INVENTORY_KIND_LABELS,
  INVENTORY_TIMES,
  INVENTORY_TIME_LABELS,
  formatMg,
  signatureStatement,
} from "~/domain/safety";
import { inventoryFields } from "~/forms/ledger";
import { createInventory, inventoryDraft, listRegistrants } from "~/models/deaRecords.server";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Take an inventory — DEA records — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "dea:record");
  const siteId = new URL(args.request.url).searchParams.get("site") ?? "";
  const sites = await listRegistrants();
  const draft = siteId ? await inventoryDraft(siteId) : null;
  return { sites: sites.map((s) => ({ id: s.id, name: s.name })), draft };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "dea:record",
    schema: inventoryFields,
    run: (input, { actor, meta }) => createInventory(actor, meta, input),
    success: (inv) => ({ redirect: `/ledger/records?site=${inv.siteId}`, toast: "Inventory signed and recorded." }),
  });
}

export default function TakeInventory() {
  const { sites, draft } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="breadcrumb">
        <Link to="/ledger">Controlled-substance log</Link> / <Link to="/ledger/records">DEA records</Link> /
      </p>
      <h1>Take an inventory</h1>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="inventory-site">Site</label>
          <select id="inventory-site" name="site" defaultValue={draft?.site.id ?? ""}>
            <option value="">Choose…</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Count this site
        </button>
      </Form>
      {draft ? <InventoryForm draft={draft} /> : <p className="empty">Choose the site to count.</p>}
    </div>
  );
}

function InventoryForm({ draft }: { draft: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["draft"]> }) {
  const [form, fields] = useSchemaForm({
    id: `inventory-${draft.site.id}`,
    schema: inventoryFields,
    reply: useActionData<typeof action>(),
    defaultValue: {
      siteId: draft.site.id,
      kind: "BIENNIAL",
      takenOn: draft.site.today,
      timeOfDay: "CLOSE",
      lines: draft.lines.map((l) => ({
        lotId: l.lotId,
        fullContainers: String(l.fullContainers),
        openedContainers: String(l.openedContainers),
        openedEstimateMl: l.openedEstimateMl,
        explanation: "",
      })),
    },
  });
  const lines = fields.lines.getFieldList();
  if (draft.lines.length === 0) return <p className="empty">No lot at {draft.site.name} has a balance: receive a lot first.</p>;
  return (
    <SchemaForm form={form} className="card">
      <FormError message={formMessage(form)} />
      <FormError message={fields.lines.errors?.[0]} />
      <input type="hidden" name={fields.siteId.name} value={draft.site.id} />
      <SelectField
        key={fields.kind.key}
        label="Kind of inventory"
        placeholder="Choose…"
        {...fieldProps(fields.kind)}
        options={INVENTORY_KINDS.map((k) => ({ value: k, label: INVENTORY_KIND_LABELS[k] }))}
      />
      <Field key={fields.takenOn.key} label="Date taken" type="date" {...fieldProps(fields.takenOn)} />
      <SelectField
        key={fields.timeOfDay.key}
        label="Taken at"
        placeholder="Choose…"
        {...fieldProps(fields.timeOfDay)}
        options={INVENTORY_TIMES.map((t) => ({ value: t, label: INVENTORY_TIME_LABELS[t] }))}
      />
      <p className="muted small">
        Pre-filled from the ledger. Count unopened containers exactly; opened ones may be estimated (Schedule III). A count that differs
        from the ledger needs an explanation and is flagged in the lot&apos;s ledger.
      </p>
      {lines.map((line, i) => {
        const lot = draft.lines[i];
        const f = line.getFieldset();
        return (
          <fieldset key={line.key} className="field">
            <legend>
              Lot {lot.lotNumber}: {lot.drugName}, {lot.strength}, {lot.dosageForm} — ledger {formatMg(lot.balanceUg)} mg
            </legend>
            <input type="hidden" name={f.lotId.name} value={lot.lotId} />
            <Field
              key={f.fullContainers.key}
              label={`Unopened containers, lot ${lot.lotNumber}`}
              inputMode="numeric"
              {...fieldProps(f.fullContainers)}
            />
            <Field
              key={f.openedContainers.key}
              label={`Opened containers, lot ${lot.lotNumber}`}
              inputMode="numeric"
              {...fieldProps(f.openedContainers)}
            />
            <Field
              key={f.openedEstimateMl.key}
              label={`Estimated mL in opened containers, lot ${lot.lotNumber}`}
              inputMode="decimal"
              {...fieldProps(f.openedEstimateMl)}
            />
            <TextAreaField
              rows={2}
              key={f.explanation.key}
              label={`Explanation of any discrepancy, lot ${lot.lotNumber}`}
              {...fieldProps(f.explanation)}
            />
          </fieldset>
        );
      })}
      <TextAreaField rows={2} key={fields.note.key} label="Note" {...fieldProps(fields.note)} />
      <p className="small">{signatureStatement("DEA_INVENTORY")}</p>
      <Field
        key={fields.password.key}
        label="Your password"
        type="password"
        autoComplete="current-password"
        {...fieldProps(fields.password)}
        defaultValue=""
      />
      <button type="submit" className="button button--primary">
        Sign and record inventory
      </button>
    </SchemaForm>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
