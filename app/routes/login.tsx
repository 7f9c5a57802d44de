import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage } from "~/components/ui/SchemaForm";
import type { FormReply } from "~/forms/reply";
import { loginFields } from "~/forms/users";
import { getUser, login } from "~/utils/auth.server";
import { getEnv } from "~/utils/env.server";
import { readForm } from "~/utils/forms.server";
import { safeRedirectPath } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Sign in — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args);
  const url = new URL(args.request.url);
  if (user) throw redirect(safeRedirectPath(url.searchParams.get("redirectTo")));
  return { inactivityMinutes: getEnv().SESSION_INACTIVITY_MINUTES };
}

// Sign-in has no actor yet, so it parses with Conform like `formAction` does and answers
// with the same reply; the password is never echoed back.
export async function action(args: ActionFunctionArgs) {
  const formData = await readForm(args.request);
  const submission = parseWithZod(formData, { schema: loginFields, disableAutoCoercion: true });
  const hideFields = ["password"];
  if (submission.status !== "success") return data<FormReply>({ formId: FORM, result: submission.reply({ hideFields }) }, { status: 400 });
  const result = await login(args, submission.value.email, submission.value.password);
  if (!result.ok)
    return data<FormReply>({ formId: FORM, result: submission.reply({ formErrors: [result.message], hideFields }) }, { status: 401 });
  const to = result.user.mustChangePassword ? "/account/password?required=1" : safeRedirectPath(submission.value.redirectTo);
  return redirect(to, { headers: { "Set-Cookie": result.cookie } });
}

const FORM = "login";

export default function LoginPage() {
  const { inactivityMinutes } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  // useSchemaForm's conventions, except that sign-in is judged on submit, not on blur: the
  // email box has focus on arrival, and a message appearing as it loses focus to a click on
  // "Sign in" moves the button from under the pointer, so the click would be lost.
  const [form, fields] = useForm({
    id: FORM,
    lastResult: reply?.result,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginFields, disableAutoCoercion: true }),
  });
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const reason = params.get("reason");
  const refused = formMessage(form);
  // After a refused attempt the password is cleared and focused for the next try.
  useEffect(() => {
    if (!reply?.result.error?.[""]?.length) return;
    // (SchemaForm takes no ref; the form element carries the form's id.)
    const element = document.getElementById(form.id);
    const input = element instanceof HTMLFormElement ? element.elements.namedItem("password") : null;
    if (input instanceof HTMLInputElement) {
      input.value = "";
      input.focus();
    }
  }, [reply, form.id]);
  return (
    <div className="auth-card">
      <h1>Sign in to GroupKAP</h1>
      {reason === "expired" ? (
        <div className="callout callout--info" role="status">
          You were signed out after {inactivityMinutes} minutes without activity, or your session ended. Sign in again to continue.
        </div>
      ) : null}
      <FormError message={refused} />
      <SchemaForm form={form}>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field
          key={fields.email.key}
          label="Email"
          type="email"
          autoComplete="username"
          required
          maxLength={254}
          {...fieldProps(fields.email)}
        />
        <Field
          key={fields.password.key}
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={256}
          {...fieldProps(fields.password)}
        />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </SchemaForm>
      <p className="muted small">
        Forgot your password? Ask an administrator of your program to reset it. Participants do not sign in: they receive a private
        questionnaire link.
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
