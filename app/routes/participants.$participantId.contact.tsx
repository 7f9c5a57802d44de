// "Contact and messages": how outreach reaches this participant. Everyone who may read the
// record sees it (an audited read); those who may manage participants change it.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import type { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { MessageLog } from "~/components/outreach/MessageLog";
import { ActionButton, ConsentAndOptOuts, ContactForm, PageLinkReveal, when } from "~/components/participant/ContactPanel";
import { FormError } from "~/components/ui/Field";
import { CHANNEL_LABEL, LANGUAGE_LABEL, contactIntents, type Channel, type Language } from "~/forms/outreach";
import { parseMessageLogQuery } from "~/forms/outreach-log";
import { readerFor, requireParticipantAccess } from "~/models/access.server";
import {
  clearFailedAddress,
  createPageLink,
  getContactDetails,
  revokePageLinks,
  setContactConsent,
  setStaffOptOut,
  updateContact,
} from "~/models/outreach/contact.server";
import { listMessages } from "~/models/outreach/messages.server";
import cssUrl from "~/styles/measures.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = ({ matches }) => {
  const parent = matches.find((m) => m.id === "routes/participants.$participantId")?.data as { participant?: { name: string } } | undefined;
  return [{ title: `${parent?.participant?.name ?? "Participant"} — Contact and messages — GroupKAP` }];
};

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "participant:read");
  const found = await requireParticipantAccess(viewer, args.params.participantId, args.context);
  const reader = readerFor(args, viewer);
  const c = await getContactDetails(reader, found.id);
  const canSeeMessages = can(viewer.roles, "outreach:manage");
  const messages = canSeeMessages
    ? await listMessages(
        reader,
        { participantId: found.id },
        parseMessageLogQuery(new URL(args.request.url).searchParams),
        c.timeZone ?? c.cohortTimeZone ?? "UTC",
      )
    : null;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    contact: {
      ...c,
      contactConsentAt: iso(c.contactConsentAt),
      emailOptOutAt: iso(c.emailOptOutAt),
      smsOptOutAt: iso(c.smsOptOutAt),
      emailFailedAt: iso(c.emailFailedAt),
      smsFailedAt: iso(c.smsFailedAt),
      pageLastUsedAt: iso(c.pageLastUsedAt),
    },
    canManage: can(viewer.roles, "participant:manage"),
    messages,
    participantId: found.id,
  };
}

type Intent = z.output<typeof contactIntents>["intent"];
const DONE: Record<Intent, string> = {
  contact: "Contact details saved.",
  consent: "Consent to be contacted updated.",
  "opt-out": "Opt-out updated.",
  "clear-failed": "Failure mark cleared: the address will be tried again.",
  "create-page-link": "Personal page link created.",
  "revoke-page-links": "Personal page links revoked.",
};

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "participant:manage");
  const participant = await requireParticipantAccess(actor, args.params.participantId);
  return formAction(args, {
    permission: { actor },
    schema: contactIntents,
    run: async (input, { meta }) => {
      switch (input.intent) {
        case "contact":
          await updateContact(actor, meta, participant.id, input);
          return null;
        case "consent":
          await setContactConsent(actor, meta, participant.id, input.version, input.consent);
          return null;
        case "opt-out":
          await setStaffOptOut(actor, meta, participant.id, input.version, input.channel, input.optOut);
          return null;
        case "clear-failed":
          await clearFailedAddress(actor, meta, participant.id, input.version, input.channel);
          return null;
        case "revoke-page-links": {
          const n = await revokePageLinks(actor, meta, participant.id);
          return { revoked: n };
        }
        case "create-page-link": {
          const { token, expiresAt } = await createPageLink(actor, meta, participant.id);
          const url = `${new URL(args.request.url).origin}/p/${token}`;
          const qrSvg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
          return { link: { url, qrSvg, expiresAt: expiresAt.toISOString() } };
        }
      }
    },
    // The link is shown on this page once, never carried in the toast cookie.
    success: (result, input) =>
      result && "link" in result
        ? { data: result }
        : {
            toast:
              result && "revoked" in result
                ? `${result.revoked} personal page link${result.revoked === 1 ? "" : "s"} revoked.`
                : DONE[input.intent],
          },
  });
}

export default function ParticipantContact() {
  const { contact: c, canManage, messages, participantId } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const link = reply?.ok && reply.data && "link" in reply.data ? reply.data.link : undefined;
  const buttonError = reply && reply.formId !== "contact" ? reply.result.error?.[""]?.[0] : undefined;
  return (
    <>
      <FormError message={buttonError} />
      <section className="card" aria-labelledby="contact-h">
        <h2 id="contact-h">Contact and messages</h2>
        {canManage ? (
          <ContactForm key={c.version} c={c} reply={reply} />
        ) : (
          <dl className="facts">
            <dt>Email</dt>
            <dd>{c.email ?? "—"}</dd>
            <dt>Mobile phone</dt>
            <dd>{c.phone ?? "—"}</dd>
            <dt>Preferred channel</dt>
            <dd>{CHANNEL_LABEL[c.preferredChannel as Channel] ?? c.preferredChannel}</dd>
            <dt>Language</dt>
            <dd>{LANGUAGE_LABEL[c.language as Language] ?? c.language}</dd>
            <dt>Time zone</dt>
            <dd>{c.timeZone ?? `Cohort's zone${c.cohortTimeZone ? ` (${c.cohortTimeZone})` : ""}`}</dd>
          </dl>
        )}
      </section>
      <section className="card" aria-labelledby="consent-h">
        <h2 id="consent-h" className="visually-hidden">
          Consent and opt-outs
        </h2>
        {canManage ? (
          <ConsentAndOptOuts c={c} />
        ) : (
          <p>
            {c.contactConsentAt ? `Consent to be contacted recorded ${when(c.contactConsentAt)}.` : "No consent to be contacted recorded."}
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="page-links-h">
        <h2 id="page-links-h">Personal page</h2>
        <p className="muted">
          The participant&apos;s own page shows their upcoming sessions, open questionnaires, preparation text and crisis line, and lets
          them change their preferences. {c.activePageLinks} active link{c.activePageLinks === 1 ? "" : "s"}
          {c.pageLastUsedAt ? `, last opened ${when(c.pageLastUsedAt)}` : ""}.
        </p>
        {link ? <PageLinkReveal {...link} /> : null}
        {canManage ? (
          <div className="actions">
            <ActionButton intent="create-page-link" values={{}} label="Create personal page link" />
            {c.activePageLinks ? (
              <ActionButton intent="revoke-page-links" values={{}} label="Revoke all personal page links" secondary />
            ) : null}
          </div>
        ) : null}
      </section>
      {messages ? (
        <section className="card" aria-labelledby="history-h">
          <h2 id="history-h">Message history</h2>
          <MessageLog
            log={messages}
            path={`/participants/${participantId}/contact`}
            caption="Messages to this participant, newest due first"
            showRecipient={false}
            empty={
              c.contactConsentAt
                ? "No messages yet. Invitations and reminders are planned when a questionnaire window or a session is ahead."
                : "No messages: record consent to be contacted first."
            }
          />
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
