import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/ui/Field";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, checkNewPassword } from "~/domain/auth/passwordPolicy";
import { FieldError, changeOwnPassword } from "~/models/user.server";
import { currentSessionId, requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { parseForm } from "~/utils/forms";
import { requestMeta } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Change password — GroupKAP" }];

const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(256, "At most 256 characters."),
    newPassword: z.string().min(1, "Enter a new password."),
    confirmPassword: z.string().min(1, "Repeat the new password."),
  })
  .superRefine((v, ctx) => {
    if (v.newPassword) {
      const check = checkNewPassword(v.newPassword);
      if (!check.ok) ctx.addIssue({ code: "custom", path: ["newPassword"], message: check.message });
    }
    if (v.confirmPassword && v.newPassword !== v.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two new passwords are not the same." });
    }
  });

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { allowPasswordChange: true });
  return { mustChange: user.mustChangePassword };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { allowPasswordChange: true });
  const parsed = parseForm(ChangePasswordSchema, await readForm(args.request));
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  const policy = checkNewPassword(parsed.data.newPassword, { email: user.email, name: user.name });
  if (!policy.ok) return data({ errors: { newPassword: policy.message } as Record<string, string> }, { status: 400 });
  try {
    await changeOwnPassword(user, requestMeta(args), parsed.data, currentSessionId(args.request));
  } catch (e) {
    if (e instanceof FieldError) return data({ errors: { [e.field]: e.message } as Record<string, string> }, { status: 400 });
    throw e;
  }
  return redirect("/account?changed=1");
}

export default function ChangePassword() {
  const { mustChange } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = (actionData?.errors ?? {}) as Record<string, string>;
  return (
    <div className="auth-card">
      <h1>Change your password</h1>
      {mustChange || params.get("required") ? (
        <div className="callout callout--info" role="status">
          You signed in with a temporary password. Choose your own password to continue.
        </div>
      ) : null}
      <FormError message={errors.form} />
      <Form method="post" noValidate>
        <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={errors.currentPassword} required />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A short sentence is easy to remember and hard to guess. Common passwords are refused.`}
          error={errors.newPassword}
          required
        />
        <Field label="Repeat new password" name="confirmPassword" type="password" autoComplete="new-password" error={errors.confirmPassword} required />
        <button className="button button--primary button--block" type="submit">
          Change password
        </button>
      </Form>
      <p className="muted small">Changing your password signs you out on your other devices.</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
