import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/ui/Field";
import { FormErrors, copyProgram, getProgram } from "~/models/program.server";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { requestMeta } from "~/utils/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Copy ${data?.name ?? "program"} — GroupKAP` }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "program:manage");
  const program = await getProgram(args.params.programId ?? "");
  if (!program) throw new Response("Program not found", { status: 404 });
  return { id: program.id, name: program.name };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "program:manage");
  const form = await readForm(args.request);
  const name = String(form.get("name") ?? "");
  try {
    const created = await copyProgram(actor, requestMeta(args), args.params.programId ?? "", name);
    return redirect(`/programs/${created.id}`);
  } catch (e) {
    if (e instanceof FormErrors) return data({ errors: e.errors, name }, { status: e.status });
    throw e;
  }
}

export default function CopyProgram() {
  const program = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/programs">Programs</Link> / <Link to={`/programs/${program.id}`}>{program.name}</Link> /
      </p>
      <h1>Copy {program.name}</h1>
      <p>The copy starts as version 1 of a new program with the same sessions, measures, checklists and thresholds. Change it afterwards without affecting the original.</p>
      <Form method="post" className="card stack">
        <FormError message={result?.errors.form} />
        <Field label="Name of the new program" name="name" defaultValue={result?.name ?? `${program.name} (copy)`} error={result?.errors.name} required />
        <button className="button button--primary" type="submit">Create copy</button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
