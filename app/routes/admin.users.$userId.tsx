import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { UserForm } from "~/components/UserForm";
import {
  ConflictError,
  FieldError,
  getUserForAdmin,
  resetPassword,
  setUserActive,
  signOutUserEverywhere,
  updateUser,
} from "~/models/user.server";
import { UserEditSchema } from "~/models/user.schema";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { parseForm } from "~/utils/forms";
import { requestMeta } from "~/utils/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.name ?? "User"} — Users — GroupKAP` },
];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "user:manage");
  const user = await getUserForAdmin(args.params.userId ?? "");
  if (!user) throw new Response("User not found", { status: 404 });
  return { user: { ...user, createdAt: user.createdAt.toISOString(), deactivatedAt: user.deactivatedAt?.toISOString() ?? null, updatedAt: undefined } };
}

type ActionResult =
  | { kind: "saved" }
  | { kind: "errors"; errors: Record<string, string>; values: Record<string, unknown> }
  | { kind: "password"; temporaryPassword: string }
  | { kind: "done"; message: string };

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "user:manage");
  const id = args.params.userId ?? "";
  const meta = requestMeta(args);
  const form = await readForm(args.request);
  const intent = form.get("intent");
  try {
    switch (intent) {
      case "save": {
        const parsed = parseForm(UserEditSchema, form);
        if (!parsed.ok) return data<ActionResult>({ kind: "errors", errors: parsed.errors, values: parsed.values }, { status: 400 });
        await updateUser(actor, meta, id, parsed.data);
        return data<ActionResult>({ kind: "saved" });
      }
      case "deactivate":
      case "reactivate":
        await setUserActive(actor, meta, id, intent === "reactivate");
        return data<ActionResult>({ kind: "done", message: intent === "reactivate" ? "The user can sign in again." : "The user is deactivated and signed out everywhere." });
      case "reset-password":
        return data<ActionResult>({ kind: "password", temporaryPassword: await resetPassword(actor, meta, id) });
      case "revoke-sessions":
        await signOutUserEverywhere(actor, meta, id);
        return data<ActionResult>({ kind: "done", message: "The user is signed out on every device." });
      default:
        throw new Response("Unknown intent", { status: 400 });
    }
  } catch (e) {
    const values = Object.fromEntries([...form.entries()].filter(([k]) => k !== "intent"));
    if (e instanceof FieldError) return data<ActionResult>({ kind: "errors", errors: { [e.field]: e.message }, values: { ...values, roles: form.getAll("roles") } }, { status: 400 });
    if (e instanceof ConflictError) return data<ActionResult>({ kind: "errors", errors: { form: e.message }, values: { ...values, roles: form.getAll("roles") } }, { status: 409 });
    throw e;
  }
}

export default function EditUser() {
  const { user } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const edited = result?.kind === "errors" ? (result.values as { name?: string; email?: string; roles?: string[] | string }) : null;
  const values = edited
    ? { name: edited.name, email: edited.email, roles: edited.roles === undefined ? [] : Array.isArray(edited.roles) ? edited.roles : [edited.roles] }
    : user;
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/admin/users">Users</Link> /
      </p>
      <h1>{user.name}</h1>
      <p>
        {user.active ? <span className="badge badge--ok">Active</span> : <span className="badge badge--muted">Deactivated</span>}{" "}
        {user.mustChangePassword ? <span className="badge badge--warn">Must set a new password</span> : null}{" "}
        <span className="muted small">
          {user.activeSessions} active session{user.activeSessions === 1 ? "" : "s"} · created {user.createdAt.slice(0, 10)}
        </span>
      </p>
      {result?.kind === "saved" ? (
        <div className="callout callout--ok" role="status">
          Changes saved.
        </div>
      ) : null}
      {result?.kind === "done" ? (
        <div className="callout callout--ok" role="status">
          {result.message}
        </div>
      ) : null}
      {result?.kind === "password" ? (
        <div className="callout callout--ok" role="status">
          <p>Password reset. The user is signed out everywhere and must choose a new password at next sign-in. Temporary password (shown once):</p>
          <p className="secret" aria-label="Temporary password">
            <code>{result.temporaryPassword}</code>
          </p>
        </div>
      ) : null}
      <section className="card" aria-labelledby="details-h">
        <h2 id="details-h">Details and roles</h2>
        <UserForm
          key={user.version}
          values={values}
          errors={result?.kind === "errors" ? result.errors : {}}
          submitLabel="Save changes"
          version={user.version}
        />
      </section>
      <section className="card" aria-labelledby="access-h">
        <h2 id="access-h">Access</h2>
        <div className="actions">
          <Form method="post">
            <input type="hidden" name="intent" value="reset-password" />
            <button className="button" type="submit">
              Reset password
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="revoke-sessions" />
            <button className="button" type="submit">
              Sign out everywhere
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value={user.active ? "deactivate" : "reactivate"} />
            <button className={`button ${user.active ? "button--danger" : ""}`} type="submit">
              {user.active ? "Deactivate user" : "Reactivate user"}
            </button>
          </Form>
        </div>
        <p className="muted small">
          Users are never deleted: their name stays attached to what they documented. A deactivated user cannot sign in.
        </p>
      </section>
      <p>
        <Link to={`/admin/audit?userId=${user.id}`}>What this user did (audit log)</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
