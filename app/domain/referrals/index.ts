// Referrals and screening, as rules: the statuses a referral walks through, the screening
// contraindication checklist, and what may follow what (an outcome, a clearance, an
// enrollment), each refusal with the reason a coordinator can act on. Pure TypeScript.
import type { EligibilityDecision } from "../instruments/eligibility";
import type { ContraindicationItem } from "../scheduling/types";

export const REFERRAL_STATUSES = [
  "REFERRED",
  "SCREENING",
  "ELIGIBLE",
  "INELIGIBLE",
  "CLEARED",
  "NOT_CLEARED",
  "WITHDREW",
  "LOST_TO_CONTACT",
  "ENROLLED",
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const REFERRAL_STATUS_LABEL: Record<ReferralStatus, string> = {
  REFERRED: "Referred",
  SCREENING: "Screening",
  ELIGIBLE: "Eligible",
  INELIGIBLE: "Ineligible",
  CLEARED: "Medically cleared",
  NOT_CLEARED: "Not cleared",
  WITHDREW: "Withdrew",
  LOST_TO_CONTACT: "Lost to contact",
  ENROLLED: "Enrolled",
};

export const REFERRAL_SOURCES = ["SELF", "CLINICIAN", "EMPLOYER", "PEER_SUPPORT", "EAP", "OTHER"] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];
export const REFERRAL_SOURCE_LABEL: Record<ReferralSource, string> = {
  SELF: "Self-referral",
  CLINICIAN: "Clinician",
  EMPLOYER: "Employer / department",
  PEER_SUPPORT: "Peer-support team",
  EAP: "Employee assistance program",
  OTHER: "Other",
};

/** Screening outcomes a coordinator records. */
export const SCREENING_OUTCOMES = ["ELIGIBLE", "INELIGIBLE", "WITHDREW", "LOST_TO_CONTACT"] as const;
export type ScreeningOutcome = (typeof SCREENING_OUTCOMES)[number];

export const CLEARANCE_DECISIONS = ["CLEARED", "CLEARED_WITH_CONDITIONS", "NOT_CLEARED"] as const;
export type ClearanceDecision = (typeof CLEARANCE_DECISIONS)[number];
export const CLEARANCE_LABEL: Record<ClearanceDecision, string> = {
  CLEARED: "Cleared",
  CLEARED_WITH_CONDITIONS: "Cleared with conditions",
  NOT_CLEARED: "Not cleared",
};

/** Statuses in which screening data (measures, checklist, history, vitals) may still be entered. */
export const SCREENABLE: readonly ReferralStatus[] = ["REFERRED", "SCREENING", "ELIGIBLE", "INELIGIBLE"];

/**
 * The contraindications every ketamine screening asks about, whatever the program lists:
 * a program's own checklist comes first, and any of these it lacks (by key) is added.
 */
export const SCREENING_CONTRAINDICATION_DEFAULTS: ContraindicationItem[] = [
  { key: "uncontrolled_hypertension", label: "Uncontrolled hypertension", severity: "ABSOLUTE" },
  { key: "psychosis_history", label: "History of psychosis", severity: "ABSOLUTE" },
  { key: "current_mania", label: "History of mania (current or past 12 months)", severity: "ABSOLUTE" },
  { key: "active_substance_use", label: "Active substance use disorder", severity: "ABSOLUTE" },
  { key: "pregnancy_breastfeeding", label: "Pregnancy or breastfeeding", severity: "ABSOLUTE" },
  { key: "unstable_medical_condition", label: "Unstable medical condition", severity: "ABSOLUTE" },
  { key: "interacting_medications", label: "Current medications that interact with ketamine", severity: "RELATIVE" },
];

export function screeningChecklist(programChecklist: readonly ContraindicationItem[]): ContraindicationItem[] {
  const keys = new Set(programChecklist.map((i) => i.key));
  return [...programChecklist, ...SCREENING_CONTRAINDICATION_DEFAULTS.filter((d) => !keys.has(d.key))];
}

export const CONTRA_ANSWERS = ["YES", "NO", "UNKNOWN"] as const;
export type ContraAnswer = (typeof CONTRA_ANSWERS)[number];
export type ContraindicationAnswer = ContraindicationItem & { answer: ContraAnswer; note: string | null };

/** The checklist with its answers; an item not answered yet is UNKNOWN. */
export function answeredChecklist(
  checklist: readonly ContraindicationItem[],
  stored: readonly { key: string; answer: ContraAnswer; note: string | null }[],
): ContraindicationAnswer[] {
  const byKey = new Map(stored.map((s) => [s.key, s]));
  return checklist.map((item) => ({ ...item, answer: byKey.get(item.key)?.answer ?? "UNKNOWN", note: byKey.get(item.key)?.note ?? null }));
}

/** Why the checklist does not allow "eligible" (empty: it does). */
export function checklistBlocks(answers: readonly ContraindicationAnswer[]): string[] {
  const out: string[] = [];
  for (const a of answers) {
    if (a.answer === "YES" && a.severity === "ABSOLUTE") out.push(`Contraindication: ${a.label}`);
    else if (a.answer === "YES" && !a.note) out.push(`${a.label}: a relative contraindication needs a note from the review`);
    else if (a.answer === "UNKNOWN") out.push(`${a.label}: not answered yet`);
  }
  return out;
}

export type OutcomeCheck = { ok: true; reason: string | null } | { ok: false; reason: string };

/**
 * Whether a screening outcome may be recorded now. Eligible needs the program's rule met by
 * the one eligibility engine (when the program has a rule) and a checklist with no absolute
 * contraindication and nothing unknown. Ineligible without a typed reason takes the rule's.
 */
export function checkOutcome(
  status: ReferralStatus,
  outcome: ScreeningOutcome,
  ctx: { rule: EligibilityDecision | null; checklist: readonly ContraindicationAnswer[]; reason: string | null },
): OutcomeCheck {
  if (status === "ENROLLED")
    return { ok: false, reason: "This person is already enrolled; change their enrollment on the participant's page." };
  if ((status === "CLEARED" || status === "NOT_CLEARED") && outcome !== "WITHDREW" && outcome !== "LOST_TO_CONTACT")
    return { ok: false, reason: "A clinician has already decided on medical clearance; the screening outcome can no longer change." };
  if (outcome === "ELIGIBLE") {
    if (ctx.rule && ctx.rule.status === "ineligible")
      return { ok: false, reason: `Not eligible by the program's rule: ${ctx.rule.reason}` };
    if (ctx.rule && ctx.rule.status === "undetermined")
      return { ok: false, reason: `The program's rule needs screening measures that are missing: ${ctx.rule.reason}` };
    const blocks = checklistBlocks(ctx.checklist);
    if (blocks.length) return { ok: false, reason: blocks.join("; ") };
    return { ok: true, reason: ctx.reason ?? (ctx.rule ? ctx.rule.reason : null) };
  }
  if (outcome === "INELIGIBLE") {
    const reason = ctx.reason ?? (ctx.rule?.status === "ineligible" ? ctx.rule.reason : null);
    return reason ? { ok: true, reason } : { ok: false, reason: "Say why this person is not eligible." };
  }
  if (!ctx.reason)
    return {
      ok: false,
      reason: outcome === "WITHDREW" ? "Say why they withdrew (or what they said)." : "Say how you tried to reach them.",
    };
  return { ok: true, reason: ctx.reason };
}

/** Clearance is a clinician's decision on an eligible person (or a revision of it before enrollment). */
export function checkClearance(status: ReferralStatus): { ok: true } | { ok: false; reason: string } {
  if (status === "ELIGIBLE" || status === "CLEARED" || status === "NOT_CLEARED") return { ok: true };
  if (status === "ENROLLED") return { ok: false, reason: "This person is already enrolled." };
  return {
    ok: false,
    reason: `Medical clearance follows an eligible screening; this referral is ${REFERRAL_STATUS_LABEL[status].toLowerCase()}.`,
  };
}

/**
 * Whether a coordinator may enroll the person in a cohort now: only eligible (by the rule,
 * re-checked on the stored measures) and medically cleared, with the reason otherwise.
 */
export function checkEnroll(r: {
  status: ReferralStatus;
  statusReason: string | null;
  rule: EligibilityDecision | null;
  clearance: ClearanceDecision | null;
  clearanceReason: string | null;
}): { ok: true } | { ok: false; reason: string } {
  if (r.status === "ENROLLED") return { ok: false, reason: "Already enrolled." };
  if (r.rule && !r.rule.eligible) return { ok: false, reason: `Not eligible: ${r.rule.reason}` };
  if (r.status === "INELIGIBLE") return { ok: false, reason: `Not eligible: ${r.statusReason ?? "screened ineligible"}` };
  if (r.status === "NOT_CLEARED" || r.clearance === "NOT_CLEARED")
    return { ok: false, reason: `Not medically cleared: ${r.clearanceReason ?? r.statusReason ?? "no reason recorded"}` };
  if (r.status === "WITHDREW" || r.status === "LOST_TO_CONTACT")
    return { ok: false, reason: `This referral ended: ${REFERRAL_STATUS_LABEL[r.status].toLowerCase()}.` };
  if (r.status !== "CLEARED" || (r.clearance !== "CLEARED" && r.clearance !== "CLEARED_WITH_CONDITIONS")) {
    return r.status === "ELIGIBLE"
      ? { ok: false, reason: "Needs medical clearance by a clinician first." }
      : { ok: false, reason: "Needs an eligible screening and medical clearance first." };
  }
  return { ok: true };
}

/** How far a referral got, for the CONSORT flow, and where it stopped (null: it went on, or is still open). */
export type ReferralReach = {
  screened: boolean;
  eligible: boolean;
  cleared: boolean;
  stop: { stage: string; reason: string | null } | null;
};

const WAITING_FOR: Record<string, string> = {
  REFERRED: "Awaiting screening",
  SCREENING: "Screening in progress",
  ELIGIBLE: "Eligible, awaiting medical clearance",
  CLEARED: "Cleared, awaiting a place in a cohort",
};

export function referralReach(r: {
  status: string;
  statusReason: string | null;
  ruleStatus: string | null;
  clearance: string | null;
  clearanceReason: string | null;
}): ReferralReach {
  const cleared = r.clearance === "CLEARED" || r.clearance === "CLEARED_WITH_CONDITIONS";
  const eligible =
    cleared ||
    r.clearance === "NOT_CLEARED" ||
    r.status === "ELIGIBLE" ||
    r.status === "CLEARED" ||
    r.status === "NOT_CLEARED" ||
    r.status === "ENROLLED" ||
    (r.ruleStatus === "ELIGIBLE" && (r.status === "WITHDREW" || r.status === "LOST_TO_CONTACT"));
  const screened = eligible || r.status === "SCREENING" || r.status === "INELIGIBLE" || r.ruleStatus !== null;
  const during = screened ? "during screening" : "before screening";
  let stop: ReferralReach["stop"] = null;
  switch (r.status) {
    case "INELIGIBLE":
      stop = { stage: "Not eligible at screening", reason: r.statusReason };
      break;
    case "NOT_CLEARED":
      stop = { stage: "Not medically cleared", reason: r.clearanceReason ?? r.statusReason };
      break;
    case "WITHDREW":
      stop = { stage: cleared ? "Withdrew after clearance" : `Withdrew ${during}`, reason: r.statusReason };
      break;
    case "LOST_TO_CONTACT":
      stop = { stage: cleared ? "Lost to contact after clearance" : `Lost to contact ${during}`, reason: r.statusReason };
      break;
    case "ENROLLED":
      break;
    default:
      stop = { stage: "Not yet enrolled", reason: WAITING_FOR[r.status] ?? `Referral ${r.status.toLowerCase()}` };
  }
  return { screened, eligible, cleared, stop };
}
