import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SelectField } from "~/components/participant/SelectField";
import { Field, FormError, TextAreaField } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { REFERRAL_SOURCES, REFERRAL_SOURCE_LABEL } from "~/domain/referrals";
import { referralCreateSchema } from "~/forms/referrals";
import { todayUtc } from "~/models/participant.schema";
import { createReferral, referralProgramOptions } from "~/models/referral.server";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "New referral — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "referral:manage");
  return { programs: await referralProgramOptions(), today: todayUtc() };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "referral:manage",
    schema: referralCreateSchema,
    run: (input, { actor, meta }) => createReferral(actor, meta, input),
    success: (r) => ({ redirect: `/referrals/${r.id}`, toast: "Referral entered." }),
  });
}

export default function NewReferralPage() {
  const { programs, today } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm({
    id: "referral",
    schema: referralCreateSchema,
    reply: useActionData<typeof action>(),
    defaultValue: { referredOn: today, programId: programs.length === 1 ? programs[0].id : "" },
  });
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/referrals">Referrals</Link> /
      </p>
      <h1>New referral</h1>
      <FormError message={formMessage(form)} />
      <SchemaForm form={form} className="card">
        <SelectField
          label="Program wanted"
          placeholder="Choose a program"
          options={programs.map((p) => ({ value: p.id, label: p.name }))}
          {...fieldProps(fields.programId)}
        />
        <SelectField
          label="Source"
          placeholder="Choose the source"
          options={REFERRAL_SOURCES.map((s) => ({ value: s, label: REFERRAL_SOURCE_LABEL[s] }))}
          {...fieldProps(fields.source)}
        />
        <Field label="Referred by (optional)" hint="A clinic, a department, a peer-support team." {...fieldProps(fields.sourceDetail)} />
        <Field label="Referral date" type="date" max={today} {...fieldProps(fields.referredOn)} />
        <Field label="First name" autoComplete="off" {...fieldProps(fields.firstName)} />
        <Field label="Last name" autoComplete="off" {...fieldProps(fields.lastName)} />
        <Field label="Email" type="email" autoComplete="off" {...fieldProps(fields.email)} />
        <Field label="Phone" type="tel" autoComplete="off" {...fieldProps(fields.phone)} />
        <TextAreaField label="Notes (optional)" rows={3} {...fieldProps(fields.notes)} />
        <div className="actions">
          <button className="button button--primary" type="submit">
            Save referral
          </button>
        </div>
      </SchemaForm>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
