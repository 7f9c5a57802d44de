import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FormError } from "~/components/ui/Field";
import { replyFor } from "~/components/ui/SchemaForm";
import { UserForm } from "~/components/UserForm";
import { formatInstantDate } from "~/domain/scheduling/localTime";
import { FORM_ID_FIELD } from "~/forms/reply";
import { userIntents } from "~/forms/users";
import { found } from "~/models/kernel.server";
import { getUserForAdmin, resetPassword, setUserActive, signOutUserEverywhere, updateUser } from "~/models/user.server";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "User"} — Users — GroupKAP` }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "user:manage");
  const user = found(await getUserForAdmin(args.params.userId ?? ""), "User not found");
  return {
    user: {
      ...user,
      createdAt: user.createdAt.toISOString(),
      deactivatedAt: user.deactivatedAt?.toISOString() ?? null,
      updatedAt: undefined,
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const id = args.params.userId ?? "";
  return formAction(args, {
    permission: "user:manage",
    schema: userIntents,
    run: async (input, { actor, meta }) => {
      switch (input.intent) {
        case "save":
          return void (await updateUser(actor, meta, id, input));
        case "deactivate":
        case "reactivate":
          return void (await setUserActive(actor, meta, id, input.intent === "reactivate"));
        case "reset-password":
          return { temporaryPassword: await resetPassword(actor, meta, id) };
        case "revoke-sessions":
          return void (await signOutUserEverywhere(actor, meta, id));
      }
    },
    // The temporary password is shown on this page once, never carried in the toast cookie.
    success: (result, input) => ({ toast: SUCCESS[input.intent], data: result }),
  });
}

const SUCCESS: Record<z.output<typeof userIntents>["intent"], string> = {
  save: "Changes saved.",
  deactivate: "The user is deactivated and signed out everywhere.",
  reactivate: "The user can sign in again.",
  "reset-password": "Password reset. The user is signed out everywhere and must choose a new password at next sign-in.",
  "revoke-sessions": "The user is signed out on every device.",
};

/** The Access buttons share one form id, so a refusal (deactivating yourself) shows above them. */
const ACCESS = "access";

export default function EditUser() {
  const { user } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const temporaryPassword = reply?.ok ? reply.data?.temporaryPassword : undefined;
  const accessError = replyFor(reply, ACCESS)?.result.error?.[""]?.[0];
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
          {user.activeSessions} active session{user.activeSessions === 1 ? "" : "s"} · created {formatInstantDate(user.createdAt, "UTC")}
        </span>
      </p>
      {temporaryPassword ? (
        <div className="callout callout--ok">
          <p>Temporary password (shown once):</p>
          <p className="secret" aria-label="Temporary password">
            <code>{temporaryPassword}</code>
          </p>
        </div>
      ) : null}
      <section className="card" aria-labelledby="details-h">
        <h2 id="details-h">Details and roles</h2>
        <UserForm key={user.version} values={user} reply={reply} submitLabel="Save changes" version={user.version} />
      </section>
      <section className="card" aria-labelledby="access-h">
        <h2 id="access-h">Access</h2>
        <FormError message={accessError} />
        <div className="actions">
          <Form method="post">
            <input type="hidden" name={FORM_ID_FIELD} value={ACCESS} />
            <input type="hidden" name="intent" value="reset-password" />
            <button className="button" type="submit">
              Reset password
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name={FORM_ID_FIELD} value={ACCESS} />
            <input type="hidden" name="intent" value="revoke-sessions" />
            <button className="button" type="submit">
              Sign out everywhere
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name={FORM_ID_FIELD} value={ACCESS} />
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
