import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SortableTable } from "~/components/ui/SortableTable";
import { formatUtcDateTime } from "~/domain/scheduling/localTime";
import { listUsers } from "~/models/user.server";
import { requirePermission } from "~/utils/auth.server";
import { ROLES, ROLE_INFO, isRole } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "Users — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "user:manage");
  const url = new URL(args.request.url);
  const q = (url.searchParams.get("q") ?? "").trim().toLowerCase();
  const role = url.searchParams.get("role") ?? "";
  const status = url.searchParams.get("status") ?? "active";
  const users = (await listUsers()).filter(
    (u) =>
      (!q || u.name.toLowerCase().includes(q) || u.email.includes(q)) &&
      (!role || u.roles.includes(role)) &&
      (status === "all" || (status === "active" ? u.active : !u.active)),
  );
  return {
    users: users.map((u) => ({ ...u, lastLoginAt: u.lastLoginAt?.toISOString() ?? null, createdAt: u.createdAt.toISOString() })),
  };
}

type Row = Awaited<ReturnType<typeof loader>>["users"][number];

export default function UsersPage() {
  const { users } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-header">
        <h1>Users</h1>
        <Link className="button button--primary" to="/admin/users/new">
          New user
        </Link>
      </div>
      <Form method="get" className="filters" role="search" aria-label="Filter users">
        <div className="field">
          <label htmlFor="q">Name or email</label>
          <input id="q" name="q" type="search" defaultValue={params.get("q") ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="role">Role</label>
          <select id="role" name="role" defaultValue={params.get("role") ?? ""}>
            <option value="">Any role</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_INFO[r].name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={params.get("status") ?? "active"}>
            <option value="active">Active</option>
            <option value="inactive">Deactivated</option>
            <option value="all">All</option>
          </select>
        </div>
        <button className="button" type="submit">
          Filter
        </button>
      </Form>
      <SortableTable<Row>
        caption="Users"
        rows={users}
        rowKey={(u) => u.id}
        initialSort={{ key: "name", dir: "asc" }}
        empty={
          <p>
            No users match these filters. <Link to="/admin/users">Clear the filters</Link> or{" "}
            <Link to="/admin/users/new">create a user</Link>.
          </p>
        }
        columns={[
          {
            key: "name",
            header: "Name",
            sortValue: (u) => u.name.toLowerCase(),
            render: (u) => <Link to={`/admin/users/${u.id}`}>{u.name}</Link>,
          },
          { key: "email", header: "Email", sortValue: (u) => u.email, render: (u) => u.email },
          {
            key: "roles",
            header: "Roles",
            sortValue: (u) => u.roles.join(","),
            render: (u) =>
              u.roles
                .filter(isRole)
                .map((r) => ROLE_INFO[r].name)
                .join(", "),
          },
          {
            key: "status",
            header: "Status",
            sortValue: (u) => (u.active ? (u.mustChangePassword ? 1 : 0) : 2),
            render: (u) =>
              !u.active ? (
                <span className="badge badge--muted">Deactivated</span>
              ) : u.mustChangePassword ? (
                <span className="badge badge--warn">Must set password</span>
              ) : (
                <span className="badge badge--ok">Active</span>
              ),
          },
          {
            key: "lastLogin",
            header: "Last sign-in (UTC)",
            sortValue: (u) => u.lastLoginAt,
            render: (u) => (u.lastLoginAt ? formatUtcDateTime(u.lastLoginAt) : "Never"),
          },
        ]}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
