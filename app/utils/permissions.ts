// The permission map: which role may do what. Reviewed as a whole and unit-tested;
// every loader and action asks `requirePermission` (auth.server.ts) for one of these.
// Scoping (a facilitator sees only their own cohorts, analysts never see names) is
// applied on top of this map in the model functions' `where` clauses.

export const ROLES = ["ADMIN", "COORDINATOR", "FACILITATOR", "CLINICIAN", "ANALYST"] as const;
export type RoleCode = (typeof ROLES)[number];

export const ROLE_INFO: Record<RoleCode, { name: string; description: string }> = {
  ADMIN: { name: "Administrator", description: "Users, roles, sites and rooms, licensed instrument wording, audit log." },
  COORDINATOR: {
    name: "Coordinator",
    description: "Builds programs, schedules cohorts, enrolls and screens participants, sends questionnaires.",
  },
  FACILITATOR: { name: "Facilitator", description: "Runs group sessions: attendance, group notes and observations for assigned cohorts." },
  CLINICIAN: {
    name: "Clinician",
    description: "Medical screening, dosing records, vitals, safety decisions, adverse events, controlled-substance log.",
  },
  ANALYST: { name: "Analyst", description: "Pre/post reports across cohorts and de-identified exports; never sees names." },
};

export const PERMISSIONS = {
  "user:manage": "Create users, set roles, deactivate, reset passwords",
  "audit:read": "Read the audit log",
  "site:manage": "Manage sites and rooms",
  "instrument:wording": "Enter licensed instrument wording",
  "program:read": "See program templates",
  "program:manage": "Create, copy and edit program templates",
  "cohort:read": "See cohorts (facilitators and clinicians: only their own)",
  "cohort:manage": "Create and schedule cohorts, assign staff",
  "participant:read": "See participant records with names (scoped to visible cohorts)",
  "participant:manage": "Create participants and change enrollment",
  "calendar:own": "See one's own sessions and calendar feed",
  "measure:enter": "Enter questionnaires for participants",
  "measure:links": "Create and revoke participant questionnaire links",
  "measure:import": "Import historical measure data",
  "session:document": "Record attendance and group notes",
  "dosing:document": "Document dosing sessions",
  "order:read": "Read and print a dosing session's dose orders (clinicians and the nurses who give the doses)",
  "order:write": "Order and amend doses, signed (the server also requires the user to be a prescriber with a DEA number)",
  "ledger:read": "Read the controlled-substance log",
  "ledger:write": "Write the controlled-substance log",
  "dea:read": "Read the DEA records (inventories, losses, destructions) and download the inspection packet",
  "dea:record": "Take and sign DEA inventories, record destructions and DEA reports, set a site's registrant details",
  "ae:record": "Record adverse events",
  "ae:review": "Review and close adverse events",
  "safety:inbox": "Work the safety inbox",
  "report:cohort": "See pre/post reports for a cohort",
  "report:program": "See program-wide pre/post reports",
  "export:deidentified": "Download de-identified datasets",
  "outreach:manage": "Edit message templates and outreach rules; see participants' message history and delivery logs",
  "outreach:outbox": "Read every message, and the built-in outbox when no email or SMS provider is configured",
  "referral:read": "See referrals (with names) and their screening",
  "referral:screen": "Enter screening measures, the contraindication checklist, medical history and screening vitals",
  "referral:manage": "Enter referrals, record the screening outcome and enroll a cleared referral in a cohort",
  "referral:clear": "Record medical clearance (cleared, cleared with conditions, not cleared)",
  "consent:manage": "Publish consent document versions for a program and see who needs to (re-)consent",
  "consent:countersign":
    "Witness and countersign a participant's consent (password re-entry), hand a staff device to sign on, record withdrawal of consent",
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_MAP: Record<RoleCode, readonly Permission[]> = {
  // An IT administrator neither handles nor reads the controlled-substance log: custody of
  // ketamine stays with the clinicians who hold the registration (and coordinators read it).
  ADMIN: [
    "user:manage",
    "audit:read",
    "site:manage",
    "instrument:wording",
    "program:read",
    "cohort:read",
    "calendar:own",
    "outreach:outbox",
  ],
  COORDINATOR: [
    "program:read",
    "program:manage",
    "cohort:read",
    "cohort:manage",
    "participant:read",
    "participant:manage",
    "calendar:own",
    "measure:enter",
    "measure:links",
    "measure:import",
    "ledger:read",
    "dea:read",
    "report:cohort",
    "report:program",
    "outreach:manage",
    "referral:read",
    "referral:screen",
    "referral:manage",
    "consent:manage",
    "consent:countersign",
  ],
  FACILITATOR: [
    "program:read",
    "cohort:read",
    "participant:read",
    "calendar:own",
    "measure:enter",
    "session:document",
    "ae:record",
    "consent:countersign",
  ],
  CLINICIAN: [
    "program:read",
    "cohort:read",
    "participant:read",
    "calendar:own",
    "measure:enter",
    "dosing:document",
    "order:read",
    "order:write",
    "ledger:read",
    "ledger:write",
    "dea:read",
    "dea:record",
    "ae:record",
    "ae:review",
    "safety:inbox",
    "referral:read",
    "referral:screen",
    "referral:clear",
    "consent:countersign",
  ],
  ANALYST: ["program:read", "cohort:read", "report:cohort", "report:program", "export:deidentified"],
};

export function isRole(value: string): value is RoleCode {
  return (ROLES as readonly string[]).includes(value);
}

export function can(roles: readonly string[], permission: Permission): boolean {
  return roles.some((r) => isRole(r) && PERMISSION_MAP[r].includes(permission));
}

export function permissionsOf(roles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) if (isRole(r)) for (const p of PERMISSION_MAP[r]) out.add(p);
  return out;
}

/** Roles whose cohort visibility is limited to cohorts they are assigned to. */
export function seesAllCohorts(roles: readonly string[]): boolean {
  return roles.some((r) => r === "ADMIN" || r === "COORDINATOR" || r === "ANALYST");
}

/**
 * Free text typed by staff (cancel reasons, status reasons, acknowledgement notes) may name a
 * participant whatever the form asked, so only viewers who may see names get it; the others
 * (analysts) get the structured facts only: that a session was cancelled, not why.
 */
export function seesStaffFreeText(roles: readonly string[]): boolean {
  return seesParticipantNames(roles);
}

/** Analysts work on pseudonymous codes only; a user who also holds a role with
 * `participant:read` sees names through that role. */
export function seesParticipantNames(roles: readonly string[]): boolean {
  return can(roles, "participant:read");
}
