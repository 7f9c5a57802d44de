import { Form } from "@remix-run/react";

type Offer = { enrollmentId: string; version: number; label: string; code: string; until: string };

/**
 * A freed seat is offered to the first person waiting, who answers on their personal page
 * (the offer message links to it) or tells the coordinator, who records the answer here.
 * Unanswered by the deadline, the offer passes to the next person.
 */
export function RosterSeatOffers({ offers, today, canManage }: { offers: Offer[]; today: string; canManage: boolean }) {
  if (offers.length === 0) return null;
  return (
    <div className="callout callout--info" role="status">
      {offers.map((o) => (
        <div key={o.enrollmentId} className="seat-offer">
          <strong>
            Seat offered to {o.label}: answer due by {o.until}
          </strong>
          {canManage ? (
            <>
              <Form method="post">
                <input type="hidden" name="intent" value="transition" />
                <input type="hidden" name="enrollmentId" value={o.enrollmentId} />
                <input type="hidden" name="version" value={o.version} />
                <input type="hidden" name="to" value="ENROLLED" />
                <button className="button button--small button--primary" type="submit">
                  {o.label} accepted: enroll
                </button>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="transition" />
                <input type="hidden" name="enrollmentId" value={o.enrollmentId} />
                <input type="hidden" name="version" value={o.version} />
                <input type="hidden" name="to" value="WITHDRAWN" />
                <input type="hidden" name="withdrawnOn" value={today} />
                <input type="hidden" name="reason" value="Declined the offered seat" />
                <button className="button button--small" type="submit">
                  {o.label} declined
                </button>
              </Form>
            </>
          ) : null}
        </div>
      ))}
    </div>
  );
}
