import { FormProvider, useField } from "@conform-to/react";
import { useActionData, useFetcher } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode } from "react";
import type { z } from "zod";
import { SchemaForm, fieldProps, formMessage, replyFor, useSchemaForm } from "~/components/ui/SchemaForm";
import type { action } from "~/routes/sessions.$sessionId.dosing";

/** Names sent as hidden fields: their messages show above the form, not beside a box. */
const HIDDEN = ["intent", "enrollmentId", "version"];

/**
 * One small form of a dosing card, on the form seam: the browser runs the section's schema
 * (a message on blur, nothing sent while a field is wrong), the server runs it again. It
 * posts through its own fetcher (`id`; no navigation, so the page keeps its scroll position
 * and the other cards keep what was typed); with JavaScript off it posts the page and the
 * reply is read from the action data. Fields inside read their message with `useField`.
 */
export function SectionForm({
  id,
  schema,
  defaultValue,
  intent,
  enrollmentId,
  version,
  disabled,
  submitLabel,
  children,
  submitDisabled,
  className,
  allErrorsAbove,
}: {
  /** Unique on the page: `${intent}:${enrollmentId}`. */
  id: string;
  schema: z.ZodType;
  defaultValue?: Record<string, unknown>;
  intent: string;
  enrollmentId: string;
  version: number;
  disabled: boolean;
  submitLabel: string;
  children: ReactNode;
  submitDisabled?: boolean;
  className?: string;
  /** A form without fields of its own (signing) shows every message above it. */
  allErrorsAbove?: boolean;
}) {
  const fetcher = useFetcher<typeof action>({ key: id });
  const actionData = useActionData<typeof action>();
  const reply = fetcher.data ?? actionData;
  const [form] = useSchemaForm({ id, schema, reply, defaultValue });
  const busy = fetcher.state !== "idle";
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
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="enrollmentId" value={enrollmentId} />
        <input type="hidden" name="version" value={version} />
        <fieldset disabled={disabled} className="plain-fieldset">
          {children}
        </fieldset>
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
        {disabled ? null : (
          <button type="submit" className="button button--small" disabled={busy || submitDisabled}>
            {busy ? "Saving…" : submitLabel}
          </button>
        )}
      </SchemaForm>
    </FormProvider>
  );
}

/** The field's id, name, kept value and message, from the enclosing SectionForm. */
export function useSectionField(name: string, fallback?: string) {
  const [meta] = useField(name);
  return fieldProps(meta, fallback);
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
  const [meta] = useField(name);
  const error = meta.errors?.[0];
  return error ? (
    <p className="field__error" role="alert">
      {error}
    </p>
  ) : null;
}
