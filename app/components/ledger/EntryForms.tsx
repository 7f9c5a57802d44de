import type { FormMetadata } from "@conform-to/react";
import { Link, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { SelectField } from "~/components/participant/SelectField";
import { Field, FormError, TextAreaField } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { DEA_LOSS_TYPES, DEA_LOSS_TYPE_LABELS, formatMg } from "~/domain/safety";
import {
  countFields,
  destroyFields,
  lossFields,
  reversalFields,
  transferInFields,
  transferOutFields,
  wasteFields,
  type ManualEntryType,
} from "~/forms/ledger";
import type { FormReply } from "~/forms/reply";

type Reply = FormReply<unknown> | undefined;

/** Each entry type is its own form; its id decides which one shows the server's reply. */
const formId = (type: ManualEntryType) => `ledger-entry-${type}`;

function useEntryForm<S extends z.ZodType>(type: ManualEntryType, schema: S, reply: Reply) {
  return useSchemaForm({ id: formId(type), schema, reply });
}

function EntryCard({
  type,
  title,
  form,
  submit,
  hint,
  children,
}: {
  type: ManualEntryType;
  title: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any entry form
  form: FormMetadata<any, string[]>;
  submit: string;
  hint?: ReactNode;
  children: ReactNode;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === type;
  return (
    <section className="card" aria-labelledby={`entry-${type}-h`} id={`entry-${type}`}>
      <h3 id={`entry-${type}-h`}>{title}</h3>
      {hint}
      <SchemaForm form={form} preventScrollReset>
        <input type="hidden" name="intent" value={type} />
        <FormError message={formMessage(form)} />
        {children}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Recording…" : submit}
        </button>
      </SchemaForm>
    </section>
  );
}

type AnyField = Parameters<typeof fieldProps>[0];

/** A witness's email and password (they confirm with their own sign-in). The password is never filled back in: the server does not echo it. */
function WitnessSignIn({ who, email, password }: { who: string; email: AnyField; password: AnyField }) {
  return (
    <>
      <Field key={email.key} label={`${who} email`} type="email" autoComplete="off" {...fieldProps(email)} />
      <Field key={password.key} label={`${who} password`} type="password" autoComplete="off" {...fieldProps(password)} defaultValue="" />
    </>
  );
}

function WasteForm({ reply }: { reply: Reply }) {
  const [form, fields] = useEntryForm("WASTE", wasteFields, reply);
  return (
    <EntryCard type="WASTE" title="Waste (witnessed)" submit="Record waste" form={form}>
      <Field key={fields.amountMg.key} label="Amount wasted (mg)" inputMode="decimal" {...fieldProps(fields.amountMg)} />
      <Field key={fields.wasteMethod.key} label="Method of destruction" {...fieldProps(fields.wasteMethod)} />
      <fieldset className="field">
        <legend>Witness confirms with their own sign-in</legend>
        <WitnessSignIn who="Witness" email={fields.witnessEmail} password={fields.witnessPassword} />
      </fieldset>
    </EntryCard>
  );
}

function TransferForm({ type, reply }: { type: "TRANSFER_OUT" | "TRANSFER_IN"; reply: Reply }) {
  const out = type === "TRANSFER_OUT";
  const [form, fields] = useEntryForm(type, out ? transferOutFields : transferInFields, reply);
  return (
    <EntryCard
      type={type}
      title={out ? "Transfer out" : "Transfer in"}
      submit={out ? "Record transfer out" : "Record transfer in"}
      form={form}
    >
      <Field
        key={fields.amountMg.key}
        label={out ? "Amount transferred out (mg)" : "Amount transferred in (mg)"}
        inputMode="decimal"
        {...fieldProps(fields.amountMg)}
      />
      <Field
        key={fields.counterparty.key}
        label={out ? "Transferred to (registrant or site)" : "Received from (registrant or site)"}
        {...fieldProps(fields.counterparty)}
      />
    </EntryCard>
  );
}

function LossForm({ reply }: { reply: Reply }) {
  const [form, fields] = useEntryForm("LOSS_THEFT", lossFields, reply);
  return (
    <EntryCard
      type="LOSS_THEFT"
      title="Loss or theft (DEA Form 106)"
      submit="Record loss or theft"
      form={form}
      hint={
        <p className="callout callout--warn small">
          A theft or significant loss must be reported to the DEA within one business day of its discovery (DEA Form 106).
        </p>
      }
    >
      <Field key={fields.amountMg.key} label="Amount lost (mg)" inputMode="decimal" {...fieldProps(fields.amountMg)} />
      <Field key={fields.discoveredOn.key} label="Date discovered" type="date" {...fieldProps(fields.discoveredOn)} />
      <SelectField
        key={fields.lossType.key}
        label="Type of loss"
        placeholder="Choose…"
        {...fieldProps(fields.lossType)}
        options={DEA_LOSS_TYPES.map((t) => ({ value: t, label: DEA_LOSS_TYPE_LABELS[t] }))}
      />
      <SelectField
        key={fields.policeNotified.key}
        label="Police notified"
        placeholder="Choose…"
        {...fieldProps(fields.policeNotified)}
        options={[
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
        ]}
      />
      <Field key={fields.policeReportNumber.key} label="Police report number" {...fieldProps(fields.policeReportNumber)} />
      <TextAreaField rows={2} key={fields.reason.key} label="What happened" {...fieldProps(fields.reason)} />
    </EntryCard>
  );
}

function DestroyForm({ reply }: { reply: Reply }) {
  const [form, fields] = useEntryForm("DESTROY", destroyFields, reply);
  return (
    <EntryCard
      type="DESTROY"
      title="Destruction (DEA Form 41)"
      submit="Record destruction"
      form={form}
      hint={<p className="muted small">Stock destroyed (expired, damaged or unwanted): two witnesses confirm with their own sign-in.</p>}
    >
      <Field key={fields.amountMg.key} label="Amount destroyed (mg)" inputMode="decimal" {...fieldProps(fields.amountMg)} />
      <Field key={fields.destroyedOn.key} label="Date destroyed" type="date" {...fieldProps(fields.destroyedOn)} />
      <Field key={fields.wasteMethod.key} label="Destruction method (Form 41)" {...fieldProps(fields.wasteMethod)} />
      <Field key={fields.destructionReason.key} label="Reason for destruction" {...fieldProps(fields.destructionReason)} />
      <Field key={fields.place.key} label="Place of destruction" {...fieldProps(fields.place)} />
      <fieldset className="field">
        <legend>Two witnesses confirm with their own sign-in</legend>
        <WitnessSignIn who="First witness's" email={fields.witnessEmail} password={fields.witnessPassword} />
        <WitnessSignIn who="Second witness's" email={fields.witness2Email} password={fields.witness2Password} />
      </fieldset>
    </EntryCard>
  );
}

function CountForm({ balanceUg, reply }: { balanceUg: number; reply: Reply }) {
  const [form, fields] = useEntryForm("INVENTORY_COUNT", countFields, reply);
  return (
    <EntryCard
      type="INVENTORY_COUNT"
      title="Inventory count"
      submit="Record count"
      form={form}
      hint={<p className="muted small">Expected now: {formatMg(balanceUg)} mg. A discrepancy is flagged and must be explained.</p>}
    >
      <Field key={fields.amountMg.key} label="Physical count (mg)" inputMode="decimal" {...fieldProps(fields.amountMg)} />
      <TextAreaField rows={2} key={fields.explanation.key} label="Explanation of any discrepancy" {...fieldProps(fields.explanation)} />
    </EntryCard>
  );
}

function ReversalForm({ reversible, hint, reply }: { reversible: { id: string; label: string }[]; hint?: string; reply: Reply }) {
  const [form, fields] = useEntryForm("REVERSAL", reversalFields, reply);
  const entry = fieldProps(fields.reversesEntryId);
  return (
    <EntryCard
      type="REVERSAL"
      title="Reverse an entry"
      submit="Record reversal"
      form={form}
      hint={hint ? <p className="muted small">{hint}</p> : undefined}
    >
      <SelectField
        key={fields.reversesEntryId.key}
        label="Entry to reverse"
        placeholder="Choose…"
        {...entry}
        options={reversible.map((r) => ({ value: r.id, label: r.label }))}
      />
      <TextAreaField rows={2} key={fields.reason.key} label="Reason for the reversal" {...fieldProps(fields.reason)} />
    </EntryCard>
  );
}

/** The kinds of entry the lot's page records, in the order it offers them, with the URL's word for each (`?record=`). */
export const ENTRY_CHOICES: { type: ManualEntryType; slug: string; label: string }[] = [
  { type: "WASTE", slug: "waste", label: "Waste" },
  { type: "TRANSFER_OUT", slug: "transfer-out", label: "Transfer out" },
  { type: "TRANSFER_IN", slug: "transfer-in", label: "Transfer in" },
  { type: "LOSS_THEFT", slug: "loss", label: "Loss or theft" },
  { type: "DESTROY", slug: "destruction", label: "Destruction" },
  { type: "INVENTORY_COUNT", slug: "count", label: "Inventory count" },
  { type: "REVERSAL", slug: "reversal", label: "Reversal" },
];

/**
 * The entry kind whose form is open: the one a `?record=` word names, else the one a refusal is
 * for (a form posts to the page's URL, so this is only for a request sent without the word), or null.
 */
export function entryChoice(slug: string | null, reply?: Reply): ManualEntryType | null {
  const named = ENTRY_CHOICES.find((c) => c.slug === slug)?.type;
  if (named) return named;
  const refused = reply && !reply.ok ? ENTRY_CHOICES.find((c) => formId(c.type) === reply.formId)?.type : undefined;
  return refused ?? null;
}

/**
 * The lot's entry forms, one at a time: a choice of kinds (links that set `?record=`), and the
 * chosen kind's form. Seven forms at once were a long page to scroll past the ledger, and a
 * quarter of its server time.
 */
export function EntryForms({
  open,
  hrefFor,
  balanceUg,
  reversible,
  reversibleHint,
  reply,
}: {
  /** The kind whose form is shown, if any. */
  open: ManualEntryType | null;
  /** The page's URL with `?record=` for this kind (or without it, for null). */
  hrefFor: (slug: string | null) => string;
  balanceUg: number;
  reversible: { id: string; label: string }[];
  /** Said above the reversal's choices when they are not every entry of the lot (a page of them). */
  reversibleHint?: string;
  reply: Reply;
}) {
  return (
    <>
      <nav className="entry-choices pill-links" aria-label="Kind of entry">
        {ENTRY_CHOICES.map((c) => (
          <Link key={c.type} to={hrefFor(c.slug)} aria-current={open === c.type ? "page" : undefined} preventScrollReset>
            {c.label}
          </Link>
        ))}
        {open ? (
          <Link to={hrefFor(null)} className="entry-choices__close" preventScrollReset>
            Close the form
          </Link>
        ) : null}
      </nav>
      {open === null ? <p className="muted small">Choose the kind of entry to record; its form opens here.</p> : null}
      <div className="ledger-forms">
        {open === "WASTE" ? <WasteForm reply={reply} /> : null}
        {open === "TRANSFER_OUT" || open === "TRANSFER_IN" ? <TransferForm key={open} type={open} reply={reply} /> : null}
        {open === "LOSS_THEFT" ? <LossForm reply={reply} /> : null}
        {open === "DESTROY" ? <DestroyForm reply={reply} /> : null}
        {open === "INVENTORY_COUNT" ? <CountForm balanceUg={balanceUg} reply={reply} /> : null}
        {open === "REVERSAL" ? <ReversalForm reversible={reversible} hint={reversibleHint} reply={reply} /> : null}
      </div>
    </>
  );
}
