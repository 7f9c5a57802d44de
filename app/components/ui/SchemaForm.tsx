// Forms born in the seam: the browser runs the same zod schema as the server (Conform),
// shows a field's message on blur and before sending, and falls back to the server's
// reply when JavaScript is off. Use with `formAction` on the server.
import { getFormProps, useForm, type FormMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, type FormProps } from "@remix-run/react";
import { useState, type FormHTMLAttributes, type MouseEvent, type ReactNode, type SyntheticEvent } from "react";
import type { z } from "zod";
import { FORM_ID_FIELD, type FormReply } from "~/forms/reply";
import { CLIENT_SUBMIT } from "./clientNavigation";

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
    onValidate: ({ form, formData }) => withUnreadableDates(form, parseWithZod(formData, { schema, disableAutoCoercion: true })) as never,
  });
}

/** What to say next to a date, date-time or time box the browser could not read. */
export const UNREADABLE_INPUT_MESSAGES: Readonly<Record<string, string>> = {
  date: "Enter a complete, real date: this one is unfinished or does not exist (such as 31 February).",
  "datetime-local": "Enter a complete, real date and time: this one is unfinished or does not exist (such as 31 February).",
  time: "Enter a complete time (hours and minutes).",
  month: "Enter a complete month and year.",
  week: "Enter a complete week and year.",
};

/**
 * A native date box holding something it cannot read (31 February, a half-typed date)
 * sends "" — the schema would then say "is required". Put the honest message on each
 * such box instead, so the form is not sent and Conform focuses the first of them.
 */
function withUnreadableDates<Sub extends { status?: string; error?: Record<string, unknown> | null; reply: (o?: never) => unknown }>(
  form: HTMLFormElement,
  submission: Sub,
): Sub {
  const bad: Record<string, string[]> = {};
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement) || !el.name || el.disabled) continue;
    const message = UNREADABLE_INPUT_MESSAGES[el.type];
    if (message && el.validity.badInput && !bad[el.name]) bad[el.name] = [message];
  }
  if (Object.keys(bad).length === 0) return submission;
  const reply = submission.reply as (options?: { fieldErrors?: Record<string, string[]> }) => unknown;
  return {
    ...submission,
    status: submission.status === "success" ? "error" : submission.status,
    error: { ...(submission.error ?? {}), ...bad },
    reply: (options?: { fieldErrors?: Record<string, string[]> }) =>
      reply({ ...options, fieldErrors: { ...(options?.fieldErrors ?? {}), ...bad } }),
  };
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

/**
 * A small form of a long table (one or more per row) on the seam. Until the server's reply
 * answers it, it is a plain form with SchemaForm's markup (form id, hidden form-id field,
 * Conform's field ids `form-name`) and none of Conform's state and hooks, which for a table of
 * a hundred forms cost more than the rest of the page's render. It posts through the table's
 * delegated listener (useClientNavigation), so the route's action answers it as before; the
 * server judges every value, and once its reply names this form it renders on Conform: the
 * messages beside the fields, what was typed kept, validation in the browser from then on.
 * `action` is the route's form action (useFormAction, read once per table), so that the
 * no-JavaScript post reaches the same route. The price: before that first reply the browser
 * checks nothing, so use it only where the server's answer is the check that matters (the
 * roster's status steps: their rules are the enrollment life cycle's). A form whose fields the
 * browser should flag before sending, but that sits in a closed panel until the user opens it
 * (the schedule's move, shift and cancel forms), passes `active` once its panel is opened: it
 * renders on Conform from then on, before anything can be typed in it.
 */
export function RowForm<S extends z.ZodType>({
  id,
  schema,
  reply,
  defaultValue,
  action,
  active = false,
  children,
  ...rest
}: {
  id: string;
  schema: S;
  reply: FormReply<unknown> | undefined | null;
  defaultValue?: Record<string, unknown>;
  action: string;
  /** On Conform now, answered or not (its panel was opened: the browser checks what is typed). */
  active?: boolean;
  children: (form: FormLike, fields: { [K in keyof z.input<S>]-?: FieldLike }) => ReactNode;
} & Omit<FormHTMLAttributes<HTMLFormElement>, "id" | "action" | "method" | "children" | "defaultValue">) {
  if (active || (reply && reply.formId === id)) {
    return (
      <ConformRowForm {...rest} id={id} schema={schema} reply={reply} defaultValue={defaultValue}>
        {children}
      </ConformRowForm>
    );
  }
  const fields = new Proxy({} as { [K in keyof z.input<S>]-?: FieldLike }, {
    get: (_target, name) => (typeof name === "string" ? plainField(id, name, defaultValue) : undefined),
  });
  return (
    <form {...rest} id={id} method="post" action={action} noValidate {...CLIENT_SUBMIT}>
      <input type="hidden" name={FORM_ID_FIELD} value={id} />
      {children({ id, errors: undefined }, fields)}
    </form>
  );
}

/**
 * For a closed `<details>` panel whose RowForms go on Conform once it is opened (their
 * `active`): whether it was opened, and the handlers that say so. A click in the panel (its
 * summary, by mouse or keyboard) marks it at once: React renders a click's update before the
 * browser opens the panel, so the forms are on Conform before anything in them can take the
 * focus. The panel's `toggle` event comes later (a quick focus could reach the plain form's box
 * just before it was replaced); it still marks a panel opened otherwise.
 */
export function usePanelOpened(): [
  boolean,
  { onClick: (e: MouseEvent<HTMLDetailsElement>) => void; onToggle: (e: SyntheticEvent<HTMLDetailsElement>) => void },
] {
  const [opened, setOpened] = useState(false);
  return [opened, { onClick: () => setOpened(true), onToggle: (e) => e.currentTarget.open && setOpened(true) }];
}

/** A row form the reply answers, or an active one, on Conform. */
function ConformRowForm<S extends z.ZodType>({
  id,
  schema,
  reply,
  defaultValue,
  children,
  ...rest
}: Omit<Parameters<typeof RowForm<S>>[0], "action" | "active">) {
  const [form, fields] = useSchemaForm({ id, schema, reply, defaultValue });
  return (
    <SchemaForm form={form} {...(rest as Omit<FormProps, "id" | "onSubmit" | "noValidate">)}>
      {children(form, fields as unknown as { [K in keyof z.input<S>]-?: FieldLike })}
    </SchemaForm>
  );
}

/** What a row form's children read of the form: its id and form-level messages. */
export type FormLike = { id: string; errors?: string[] | undefined };

/** What fieldProps reads of a field: Conform's metadata, or plainField's. */
export type FieldLike = { id: string; name: string; initialValue?: unknown; errors?: string[] | undefined; key?: string | undefined };

/** A default value as Conform serializes it for a field: text as is, true "on", numbers as text. */
function serialized(value: unknown): unknown {
  if (typeof value === "boolean") return value ? "on" : null;
  if (typeof value === "number" || typeof value === "bigint") return value.toString();
  return value;
}

/**
 * A field of a form rendered without Conform (a plain row form, a dosing card's form on the
 * server): Conform's id (`form-name`), its starting value as Conform reads it (names may be
 * paths: `answer.key`), no message.
 */
export function plainField(formId: string, name: string, defaultValue?: Record<string, unknown>): FieldLike {
  let value: unknown = defaultValue;
  for (const key of name.split(".")) value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return { id: `${formId}-${name}`, name, initialValue: serialized(value), errors: undefined, key: undefined };
}

/** Props for our <Field>/<select>/<textarea> wrappers from a Conform field: id, name, value kept on error, message. */
export function fieldProps(meta: FieldLike, fallback?: string) {
  const initial = meta.initialValue;
  return {
    id: meta.id,
    name: meta.name,
    defaultValue: typeof initial === "string" ? initial : (fallback ?? ""),
    error: meta.errors?.[0],
  };
}

/** The form-level message (FieldError "form", ConflictError). */
export function formMessage(form: FormLike): string | undefined {
  return form.errors?.[0];
}
