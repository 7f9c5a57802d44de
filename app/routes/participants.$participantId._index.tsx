import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { EnrollmentList } from "~/components/participant/EnrollmentList";
import { ParticipantDetails } from "~/components/participant/ParticipantDetails";
import { ParticipantForm } from "~/components/participant/ParticipantForm";
import { SelectField } from "~/components/participant/SelectField";
import { FormError } from "~/components/ui/Field";
import { readerFor, requireParticipantAccess } from "~/models/access.server";
import { ConflictError, FieldError, runEnrollmentIntent, type EnrollmentActionResult } from "~/models/enrollment.server";
import { ParticipantEditSchema } from "~/models/participant.schema";
import { getParticipantOverview, updateParticipant, visibleCohortOptions } from "~/models/participant.server";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { parseForm } from "~/utils/forms";
import { can } from "~/utils/permissions";
import { requestMeta } from "~/utils/request.server";

export const meta: MetaFunction = ({ matches }) => {
  const parent = matches.find((m) => m.id === "routes/participants.$participantId")?.data as { participant?: { name: string } } | undefined;
  return [{ title: `${parent?.participant?.name ?? "Participant"} — Overview — GroupKAP` }];
};

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "participant:read");
  const found = await requireParticipantAccess(viewer, args.params.participantId);
  const overview = await getParticipantOverview(readerFor(args, viewer), found.id);
  const canManage = can(viewer.roles, "participant:manage");
  const taken = new Set(overview.enrollments.map((e) => e.cohort.id));
  const openCohorts = canManage ? (await visibleCohortOptions(viewer, { openOnly: true })).filter((c) => !taken.has(c.id)) : [];
  return { ...overview, canManage, openCohorts: openCohorts.map((c) => ({ value: c.id, label: `${c.name} (starts ${c.startDate})` })) };
}

type ActionResult = EnrollmentActionResult | { kind: "saved" };

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "participant:manage");
  const participant = await requireParticipantAccess(actor, args.params.participantId);
  const meta = requestMeta(args);
  const form = await readForm(args.request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "save") {
    const parsed = parseForm(ParticipantEditSchema, form);
    if (!parsed.ok) return data<ActionResult>({ kind: "errors", errors: parsed.errors, values: parsed.values }, { status: 400 });
    try {
      await updateParticipant(actor, meta, participant.id, parsed.data);
      return data<ActionResult>({ kind: "saved" });
    } catch (e) {
      const values = Object.fromEntries(form) as Record<string, string>;
      if (e instanceof FieldError) return data<ActionResult>({ kind: "errors", errors: { [e.field]: e.message }, values }, { status: 400 });
      if (e instanceof ConflictError) return data<ActionResult>({ kind: "errors", errors: { form: e.message }, values }, { status: 409 });
      throw e;
    }
  }
  const outcome = await runEnrollmentIntent(actor, meta, intent, form, { participantId: participant.id });
  if (!outcome) throw new Response("Unknown intent", { status: 400 });
  return data<ActionResult>(outcome.result, { status: outcome.status });
}

export default function ParticipantOverview() {
  const { participant, enrollments, canManage, openCohorts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const errors = result?.kind === "errors" ? result.errors : {};
  const editing = result?.kind === "errors" && "firstName" in result.values;
  const who = `${participant.firstName} ${participant.lastName}`;
  return (
    <>
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
      {!editing ? <FormError message={errors.form} /> : null}
      <ParticipantDetails participant={participant} />
      <section className="card" aria-labelledby="enrollments-h">
        <h2 id="enrollments-h">Enrollments</h2>
        <EnrollmentList enrollments={enrollments} who={who} canManage={canManage} />
        {canManage && openCohorts.length > 0 ? (
          <Form method="post" className="filters" aria-label="Add to a cohort">
            <input type="hidden" name="intent" value="add" />
            <input type="hidden" name="participantId" value={participant.id} />
            <SelectField label="Add to cohort" name="cohortId" placeholder="Choose a cohort…" options={openCohorts} error={errors.cohortId ?? errors.participantId} />
            <SelectField
              label="As"
              name="mode"
              options={[
                { value: "REFERRED", label: "Referral (screening still to do)" },
                { value: "PLACE", label: "Eligible: seat, or waitlist if full" },
              ]}
            />
            <button className="button" type="submit">
              Add to cohort
            </button>
          </Form>
        ) : null}
      </section>
      {canManage ? (
        <section className="card" aria-labelledby="edit-h">
          <h2 id="edit-h">Edit details</h2>
          <ParticipantForm
            key={participant.version}
            values={editing ? (result.values as Record<string, string>) : participant}
            errors={editing ? errors : {}}
            submitLabel="Save changes"
            version={participant.version}
          />
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
