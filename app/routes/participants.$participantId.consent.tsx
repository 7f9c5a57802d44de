// A participant's consents: what they signed (with the stored PDFs), the staff countersignature
// (password re-entry), signing on a staff device (the participant types their own name), and
// recording a withdrawal of consent (outreach stops, dosing is refused).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { SignConsentForm } from "~/components/consent/SignConsentForm";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError, TextAreaField } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { signatureStatement } from "~/domain/safety";
import { formatLocalDateTime, instantToLocal, isValidTimeZone } from "~/domain/scheduling";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import { agreedBoxes, countersignSchema, staffConsentIntents, withdrawSchema } from "~/forms/consent";
import type { FormReply } from "~/forms/reply";
import { readerFor, requireParticipantAccess } from "~/models/access.server";
import {
  consentsToSign,
  countersignConsent,
  documentForSigning,
  participantConsents,
  signConsent,
  withdrawConsent,
} from "~/models/consent.server";
import cssUrl from "~/styles/measures.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { dbReady } from "~/utils/db.server";
import { can } from "~/utils/permissions";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = ({ matches }) => {
  const parent = matches.find((m) => m.id === "routes/participants.$participantId")?.data as { participant?: { name: string } } | undefined;
  return [{ title: `${parent?.participant?.name ?? "Participant"} — Consent — GroupKAP` }];
};

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "participant:read");
  const found = await requireParticipantAccess(viewer, args.params.participantId, args.context);
  const consents = await participantConsents(readerFor(args, viewer), found.id);
  const toSign = await consentsToSign(found.id);
  const docs = await Promise.all(toSign.map((t) => documentForSigning(found.id, t.documentId)));
  // Times in the participant's own zone, else their latest cohort's (as the consent PDF shows them).
  const latest = await (
    await dbReady()
  ).enrollment.findFirst({
    where: { participantId: found.id },
    orderBy: { createdAt: "desc" },
    select: { cohort: { select: { timeZone: true } } },
  });
  const zone = [found.timeZone, latest?.cohort.timeZone].find((z): z is string => Boolean(z && isValidTimeZone(z))) ?? "UTC";
  const when = (d: Date | null) => (d ? `${formatLocalDateTime(d, zone)} (${zone})` : null);
  return {
    participantId: found.id,
    canSign: can(viewer.roles, "consent:countersign"),
    today: new Date().toISOString().slice(0, 10),
    consents: consents.map((c) => ({
      ...c,
      signedAt: when(c.signedAt)!,
      countersignedAt: when(c.countersignedAt),
      withdrawnAt: c.withdrawnAt ? instantToLocal(c.withdrawnAt, zone).date : null,
    })),
    toSign: toSign.map((t, i) => ({ ...t, doc: { ...docs[i], signedAt: null } })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "consent:countersign");
  const participant = await requireParticipantAccess(actor, args.params.participantId);
  return formAction(args, {
    permission: { actor },
    schema: staffConsentIntents,
    run: async (input, { meta }) => {
      if (input.intent === "sign")
        return signConsent(participant.id, { via: "STAFF_DEVICE", staff: actor }, meta, {
          documentId: input.documentId,
          signedName: input.signedName,
          agree: agreedBoxes(input),
        });
      if (input.intent === "countersign") return countersignConsent(actor, meta, participant.id, input.consentId, input.password);
      const today = new Date().toISOString().slice(0, 10);
      return withdrawConsent(actor, meta, participant.id, {
        programId: input.programId,
        reason: input.reason,
        withdrawnOn: input.withdrawnOn === today ? new Date() : new Date(`${input.withdrawnOn}T12:00:00Z`),
      });
    },
    success: (_, input) => ({
      toast:
        input.intent === "sign"
          ? "Consent signed. A staff member now countersigns it."
          : input.intent === "countersign"
            ? "Consent countersigned."
            : "Withdrawal of consent recorded: messages stop and no dosing record can be saved.",
    }),
  });
}

type Consent = ReturnType<typeof useLoaderData<typeof loader>>["consents"][number];
type Reply = FormReply<unknown> | undefined;

export default function ParticipantConsentTab() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply;
  const [handover, setHandover] = useState<string | null>(null);
  const withdrawable = [...new Map(d.consents.filter((c) => !c.withdrawnAt).map((c) => [c.programId, c.programName])).entries()];
  return (
    <>
      <section className="card" aria-labelledby="consents-h">
        <h2 id="consents-h">Consent</h2>
        {d.toSign.length ? (
          <div className="callout" role="note">
            <p>
              <strong>Consent needed:</strong>{" "}
              {d.toSign
                .map((t) => `${t.title} version ${t.versionLabel} (${t.programName})${t.reconsent ? " — re-consent needed" : ""}`)
                .join("; ")}
              . The participant can sign on their personal page{d.canSign ? ", or on this device below" : ""}.
            </p>
          </div>
        ) : null}
        {d.consents.length === 0 ? (
          <p className="muted">
            No consent signed yet. Send the participant their personal page link (Contact and messages), or sign on this device.
          </p>
        ) : (
          <ul className="stack" aria-label="Signed consents">
            {d.consents.map((c) => (
              <ConsentItem key={c.id} c={c} participantId={d.participantId} canSign={d.canSign} reply={reply} />
            ))}
          </ul>
        )}
      </section>

      {d.canSign && d.toSign.length ? (
        <section className="card" aria-labelledby="device-h">
          <h2 id="device-h">Sign on this device</h2>
          {d.toSign.map((t) =>
            handover === t.documentId ? (
              <div key={t.documentId}>
                <p className="muted">
                  Hand the device to the participant: they read the text, tick each statement and type their own full name.
                </p>
                <h3>{t.title}</h3>
                <SignConsentForm doc={t.doc} reply={reply} formId={`device-sign-${t.documentId}`} submitLabel="Participant signs consent" />
              </div>
            ) : (
              <p key={t.documentId}>
                <button type="button" className="button" onClick={() => setHandover(t.documentId)}>
                  Hand over to sign: {t.title} version {t.versionLabel}
                </button>
              </p>
            ),
          )}
        </section>
      ) : null}

      {d.canSign && withdrawable.length ? <WithdrawForm programs={withdrawable} today={d.today} reply={reply} /> : null}
    </>
  );
}

function ConsentItem({ c, participantId, canSign, reply }: { c: Consent; participantId: string; canSign: boolean; reply: Reply }) {
  const pdf = `/participants/${participantId}/consent-pdf/${c.id}`;
  return (
    <li>
      <h3>
        {c.title} — version {c.versionLabel}{" "}
        {c.withdrawnAt ? (
          <span className="badge badge--danger">Withdrawn</span>
        ) : c.reconsentNeeded ? (
          <span className="badge badge--warn">Re-consent needed</span>
        ) : c.countersignedAt ? (
          <span className="badge badge--ok">Signed and countersigned</span>
        ) : (
          <span className="badge badge--warn">Awaiting countersignature</span>
        )}
      </h3>
      <dl className="facts">
        <dt>Program</dt>
        <dd>{c.programName}</dd>
        <dt>Signed</dt>
        <dd>
          {c.signedName}, {c.signedAt} ({c.signedVia === "STAFF_DEVICE" ? "on a staff device" : "on their personal page"})
        </dd>
        <dt>Countersigned</dt>
        <dd>{c.countersignedAt ? `${c.countersignedName}, ${c.countersignedAt} — ${c.countersignMeaning}` : "Not yet"}</dd>
        {c.withdrawnAt ? (
          <>
            <dt>Withdrawn</dt>
            <dd>
              {formatLocalDate(c.withdrawnAt)}: {c.withdrawnReason}
              {c.withdrawnBy ? ` (recorded by ${c.withdrawnBy})` : ""}
            </dd>
          </>
        ) : null}
        <dt>Document SHA-256</dt>
        <dd>
          <code className="small hash">{c.contentHash}</code>
        </dd>
      </dl>
      <p>
        <a href={pdf} className="button" download>
          Download {c.countersignedAt ? "countersigned" : "signed"} PDF
        </a>{" "}
        {c.countersignedAt ? (
          <a href={`${pdf}?which=signed`} className="button" download>
            Download PDF as signed by the participant
          </a>
        ) : null}
      </p>
      {canSign && !c.countersignedAt && !c.withdrawnAt ? <CountersignForm consentId={c.id} reply={reply} /> : null}
    </li>
  );
}

function CountersignForm({ consentId, reply }: { consentId: string; reply: Reply }) {
  const [form, fields] = useSchemaForm({ id: `countersign-${consentId}`, schema: countersignSchema, reply });
  return (
    <SchemaForm form={form} aria-label="Countersign consent">
      <input type="hidden" name="intent" value="countersign" />
      <input type="hidden" name="consentId" value={consentId} />
      <FormError message={formMessage(form)} />
      <p className="small">{signatureStatement("CONSENT_COUNTERSIGN")}</p>
      <Field
        key={fields.password.key}
        label="Your password (to countersign)"
        type="password"
        autoComplete="current-password"
        {...fieldProps(fields.password)}
        defaultValue=""
      />
      <button type="submit" className="button button--primary">
        Countersign consent
      </button>
    </SchemaForm>
  );
}

function WithdrawForm({ programs, today, reply }: { programs: [string, string][]; today: string; reply: Reply }) {
  const [form, fields] = useSchemaForm({
    id: "withdraw-consent",
    schema: withdrawSchema,
    reply,
    defaultValue: { programId: programs[0][0], withdrawnOn: today, reason: "" },
  });
  return (
    <section className="card" aria-labelledby="withdraw-h">
      <h2 id="withdraw-h">Record withdrawal of consent</h2>
      <p className="muted">
        Messages to the participant stop at once, and no dosing record can be saved or signed for them in this program.
      </p>
      <SchemaForm form={form} aria-labelledby="withdraw-h">
        <input type="hidden" name="intent" value="withdraw" />
        <FormError message={formMessage(form)} />
        <div className="field">
          <label htmlFor="withdraw-program">Program</label>
          <select id="withdraw-program" name="programId" defaultValue={programs[0][0]}>
            {programs.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <Field key={fields.withdrawnOn.key} label="Date of withdrawal" type="date" max={today} {...fieldProps(fields.withdrawnOn)} />
        <TextAreaField key={fields.reason.key} label="Reason" rows={3} {...fieldProps(fields.reason)} />
        <button type="submit" className="button button--danger">
          Record withdrawal of consent
        </button>
      </SchemaForm>
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
