// The participant's signature on a consent version: the document, every required box, and
// their typed full name. Used on the personal page (phone-first) and on a staff device.
import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import type { ConsentBlock } from "~/domain/consent";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import { signConsentSchema } from "~/forms/consent";
import type { FormReply } from "~/forms/reply";
import { ConsentText } from "./ConsentText";

export type SignableDocument = {
  id: string;
  title: string;
  versionLabel: string;
  effectiveDate: string;
  blocks: ConsentBlock[];
  checkboxes: string[];
  contentHash: string;
};

export function SignConsentForm({
  doc,
  reply,
  formId,
  submitLabel = "Sign consent",
}: {
  doc: SignableDocument;
  reply: FormReply<unknown> | undefined;
  formId: string;
  submitLabel?: string;
}) {
  const [form, fields] = useSchemaForm({ id: formId, schema: signConsentSchema, reply, defaultValue: { signedName: "" } });
  const all = fields as unknown as Record<string, { id: string; name: string; errors?: string[]; initialValue?: unknown }>;
  return (
    <SchemaForm form={form} aria-label={`Sign ${doc.title}`}>
      <input type="hidden" name="intent" value="sign" />
      <input type="hidden" name="documentId" value={doc.id} />
      <div className="consent-doc">
        <ConsentText blocks={doc.blocks} headingOffset={2} />
        <p className="small muted">
          Version {doc.versionLabel}, effective {formatLocalDate(doc.effectiveDate)}
        </p>
      </div>
      <FormError message={formMessage(form)} />
      <fieldset className="consent-boxes">
        <legend>Tick each statement to agree</legend>
        {doc.checkboxes.map((label, i) => {
          const f = all[`box${i}`];
          const error = f?.errors?.[0];
          const id = `${formId}-box${i}`;
          return (
            <div key={label} className="checkbox">
              <input
                type="checkbox"
                id={id}
                name={`box${i}`}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
              />
              <label htmlFor={id}>{label}</label>
              {error ? (
                <p id={`${id}-error`} className="field__error" role="alert">
                  {error}
                </p>
              ) : null}
            </div>
          );
        })}
      </fieldset>
      <Field
        key={fields.signedName.key}
        label="Your full name"
        hint="Type your first and last name to sign"
        autoComplete="name"
        {...fieldProps(fields.signedName)}
      />
      <button type="submit" className="button button--primary button--block">
        {submitLabel}
      </button>
    </SchemaForm>
  );
}
