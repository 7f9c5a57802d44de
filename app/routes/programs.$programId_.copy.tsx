import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { programCopySchema } from "~/forms/programs";
import { found } from "~/models/kernel.server";
import { copyProgram, getProgram } from "~/models/program.server";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Copy ${data?.name ?? "program"} — GroupKAP` }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "program:manage");
  const program = found(await getProgram(args.params.programId ?? ""), "Program not found");
  return { id: program.id, name: program.name };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "program:manage",
    schema: programCopySchema,
    run: (input, { actor, meta }) => copyProgram(actor, meta, args.params.programId ?? "", input),
    success: (created) => ({ redirect: `/programs/${created.id}`, toast: `Copy created: ${created.name} (version 1).` }),
  });
}

export default function CopyProgram() {
  const program = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm({
    id: "copy-program",
    schema: programCopySchema,
    reply: useActionData<typeof action>(),
    defaultValue: { name: `${program.name} (copy)` },
  });
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/programs">Programs</Link> / <Link to={`/programs/${program.id}`}>{program.name}</Link> /
      </p>
      <h1>Copy {program.name}</h1>
      <p>
        The copy starts as version 1 of a new program with the same sessions, measures, checklists and thresholds. Change it afterwards
        without affecting the original.
      </p>
      <SchemaForm form={form} className="card stack">
        <FormError message={formMessage(form)} />
        <Field key={fields.name.key} label="Name of the new program" {...fieldProps(fields.name)} required />
        <button className="button button--primary" type="submit">
          Create copy
        </button>
      </SchemaForm>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
