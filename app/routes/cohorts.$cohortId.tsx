import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Outlet, useActionData, useFormAction, useLoaderData, useLocation } from "@remix-run/react";
import { useRef } from "react";
import { z } from "zod";
import { CohortStatusBadge } from "~/components/cohort/CohortStatusBadge";
import { CohortStatusForm } from "~/components/cohort/CohortStatusForm";
import { StaffEditor } from "~/components/cohort/StaffEditor";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { useClientNavigation } from "~/components/ui/clientNavigation";
import { menuLink } from "~/components/ui/menuLink";
import { RowForm, fieldProps, formMessage } from "~/components/ui/SchemaForm";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import type { FormReply } from "~/forms/reply";
import {
  COHORT_STAFF_ROLE_LABELS,
  cohortOnCallSchema,
  cohortStaffAddSchema,
  cohortStaffRemoveSchema,
  cohortStatusFormSchema,
} from "~/forms/scheduling";
import {
  COHORT_STATUS_LABELS,
  COHORT_TRANSITIONS,
  changeCohortStatus,
  getCohortOverview,
  setCohortOnCall,
  staffOptions,
} from "~/models/cohort.server";
import { addCohortStaff, removeCohortStaff } from "~/models/cohortStaff.server";
import cssUrl from "~/styles/scheduling.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { can, type Permission } from "~/utils/permissions";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.cohort.name ?? "Cohort"} — Cohorts — GroupKAP` }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "cohort:read");
  const canManage = can(user.roles, "cohort:manage");
  const [cohort, staffChoices] = await Promise.all([
    getCohortOverview(user, args.params.cohortId ?? "", args.context),
    canManage ? staffOptions() : { facilitators: [], clinicians: [] },
  ]);
  return {
    cohort,
    canManage,
    clinicians: staffChoices.clinicians,
    staffChoices,
    nextStatuses: COHORT_TRANSITIONS[cohort.status],
    // Tabs whose page this user may open; the pages check the same permissions.
    tabs: TABS.filter((t) => !t.permission || can(user.roles, t.permission)).map(({ permission: _p, ...t }) => t),
  };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "cohort:manage");
  const cohort = await getCohortOverview(actor, args.params.cohortId ?? "");
  return formAction(args, {
    permission: { actor },
    schema: z.discriminatedUnion("intent", [cohortStatusFormSchema, cohortOnCallSchema, cohortStaffAddSchema, cohortStaffRemoveSchema]),
    run: async (input, { meta }) => {
      if (input.intent === "staff-add") return addCohortStaff(actor, meta, { cohortId: cohort.id, ...input });
      if (input.intent === "staff-remove") return removeCohortStaff(actor, meta, { cohortId: cohort.id, ...input });
      if (input.intent === "on-call") return setCohortOnCall(actor, meta, cohort.id, input);
      return changeCohortStatus(actor, meta, cohort.id, input);
    },
    success: (done, input) => ({
      toast:
        input.intent === "staff-add" || input.intent === "staff-remove"
          ? `${done?.name} ${input.intent === "staff-add" ? "added as" : "removed as"} ${COHORT_STAFF_ROLE_LABELS[input.role].toLowerCase()}: ${done?.sessions ?? 0} upcoming session(s) changed.`
          : input.intent === "on-call"
            ? input.onCallUserId
              ? "On-call clinician saved: they are alerted to this cohort's urgent safety items."
              : "No cohort on-call clinician: the site's on-call clinician and the cohort's clinicians are alerted."
            : `${cohort.name} is now ${COHORT_STATUS_LABELS[input.to].toLowerCase()}.`,
      // The on-call choice stays as saved (a reset would show the choice the page was loaded with).
      keepValues: input.intent === "on-call",
    }),
  });
}

const TABS: { to: string; label: string; end?: boolean; permission?: Permission }[] = [
  { to: ".", label: "Schedule", end: true },
  { to: "roster", label: "Roster" },
  { to: "conflicts", label: "Conflicts" },
  { to: "measures", label: "Measures" },
  { to: "adverse-events", label: "Adverse events", permission: "ae:record" },
  { to: "messages", label: "Messages", permission: "outreach:manage" },
];

export default function CohortLayout() {
  const { cohort, canManage, clinicians, staffChoices, nextStatuses, tabs } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { pathname } = useLocation();
  const tabBar = useRef<HTMLElement>(null);
  useClientNavigation(tabBar);
  // The header's forms are plain (RowForm) until answered or opened: its listener sends them
  // through this route's action.
  const header = useRef<HTMLElement>(null);
  useClientNavigation(header);
  const action = useFormAction();
  const lead = cohort.staff.filter((s) => s.role === "LEAD_FACILITATOR").map((s) => s.name);
  const co = cohort.staff.filter((s) => s.role === "FACILITATOR").map((s) => s.name);
  const clin = cohort.staff.filter((s) => s.role === "CLINICIAN").map((s) => s.name);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/cohorts">Cohorts</Link> /
      </p>
      <header className="cohort-header" ref={header}>
        <div className="page-header">
          <h1>{cohort.name}</h1>
          <CohortStatusBadge status={cohort.status} />
        </div>
        {cohort.status === "CANCELLED" && cohort.cancelReason ? (
          <div className="callout callout--warn">Cancelled: {cohort.cancelReason}</div>
        ) : null}
        <dl className="facts">
          <dt>Program</dt>
          <dd>
            <Link to={`/programs/${cohort.program.id}`}>{cohort.program.name}</Link> — version {cohort.programVersion}
            {cohort.program.version !== cohort.programVersion ? ` (newest is v${cohort.program.version})` : ""}
          </dd>
          <dt>Dates</dt>
          <dd>
            {formatLocalDate(cohort.startDate)} to {cohort.endDate ? formatLocalDate(cohort.endDate) : "—"}
          </dd>
          <dt>Time zone</dt>
          <dd>{cohort.timeZone}</dd>
          <dt>Site / room</dt>
          <dd>
            {cohort.site}
            {cohort.room ? ` · ${cohort.room}` : " · no room set"}
          </dd>
          <dt>Seats</dt>
          <dd>
            {cohort.counts.enrolled} enrolled of {cohort.capacity}
            {cohort.counts.waitlisted ? ` · ${cohort.counts.waitlisted} waitlisted` : ""}
            {cohort.counts.inScreening ? ` · ${cohort.counts.inScreening} in screening` : ""}
            {cohort.counts.completed ? ` · ${cohort.counts.completed} completed` : ""}
          </dd>
          <dt>Sessions</dt>
          <dd>
            {cohort.counts.sessions} scheduled ({cohort.counts.sessionsDone} done)
          </dd>
          <dt>Staff</dt>
          <dd>
            Lead: {lead.join(", ") || "—"}
            {co.length ? ` · Co-facilitators: ${co.join(", ")}` : ""}
            {clin.length ? ` · Clinicians: ${clin.join(", ")}` : ""}
            {canManage ? (
              <StaffEditor
                version={cohort.version}
                staff={cohort.staff}
                facilitators={staffChoices.facilitators}
                clinicians={staffChoices.clinicians}
                reply={reply as FormReply<unknown> | undefined}
                action={action}
              />
            ) : null}
          </dd>
          <dt>On call</dt>
          <dd>
            {canManage ? (
              <OnCallForm cohort={cohort} clinicians={clinicians} reply={reply as FormReply<unknown> | undefined} action={action} />
            ) : (
              (cohort.onCall?.name ?? "The site's on-call clinician")
            )}
          </dd>
        </dl>
        {canManage && nextStatuses.length ? (
          <CohortStatusForm version={cohort.version} next={nextStatuses} reply={reply as FormReply<unknown> | undefined} action={action} />
        ) : null}
      </header>
      <nav className="tabs" aria-label="Cohort sections" ref={tabBar}>
        {tabs.map((t) => (
          <a key={t.to} {...menuLink(pathname, t.to === "." ? `/cohorts/${cohort.id}` : `/cohorts/${cohort.id}/${t.to}`, { end: t.end })}>
            {t.label}
          </a>
        ))}
      </nav>
      <Outlet />
    </>
  );
}

function OnCallForm({
  cohort,
  clinicians,
  reply,
  action,
}: {
  cohort: { version: number; onCall: { id: string; name: string } | null };
  clinicians: { id: string; name: string }[];
  reply: FormReply<unknown> | undefined;
  action: string;
}) {
  // A plain form until a reply answers it (RowForm): "none" is a valid choice, so the browser
  // has nothing to flag, and every tab of the cohort renders it.
  return (
    <RowForm
      id="cohort-on-call"
      schema={cohortOnCallSchema}
      reply={reply}
      action={action}
      defaultValue={{ onCallUserId: cohort.onCall?.id ?? "" }}
      className="inline-form"
      aria-label="On-call clinician"
    >
      {(form, fields) => {
        const f = fieldProps(fields.onCallUserId);
        return (
          <>
            <input type="hidden" name="intent" value="on-call" />
            <input type="hidden" name="version" value={cohort.version} />
            <label htmlFor={f.id} className="visually-hidden">
              On-call clinician for this cohort
            </label>
            <select
              id={f.id}
              name={f.name}
              defaultValue={f.defaultValue}
              aria-invalid={f.error ? true : undefined}
              aria-describedby={f.error ? `${f.id}-error` : undefined}
            >
              <option value="">The site&apos;s on-call clinician only</option>
              {clinicians.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            <button className="button button--small" type="submit">
              Save on call
            </button>
            {f.error || formMessage(form) ? (
              <p id={`${f.id}-error`} className="field__error" role="alert">
                {f.error ?? formMessage(form)}
              </p>
            ) : null}
          </>
        );
      }}
    </RowForm>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
