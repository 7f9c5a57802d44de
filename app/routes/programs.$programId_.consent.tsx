// A program's consent document: its versions (immutable; a new version is a new row and the
// newest is current), publishing a new one, and who still needs to sign the current one.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConsentText } from "~/components/consent/ConsentText";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError, TextAreaField } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import { consentDocumentIntents } from "~/forms/consent";
import type { FormReply } from "~/forms/reply";
import { readerFor } from "~/models/access.server";
import { consentTasks, listConsentDocuments, publishConsentDocument } from "~/models/consent.server";
import { found } from "~/models/kernel.server";
import { getProgram } from "~/models/program.server";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Consent — ${data?.program.name ?? "Program"} — GroupKAP` }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "consent:manage");
  const program = found(await getProgram(args.params.programId ?? ""), "Program not found");
  const versions = await listConsentDocuments(program.id);
  const tasks = can(viewer.roles, "participant:read") ? await consentTasks(readerFor(args, viewer), program.id) : [];
  const today = new Date().toISOString().slice(0, 10);
  return {
    program: { id: program.id, name: program.name },
    today,
    versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
    tasks,
  };
}

export async function action(args: ActionFunctionArgs) {
  const programId = args.params.programId ?? "";
  return formAction(args, {
    permission: "consent:manage",
    schema: consentDocumentIntents,
    run: (input, { actor, meta }) => publishConsentDocument(actor, meta, programId, input),
    success: (r, input) => ({
      toast: `Consent version ${input.versionLabel} published.${r.reconsentNeeded ? ` ${r.reconsentNeeded} participant consent${r.reconsentNeeded === 1 ? " needs" : "s need"} re-consent.` : ""}`,
    }),
  });
}

export default function ProgramConsent() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply<unknown> | undefined;
  const latest = d.versions[0];
  const [form, fields] = useSchemaForm({
    id: "consent-version",
    schema: consentDocumentIntents,
    reply,
    defaultValue: {
      title: latest?.title ?? "Consent to take part",
      versionLabel: "",
      effectiveDate: d.today,
      body: latest?.body ?? "",
      checkboxes: latest?.checkboxes.join("\n") ?? "I consent to take part in this program",
    },
  });
  return (
    <>
      <p className="breadcrumb">
        <Link to="/programs">Programs</Link> / <Link to={`/programs/${d.program.id}`}>{d.program.name}</Link> /
      </p>
      <h1>Consent</h1>
      <p className="muted">
        Participants read and sign the current version on their personal page (or on a staff device from their record); a staff member
        countersigns with their password. Once a program has a consent document, an enrollment can become active only with a signed and
        countersigned consent to the current version.
      </p>

      <section className="card" aria-labelledby="tasks-h">
        <h2 id="tasks-h">Needs consent</h2>
        {d.tasks.length === 0 ? (
          <p className="muted">
            {d.versions.length === 0
              ? "Nothing to do: publish a consent version below first."
              : "Everyone waitlisted, enrolled or active in this program has a current, countersigned consent."}
          </p>
        ) : (
          <table className="table">
            <caption className="sr-only">Participants who need to sign or re-sign consent</caption>
            <thead>
              <tr>
                <th scope="col">Participant</th>
                <th scope="col">Cohort</th>
                <th scope="col">What is needed</th>
              </tr>
            </thead>
            <tbody>
              {d.tasks.map((t) => (
                <tr key={`${t.participantId}-${t.cohortName}`}>
                  <td>
                    <Link to={`/participants/${t.participantId}/consent`}>{t.label}</Link>
                  </td>
                  <td>{t.cohortName}</td>
                  <td>{t.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" aria-labelledby="versions-h">
        <h2 id="versions-h">Versions</h2>
        {d.versions.length === 0 ? (
          <p className="muted">
            No consent document yet: this program enrolls without e-consent until you publish the first version below.
          </p>
        ) : (
          <ul className="stack">
            {d.versions.map((v) => (
              <li key={v.id}>
                <details open={v.current}>
                  <summary>
                    <strong>
                      {v.title} — version {v.versionLabel}
                    </strong>{" "}
                    {v.current ? <span className="badge badge--ok">Current</span> : <span className="badge badge--muted">Superseded</span>}{" "}
                    <span className="small muted">
                      effective {formatLocalDate(v.effectiveDate)} · {v.signatures} signature{v.signatures === 1 ? "" : "s"}
                    </span>
                  </summary>
                  <ConsentText blocks={v.blocks} headingOffset={2} />
                  <p>To tick:</p>
                  <ul>
                    {v.checkboxes.map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                  </ul>
                  <p className="small muted">
                    SHA-256 <code>{v.contentHash}</code>
                  </p>
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="new-h">
        <h2 id="new-h">Publish a new version</h2>
        <p className="muted">
          A version never changes once published. Publishing makes it current: people who signed an earlier version are asked to sign again.
        </p>
        <SchemaForm form={form} aria-labelledby="new-h">
          <input type="hidden" name="intent" value="publish" />
          <FormError message={formMessage(form)} />
          <Field key={fields.title.key} label="Title" {...fieldProps(fields.title)} />
          <Field
            key={fields.versionLabel.key}
            label="Version label"
            hint="For example 2.0 or 2026-12"
            {...fieldProps(fields.versionLabel)}
          />
          <Field key={fields.effectiveDate.key} label="Effective date" type="date" {...fieldProps(fields.effectiveDate)} />
          <TextAreaField
            key={fields.body.key}
            label="Consent text"
            hint="Plain text with simple Markdown: # headings, blank lines between paragraphs, - or 1. for lists. HTML is shown as text."
            rows={14}
            {...fieldProps(fields.body)}
          />
          <TextAreaField
            key={fields.checkboxes.key}
            label="Statements the participant must tick"
            hint="One per line, e.g. I consent to supportive physical touch"
            rows={4}
            {...fieldProps(fields.checkboxes)}
          />
          <button type="submit" className="button button--primary">
            Publish version
          </button>
        </SchemaForm>
      </section>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
