// `formAction` for pages without sign-in (the participant page): parse with the form's
// schema, run the command, map FieldError / ConflictError onto the same reply. The caller
// has already checked the link (the credential) and the rate limit.
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { z } from "zod";
import { FORM_ID_FIELD, type FormReply } from "~/forms/reply";
import { ConflictError, FieldError } from "~/models/kernel.server";
import { readForm } from "./forms.server";

export async function publicFormAction<S extends z.ZodType, R>(
  request: Request,
  schema: S,
  run: (input: z.output<S>, form: FormData) => Promise<R>,
): Promise<{ ok: true; result: R; reply: FormReply } | { ok: false; response: ReturnType<typeof data<FormReply>> }> {
  const form = await readForm(request);
  const formId = typeof form.get(FORM_ID_FIELD) === "string" ? String(form.get(FORM_ID_FIELD)) : undefined;
  const submission = parseWithZod(form, { schema, disableAutoCoercion: true });
  if (submission.status !== "success")
    return { ok: false, response: data<FormReply>({ formId, result: submission.reply() }, { status: 400 }) };
  try {
    const result = await run(submission.value, form);
    return { ok: true, result, reply: { formId, result: submission.reply({ resetForm: true }), ok: true } };
  } catch (e) {
    if (e instanceof FieldError) {
      const { form: formMessage, ...fields } = e.fields;
      const fieldErrors = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [v]]));
      return {
        ok: false,
        response: data<FormReply>(
          { formId, result: submission.reply({ fieldErrors, formErrors: formMessage ? [formMessage] : [] }) },
          { status: e.status },
        ),
      };
    }
    if (e instanceof ConflictError)
      return { ok: false, response: data<FormReply>({ formId, result: submission.reply({ formErrors: [e.message] }) }, { status: 409 }) };
    throw e;
  }
}
