import { useFormAction } from "@remix-run/react";
import { EnrollmentActions, STEP_FORM_PREFIX, enrollmentActionsHtml } from "~/components/participant/EnrollmentActions";
import { statusBadgeHtml } from "~/components/participant/StatusBadge";
import { clientLink } from "~/components/ui/clientNavigation";
import { markup } from "~/components/ui/html";
import { SortableTable } from "~/components/ui/SortableTable";
import { CONSENT_STANDING_LABELS, type ConsentStanding } from "~/domain/consent";
import type { EnrollmentStatus } from "~/domain/scheduling";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import type { FormReply } from "~/forms/reply";
import type { RosterRow as RosterRowView } from "~/models/enrollment.shared";
import { occupationLabel } from "~/models/participant.schema";

export type { RosterRowView };

const ORDER: Record<EnrollmentStatus, number> = {
  ACTIVE: 0,
  ENROLLED: 1,
  WAITLISTED: 2,
  ELIGIBLE: 3,
  SCREENING: 4,
  REFERRED: 5,
  COMPLETED: 6,
  INELIGIBLE: 7,
  WITHDRAWN: 8,
};

/**
 * The people on a cohort's roster. `names` is false for analysts: the table then
 * shows codes and statuses only (no names, occupations, reasons or consent dates).
 */
/** Problems first when sorting by consent. */
const CONSENT_STANDING_ORDER: Record<ConsentStanding, number> = {
  WITHDRAWN: 0,
  RECONSENT_NEEDED: 1,
  NOT_SIGNED: 2,
  AWAITING_COUNTERSIGNATURE: 3,
  CONSENTED: 4,
};
const CONSENT_STANDING_BADGE: Record<ConsentStanding, string> = {
  WITHDRAWN: "badge--danger",
  RECONSENT_NEEDED: "badge--warn",
  NOT_SIGNED: "badge--warn",
  AWAITING_COUNTERSIGNATURE: "",
  CONSENTED: "badge--ok",
};

export function RosterTable({
  rows,
  caption,
  names,
  canManage,
  seatFree,
  today,
  reply,
}: {
  rows: RosterRowView[];
  caption: string;
  names: boolean;
  canManage: boolean;
  seatFree: boolean;
  today: string;
  reply: FormReply<unknown> | undefined;
}) {
  // A row's links and step forms are plain elements (a roster can hold hundreds of rows): the
  // table's listener gives them client-side navigation and submission through the route's action.
  const action = useFormAction();
  return (
    <SortableTable<RosterRowView>
      caption={caption}
      rows={rows}
      rowKey={(r) => r.enrollmentId}
      initialSort={{ key: "status", dir: "asc" }}
      empty={<p>Nobody here.</p>}
      columns={[
        ...(names
          ? [
              {
                key: "name",
                header: "Name",
                sortValue: (r: RosterRowView) => r.label.toLowerCase(),
                render: (r: RosterRowView) => clientLink(`/participants/${r.participantId}`, r.label),
              },
            ]
          : []),
        { key: "code", header: "Code", sortValue: (r) => r.code, render: (r) => markup`<code>${r.code}</code>` },
        ...(names
          ? [
              {
                key: "occupation",
                header: "Occupation",
                sortValue: (r: RosterRowView) => r.occupation ?? "",
                render: (r: RosterRowView) => markup`${r.occupation ? occupationLabel(r.occupation) : ""}`,
              },
            ]
          : []),
        {
          key: "status",
          header: "Status",
          sortValue: (r) => ORDER[r.status] * 1000 + (r.waitlistPosition ?? 0),
          render: (r) =>
            markup`${statusBadgeHtml(r.status)}${r.waitlistPosition ? markup`<span class="small"> #${r.waitlistPosition} on the waitlist</span>` : null}${
              r.withdrawnOn ? markup`<span class="small muted"> on ${formatLocalDate(r.withdrawnOn)}</span>` : null
            }${r.statusReason ? markup`<div class="small muted">${r.statusReason}</div>` : null}`,
        },
        ...(names
          ? [
              {
                key: "consent",
                header: "Consent",
                sortValue: (r: RosterRowView) => `${r.consent ? CONSENT_STANDING_ORDER[r.consent] : 9}${r.consentDate ?? ""}`,
                render: (r: RosterRowView) =>
                  markup`${
                    r.consent
                      ? clientLink(`/participants/${r.participantId}/consent`, CONSENT_STANDING_LABELS[r.consent], {
                          className: `badge ${CONSENT_STANDING_BADGE[r.consent]}`,
                        })
                      : null
                  }${
                    r.consentDate
                      ? markup`<div class="small muted">${formatLocalDate(r.consentDate)}</div>`
                      : r.consent
                        ? null
                        : markup`<span class="muted">—</span>`
                  }`,
              },
            ]
          : []),
        ...(canManage
          ? [
              {
                key: "actions",
                header: "Next step",
                render: (r: RosterRowView) => {
                  const props = { enrollment: { ...r, id: r.enrollmentId }, who: r.label, seatFree, today, action };
                  // A reply to one of the person's steps (its message, what was sent) is shown by
                  // the React form on Conform; the other rows' steps are markup.
                  return reply?.formId?.startsWith(`${STEP_FORM_PREFIX}${r.enrollmentId}:`) ? (
                    <EnrollmentActions {...props} reply={reply} />
                  ) : (
                    enrollmentActionsHtml(props)
                  );
                },
              },
            ]
          : []),
      ]}
    />
  );
}
