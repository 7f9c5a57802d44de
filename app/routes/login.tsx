import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/ui/Field";
import { getUser, login } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { getEnv } from "~/utils/env.server";
import { parseForm } from "~/utils/forms";
import { safeRedirectPath } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Sign in — GroupKAP" }];

export const LoginSchema = z.object({
  email: z
    .string({ error: "Enter your email address." })
    .trim()
    .min(1, "Enter your email address.")
    .max(254, "An email address has at most 254 characters.")
    .pipe(z.email({ error: "Enter an email address like name@clinic.org." })),
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(256, "A password has at most 256 characters."),
  redirectTo: z.string().optional(),
});

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args);
  const url = new URL(args.request.url);
  if (user) throw redirect(safeRedirectPath(url.searchParams.get("redirectTo")));
  return { inactivityMinutes: getEnv().SESSION_INACTIVITY_MINUTES };
}

export async function action(args: ActionFunctionArgs) {
  const formData = await readForm(args.request);
  const parsed = parseForm(LoginSchema, formData);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, formError: undefined }, { status: 400 });
  const result = await login(args, parsed.data.email, parsed.data.password);
  if (!result.ok) {
    return data(
      { errors: {} as Record<string, string>, values: { email: parsed.data.email }, formError: result.message },
      { status: 401 },
    );
  }
  const to = result.user.mustChangePassword ? "/account/password?required=1" : safeRedirectPath(parsed.data.redirectTo);
  return redirect(to, { headers: { "Set-Cookie": result.cookie } });
}

export default function LoginPage() {
  const { inactivityMinutes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const reason = params.get("reason");
  const values = (actionData?.values ?? {}) as Record<string, string>;
  const formRef = useRef<HTMLFormElement>(null);
  // After a refused attempt the password is cleared and focused for the next try.
  useEffect(() => {
    if (!actionData?.formError) return;
    const input = formRef.current?.elements.namedItem("password");
    if (input instanceof HTMLInputElement) {
      input.value = "";
      input.focus();
    }
  }, [actionData]);
  return (
    <div className="auth-card">
      <h1>Sign in to GroupKAP</h1>
      {reason === "expired" ? (
        <div className="callout callout--info" role="status">
          You were signed out after {inactivityMinutes} minutes without activity, or your session ended. Sign in
          again to continue.
        </div>
      ) : null}
      <FormError message={actionData?.formError} />
      <Form method="post" noValidate ref={formRef}>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          maxLength={254}
          defaultValue={values.email}
          error={actionData?.errors?.email}
          autoFocus
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={256}
          error={actionData?.errors?.password}
        />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </Form>
      <p className="muted small">
        Forgot your password? Ask an administrator of your program to reset it. Participants do not sign in:
        they receive a private questionnaire link.
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
