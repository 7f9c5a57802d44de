// What the server knows about a request beyond the Fetch API Request: the client IP
// (from the HTTP server, see app/server/main.ts) and the CSP nonce.
import type { AppLoadContext } from "@remix-run/node";
import type { RequestMeta } from "./audit.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    clientIp?: string | null;
    cspNonce?: string;
    /**
     * True for a whole-page request (a form posted without JavaScript), false for Remix's
     * `.data` fetches. A toast from an action in a whole-page POST is handed to the root
     * loader of the same request instead of a cookie (which would show it one page late).
     */
    documentRequest?: boolean;
    pendingToast?: { kind: "success" | "error"; message: string };
  }
}

export type RouteArgs = { request: Request; context: AppLoadContext; params?: Record<string, string | undefined> };

export function requestMeta({ request, context }: RouteArgs): RequestMeta {
  return {
    ip: context?.clientIp ?? null,
    userAgent: request.headers.get("user-agent"),
  };
}

/** Only same-site relative paths; anything else (//evil.example, https://…) becomes "/". */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
