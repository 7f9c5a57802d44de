// The one way an action handles a form: who may act, parse with the form's schema (the
// same schema the browser ran), call a model command typed on the schema's output, and
// answer. Model refusals (FieldError, ConflictError from ~/models/kernel.server) become
// field or form messages on the reply; thrown Responses (404, 403) pass through; success
// is a toast that survives the redirect (or, without a redirect, the reply plus a toast).
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import type { FormReply } from "~/forms/reply";
import { FORM_ID_FIELD } from "~/forms/reply";
import { ConflictError, FieldError } from "~/models/kernel.server";
import type { RequestMeta } from "./audit.server";
import { requirePermission, type SessionUser } from "./auth.server";
import { readForm } from "./forms.server";
import { forgetNavParts } from "./navCounts.server";
import type { Permission } from "./permissions";
import { requestMeta } from "./request.server";
import { redirectWithToast, toastHeader } from "./toast.server";

export type ActionContext = { actor: SessionUser; meta: RequestMeta; form: FormData; args: ActionFunctionArgs };

/** What a successful command leads to: another page, or this page again with a toast and optional data. */
export type Success<D> = { redirect: string; toast?: string } | { toast?: string; data?: D; keepValues?: boolean };

type Options<S extends z.ZodType, R, D> = {
  /** The permission checked first (403 and an audit row when missing), or an already-checked actor. */
  permission: Permission | { actor: SessionUser };
  schema: S;
  run: (input: z.output<S>, ctx: ActionContext) => Promise<R>;
  success: (result: R, input: z.output<S>) => Success<D>;
};

/** Field names whose values are never echoed back into the page. */
const SECRET = /password/i;

export async function formAction<S extends z.ZodType, R, D = undefined>(args: ActionFunctionArgs, options: Options<S, R, D>) {
  const actor = typeof options.permission === "string" ? await requirePermission(args, options.permission) : options.permission.actor;
  const form = await readForm(args.request);
  const formId = typeof form.get(FORM_ID_FIELD) === "string" ? String(form.get(FORM_ID_FIELD)) : undefined;
  const submission = parseWithZod(form, { schema: options.schema, disableAutoCoercion: true });
  const hideFields = [...new Set(form.keys())].filter((k) => SECRET.test(k));
  const fail = (status: number, fieldErrors: Record<string, string[]>, formErrors: string[], details?: unknown) =>
    data<FormReply<D>>({ formId, result: submission.reply({ fieldErrors, formErrors, hideFields }), details }, { status });

  if (submission.status !== "success") {
    return data<FormReply<D>>({ formId, result: submission.reply({ hideFields }) }, { status: 400 });
  }
  let result: R;
  try {
    result = await options.run(submission.value, { actor, meta: requestMeta(args), form, args });
  } catch (e) {
    if (e instanceof FieldError) {
      const { form: formMessage, ...fields } = e.fields;
      const fieldErrors = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [v]]));
      return fail(e.status, fieldErrors, formMessage ? [formMessage] : [], e.details);
    }
    if (e instanceof ConflictError) return fail(409, {}, [e.message]);
    throw e;
  }
  forgetNavParts(actor.id); // their own change: the next page's Home count is counted afresh
  const next = options.success(result, submission.value);
  if ("redirect" in next) return redirectWithToast(args.request, next.redirect, next.toast ?? "Saved.");
  let headers: HeadersInit | undefined;
  if (next.toast && args.context.documentRequest) args.context.pendingToast = { kind: "success", message: next.toast };
  else if (next.toast) headers = { "Set-Cookie": await toastHeader(args.request, { kind: "success", message: next.toast }) };
  return data<FormReply<D>>(
    { formId, result: submission.reply({ resetForm: !next.keepValues, hideFields }), ok: true, data: next.data },
    { headers },
  );
}
