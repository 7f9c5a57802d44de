// Client-side navigation for the many links and small forms of one big table. A Remix
// `Link` or `Form` runs a dozen hooks per element while the page renders on the server
// (resolving its path twice, prefetch state, the route's action); a measures tracker has
// hundreds. Cells instead render plain `<a data-client-nav href="/absolute/path">` and
// `<form data-client-submit method="post">`, and one listener on the table gives them what
// Link and Form give: navigation without a page load, and submission to the route's action
// with the page's data revalidated (useActionData sees the reply). Before the page's
// scripts load, and without JavaScript, they are ordinary links and forms.
import { useNavigate, useSubmit } from "@remix-run/react";
import { useEffect, type RefObject } from "react";
import { markup, type HtmlValue, type SafeHtml } from "./html";

/** Marks a plain link for client-side navigation (its href must be an absolute path). */
export const CLIENT_NAV = { "data-client-nav": "" } as const;
/**
 * A plain link as markup (a cell of a big table), navigated client-side by the listener of
 * useClientNavigation on an element around it: `<a href="…" data-client-nav="">`, with a class
 * and an accessible name when given.
 */
export function clientLink(href: string, content: HtmlValue, { className, label }: { className?: string; label?: string } = {}): SafeHtml {
  return markup`<a href="${href}"${className ? markup` class="${className}"` : null}${label ? markup` aria-label="${label}"` : null} data-client-nav="">${content}</a>`;
}
/** Marks a plain form for submission through the route's action without a page load. */
export const CLIENT_SUBMIT = { "data-client-submit": "" } as const;

export function useClientNavigation(container: RefObject<HTMLElement>) {
  const navigate = useNavigate();
  const submit = useSubmit();
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const onClick = (event: MouseEvent) => {
      // As Link does: a modified or non-primary click keeps the browser's behaviour (new tab).
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
      const link = event.target instanceof Element ? event.target.closest("a[data-client-nav]") : null;
      const href = link?.getAttribute("href");
      if (!link || !href?.startsWith("/") || link.getAttribute("target") || !element.contains(link)) return;
      event.preventDefault();
      navigate(href);
    };
    const onSubmit = (event: SubmitEvent) => {
      const form = event.target;
      if (event.defaultPrevented || !(form instanceof HTMLFormElement) || !form.hasAttribute("data-client-submit")) return;
      event.preventDefault();
      submit(event.submitter instanceof HTMLButtonElement ? event.submitter : form);
    };
    element.addEventListener("click", onClick);
    element.addEventListener("submit", onSubmit);
    return () => {
      element.removeEventListener("click", onClick);
      element.removeEventListener("submit", onSubmit);
    };
  }, [container, navigate, submit]);
}
