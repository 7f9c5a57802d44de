import { formatInstantDate, formatLocalDate } from "~/domain/scheduling/localTime";
import { occupationLabel, sexLabel } from "~/models/participant.schema";

type Details = {
  code: string;
  dateOfBirth: string;
  sex: string;
  occupation: string;
  email: string | null;
  phone: string | null;
  emergencyContactName: string | null;
  emergencyContactPhone: string | null;
  weightKg: number | null;
  createdAt: string;
};

const or = (v: string | number | null, none = "Not recorded") => (v === null || v === "" ? <span className="muted">{none}</span> : v);

/** Read-only details, contacts and weight (printable). */
export function ParticipantDetails({ participant: p }: { participant: Details }) {
  return (
    <div className="grid-2">
      <section className="card" aria-labelledby="details-h">
        <h2 id="details-h">Details</h2>
        <dl className="facts">
          <dt>Code</dt>
          <dd>
            <code>{p.code}</code>
          </dd>
          <dt>Date of birth</dt>
          <dd>{formatLocalDate(p.dateOfBirth, { weekday: false })}</dd>
          <dt>Sex</dt>
          <dd>{sexLabel(p.sex)}</dd>
          <dt>Occupation</dt>
          <dd>{occupationLabel(p.occupation)}</dd>
          <dt>Weight</dt>
          <dd>{p.weightKg === null ? or(null) : `${p.weightKg} kg`}</dd>
          <dt>Record created</dt>
          <dd>{formatInstantDate(p.createdAt, "UTC")}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="contacts-h">
        <h2 id="contacts-h">Contacts</h2>
        <dl className="facts">
          <dt>Email</dt>
          <dd>{p.email ? <a href={`mailto:${p.email}`}>{p.email}</a> : or(null)}</dd>
          <dt>Phone</dt>
          <dd>{or(p.phone)}</dd>
          <dt>Emergency contact</dt>
          <dd>{or(p.emergencyContactName)}</dd>
          <dt>Emergency phone</dt>
          <dd>{or(p.emergencyContactPhone)}</dd>
        </dl>
      </section>
    </div>
  );
}
