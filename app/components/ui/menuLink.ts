// Menu and tab links as plain anchors. A Remix NavLink runs a dozen hooks while the page
// renders on the server (resolving its path, matching it against the location, prefetch and
// pending state); the top menu has up to sixteen on every page. These are `<a>` elements marked
// as NavLink marks the current one (class "active", aria-current="page"), navigated without a
// page load by the container's useClientNavigation listener.
import { CLIENT_NAV } from "./clientNavigation";

/** Whether `to` (an absolute path) is the current page or, unless `end`, one of its sub-pages (NavLink's rule). */
export function isCurrentPath(pathname: string, to: string, end = false): boolean {
  const here = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1).toLowerCase() : pathname.toLowerCase();
  const target = to.length > 1 && to.endsWith("/") ? to.slice(0, -1).toLowerCase() : to.toLowerCase();
  if (here === target) return true;
  if (end || target === "/") return false;
  return here.startsWith(`${target}/`);
}

/** The attributes of a menu link to `to` (an absolute path) on the page at `pathname`. */
export function menuLink(pathname: string, to: string, { end = false, className }: { end?: boolean; className?: string } = {}) {
  const current = isCurrentPath(pathname, to, end);
  return {
    href: to,
    ...CLIENT_NAV,
    className: [className, current ? "active" : null].filter(Boolean).join(" ") || undefined,
    "aria-current": current ? ("page" as const) : undefined,
  };
}
