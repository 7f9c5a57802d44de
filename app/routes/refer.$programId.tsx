// The public self-referral page of a program: no login, minimal data (listed on the page),
// a honeypot field for bots, and a per-address rate limit (see referral.server.ts).
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError, TextAreaField } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { selfReferralSchema } from "~/forms/referrals";
import type { FormReply } from "~/forms/reply";
import { selfReferralProgram, submitSelfReferral } from "~/models/referral.server";
import { readForm } from "~/utils/forms.server";
import { requestMeta } from "~/utils/request.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `Refer yourself${d ? ` to ${d.program.name}` : ""} — GroupKAP` },
  { name: "robots", content: "noindex, nofollow" },
];

export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "same-origin" });

export async function loader(args: LoaderFunctionArgs) {
  const program = await selfReferralProgram(args.params.programId ?? "");
  return { program, thanks: new URL(args.request.url).searchParams.has("thanks") };
}

const FORM = "self-referral";

// No sign-in, so no actor and no permission: parsed with Conform like `formAction` does.
export async function action(args: ActionFunctionArgs) {
  const programId = args.params.programId ?? "";
  const form = await readForm(args.request);
  const submission = parseWithZod(form, { schema: selfReferralSchema, disableAutoCoercion: true });
  if (submission.status !== "success") return data<FormReply>({ formId: FORM, result: submission.reply() }, { status: 400 });
  await submitSelfReferral(requestMeta(args), programId, submission.value);
  return redirect(`/refer/${programId}?thanks=1`);
}

export default function SelfReferralPage() {
  const { program, thanks } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm({ id: FORM, schema: selfReferralSchema, reply: useActionData<typeof action>() });
  if (thanks) {
    return (
      <div className="narrow">
        <h1>Thank you</h1>
        <p>
          Your referral to <strong>{program.name}</strong> was received. Someone from the program team will contact you to talk about next
          steps. You can close this page.
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>Refer yourself to {program.name}</h1>
      <p>Leave your details and the program team will contact you to talk about whether the program suits you.</p>
      <section className="card" aria-labelledby="collect-h">
        <h2 id="collect-h">What we collect</h2>
        <ul>
          <li>Your first and last name</li>
          <li>An email address or a phone number (at least one), to contact you</li>
          <li>A short message, only if you want to add one</li>
        </ul>
        <p className="muted small">
          Nothing else: no account, no health questions on this page. The program team sees what you send; the time it was sent and your
          connection's address are kept in the audit log.
        </p>
      </section>
      <FormError message={formMessage(form)} />
      <SchemaForm form={form} className="card" aria-label="Self-referral">
        <Field label="First name" autoComplete="given-name" {...fieldProps(fields.firstName)} />
        <Field label="Last name" autoComplete="family-name" {...fieldProps(fields.lastName)} />
        <Field label="Email" type="email" autoComplete="email" {...fieldProps(fields.email)} />
        <Field label="Phone" type="tel" autoComplete="tel" {...fieldProps(fields.phone)} />
        <TextAreaField label="Message (optional)" rows={3} {...fieldProps(fields.notes)} />
        {/* Honeypot: hidden from people and assistive technology; bots fill it. */}
        <div className="visually-hidden" aria-hidden="true">
          <label htmlFor="website">Leave this empty</label>
          <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>
        <div className="actions">
          <button className="button button--primary" type="submit">
            Send my referral
          </button>
        </div>
      </SchemaForm>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
