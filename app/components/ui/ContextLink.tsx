// A short action ("Enter", "View", "Revoke link") repeated down a table needs its row's
// context in its accessible name, and WCAG 2.5.3 (Label in Name) wants the visible words
// inside that name, first: speech users say what they see. Build such names only here.
import { Link, type LinkProps } from "@remix-run/react";

/** "Enter: PHQ-9 Baseline": the visible text, then the context it acts on. */
export function contextLabel(visible: string, context: string): string {
  return `${visible}: ${context}`;
}

/** A link whose visible text is `children` and whose accessible name adds `context`. */
export function ContextLink({
  children,
  context,
  ...link
}: Omit<LinkProps, "children" | "aria-label"> & { children: string; context: string }) {
  return (
    <Link {...link} aria-label={contextLabel(children, context)}>
      {children}
    </Link>
  );
}
