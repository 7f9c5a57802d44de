// The main navigation, as data: each entry is shown only to users holding its
// permission. Entries are added here when their feature lands, never before.
import { can, type Permission } from "~/utils/permissions";

export type NavItem = { to: string; label: string; permission: Permission | null; section: "main" | "admin" };

export const NAV_ITEMS: NavItem[] = [
  { to: "/", label: "Home", permission: null, section: "main" },
  { to: "/admin/users", label: "Users", permission: "user:manage", section: "admin" },
  { to: "/admin/audit", label: "Audit log", permission: "audit:read", section: "admin" },
];

export function navFor(roles: readonly string[]) {
  return NAV_ITEMS.filter((i) => i.permission === null || can(roles, i.permission));
}
