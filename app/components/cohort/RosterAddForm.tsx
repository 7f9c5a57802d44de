import { Form, Link } from "@remix-run/react";
import { SelectField } from "~/components/participant/SelectField";

/** Add an existing participant to the roster, or create a new one straight into this cohort. */
export function RosterAddForm({
  cohortId,
  candidates,
  freeSeats,
  errors,
}: {
  cohortId: string;
  candidates: { id: string; label: string }[];
  freeSeats: number;
  errors: Record<string, string>;
}) {
  return (
    <section className="card" aria-labelledby="add-h">
      <h2 id="add-h">Add a participant</h2>
      <p className="muted small">
        {freeSeats > 0
          ? `${freeSeats} seat${freeSeats === 1 ? "" : "s"} free: an eligible participant takes a seat.`
          : "The cohort is full: an eligible participant joins the end of the waitlist."}
      </p>
      {candidates.length > 0 ? (
        <Form method="post" className="filters" aria-label="Add an existing participant">
          <input type="hidden" name="intent" value="add" />
          <input type="hidden" name="cohortId" value={cohortId} />
          <SelectField
            label="Existing participant"
            name="participantId"
            placeholder="Choose…"
            options={candidates.map((c) => ({ value: c.id, label: c.label }))}
            error={errors.participantId}
          />
          <SelectField
            label="Add as"
            name="mode"
            options={[
              { value: "PLACE", label: "Eligible: seat, or waitlist if full" },
              { value: "REFERRED", label: "Referral (screening still to do)" },
            ]}
          />
          <button className="button button--primary" type="submit">
            Add to roster
          </button>
        </Form>
      ) : (
        <p className="muted">Everyone already has a place on this roster.</p>
      )}
      <p>
        <Link to={`/participants/new?cohortId=${cohortId}&returnTo=roster`}>Create a new participant and enroll them here</Link>
      </p>
    </section>
  );
}
