import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { ProgramEditor, type TemplateValues } from "~/components/program/ProgramEditor";
import { DEFAULT_SAFETY_THRESHOLDS, STANDARD_CONTRAINDICATIONS, STANDARD_PRE_DOSE_CHECKLIST } from "~/domain/scheduling";
import { FormErrors, createProgramFromTemplate, parseTemplateForm, templateFromForm } from "~/models/program.server";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { requestMeta } from "~/utils/request.server";
import cssUrl from "~/styles/scheduling.css";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "New program — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "program:manage");
  return null;
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "program:manage");
  const form = await readForm(args.request);
  if (form.get("intent") !== "save") throw new Response("Unknown intent", { status: 400 });
  try {
    const template = parseTemplateForm(form);
    const program = await createProgramFromTemplate(actor, requestMeta(args), template);
    return redirect(`/programs/${program.id}`);
  } catch (e) {
    if (e instanceof FormErrors) return data({ errors: e.errors, values: templateFromForm(form).template as TemplateValues, eligibilityText: String(form.get("eligibility") ?? "") }, { status: e.status });
    throw e;
  }
}

const BLANK: TemplateValues = {
  name: "",
  description: "",
  defaultCapacity: 6,
  sessionPlan: [{ kind: "PREPARATION", title: "Preparation group", dayOffset: 0, startTime: "18:00", durationMinutes: 120, requiredStaff: { FACILITATOR: 1 } }],
  measurePlan: [],
  eligibility: null,
  contraindicationChecklist: STANDARD_CONTRAINDICATIONS,
  preDoseChecklist: STANDARD_PRE_DOSE_CHECKLIST,
  safetyThresholds: { ...DEFAULT_SAFETY_THRESHOLDS },
};

export default function NewProgram() {
  const result = useActionData<typeof action>();
  const values = result ? { ...result.values, eligibility: result.eligibilityText } : BLANK;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/programs">Programs</Link> /
      </p>
      <h1>New program</h1>
      <ProgramEditor key={result ? JSON.stringify(result.errors) : "blank"} values={values} errors={result?.errors ?? {}} submitLabel="Create program" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
