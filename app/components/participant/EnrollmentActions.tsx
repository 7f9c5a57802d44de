import { Form } from "@remix-run/react";
import { useId } from "react";
import { ENROLLMENT_TRANSITIONS, type EnrollmentStatus } from "~/domain/scheduling";

type Props = {
  enrollment: { id: string; version: number; status: EnrollmentStatus; consentDate: string | null };
  /** Who the buttons act on, read by screen readers after the verb ("Withdraw Dana Dawson"). */
  who: string;
  /** Whether a seat is free in the cohort (decides "Enroll" vs "Add to waitlist" for an eligible person). */
  seatFree: boolean;
  /** The cohort's local date, the latest allowed consent or withdrawal date. */
  today: string;
  /** Waitlisted people take a seat only through the roster's offer (first in line). */
  allowWaitlistEnroll?: boolean;
};

const SIMPLE: Partial<Record<EnrollmentStatus, string>> = {
  SCREENING: "Start screening",
  ELIGIBLE: "Mark eligible",
  COMPLETED: "Mark completed",
};

function Hidden({ enrollment, to }: { enrollment: Props["enrollment"]; to: EnrollmentStatus }) {
  return (
    <>
      <input type="hidden" name="intent" value="transition" />
      <input type="hidden" name="enrollmentId" value={enrollment.id} />
      <input type="hidden" name="version" value={enrollment.version} />
      <input type="hidden" name="to" value={to} />
    </>
  );
}

/** The next steps the domain allows from this status, each with the inputs it needs. */
export function EnrollmentActions({ enrollment, who, seatFree, today, allowWaitlistEnroll = false }: Props) {
  const uid = useId();
  const next = ENROLLMENT_TRANSITIONS[enrollment.status];
  if (next.length === 0) return <span className="muted small">Final</span>;
  const sr = <span className="visually-hidden"> {who}</span>;
  return (
    <div className="enrollment-actions">
      {next.map((to) => {
        if (SIMPLE[to]) {
          return (
            <Form method="post" key={to}>
              <Hidden enrollment={enrollment} to={to} />
              <button className="button button--small" type="submit">
                {SIMPLE[to]}
                {sr}
              </button>
            </Form>
          );
        }
        if (to === "ENROLLED" || to === "WAITLISTED") {
          if (enrollment.status === "WAITLISTED" && !allowWaitlistEnroll) return null;
          // An eligible person gets whichever of the two the seats allow.
          if (enrollment.status === "ELIGIBLE" && (to === "ENROLLED") !== seatFree) return null;
          return (
            <Form method="post" key={to}>
              <Hidden enrollment={enrollment} to={to} />
              <button className="button button--small button--primary" type="submit">
                {to === "ENROLLED" ? "Enroll" : "Add to waitlist"}
                {sr}
              </button>
            </Form>
          );
        }
        if (to === "ACTIVE") {
          return (
            <Form method="post" key={to} className="inline-form">
              <Hidden enrollment={enrollment} to={to} />
              <label htmlFor={`${uid}-consent`}>Consent date</label>
              <input id={`${uid}-consent`} name="consentDate" type="date" max={today} defaultValue={enrollment.consentDate ?? ""} />
              <button className="button button--small button--primary" type="submit">
                Mark active{sr}
              </button>
            </Form>
          );
        }
        if (to === "INELIGIBLE") {
          return (
            <Form method="post" key={to} className="inline-form">
              <Hidden enrollment={enrollment} to={to} />
              <label htmlFor={`${uid}-inel`}>Reason ineligible</label>
              <input id={`${uid}-inel`} name="reason" maxLength={1000} />
              <button className="button button--small" type="submit">
                Mark ineligible{sr}
              </button>
            </Form>
          );
        }
        if (to === "WITHDRAWN") {
          return (
            <details key={to} className="withdraw">
              <summary>Withdraw…</summary>
              <Form method="post" className="inline-form">
                <Hidden enrollment={enrollment} to={to} />
                <label htmlFor={`${uid}-wd`}>Withdrawal date</label>
                <input id={`${uid}-wd`} name="withdrawnOn" type="date" max={today} defaultValue={today} />
                <label htmlFor={`${uid}-wr`}>Reason for withdrawal</label>
                <input id={`${uid}-wr`} name="reason" maxLength={1000} />
                <button className="button button--small button--danger" type="submit">
                  Withdraw{sr}
                </button>
              </Form>
            </details>
          );
        }
        return null;
      })}
    </div>
  );
}
