import { useSearchParams } from "@remix-run/react";

/**
 * The link to another page of a keyset-paged list: this URL's filters (and sort) with the
 * page cursor replaced by `key=cursor` (`before` / `after`, as the list's loader reads them).
 */
export function useCursorHref() {
  const [params] = useSearchParams();
  return (key: "before" | "after", cursor: string) => {
    const p = new URLSearchParams(params);
    p.delete("before");
    p.delete("after");
    p.set(key, cursor);
    return `?${p.toString()}`;
  };
}
