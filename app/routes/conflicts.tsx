import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ConflictItems } from "~/components/cohort/ConflictList";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { staffOptions } from "~/models/cohort.server";
import { personConflictsFor } from "~/models/session.server";
import { requirePermission } from "~/utils/auth.server";
import { seesAllCohorts } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "Conflicts by person — GroupKAP" }];

/** Conflicts of one person (?user=ID). Staff who see only their cohorts see only their own. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "cohort:read");
  const url = new URL(args.request.url);
  const all = seesAllCohorts(user.roles);
  const { person, conflicts } = await personConflictsFor(user, all ? url.searchParams.get("user") || user.id : user.id);
  const staff = all ? await staffOptions() : null;
  const people = staff ? [...new Map([...staff.facilitators, ...staff.clinicians].map((p) => [p.id, p])).values()] : [];
  return { person, conflicts, people };
}

export default function PersonConflicts() {
  const { person, conflicts, people } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Conflicts for {person.name}</h1>
      {people.length ? (
        <Form method="get" className="filters">
          <div className="field">
            <label htmlFor="user">Person</label>
            <select id="user" name="user" defaultValue={person.id}>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <button className="button" type="submit">
            Show
          </button>
        </Form>
      ) : null}
      {conflicts.length === 0 ? (
        <p className="empty">No conflicts in {person.name}'s sessions from the last 30 days onward.</p>
      ) : (
        <ConflictItems conflicts={conflicts} />
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
