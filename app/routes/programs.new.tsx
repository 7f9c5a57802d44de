import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { ProgramEditor } from "~/components/program/ProgramEditor";
import {
  DEFAULT_SAFETY_THRESHOLDS,
  STANDARD_CONTRAINDICATIONS,
  STANDARD_PRE_DOSE_CHECKLIST,
  type ProgramTemplate,
} from "~/domain/scheduling";
import { editorValues, programEditorSchema } from "~/forms/programs";
import { createProgramFromTemplate } from "~/models/program.server";
import cssUrl from "~/styles/scheduling.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "New program — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "program:manage");
  return null;
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "program:manage",
    schema: programEditorSchema,
    run: (template, { actor, meta }) => createProgramFromTemplate(actor, meta, template),
    success: (program) => ({ redirect: `/programs/${program.id}`, toast: `Program ${program.name} created (version 1).` }),
  });
}

const BLANK: ProgramTemplate = {
  name: "",
  description: "",
  defaultCapacity: 6,
  sessionPlan: [
    {
      kind: "PREPARATION",
      title: "Preparation group",
      dayOffset: 0,
      startTime: "18:00",
      durationMinutes: 120,
      requiredStaff: { FACILITATOR: 1 },
    },
  ],
  measurePlan: [],
  eligibility: null,
  contraindicationChecklist: STANDARD_CONTRAINDICATIONS,
  preDoseChecklist: STANDARD_PRE_DOSE_CHECKLIST,
  safetyThresholds: { ...DEFAULT_SAFETY_THRESHOLDS },
};

export default function NewProgram() {
  const reply = useActionData<typeof action>();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/programs">Programs</Link> /
      </p>
      <h1>New program</h1>
      <ProgramEditor id="new-program" values={editorValues(BLANK)} reply={reply} submitLabel="Create program" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
