// A program's messages to participants: when they go (quiet hours, reminder rule, session
// reminders, preparation text) and what they say (per kind and language), with a preview.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError, TextAreaField } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import {
  LANGUAGES,
  PLACEHOLDERS,
  PREVIEW_VALUES,
  TEMPLATE_KIND_LABEL,
  isLanguage,
  renderTemplate,
  type TemplateKind,
} from "~/domain/outreach/templates";
import { outreachIntents, outreachRulesFields, templateFields } from "~/forms/outreachRules";
import type { FormReply } from "~/forms/reply";
import { found } from "~/models/kernel.server";
import {
  getOutreachSettings,
  listTemplates,
  resetTemplate,
  saveOutreachRules,
  saveTemplate,
  type TemplateRow,
} from "~/models/outreach/settings.server";
import { getProgram } from "~/models/program.server";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Messages to participants — ${data?.program.name ?? "Program"} — GroupKAP` },
];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "outreach:manage");
  const program = found(await getProgram(args.params.programId ?? ""), "Program not found");
  const lang = new URL(args.request.url).searchParams.get("lang");
  const language = isLanguage(lang) ? lang : "en";
  const [settings, templates] = await Promise.all([getOutreachSettings(program.id), listTemplates(program.id, language)]);
  return { program: { id: program.id, name: program.name }, language, settings, templates };
}

export async function action(args: ActionFunctionArgs) {
  const programId = args.params.programId ?? "";
  return formAction(args, {
    permission: "outreach:manage",
    schema: outreachIntents,
    run: async (input, { actor, meta }) => {
      if (input.intent === "rules") return saveOutreachRules(actor, meta, programId, input);
      if (input.intent === "template") return saveTemplate(actor, meta, programId, input);
      return resetTemplate(actor, meta, programId, input.kind, input.language);
    },
    success: (_, input) => ({
      toast:
        input.intent === "rules"
          ? "Outreach rules saved. Pending messages of this program's cohorts were re-planned."
          : input.intent === "template"
            ? `${TEMPLATE_KIND_LABEL[input.kind]} wording saved (${LANGUAGES[input.language]}).`
            : `${TEMPLATE_KIND_LABEL[input.kind]}: back to the built-in wording.`,
    }),
  });
}

type Reply = FormReply<unknown> | undefined;

export default function ProgramOutreach() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/programs">Programs</Link> / <Link to={`/programs/${d.program.id}`}>{d.program.name}</Link> /
      </p>
      <h1>Messages to participants</h1>
      <p className="muted">
        Every participant with consent to be contacted gets an invitation when a questionnaire window opens, reminders until they complete
        it, and reminders before each session, by email or SMS as they prefer. Messages never carry more than the participant&apos;s first
        name: no program name, score or other member.
      </p>
      <RulesForm settings={d.settings} reply={reply} />
      <section className="card" aria-labelledby="wording-h">
        <div className="page-header">
          <h2 id="wording-h">Wording</h2>
          <nav className="lang-switch" aria-label="Language">
            {Object.entries(LANGUAGES).map(([code, name]) => (
              <Link
                key={code}
                to={`?lang=${code}`}
                aria-current={code === d.language ? "page" : undefined}
                className={code === d.language ? "active" : undefined}
              >
                {name}
              </Link>
            ))}
          </nav>
        </div>
        <p className="muted small">
          Placeholders:{" "}
          {Object.entries(PLACEHOLDERS).map(([p, what], i) => (
            <span key={p}>
              {i ? ", " : ""}
              <code>{`{{${p}}}`}</code> ({what})
            </span>
          ))}
          . Email and SMS must include <code>{"{{link}}"}</code>. An unsubscribe link is added to every email, and “Reply STOP to opt out”
          to every SMS.
        </p>
        {d.templates.map((t) => (
          <TemplateForm key={`${d.language}:${t.kind}:${t.version}`} template={t} language={d.language} reply={reply} />
        ))}
      </section>
    </>
  );
}

function RulesForm({ settings, reply }: { settings: Awaited<ReturnType<typeof loader>>["settings"]; reply: Reply }) {
  const [form, fields] = useSchemaForm({
    id: "outreach-rules",
    schema: outreachRulesFields,
    reply,
    defaultValue: {
      quietStart: settings.quietStart,
      quietEnd: settings.quietEnd,
      reminderDays: settings.reminderDays.join(", "),
      sessionReminderHours: settings.sessionReminderHours.join(", "),
      preparationText: settings.preparationText,
      dosingPreparationText: settings.dosingPreparationText,
      seatOfferHours: String(settings.seatOfferHours),
    },
  });
  return (
    <section className="card" aria-labelledby="rules-h">
      <h2 id="rules-h">When messages go</h2>
      <SchemaForm form={form} className="stack" aria-labelledby="rules-h">
        <input type="hidden" name="intent" value="rules" />
        <input type="hidden" name="version" value={settings.version} />
        <FormError message={formMessage(form)} />
        <div className="form-row">
          <Field
            key={fields.quietStart.key}
            label="Quiet hours start"
            hint="Participant's own clock"
            type="time"
            {...fieldProps(fields.quietStart)}
          />
          <Field key={fields.quietEnd.key} label="Quiet hours end" type="time" {...fieldProps(fields.quietEnd)} />
        </div>
        <Field
          key={fields.reminderDays.key}
          label="Questionnaire reminders (days after the window opens)"
          hint="Comma-separated, e.g. 2, 5. Never after the window closes; they stop when the questionnaires are done. Empty: no reminders."
          {...fieldProps(fields.reminderDays)}
        />
        <Field
          key={fields.sessionReminderHours.key}
          label="Session reminders (hours before the session)"
          hint="Comma-separated, e.g. 48, 2. Empty: no session reminders."
          {...fieldProps(fields.sessionReminderHours)}
        />
        <TextAreaField
          key={fields.preparationText.key}
          label="Preparation text (in session reminders and on the participant's page)"
          rows={3}
          {...fieldProps(fields.preparationText)}
        />
        <TextAreaField
          key={fields.dosingPreparationText.key}
          label="Preparation text for dosing sessions"
          hint="E.g. fasting, no driving until the next day, a ride home. Used instead of the text above before a dosing session."
          rows={3}
          {...fieldProps(fields.dosingPreparationText)}
        />
        <Field
          key={fields.seatOfferHours.key}
          label="Time to answer a seat offer (hours)"
          hint="When a seat frees up, the first person waiting is offered it and told; unanswered after this time, the offer passes to the next person."
          inputMode="numeric"
          {...fieldProps(fields.seatOfferHours)}
        />
        <div>
          <button className="button button--primary" type="submit">
            Save rules
          </button>
        </div>
      </SchemaForm>
    </section>
  );
}

const SESSION_KINDS: TemplateKind[] = ["SESSION_REMINDER", "SESSION_CHANGED", "SESSION_CANCELLED"];

function TemplateForm({ template, language, reply }: { template: TemplateRow; language: string; reply: Reply }) {
  const id = `template-${template.kind}`;
  const [form, fields] = useSchemaForm({
    id,
    schema: templateFields,
    reply,
    defaultValue: { subject: template.subject, body: template.body, smsBody: template.smsBody },
  });
  const [text, setText] = useState({ subject: template.subject, body: template.body, smsBody: template.smsBody });
  const preview = renderTemplate(text, {
    ...PREVIEW_VALUES,
    ...(SESSION_KINDS.includes(template.kind) ? {} : { date: "", time: "" }),
    preparation: template.kind === "SESSION_REMINDER" ? PREVIEW_VALUES.preparation : "",
  });
  const headingId = `${id}-h`;
  return (
    <article className="template-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {TEMPLATE_KIND_LABEL[template.kind]}{" "}
        <span className="badge badge--muted">{template.custom ? "Edited for this program" : "Built-in wording"}</span>
      </h3>
      <div className="template-grid">
        <SchemaForm
          form={form}
          className="stack"
          aria-labelledby={headingId}
          onInput={(e) => {
            const f = new FormData(e.currentTarget);
            setText({
              subject: String(f.get("subject") ?? ""),
              body: String(f.get("body") ?? ""),
              smsBody: String(f.get("smsBody") ?? ""),
            });
          }}
        >
          <input type="hidden" name="intent" value="template" />
          <input type="hidden" name="kind" value={template.kind} />
          <input type="hidden" name="language" value={language} />
          <input type="hidden" name="version" value={template.version} />
          <FormError message={formMessage(form)} />
          <Field key={fields.subject.key} label="Email subject" {...fieldProps(fields.subject)} />
          <TextAreaField key={fields.body.key} label="Email text" rows={6} {...fieldProps(fields.body)} />
          <TextAreaField key={fields.smsBody.key} label="SMS text" rows={2} {...fieldProps(fields.smsBody)} />
          <div className="actions">
            <button className="button button--primary" type="submit">
              Save wording
            </button>
          </div>
        </SchemaForm>
        <section className="template-preview" aria-label={`Preview: ${TEMPLATE_KIND_LABEL[template.kind]}`} aria-live="polite">
          <h4>Preview</h4>
          <p className="muted small">With sample values (first name “{PREVIEW_VALUES.firstName}”).</p>
          <p>
            <strong>Subject:</strong> {preview.subject}
          </p>
          <pre className="message-body">{preview.body}</pre>
          <p className="muted small">SMS ({preview.smsBody.length} characters with the sample link):</p>
          <pre className="message-body">{preview.smsBody}</pre>
        </section>
      </div>
      {template.custom ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="reset-template" />
          <input type="hidden" name="kind" value={template.kind} />
          <input type="hidden" name="language" value={language} />
          <button className="button button--small button--secondary" type="submit">
            Restore the built-in wording
          </button>
        </Form>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
