import { REFERRAL_STATUS_LABEL, type ReferralStatus } from "~/domain/referrals";

const TONE: Record<ReferralStatus, string> = {
  REFERRED: "badge--muted",
  SCREENING: "badge--warn",
  ELIGIBLE: "badge--ok",
  INELIGIBLE: "badge--danger",
  CLEARED: "badge--ok",
  NOT_CLEARED: "badge--danger",
  WITHDREW: "badge--muted",
  LOST_TO_CONTACT: "badge--muted",
  ENROLLED: "badge--ok",
};

export function ReferralStatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge ${TONE[status as ReferralStatus] ?? "badge--muted"}`}>
      {REFERRAL_STATUS_LABEL[status as ReferralStatus] ?? status}
    </span>
  );
}
