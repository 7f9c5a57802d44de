import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, checkNewPassword } from "~/domain/auth/passwordPolicy";
import { changePasswordFields } from "~/forms/users";
import { FieldError } from "~/models/kernel.server";
import { changeOwnPassword } from "~/models/user.server";
import { formAction } from "~/utils/action.server";
import { currentSessionId, requireUser } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Change password — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { allowPasswordChange: true });
  return { mustChange: user.mustChangePassword };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { allowPasswordChange: true });
  return formAction(args, {
    permission: { actor: user },
    schema: changePasswordFields,
    run: async (input, { meta }) => {
      // The policy again, now knowing whose password it is (not their email or name).
      const policy = checkNewPassword(input.newPassword, { email: user.email, name: user.name });
      if (!policy.ok) throw new FieldError("newPassword", policy.message);
      await changeOwnPassword(user, meta, input, currentSessionId(args.request));
    },
    success: () => ({ redirect: "/account?changed=1", toast: "Your password is changed. Your other devices are signed out." }),
  });
}

export default function ChangePassword() {
  const { mustChange } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm({ id: "password", schema: changePasswordFields, reply: useActionData<typeof action>() });
  const [params] = useSearchParams();
  return (
    <div className="auth-card">
      <h1>Change your password</h1>
      {mustChange || params.get("required") ? (
        <div className="callout callout--info" role="status">
          You signed in with a temporary password. Choose your own password to continue.
        </div>
      ) : null}
      <FormError message={formMessage(form)} />
      <SchemaForm form={form}>
        <Field
          key={fields.currentPassword.key}
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          {...fieldProps(fields.currentPassword)}
        />
        <Field
          key={fields.newPassword.key}
          label="New password"
          type="password"
          autoComplete="new-password"
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A short sentence is easy to remember and hard to guess. Common passwords are refused.`}
          required
          {...fieldProps(fields.newPassword)}
        />
        <Field
          key={fields.confirmPassword.key}
          label="Repeat new password"
          type="password"
          autoComplete="new-password"
          required
          {...fieldProps(fields.confirmPassword)}
        />
        <button className="button button--primary button--block" type="submit">
          Change password
        </button>
      </SchemaForm>
      <p className="muted small">Changing your password signs you out on your other devices.</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
