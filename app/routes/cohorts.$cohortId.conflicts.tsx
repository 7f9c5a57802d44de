import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ConflictItems } from "~/components/cohort/ConflictList";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FormError } from "~/components/ui/Field";
import { requireCohortAccess } from "~/models/access.server";
import { FormErrors, acknowledgeConflict, cohortConflicts } from "~/models/session.server";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { can } from "~/utils/permissions";
import { requestMeta } from "~/utils/request.server";

export const meta: MetaFunction = ({ matches }) => {
  const parent = matches.find((m) => m.id === "routes/cohorts.$cohortId")?.data as { cohort?: { name: string } } | undefined;
  return [{ title: `Conflicts — ${parent?.cohort?.name ?? "Cohort"} — GroupKAP` }];
};

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "cohort:read");
  const cohort = await requireCohortAccess(user, args.params.cohortId);
  return { conflicts: await cohortConflicts(cohort.id, user), canManage: can(user.roles, "cohort:manage") };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "cohort:manage");
  const cohort = await requireCohortAccess(actor, args.params.cohortId);
  const form = await readForm(args.request);
  if (form.get("intent") !== "acknowledge") throw new Response("Unknown intent", { status: 400 });
  try {
    await acknowledgeConflict(actor, requestMeta(args), cohort.id, String(form.get("conflictKey") ?? ""), typeof form.get("note") === "string" ? String(form.get("note")) : null);
    return { ok: true as const, error: undefined };
  } catch (e) {
    if (e instanceof FormErrors) return data({ ok: false as const, error: e.errors.form }, { status: e.status });
    throw e;
  }
}

export default function CohortConflicts() {
  const { conflicts, canManage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const open = conflicts.filter((c) => c.severity === "block" || !c.acknowledged);
  return (
    <>
      <h2>Conflicts</h2>
      <p className="muted small">
        Checked across all cohorts: staff booked twice at the same time, rooms booked twice, sessions without their required staff mix, sessions outside the cohort's dates.
      </p>
      <FormError message={result?.ok === false ? result.error : undefined} />
      {result?.ok ? <div className="callout callout--ok" role="status">Conflict acknowledged.</div> : null}
      {conflicts.length === 0 ? (
        <p className="empty">No conflicts. Everything on this cohort's schedule is staffed and booked without overlaps.</p>
      ) : (
        <>
          <p>{open.length} open, {conflicts.length - open.length} acknowledged.</p>
          <ConflictItems
            conflicts={conflicts}
            action={(c) =>
              canManage && c.severity === "warn" && !c.acknowledged ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="acknowledge" />
                  <input type="hidden" name="conflictKey" value={c.key} />
                  <div className="field">
                    <label htmlFor={`note-${c.key}`}>Note (optional)</label>
                    <input id={`note-${c.key}`} name="note" maxLength={500} />
                  </div>
                  <button className="button button--small" type="submit">Acknowledge</button>
                </Form>
              ) : null
            }
          />
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
