// The staff "Contact and messages" tab: contact details and preferences (one form), and
// small one-button forms for consent, opt-outs, failure marks and personal page links.
import { Form } from "@remix-run/react";
import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { formatUtcDateTime } from "~/domain/scheduling/localTime";
import { CHANNELS, CHANNEL_LABEL, LANGUAGES, LANGUAGE_LABEL, contactIntents, type OptOutChannel } from "~/forms/outreach";
import type { FormReply } from "~/forms/reply";
import { SelectField } from "./SelectField";

export type ContactView = {
  id: string;
  version: number;
  email: string | null;
  phone: string | null;
  preferredChannel: string;
  language: string;
  timeZone: string | null;
  cohortTimeZone: string | null;
  contactConsentAt: string | null;
  contactConsentBy: string | null;
  emailOptOutAt: string | null;
  smsOptOutAt: string | null;
  emailFailedAt: string | null;
  emailFailedReason: string | null;
  smsFailedAt: string | null;
  smsFailedReason: string | null;
  activePageLinks: number;
  pageLastUsedAt: string | null;
};
type Reply = FormReply<unknown> | undefined;

export const when = (iso: string) => formatUtcDateTime(iso);

export function ContactForm({ c, reply }: { c: ContactView; reply: Reply }) {
  const [form, fields] = useSchemaForm({
    id: "contact",
    schema: contactIntents,
    reply,
    defaultValue: {
      email: c.email ?? "",
      phone: c.phone ?? "",
      preferredChannel: c.preferredChannel,
      language: c.language,
      timeZone: c.timeZone ?? "",
    },
  });
  return (
    <SchemaForm form={form} className="stack" aria-label="Contact details">
      <FormError message={formMessage(form)} />
      <input type="hidden" name="intent" value="contact" />
      <input type="hidden" name="version" value={c.version} />
      <Field key={fields.email.key} label="Email" type="email" autoComplete="off" {...fieldProps(fields.email)} />
      <Field
        key={fields.phone.key}
        label="Mobile phone"
        type="tel"
        autoComplete="off"
        hint="International format, with + and the country code, e.g. +1 555 010 0123."
        {...fieldProps(fields.phone)}
      />
      <SelectField
        key={fields.preferredChannel.key}
        label="Preferred channel"
        options={CHANNELS.map((v) => ({ value: v, label: CHANNEL_LABEL[v] }))}
        {...fieldProps(fields.preferredChannel)}
      />
      <SelectField
        key={fields.language.key}
        label="Language of messages"
        options={LANGUAGES.map((v) => ({ value: v, label: LANGUAGE_LABEL[v] }))}
        {...fieldProps(fields.language)}
      />
      <Field
        key={fields.timeZone.key}
        label="Time zone"
        autoComplete="off"
        hint={`IANA name, e.g. America/Denver. Leave empty to use the cohort's zone${c.cohortTimeZone ? ` (${c.cohortTimeZone})` : ""}.`}
        {...fieldProps(fields.timeZone)}
      />
      <button className="button button--primary" type="submit">
        Save contact details
      </button>
    </SchemaForm>
  );
}

/** A one-button form posting `intent` with hidden values. */
export function ActionButton({
  intent,
  values,
  label,
  secondary,
}: {
  intent: string;
  values: Record<string, string | number>;
  label: string;
  secondary?: boolean;
}) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(values).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button type="submit" className={`button button--small${secondary ? " button--secondary" : ""}`}>
        {label}
      </button>
    </Form>
  );
}

export function ConsentAndOptOuts({ c }: { c: ContactView }) {
  const channel = (ch: OptOutChannel) => {
    const what = ch === "EMAIL" ? "email" : "text messages";
    const optedOut = ch === "EMAIL" ? c.emailOptOutAt : c.smsOptOutAt;
    const failedAt = ch === "EMAIL" ? c.emailFailedAt : c.smsFailedAt;
    const reason = ch === "EMAIL" ? c.emailFailedReason : c.smsFailedReason;
    const address = ch === "EMAIL" ? "email address" : "mobile number";
    return (
      <li key={ch}>
        <p>
          <strong>{ch === "EMAIL" ? "Email" : "Text messages"}:</strong>{" "}
          {optedOut ? (
            <span className="badge badge--warn">Opted out {when(optedOut)}</span>
          ) : (
            <span className="badge badge--ok">Allowed</span>
          )}
          {failedAt ? (
            <>
              {" "}
              <span className="badge badge--danger">
                The {address} failed {when(failedAt)}
                {reason ? `: ${reason}` : ""}
              </span>
            </>
          ) : null}
        </p>
        <div className="actions">
          <ActionButton
            intent="opt-out"
            values={{ version: c.version, channel: ch, optOut: optedOut ? "false" : "true" }}
            label={optedOut ? `Clear ${what} opt-out` : `Opt out of ${what}`}
            secondary={!optedOut}
          />
          {failedAt ? (
            <ActionButton intent="clear-failed" values={{ version: c.version, channel: ch }} label={`Clear the ${address} failure mark`} />
          ) : null}
        </div>
      </li>
    );
  };
  return (
    <>
      <h3>Consent to be contacted</h3>
      <p>
        {c.contactConsentAt ? (
          <>
            Recorded {when(c.contactConsentAt)}
            {c.contactConsentBy ? ` by ${c.contactConsentBy}` : ""}.
          </>
        ) : (
          "Not recorded: no invitations or reminders are sent."
        )}
      </p>
      <ActionButton
        intent="consent"
        values={{ version: c.version, consent: c.contactConsentAt ? "false" : "true" }}
        label={c.contactConsentAt ? "Withdraw consent to be contacted" : "Record consent to be contacted"}
        secondary={!!c.contactConsentAt}
      />
      <h3>Opt-outs and delivery</h3>
      <ul className="stack link-list">{(["EMAIL", "SMS"] as const).map(channel)}</ul>
    </>
  );
}

/** The new personal page link, shown once, with a copy button and a QR code for handing over on paper. */
export function PageLinkReveal({ url, qrSvg, expiresAt }: { url: string; qrSvg: string; expiresAt: string }) {
  return (
    <div className="callout callout--ok link-reveal-box" role="status">
      <p>Personal page link created. It is shown only this once; give it to the participant privately. It expires {when(expiresAt)}.</p>
      <p className="secret link-reveal">
        <code aria-label="Personal page link">{url}</code>
      </p>
      <p>
        <button
          type="button"
          className="button button--small"
          onClick={(e) => {
            const button = e.currentTarget;
            void navigator.clipboard?.writeText(url).then(() => {
              button.textContent = "Copied";
            });
          }}
        >
          Copy link
        </button>
      </p>
      <figure className="qr-code">
        {/* The SVG is generated on the server from our own URL by the qrcode library. */}
        <div role="img" aria-label="QR code of the personal page link" dangerouslySetInnerHTML={{ __html: qrSvg }} />
      </figure>
    </div>
  );
}
