import { FormProvider, useField } from "@conform-to/react";
import { Form, useActionData, useFetcher } from "@remix-run/react";
import { createContext, useContext, type InputHTMLAttributes, type ReactNode } from "react";
import type { z } from "zod";
import { SchemaForm, fieldProps, formMessage, plainField, replyFor, useSchemaForm, type FieldLike } from "~/components/ui/SchemaForm";
import { FORM_ID_FIELD } from "~/forms/reply";
import type { action } from "~/routes/sessions.$sessionId.dosing";

/** Names sent as hidden fields: their messages show above the form, not beside a box. */
const HIDDEN = ["intent", "enrollmentId", "version"];

type SectionFormProps = {
  /** Unique on the page: `${intent}:${enrollmentId}`. */
  id: string;
  schema: z.ZodType;
  defaultValue?: Record<string, unknown>;
  intent: string;
  enrollmentId: string;
  version: number;
  submitLabel: string;
  children: ReactNode;
  submitDisabled?: boolean;
  className?: string;
  /** A form without fields of its own (signing) shows every message above it. */
  allErrorsAbove?: boolean;
};

/**
 * A form rendered on the server before any reply names it: the markup Conform makes for it
 * there (its form and field ids, the starting values, no message), without Conform's state,
 * which for a dosing card's half-dozen forms cost more than the rest of the board's render.
 * Its fields read their ids and values through useSectionMeta. In the browser every form is on
 * Conform from the first render (hydration included), with the same markup.
 */
const PlainSection = createContext<{ id: string; defaultValue?: Record<string, unknown> } | null>(null);

/**
 * One small form of a dosing card, on the form seam: the browser runs the section's schema
 * (a message on blur, nothing sent while a field is wrong), the server runs it again. It
 * posts through its own fetcher (`id`; no navigation, so the page keeps its scroll position
 * and the other cards keep what was typed); with JavaScript off it posts the page and the
 * reply is read from the action data. Fields inside read their metadata with `useSectionMeta`.
 */
export function SectionForm(props: SectionFormProps) {
  const fetcher = useFetcher<typeof action>({ key: props.id });
  const actionData = useActionData<typeof action>();
  const reply = fetcher.data ?? actionData;
  // The server renders each page once: the same hooks run for a component however it renders there.
  if (typeof document === "undefined" && !replyFor(reply, props.id)) return <PlainSectionForm {...props} />;
  return <ConformSectionForm {...props} reply={reply} busy={fetcher.state !== "idle"} />;
}

function PlainSectionForm(props: SectionFormProps) {
  const { id, defaultValue, className } = props;
  return (
    <PlainSection.Provider value={{ id, defaultValue }}>
      <Form method="post" id={id} noValidate navigate={false} fetcherKey={id} className={className}>
        <input type="hidden" name={FORM_ID_FIELD} value={id} />
        <SectionBody {...props} />
        <SectionSubmit {...props} busy={false} />
      </Form>
    </PlainSection.Provider>
  );
}

/** The hidden fields and the fields of a section's form, either way. */
function SectionBody({ intent, enrollmentId, version, children }: SectionFormProps) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="enrollmentId" value={enrollmentId} />
      <input type="hidden" name="version" value={version} />
      {children}
    </>
  );
}

/** The submit button of a section's form, either way. (A card that cannot be edited has no forms.) */
function SectionSubmit({ submitDisabled, submitLabel, busy }: SectionFormProps & { busy: boolean }) {
  return (
    <button type="submit" className="button button--small" disabled={busy || submitDisabled}>
      {busy ? "Saving…" : submitLabel}
    </button>
  );
}

function ConformSectionForm(props: SectionFormProps & { reply: ReturnType<typeof useActionData<typeof action>>; busy: boolean }) {
  const { id, schema, defaultValue, className, allErrorsAbove, reply, busy } = props;
  const [form] = useSchemaForm({ id, schema, reply, defaultValue });
  const mine = busy ? undefined : replyFor(reply, id);
  const missing = (mine?.details as { missing?: string[] } | undefined)?.missing;
  const messages = [
    formMessage(form),
    ...Object.entries(form.allErrors)
      .filter(([name]) => allErrorsAbove || HIDDEN.includes(name))
      .flatMap(([, errors]) => errors),
  ].filter((m, i, all): m is string => !!m && all.indexOf(m) === i);
  return (
    <FormProvider context={form.context}>
      <SchemaForm form={form} navigate={false} fetcherKey={id} className={className}>
        <SectionBody {...props} />
        {messages.length || missing?.length ? (
          <div className="callout callout--error" role="alert">
            {messages.map((m) => (
              <p key={m}>{m}</p>
            ))}
            {missing?.length ? (
              <ul className="missing-list">
                {missing.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {/* The toast (role="status") announces it; this line shows which card it was. */}
        {mine?.ok && mine.data?.message ? <p className="callout callout--ok small">{mine.data.message}</p> : null}
        <SectionSubmit {...props} />
      </SchemaForm>
    </FormProvider>
  );
}

/** What a section's field reads of its metadata (Conform's, or a plain form's): its value too. */
export type SectionMeta = FieldLike & { value?: unknown };

/**
 * A field's metadata from the enclosing SectionForm: Conform's (useField), or in a plain form
 * (on the server) plainField's, its value being its starting value.
 */
export function useSectionMeta(name: string): SectionMeta {
  const plain = useContext(PlainSection);
  if (plain) {
    const field = plainField(plain.id, name, plain.defaultValue);
    return { ...field, value: field.initialValue };
  }
  // Whether a form is plain is decided once per server render and never in the browser, so a
  // component calls the same hooks on every render it gets.
  // eslint-disable-next-line react-hooks/rules-of-hooks
  const [meta] = useField<string>(name);
  return meta;
}

/** The field's id, name, kept value and message, from the enclosing SectionForm. */
export function useSectionField(name: string, fallback?: string) {
  return fieldProps(useSectionMeta(name), fallback);
}

/** A labelled input whose message comes from the enclosing SectionForm. */
export function SectionField({
  label,
  name,
  defaultValue,
  ...input
}: { label: string; name: string; defaultValue?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id" | "defaultValue">) {
  const { error, ...field } = useSectionField(name, defaultValue);
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={field.id}>{label}</label>
      <input aria-invalid={error ? true : undefined} aria-describedby={error ? `${field.id}-error` : undefined} {...field} {...input} />
      {error ? (
        <p id={`${field.id}-error`} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The message of a field that is not a single box (a group of radios). */
export function SectionError({ name }: { name: string }) {
  const meta = useSectionMeta(name);
  const error = meta.errors?.[0];
  return error ? (
    <p className="field__error" role="alert">
      {error}
    </p>
  ) : null;
}
