import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { UserForm } from "~/components/UserForm";
import { FieldError, createUser } from "~/models/user.server";
import { UserSchema } from "~/models/user.schema";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { parseForm } from "~/utils/forms";
import { requestMeta } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "New user — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "user:manage");
  return null;
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "user:manage");
  const form = await readForm(args.request);
  if (form.get("intent") !== "save") throw new Response("Unknown intent", { status: 400 });
  const parsed = parseForm(UserSchema, form);
  if (!parsed.ok) return data({ ok: false as const, errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const created = await createUser(actor, requestMeta(args), parsed.data);
    return { ok: true as const, id: created.id, email: parsed.data.email, temporaryPassword: created.temporaryPassword };
  } catch (e) {
    if (e instanceof FieldError) {
      return data({ ok: false as const, errors: { [e.field]: e.message }, values: parsed.data as Record<string, unknown> }, { status: 400 });
    }
    throw e;
  }
}

export default function NewUser() {
  const result = useActionData<typeof action>();
  if (result?.ok) {
    return (
      <div className="narrow">
        <h1>User created</h1>
        <div className="callout callout--ok" role="status">
          <p>
            <strong>{result.email}</strong> can sign in with this temporary password and will be asked to choose
            their own:
          </p>
          <p className="secret" aria-label="Temporary password">
            <code>{result.temporaryPassword}</code>
          </p>
          <p className="small">It is shown only once. Give it to the person over a channel you trust.</p>
        </div>
        <p className="actions">
          <Link className="button" to={`/admin/users/${result.id}`}>
            Open the user
          </Link>
          <Link className="button button--secondary" to="/admin/users">
            Back to users
          </Link>
        </p>
      </div>
    );
  }
  const values = (result?.values ?? {}) as { name?: string; email?: string; roles?: string[] | string };
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/admin/users">Users</Link> /
      </p>
      <h1>New user</h1>
      <UserForm
        values={{ ...values, roles: values.roles === undefined ? [] : Array.isArray(values.roles) ? values.roles : [values.roles] }}
        errors={(result?.errors ?? {}) as Record<string, string>}
        submitLabel="Create user"
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
