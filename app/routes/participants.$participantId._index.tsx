import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MoreOpenCohortsHint } from "~/components/cohort/OlderCohortsHint";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { stepRefusal } from "~/components/participant/EnrollmentActions";
import { EnrollmentList } from "~/components/participant/EnrollmentList";
import { ParticipantDetails } from "~/components/participant/ParticipantDetails";
import { ParticipantForm } from "~/components/participant/ParticipantForm";
import { SelectField } from "~/components/participant/SelectField";
import { FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import { addToCohortForm, participantPageIntents } from "~/forms/participants";
import type { FormReply } from "~/forms/reply";
import { readerFor, requireCohortAccess, requireParticipantAccess } from "~/models/access.server";
import { addToCohort, transitionEnrollment } from "~/models/enrollment.server";
import { ADD_MODE_LABEL, addedMessage, transitionMessage } from "~/models/enrollment.shared";
import { notFound } from "~/models/kernel.server";
import { getParticipantOverview, openCohortChoices, updateParticipant } from "~/models/participant.server";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const meta: MetaFunction = ({ matches }) => {
  const parent = matches.find((m) => m.id === "routes/participants.$participantId")?.data as { participant?: { name: string } } | undefined;
  return [{ title: `${parent?.participant?.name ?? "Participant"} — Overview — GroupKAP` }];
};

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "participant:read");
  const found = await requireParticipantAccess(viewer, args.params.participantId, args.context);
  const overview = await getParticipantOverview(readerFor(args, viewer), found.id);
  const canManage = can(viewer.roles, "participant:manage");
  // The open cohorts the person is not in yet.
  const open = canManage ? await openCohortChoices(viewer, { exceptParticipantId: found.id }) : { cohorts: [], more: false };
  return {
    ...overview,
    canManage,
    openCohorts: open.cohorts.map((c) => ({ value: c.id, label: `${c.name} (starts ${formatLocalDate(c.startDate)})` })),
    moreCohorts: open.more,
  };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "participant:manage");
  const participant = await requireParticipantAccess(actor, args.params.participantId);
  return formAction(args, {
    permission: { actor },
    schema: participantPageIntents,
    run: async (input, { meta }) => {
      switch (input.intent) {
        case "save":
          await updateParticipant(actor, meta, participant.id, input);
          return { message: "Changes saved.", offer: null };
        case "transition": {
          const done = await transitionEnrollment(actor, meta, input, { participantId: participant.id });
          return { message: transitionMessage(done), offer: done.offer };
        }
        case "add": {
          if (input.participantId !== participant.id) notFound("Participant not found");
          await requireCohortAccess(actor, input.cohortId);
          return { message: addedMessage(await addToCohort(actor, meta, input)), offer: null };
        }
      }
    },
    success: ({ message, offer }) => ({ toast: message, data: { offer } }),
  });
}

export default function ParticipantOverview() {
  const { participant, enrollments, canManage, openCohorts, moreCohorts } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const who = `${participant.firstName} ${participant.lastName}`;
  return (
    <>
      <FormError message={stepRefusal(reply)} />
      <ParticipantDetails participant={participant} />
      <section className="card" aria-labelledby="enrollments-h">
        <h2 id="enrollments-h">Enrollments</h2>
        <EnrollmentList enrollments={enrollments} who={who} canManage={canManage} reply={reply} />
        {canManage && openCohorts.length > 0 ? (
          <AddToCohort participantId={participant.id} openCohorts={openCohorts} more={moreCohorts} reply={reply} />
        ) : null}
      </section>
      {canManage ? (
        <section className="card" aria-labelledby="edit-h">
          <h2 id="edit-h">Edit details</h2>
          <ParticipantForm
            key={participant.version}
            id="edit-participant"
            reply={reply}
            defaultValue={participant}
            submitLabel="Save changes"
            version={participant.version}
          />
        </section>
      ) : null}
    </>
  );
}

function AddToCohort({
  participantId,
  openCohorts,
  more,
  reply,
}: {
  participantId: string;
  openCohorts: { value: string; label: string }[];
  more: boolean;
  reply: FormReply<unknown> | undefined;
}) {
  const [form, fields] = useSchemaForm({
    id: "add-to-cohort",
    schema: addToCohortForm,
    reply,
    defaultValue: { cohortId: "", mode: "REFERRED" },
  });
  const cohort = fieldProps(fields.cohortId);
  return (
    <SchemaForm form={form} className="filters" aria-label="Add to a cohort">
      <FormError message={formMessage(form)} />
      <input type="hidden" name="intent" value="add" />
      <input type="hidden" name="participantId" value={participantId} />
      <SelectField
        key={fields.cohortId.key}
        label="Add to cohort"
        placeholder="Choose a cohort…"
        options={openCohorts}
        aria-describedby={more ? "add-to-cohort-more" : undefined}
        {...cohort}
        error={cohort.error ?? fields.participantId.errors?.[0]}
      />
      <SelectField
        key={fields.mode.key}
        label="As"
        {...fieldProps(fields.mode)}
        options={[
          { value: "REFERRED", label: ADD_MODE_LABEL.REFERRED },
          { value: "PLACE", label: ADD_MODE_LABEL.PLACE },
        ]}
      />
      <button className="button" type="submit">
        Add to cohort
      </button>
      {more ? (
        <p id="add-to-cohort-more" className="field__hint filters__note">
          <MoreOpenCohortsHint />
        </p>
      ) : null}
    </SchemaForm>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
