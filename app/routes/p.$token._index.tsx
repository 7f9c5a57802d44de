// The participant's personal page, opened from a private link (an invitation, a reminder, or
// a link handed over by staff). No login: the token is the credential, counted against a
// per-link and a per-address limit. It shows this participant's own programme only.
import { data } from "@remix-run/node";
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SelectField } from "~/components/participant/SelectField";
import { CrisisInfo, LinkNotValid } from "~/components/participantPage/PagePieces";
import { FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import { CHANNELS, CHANNEL_LABEL, LANGUAGES, LANGUAGE_LABEL, participantPageIntents } from "~/forms/outreach";
import type { FormReply } from "~/forms/reply";
import { consentsToSign } from "~/models/consent.server";
import { answerSeatOffer, openSeatOffersOf } from "~/models/enrollment.server";
import {
  auditPageView,
  enforcePageRateLimit,
  openPageToken,
  participantPageView,
  setChannelOptOut,
  updatePagePreferences,
} from "~/models/outreach/participantPage.server";
import cssUrl from "~/styles/measures.css";
import pageCss from "~/styles/participant-page.css";
import { publicFormAction } from "~/utils/publicForm.server";
import { requestMeta } from "~/utils/request.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: cssUrl },
  { rel: "stylesheet", href: pageCss },
];
export const meta: MetaFunction = () => [{ title: "Your program page — GroupKAP" }, { name: "robots", content: "noindex, nofollow" }];
export const headers: HeadersFunction = () => ({
  "X-Robots-Tag": "noindex, nofollow",
  "Cache-Control": "no-store",
  "Referrer-Policy": "same-origin",
});

const INVALID = { state: "invalid" as const };

export async function loader(args: LoaderFunctionArgs) {
  const token = args.params.token ?? "";
  const meta = requestMeta(args);
  await enforcePageRateLimit(token, meta.ip);
  const access = await openPageToken(token);
  if (!access) return data(INVALID, { status: 404 });
  await auditPageView(access, meta, "overview");
  return data({
    state: "ok" as const,
    ...(await participantPageView(access.participantId)),
    seatOffers: await openSeatOffersOf(access.participantId),
    consents: await consentsToSign(access.participantId),
  });
}

export async function action(args: ActionFunctionArgs) {
  const token = args.params.token ?? "";
  const meta = requestMeta(args);
  await enforcePageRateLimit(token, meta.ip);
  const access = await openPageToken(token);
  if (!access) return data(INVALID, { status: 404 });
  const res = await publicFormAction(args.request, participantPageIntents, async (input) => {
    if (input.intent === "preferences") {
      await updatePagePreferences(access, meta, input);
      return "Your preferences are saved.";
    }
    if (input.intent === "seat-offer") {
      const done = await answerSeatOffer(access.participantId, input.offerId, input.answer === "accept", meta);
      return done.accepted
        ? `Thank you: your place in ${done.cohortName} is confirmed. Your sessions are listed below.`
        : "Thank you for letting us know: the place goes to the next person waiting.";
    }
    const what = input.channel === "EMAIL" ? "emails" : "text messages";
    await setChannelOptOut(
      access.participantId,
      { actor: null, label: "participant page", meta, tokenId: access.tokenId },
      input.channel,
      input.optOut,
    );
    return input.optOut ? `Done: we will send you no more ${what}.` : `Done: we will send you ${what} again.`;
  });
  if (!res.ok) return res.response;
  return data({ ...res.reply, message: res.result });
}

export default function ParticipantPage() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  if (d.state !== "ok" || (reply && "state" in reply)) return <LinkNotValid />;
  const message = reply && "message" in reply && typeof reply.message === "string" ? reply.message : undefined;
  return (
    <div className="ppage">
      <h1>Hello {d.firstName}</h1>
      <p className="muted">This is your personal page for your group program. Please keep this link to yourself.</p>
      {message ? (
        <div className="callout callout--ok" role="status">
          {message}
        </div>
      ) : null}

      {reply && "result" in reply && reply.formId?.startsWith("offer-") && !d.seatOffers.some((o) => `offer-${o.id}` === reply.formId) ? (
        <FormError message={reply.result.error?.[""]?.[0]} />
      ) : null}
      {d.seatOffers.map((o) => (
        <section key={o.id} className="card ppage__offer-card" aria-labelledby={`offer-${o.id}`}>
          <h2 id={`offer-${o.id}`}>A place is open for you</h2>
          <p>
            A place has opened in <strong>{o.cohortName}</strong>, starting {formatLocalDate(o.startDate)}. Please answer by{" "}
            <strong>{o.until}</strong>; after that, the place is offered to the next person waiting.
          </p>
          <FormError message={reply && "result" in reply && reply.formId === `offer-${o.id}` ? reply.result.error?.[""]?.[0] : undefined} />
          <Form method="post" className="ppage__offer" aria-label={`Answer the offer of a place in ${o.cohortName}`}>
            <input type="hidden" name="intent" value="seat-offer" />
            <input type="hidden" name="_form" value={`offer-${o.id}`} />
            <input type="hidden" name="offerId" value={o.id} />
            <button className="button button--primary button--block" type="submit" name="answer" value="accept">
              Accept my place
            </button>
            <button className="button button--block" type="submit" name="answer" value="decline">
              Decline the place
            </button>
          </Form>
        </section>
      ))}
      {d.consents.length ? (
        <section className="card" aria-labelledby="consent-h">
          <h2 id="consent-h">Consent to sign</h2>
          <ul className="ppage__list">
            {d.consents.map((c) => (
              <li key={c.documentId}>
                <strong>{c.title}</strong>
                <p className="small muted">
                  {c.programName} · version {c.versionLabel}
                  {c.reconsent ? " · the consent has changed since you signed it: please read and sign the new version" : ""}
                </p>
                <Link className="button button--primary button--block" to={`consent/${c.documentId}`}>
                  Read and sign: {c.title}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card" aria-labelledby="q-h">
        <h2 id="q-h">Questionnaires to answer now</h2>
        {d.questionnaires.length === 0 ? (
          <p className="muted">Nothing to answer right now. We will let you know when the next questionnaires open.</p>
        ) : (
          <ul className="ppage__list">
            {d.questionnaires.map((q) => (
              <li key={`${q.enrollmentId}-${q.timepointKey}`}>
                <strong>{q.label}</strong>
                <p className="small muted">
                  {q.count} questionnaire{q.count === 1 ? "" : "s"} · open until {q.closes}
                </p>
                <Link className="button button--primary button--block" to={`q/${q.enrollmentId}/${q.timepointKey}`}>
                  {q.started ? "Continue" : "Start"}: {q.label}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="s-h">
        <h2 id="s-h">Your upcoming sessions</h2>
        {d.sessions.length === 0 ? (
          <p className="muted">No upcoming sessions.</p>
        ) : (
          <ul className="ppage__list" aria-label="Upcoming sessions">
            {d.sessions.map((s) => (
              <li key={s.id}>
                <span className="ppage__when">
                  {s.when}–{s.until}
                </span>
                {s.title} <span className="muted small">({s.kindLabel})</span>
                {s.cancelled ? <span className="badge badge--muted">Cancelled</span> : null}
                {s.place ? <span className="small muted"> · {s.place}</span> : null}
              </li>
            ))}
          </ul>
        )}
        {d.sessions[0] ? <p className="small muted">Times are in {d.sessions[0].timeZone}.</p> : null}
        {d.sessions.length ? (
          <p>
            <Link to="sessions.ics" reloadDocument className="button">
              Add my sessions to my calendar (.ics)
            </Link>
          </p>
        ) : null}
      </section>

      {d.preparation ? (
        <section className="card" aria-labelledby="prep-h">
          <h2 id="prep-h">{d.preparation.dosing ? "Before your dosing session" : "Before your next session"}</h2>
          <p className="small muted">{d.preparation.session}</p>
          <p className="ppage__prep">{d.preparation.text}</p>
        </section>
      ) : null}

      <CrisisInfo crisisLine={d.crisisLine} />

      <section className="card" aria-labelledby="prefs-h">
        <h2 id="prefs-h">How we contact you</h2>
        <Preferences preferredChannel={d.preferredChannel} language={d.language} version={d.version} reply={reply} />
        <h3>Stop messages</h3>
        <OptOut channel="EMAIL" optedOut={d.emailOptedOut} available={d.hasEmail} />
        <OptOut channel="SMS" optedOut={d.smsOptedOut} available={d.hasPhone} />
      </section>
    </div>
  );
}

function Preferences({
  preferredChannel,
  language,
  version,
  reply,
}: {
  preferredChannel: string;
  language: string;
  version: number;
  reply: FormReply | { state: string } | undefined;
}) {
  const [form, fields] = useSchemaForm({
    id: "preferences",
    schema: participantPageIntents,
    reply: reply && "result" in reply ? reply : undefined,
    defaultValue: { preferredChannel, language },
  });
  const busy = useNavigation().state === "submitting";
  return (
    <SchemaForm form={form} key={version} aria-label="Contact preferences">
      <FormError message={formMessage(form)} />
      <input type="hidden" name="intent" value="preferences" />
      <input type="hidden" name="version" value={version} />
      <SelectField
        key={fields.preferredChannel.key}
        label="Send my invitations and reminders by"
        options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABEL[c] }))}
        {...fieldProps(fields.preferredChannel)}
      />
      <SelectField
        key={fields.language.key}
        label="Language of my messages"
        options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_LABEL[l] }))}
        {...fieldProps(fields.language)}
      />
      <button className="button button--primary" type="submit" disabled={busy}>
        Save preferences
      </button>
    </SchemaForm>
  );
}

function OptOut({ channel, optedOut, available }: { channel: "EMAIL" | "SMS"; optedOut: boolean; available: boolean }) {
  const what = channel === "EMAIL" ? "emails" : "text messages";
  if (!available && !optedOut) return null;
  return (
    <Form method="post" className="ppage__optout" aria-label={channel === "EMAIL" ? "Email messages" : "Text messages"}>
      <input type="hidden" name="intent" value="opt-out" />
      <input type="hidden" name="channel" value={channel} />
      <input type="hidden" name="optOut" value={optedOut ? "false" : "true"} />
      <span>{optedOut ? `You get no ${what} from us.` : `You get ${what} from us.`}</span>
      <button type="submit" className={`button ${optedOut ? "" : "button--secondary"}`}>
        {optedOut ? `Send me ${what} again` : `Stop ${what}`}
      </button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
