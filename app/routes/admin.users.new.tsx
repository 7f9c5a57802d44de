import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { UserForm } from "~/components/UserForm";
import { newUserIntents } from "~/forms/users";
import { createUser } from "~/models/user.server";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "New user — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "user:manage");
  return null;
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "user:manage",
    schema: newUserIntents,
    run: (input, { actor, meta }) => createUser(actor, meta, input),
    // The temporary password is shown on this page once, never carried in the toast cookie.
    success: (created, input) => ({
      toast: "User created.",
      data: { id: created.id, email: input.email, temporaryPassword: created.temporaryPassword },
    }),
  });
}

export default function NewUser() {
  const reply = useActionData<typeof action>();
  const created = reply?.ok ? reply.data : undefined;
  if (created) {
    return (
      <div className="narrow">
        <h1>User created</h1>
        <div className="callout callout--ok">
          <p>
            <strong>{created.email}</strong> can sign in with this temporary password and will be asked to choose their own:
          </p>
          <p className="secret" aria-label="Temporary password">
            <code>{created.temporaryPassword}</code>
          </p>
          <p className="small">It is shown only once. Give it to the person over a channel you trust.</p>
        </div>
        <p className="actions">
          <Link className="button" to={`/admin/users/${created.id}`}>
            Open the user
          </Link>
          <Link className="button button--secondary" to="/admin/users">
            Back to users
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/admin/users">Users</Link> /
      </p>
      <h1>New user</h1>
      <UserForm values={{}} reply={reply} submitLabel="Create user" />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
