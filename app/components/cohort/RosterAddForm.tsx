import { Link } from "@remix-run/react";
import { SelectField } from "~/components/participant/SelectField";
import { FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { addToCohortForm } from "~/forms/participants";
import type { FormReply } from "~/forms/reply";

/** Add an existing participant to the roster, or create a new one straight into this cohort. */
export function RosterAddForm({
  cohortId,
  candidates,
  freeSeats,
  reply,
}: {
  cohortId: string;
  candidates: { id: string; label: string }[];
  freeSeats: number;
  reply: FormReply<unknown> | undefined;
}) {
  const [form, fields] = useSchemaForm({
    id: "roster-add",
    schema: addToCohortForm,
    reply,
    defaultValue: { participantId: "", mode: "PLACE" },
  });
  return (
    <section className="card" aria-labelledby="add-h">
      <h2 id="add-h">Add a participant</h2>
      <p className="muted small">
        {freeSeats > 0
          ? `${freeSeats} seat${freeSeats === 1 ? "" : "s"} free: an eligible participant takes a seat.`
          : "The cohort is full: an eligible participant joins the end of the waitlist."}
      </p>
      {candidates.length > 0 ? (
        <SchemaForm form={form} className="filters" aria-label="Add an existing participant">
          <FormError message={formMessage(form) ?? fields.cohortId.errors?.[0]} />
          <input type="hidden" name="intent" value="add" />
          <input type="hidden" name="cohortId" value={cohortId} />
          <SelectField
            key={fields.participantId.key}
            label="Existing participant"
            {...fieldProps(fields.participantId)}
            placeholder="Choose…"
            options={candidates.map((c) => ({ value: c.id, label: c.label }))}
          />
          <SelectField
            key={fields.mode.key}
            label="Add as"
            {...fieldProps(fields.mode)}
            options={[
              { value: "PLACE", label: "Eligible: seat, or waitlist if full" },
              { value: "REFERRED", label: "Referral (screening still to do)" },
            ]}
          />
          <button className="button button--primary" type="submit">
            Add to roster
          </button>
        </SchemaForm>
      ) : (
        <p className="muted">Everyone already has a place on this roster.</p>
      )}
      <p>
        <Link to={`/participants/new?cohortId=${cohortId}&returnTo=roster`}>Create a new participant and enroll them here</Link>
      </p>
    </section>
  );
}
