// Forms born in the seam: the browser runs the same zod schema as the server (Conform),
// shows a field's message on blur and before sending, and falls back to the server's
// reply when JavaScript is off. Use with `formAction` on the server.
import { getFormProps, useForm, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, type FormProps } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { FORM_ID_FIELD, type FormReply } from "~/forms/reply";

type Shape = Record<string, unknown>;

/**
 * Conform's `useForm` with our conventions: validate with `schema` in the browser
 * (first on blur, then on every input), read the server's reply only when it answers
 * this form (`id`), and never let the browser's own constraint popups hide our messages.
 */
export function useSchemaForm<S extends z.ZodType>({
  id,
  schema,
  reply,
  defaultValue,
}: {
  id: string;
  schema: S;
  reply: FormReply<unknown> | undefined | null;
  defaultValue?: Record<string, unknown>;
}) {
  const lastResult = reply && reply.formId === id ? reply.result : undefined;
  return useForm<z.input<S> & Shape, z.output<S> & Shape, string[]>({
    id,
    lastResult,
    defaultValue: defaultValue as never,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema, disableAutoCoercion: true }) as never,
  });
}

/** The reply's extra data when it answers this form (FieldError.details, success data). */
export function replyFor<D>(reply: FormReply<D> | undefined | null, id: string): FormReply<D> | undefined {
  return reply && reply.formId === id ? reply : undefined;
}

/** A Remix <Form> wired to a Conform form: id, validation hooks, and the hidden form-id field. */
export function SchemaForm<T extends Shape>({
  form,
  children,
  method = "post",
  ...rest
}: { form: FormMetadata<T, string[]>; children: ReactNode } & Omit<FormProps, "id" | "onSubmit" | "noValidate">) {
  return (
    // noValidate even before hydration: the server judges every submission anyway, and
    // native popups would hide our messages (and block the no-JavaScript path).
    <Form method={method} {...getFormProps(form)} noValidate {...rest}>
      <input type="hidden" name={FORM_ID_FIELD} value={form.id} />
      {children}
    </Form>
  );
}

/** Props for our <Field>/<select>/<textarea> wrappers from a Conform field: id, name, value kept on error, message. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any field of any form
export function fieldProps(meta: FieldMetadata<any, any, string[]>, fallback?: string) {
  const initial = meta.initialValue;
  return {
    id: meta.id,
    name: meta.name,
    defaultValue: typeof initial === "string" ? initial : (fallback ?? ""),
    error: meta.errors?.[0],
  };
}

/** The form-level message (FieldError "form", ConflictError). */
export function formMessage<T extends Shape>(form: FormMetadata<T, string[]>): string | undefined {
  return form.errors?.[0];
}
