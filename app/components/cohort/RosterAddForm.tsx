import { Form, Link, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { SelectField } from "~/components/participant/SelectField";
import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { addToCohortForm } from "~/forms/participants";
import type { FormReply } from "~/forms/reply";
import { ADD_MODE_LABEL } from "~/models/enrollment.shared";

/** How long typing pauses before the search runs (with JavaScript). */
const SEARCH_DELAY_MS = 250;

/**
 * Add an existing participant to the roster, or create a new one straight into this cohort.
 * The existing participant is found by a search (a GET of this page with `q`, so it works
 * without JavaScript; with it, the search runs as one types): the page never lists everyone.
 */
export function RosterAddForm({
  cohortId,
  q,
  candidates,
  more,
  freeSeats,
  reply,
}: {
  cohortId: string;
  q: string;
  candidates: { id: string; label: string }[];
  more: boolean;
  freeSeats: number;
  reply: FormReply<unknown> | undefined;
}) {
  const [form, fields] = useSchemaForm({
    id: "roster-add",
    schema: addToCohortForm,
    reply,
    defaultValue: { participantId: "", mode: "PLACE" },
  });
  const submit = useSubmit();
  const navigation = useNavigation();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const searching = navigation.state === "loading" && navigation.location?.search.includes("q=");
  const search = q.trim();
  return (
    <section className="card" aria-labelledby="add-h">
      <h2 id="add-h">Add a participant</h2>
      <p className="muted small">
        {freeSeats > 0
          ? `${freeSeats} seat${freeSeats === 1 ? "" : "s"} free: an eligible participant takes a seat.`
          : "The cohort is full: an eligible participant joins the end of the waitlist."}
      </p>
      <Form method="get" role="search" className="filters" aria-label="Participant search" preventScrollReset>
        <Field
          label="Find a participant"
          name="q"
          type="search"
          hint="Name or participant code"
          defaultValue={q}
          maxLength={100}
          autoComplete="off"
          onChange={(e) => {
            const target = e.currentTarget.form;
            clearTimeout(timer.current);
            timer.current = setTimeout(() => submit(target, { replace: true, preventScrollReset: true }), SEARCH_DELAY_MS);
          }}
        />
        <button className="button" type="submit">
          Search
        </button>
      </Form>
      <p className="muted small" role="status" aria-live="polite">
        {searching
          ? "Searching…"
          : !search
            ? "Type a name or code to find someone to add."
            : !candidates.length
              ? `No one matching “${search}” can be added: they are already on this roster, or nobody has that name or code.`
              : more
                ? `${candidates.length} shown; refine the search to find someone else.`
                : `${candidates.length} match${candidates.length === 1 ? "" : "es"}.`}
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
              { value: "PLACE", label: ADD_MODE_LABEL.PLACE },
              { value: "REFERRED", label: ADD_MODE_LABEL.REFERRED },
            ]}
          />
          <button className="button button--primary" type="submit">
            Add to roster
          </button>
        </SchemaForm>
      ) : null}
      <p>
        <Link to={`/participants/new?cohortId=${cohortId}&returnTo=roster`}>Create a new participant and enroll them here</Link>
      </p>
    </section>
  );
}
