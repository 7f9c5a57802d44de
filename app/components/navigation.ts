// The main navigation, as data: each entry is shown only to users holding its
// permission. Entries are added here when their feature lands, never before.
import { can, type Permission } from "~/utils/permissions";

export type NavItem = { to: string; label: string; permission: Permission | null; section: "main" | "admin" };

export const NAV_ITEMS: NavItem[] = [
  { to: "/", label: "Home", permission: null, section: "main" },
  { to: "/calendar", label: "Calendar", permission: "cohort:read", section: "main" },
  { to: "/cohorts", label: "Cohorts", permission: "cohort:read", section: "main" },
  { to: "/referrals", label: "Referrals", permission: "referral:read", section: "main" },
  { to: "/participants", label: "Participants", permission: "participant:read", section: "main" },
  { to: "/programs", label: "Programs", permission: "program:read", section: "main" },
  { to: "/safety", label: "Safety inbox", permission: "safety:inbox", section: "main" },
  { to: "/adverse-events", label: "Adverse events", permission: "ae:record", section: "main" },
  { to: "/ledger", label: "Controlled substances", permission: "ledger:read", section: "main" },
  { to: "/reports", label: "Reports", permission: "report:cohort", section: "main" },
  { to: "/admin/users", label: "Users", permission: "user:manage", section: "admin" },
  { to: "/admin/sites", label: "Sites & rooms", permission: "site:manage", section: "admin" },
  { to: "/admin/instruments", label: "Instrument wording", permission: "instrument:wording", section: "admin" },
  { to: "/admin/outbox", label: "Messages", permission: "outreach:outbox", section: "admin" },
  { to: "/admin/audit", label: "Audit log", permission: "audit:read", section: "admin" },
];

export function navFor(roles: readonly string[]) {
  return NAV_ITEMS.filter((i) => i.permission === null || can(roles, i.permission));
}
