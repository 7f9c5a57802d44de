import type { InputHTMLAttributes, ReactNode } from "react";
import { markup, type HtmlValue, type SafeHtml } from "~/components/ui/html";
import { RowForm, fieldProps, type FieldLike } from "~/components/ui/SchemaForm";
import type { ConsentStanding } from "~/domain/consent";
import { ENROLLMENT_TRANSITIONS, type EnrollmentStatus } from "~/domain/scheduling";
import { enrollmentTransitionForm } from "~/forms/participants";
import type { FormReply } from "~/forms/reply";

type Props = {
  enrollment: {
    id: string;
    version: number;
    status: EnrollmentStatus;
    consentDate: string | null;
    /** The program's e-consent standing when known (null: the program has no consent document; absent: not loaded). */
    consent?: ConsentStanding | null;
  };
  /** Who the buttons act on, read by screen readers after the verb ("Withdraw Dana Dawson"). */
  who: string;
  /** Whether a seat is free in the cohort (decides "Enroll" vs "Add to waitlist" for an eligible person). */
  seatFree: boolean;
  /** The cohort's local date, the latest allowed consent or withdrawal date. */
  today: string;
  /** Waitlisted people take a seat only through the roster's offer (first in line). */
  allowWaitlistEnroll?: boolean;
  reply: FormReply<unknown> | undefined;
  /**
   * The route's form action (useFormAction, read once by the list). The steps are RowForms
   * (plain until a reply answers one), and the list runs useClientNavigation.
   */
  action: string;
};

const SIMPLE: Partial<Record<EnrollmentStatus, string>> = {
  SCREENING: "Start screening",
  ELIGIBLE: "Mark eligible",
  COMPLETED: "Mark completed",
};

/** Step forms are named `step:<enrollment>:<status>`; a refusal of the whole step is shown above the page's lists. */
export const STEP_FORM_PREFIX = "step:";

/** The message of a refused status change (a rule of the life cycle, a stale version), for the top of the page. */
export function stepRefusal(reply: FormReply<unknown> | undefined): string | undefined {
  if (!reply || reply.ok || !(reply.formId === undefined || reply.formId.startsWith(STEP_FORM_PREFIX))) return undefined;
  return reply.result.error?.[""]?.[0];
}

type StepFields = Record<"consentDate" | "reason" | "withdrawnOn", FieldLike>;

/**
 * One status change: the hidden ids, the inputs it needs (with their messages), the button.
 * A roster has several per row: a RowForm (plain until the server's reply answers it).
 */
function StepForm({
  enrollment,
  to,
  reply,
  action,
  className,
  defaultValue,
  children,
}: {
  enrollment: Props["enrollment"];
  to: EnrollmentStatus;
  reply: Props["reply"];
  action: string;
  className?: string;
  defaultValue?: Record<string, string>;
  children: (fields: StepFields) => ReactNode;
}) {
  return (
    <RowForm
      id={`${STEP_FORM_PREFIX}${enrollment.id}:${to}`}
      schema={enrollmentTransitionForm}
      reply={reply}
      action={action}
      defaultValue={defaultValue}
      className={className}
    >
      {(_form, fields) => (
        <>
          <input type="hidden" name="intent" value="transition" />
          <input type="hidden" name="enrollmentId" value={enrollment.id} />
          <input type="hidden" name="version" value={enrollment.version} />
          <input type="hidden" name="to" value={to} />
          {children(fields)}
        </>
      )}
    </RowForm>
  );
}

/** A small labelled input of a step form, with the field's message. */
function StepInput({
  label,
  field,
  fallback,
  ...input
}: { label: string; field: StepFields[keyof StepFields]; fallback?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const { id, name, defaultValue, error } = fieldProps(field, fallback);
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...input}
      />
      {error ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

/** The next steps the domain allows from this status, each with the inputs it needs. */
export function EnrollmentActions({ enrollment, who, seatFree, today, allowWaitlistEnroll = false, reply, action }: Props) {
  const next = ENROLLMENT_TRANSITIONS[enrollment.status];
  if (next.length === 0) return <span className="muted small">Final</span>;
  const sr = <span className="visually-hidden"> {who}</span>;
  const step = { enrollment, reply, action };
  return (
    <div className="enrollment-actions">
      {next.map((to) => {
        if (SIMPLE[to]) {
          return (
            <StepForm key={to} {...step} to={to}>
              {() => (
                <button className="button button--small" type="submit">
                  {SIMPLE[to]}
                  {sr}
                </button>
              )}
            </StepForm>
          );
        }
        if (to === "ENROLLED" || to === "WAITLISTED") {
          if (enrollment.status === "WAITLISTED" && !allowWaitlistEnroll) return null;
          // An eligible person gets whichever of the two the seats allow.
          if (enrollment.status === "ELIGIBLE" && (to === "ENROLLED") !== seatFree) return null;
          return (
            <StepForm key={to} {...step} to={to}>
              {() => (
                <button className="button button--small button--primary" type="submit">
                  {to === "ENROLLED" ? "Enroll" : "Add to waitlist"}
                  {sr}
                </button>
              )}
            </StepForm>
          );
        }
        if (to === "ACTIVE" && enrollment.consent) {
          // E-consent programs: the consent date comes from the countersigned signature, and
          // the step is offered only once there is one (the server checks the same).
          return enrollment.consent === "CONSENTED" ? (
            <StepForm key={to} {...step} to={to}>
              {() => (
                <button className="button button--small button--primary" type="submit">
                  Mark active{sr}
                </button>
              )}
            </StepForm>
          ) : (
            <span key={to} className="small muted">
              Active once consent is signed and countersigned
            </span>
          );
        }
        if (to === "ACTIVE") {
          return (
            <StepForm key={to} {...step} to={to} className="inline-form" defaultValue={{ consentDate: enrollment.consentDate ?? "" }}>
              {(fields) => (
                <>
                  <StepInput key={fields.consentDate.key} label="Consent date" field={fields.consentDate} type="date" max={today} />
                  <button className="button button--small button--primary" type="submit">
                    Mark active{sr}
                  </button>
                </>
              )}
            </StepForm>
          );
        }
        if (to === "INELIGIBLE") {
          return (
            <StepForm key={to} {...step} to={to} className="inline-form">
              {(fields) => (
                <>
                  <StepInput key={fields.reason.key} label="Reason ineligible" field={fields.reason} maxLength={1000} />
                  <button className="button button--small" type="submit">
                    Mark ineligible{sr}
                  </button>
                </>
              )}
            </StepForm>
          );
        }
        if (to === "WITHDRAWN") {
          const failed = reply?.formId === `${STEP_FORM_PREFIX}${enrollment.id}:${to}` && !reply.ok;
          return (
            <details key={to} className="withdraw" open={failed || undefined}>
              <summary>Withdraw…</summary>
              <StepForm {...step} to={to} className="inline-form" defaultValue={{ withdrawnOn: today }}>
                {(fields) => (
                  <>
                    <StepInput key={fields.withdrawnOn.key} label="Withdrawal date" field={fields.withdrawnOn} type="date" max={today} />
                    <StepInput key={fields.reason.key} label="Reason for withdrawal" field={fields.reason} maxLength={1000} />
                    <button className="button button--small button--danger" type="submit">
                      Withdraw{sr}
                    </button>
                  </>
                )}
              </StepForm>
            </details>
          );
        }
        return null;
      })}
    </div>
  );
}

/**
 * EnrollmentActions as markup, for a roster's rows that no reply answers (a reply that answers
 * one of the person's steps makes their cell EnrollmentActions itself, on Conform). The same
 * elements, attributes and text as React renders for them: `EnrollmentActions.test.ts` compares
 * the two for every status.
 */
export function enrollmentActionsHtml({
  enrollment,
  who,
  seatFree,
  today,
  allowWaitlistEnroll = false,
  action,
}: Omit<Props, "reply">): SafeHtml {
  const next = ENROLLMENT_TRANSITIONS[enrollment.status];
  if (next.length === 0) return markup`<span class="muted small">Final</span>`;
  const sr = markup`<span class="visually-hidden"> ${who}</span>`;
  const form = (to: EnrollmentStatus, content: HtmlValue, className?: string) => {
    const id = `${STEP_FORM_PREFIX}${enrollment.id}:${to}`;
    return markup`<form${className ? markup` class="${className}"` : null} id="${id}" method="post" action="${action}" novalidate="" data-client-submit=""><input type="hidden" name="_form" value="${id}"/><input type="hidden" name="intent" value="transition"/><input type="hidden" name="enrollmentId" value="${enrollment.id}"/><input type="hidden" name="version" value="${enrollment.version}"/><input type="hidden" name="to" value="${to}"/>${content}</form>`;
  };
  const input = (to: EnrollmentStatus, name: string, label: string, value: string, attributes: SafeHtml) => {
    const id = `${STEP_FORM_PREFIX}${enrollment.id}:${to}-${name}`;
    return markup`<label for="${id}">${label}</label><input id="${id}" name="${name}" ${attributes} value="${value}"/>`;
  };
  const button = (kind: string, text: string) => markup`<button class="button button--small${kind}" type="submit">${text}${sr}</button>`;
  const steps = next.map((to) => {
    if (SIMPLE[to]) return form(to, button("", SIMPLE[to]));
    if (to === "ENROLLED" || to === "WAITLISTED") {
      if (enrollment.status === "WAITLISTED" && !allowWaitlistEnroll) return null;
      if (enrollment.status === "ELIGIBLE" && (to === "ENROLLED") !== seatFree) return null;
      return form(to, button(" button--primary", to === "ENROLLED" ? "Enroll" : "Add to waitlist"));
    }
    if (to === "ACTIVE" && enrollment.consent) {
      return enrollment.consent === "CONSENTED"
        ? form(to, button(" button--primary", "Mark active"))
        : markup`<span class="small muted">Active once consent is signed and countersigned</span>`;
    }
    if (to === "ACTIVE") {
      return form(
        to,
        markup`${input(to, "consentDate", "Consent date", enrollment.consentDate ?? "", markup`type="date" max="${today}"`)}${button(" button--primary", "Mark active")}`,
        "inline-form",
      );
    }
    if (to === "INELIGIBLE") {
      return form(
        to,
        markup`${input(to, "reason", "Reason ineligible", "", markup`maxLength="1000"`)}${button("", "Mark ineligible")}`,
        "inline-form",
      );
    }
    if (to === "WITHDRAWN") {
      return markup`<details class="withdraw"><summary>Withdraw…</summary>${form(
        to,
        markup`${input(to, "withdrawnOn", "Withdrawal date", today, markup`type="date" max="${today}"`)}${input(to, "reason", "Reason for withdrawal", "", markup`maxLength="1000"`)}${button(" button--danger", "Withdraw")}`,
        "inline-form",
      )}</details>`;
    }
    return null;
  });
  return markup`<div class="enrollment-actions">${steps}</div>`;
}
