import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AddSessionForm, ScheduleTable, type EditFeedback } from "~/components/cohort/ScheduleTable";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { requireCohortAccess } from "~/models/access.server";
import { ConflictsFound, FormErrors, applySessionEdit, getSchedule, sessionEditFromForm } from "~/models/session.server";
import { siteOptions } from "~/models/site.server";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { formValues } from "~/utils/forms";
import { can } from "~/utils/permissions";
import { requestMeta } from "~/utils/request.server";

export const meta: MetaFunction = ({ matches }) => {
  const parent = matches.find((m) => m.id === "routes/cohorts.$cohortId")?.data as { cohort?: { name: string } } | undefined;
  return [{ title: `Schedule — ${parent?.cohort?.name ?? "Cohort"} — GroupKAP` }];
};

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "cohort:read");
  const cohort = await requireCohortAccess(user, args.params.cohortId);
  const [sessions, sites] = await Promise.all([getSchedule(cohort.id, user), siteOptions()]);
  return {
    timeZone: cohort.timeZone,
    sessions,
    rooms: sites.find((s) => s.id === cohort.siteId)?.rooms ?? [],
    canManage: can(user.roles, "cohort:manage") && cohort.status !== "CANCELLED" && cohort.status !== "COMPLETED",
  };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "cohort:manage");
  const cohort = await requireCohortAccess(actor, args.params.cohortId);
  const form = await readForm(args.request);
  const values = formValues(form);
  const intent = String(form.get("intent") ?? "");
  const sessionId = typeof form.get("sessionId") === "string" ? String(form.get("sessionId")) : undefined;
  try {
    const edit = sessionEditFromForm(form);
    const done = await applySessionEdit(actor, requestMeta(args), cohort.id, edit);
    return { ok: true as const, message: `${intent === "add" ? "Session added" : intent === "cancel" ? "Session cancelled" : `${done.changes} session${done.changes === 1 ? "" : "s"} moved`}.` };
  } catch (e) {
    if (e instanceof FormErrors) return data<EditFeedback & { ok: false }>({ ok: false, intent, sessionId, errors: e.errors, values }, { status: e.status });
    if (e instanceof ConflictsFound) {
      return data<EditFeedback & { ok: false }>(
        { ok: false, intent, sessionId, values, errors: e.blocking.length ? { form: "The change was not saved: the room is already booked." } : {}, conflicts: { blocking: e.blocking, warnings: e.needsAcknowledgement } },
        { status: 409 },
      );
    }
    throw e;
  }
}

export default function CohortSchedule() {
  const { sessions, canManage, rooms, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const feedback = result && result.ok === false ? (result as EditFeedback) : undefined;
  return (
    <>
      <h2>Schedule</h2>
      <p className="muted small">All times are local to the cohort ({timeZone}). Every change is recorded in the audit log.</p>
      {result?.ok ? <div className="callout callout--ok" role="status">{result.message}</div> : null}
      <ScheduleTable key={JSON.stringify(result ?? null)} sessions={sessions} canManage={canManage} rooms={rooms} feedback={feedback} timeZone={timeZone} />
      {canManage ? <AddSessionForm key={`add-${JSON.stringify(result ?? null)}`} feedback={feedback} /> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
