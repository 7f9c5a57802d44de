import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AddSessionForm, ScheduleTable } from "~/components/cohort/ScheduleTable";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { sessionEditFormSchema } from "~/forms/scheduling";
import { requireCohortAccess } from "~/models/access.server";
import { applySessionEdit, getSchedule } from "~/models/session.server";
import { activeRoomsOf } from "~/models/site.server";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const meta: MetaFunction = ({ matches }) => {
  const parent = matches.find((m) => m.id === "routes/cohorts.$cohortId")?.data as { cohort?: { name: string } } | undefined;
  return [{ title: `Schedule — ${parent?.cohort?.name ?? "Cohort"} — GroupKAP` }];
};

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "cohort:read");
  const cohort = await requireCohortAccess(user, args.params.cohortId, args.context);
  const [sessions, rooms] = await Promise.all([getSchedule(cohort.id, user), activeRoomsOf(cohort.siteId)]);
  return {
    timeZone: cohort.timeZone,
    sessions,
    rooms,
    canManage: can(user.roles, "cohort:manage") && cohort.status !== "CANCELLED" && cohort.status !== "COMPLETED",
  };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "cohort:manage");
  const cohort = await requireCohortAccess(actor, args.params.cohortId);
  return formAction(args, {
    permission: { actor },
    schema: sessionEditFormSchema,
    run: (edit, { meta }) => applySessionEdit(actor, meta, cohort.id, edit),
    success: (done, edit) => ({
      toast:
        edit.intent === "add"
          ? "Session added."
          : edit.intent === "cancel"
            ? "Session cancelled."
            : `${done.changes} session${done.changes === 1 ? "" : "s"} moved.`,
    }),
  });
}

export default function CohortSchedule() {
  const { sessions, canManage, rooms, timeZone } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <h2>Schedule</h2>
      <p className="muted small">All times are local to the cohort ({timeZone}). Every change is recorded in the audit log.</p>
      <ScheduleTable sessions={sessions} canManage={canManage} rooms={rooms} reply={reply} timeZone={timeZone} />
      {canManage ? <AddSessionForm reply={reply} /> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
