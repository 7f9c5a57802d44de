import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ConflictItems, type ConflictView } from "~/components/cohort/ConflictList";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FormError, Field } from "~/components/ui/Field";
import { SchemaForm, fieldProps, useSchemaForm } from "~/components/ui/SchemaForm";
import type { FormReply } from "~/forms/reply";
import { acknowledgeConflictFormSchema } from "~/forms/scheduling";
import { requireCohortAccess } from "~/models/access.server";
import { acknowledgeConflict, cohortConflicts } from "~/models/session.server";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const meta: MetaFunction = ({ matches }) => {
  const parent = matches.find((m) => m.id === "routes/cohorts.$cohortId")?.data as { cohort?: { name: string } } | undefined;
  return [{ title: `Conflicts — ${parent?.cohort?.name ?? "Cohort"} — GroupKAP` }];
};

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "cohort:read");
  const cohort = await requireCohortAccess(user, args.params.cohortId, args.context);
  return { conflicts: await cohortConflicts(cohort.id, user), canManage: can(user.roles, "cohort:manage") };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "cohort:manage");
  const cohort = await requireCohortAccess(actor, args.params.cohortId);
  return formAction(args, {
    permission: { actor },
    schema: acknowledgeConflictFormSchema,
    run: (input, { meta }) => acknowledgeConflict(actor, meta, cohort.id, input.conflictKey, input.note),
    success: () => ({ toast: "Conflict acknowledged." }),
  });
}

function AcknowledgeForm({ conflict, reply }: { conflict: ConflictView; reply: FormReply<unknown> | undefined }) {
  const [form, fields] = useSchemaForm({ id: `acknowledge:${conflict.key}`, schema: acknowledgeConflictFormSchema, reply });
  return (
    <SchemaForm form={form} className="inline-form">
      <input type="hidden" name="intent" value="acknowledge" />
      <input type="hidden" name="conflictKey" value={conflict.key} />
      <Field key={fields.note.key} label="Note (optional)" {...fieldProps(fields.note)} maxLength={500} />
      <button className="button button--small" type="submit">
        Acknowledge
      </button>
    </SchemaForm>
  );
}

export default function CohortConflicts() {
  const { conflicts, canManage } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const open = conflicts.filter((c) => c.severity === "block" || !c.acknowledged);
  return (
    <>
      <h2>Conflicts</h2>
      <p className="muted small">
        Checked across all cohorts: staff booked twice at the same time, rooms booked twice, sessions without their required staff mix,
        sessions outside the cohort's dates.
      </p>
      {/* Above the list: the conflict a refusal is about may have left it (the schedule changed). */}
      <FormError message={reply && !reply.ok ? reply.result.error?.[""]?.[0] : undefined} />
      {conflicts.length === 0 ? (
        <p className="empty">No conflicts. Everything on this cohort's schedule is staffed and booked without overlaps.</p>
      ) : (
        <>
          <p>
            {open.length} open, {conflicts.length - open.length} acknowledged.
          </p>
          <ConflictItems
            conflicts={conflicts}
            action={(c) => (canManage && c.severity === "warn" && !c.acknowledged ? <AcknowledgeForm conflict={c} reply={reply} /> : null)}
          />
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
