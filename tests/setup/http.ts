// Calling route loaders and actions the way Remix does, with real Requests, against
// the test file's real database.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

export const BASE = "http://localhost:3000";

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown;

export type CallOptions = {
  cookie?: string;
  form?: Record<string, string | string[]>;
  params?: Record<string, string>;
  ip?: string;
  headers?: Record<string, string>;
  /** A raw body instead of `form` (e.g. JSON), sent with `contentType` when given. */
  body?: string;
  contentType?: string;
};

export function makeRequest(pathname: string, method: "GET" | "POST", opts: CallOptions = {}) {
  const headers = new Headers(opts.headers);
  if (opts.cookie) headers.set("cookie", opts.cookie);
  headers.set("user-agent", "vitest");
  let body: URLSearchParams | string | undefined;
  if (opts.body !== undefined) {
    body = opts.body;
    if (opts.contentType) headers.set("content-type", opts.contentType);
    else headers.delete("content-type");
  } else if (opts.form) {
    body = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    headers.set("content-type", "application/x-www-form-urlencoded");
  }
  return new Request(new URL(pathname, BASE), { method, headers, body });
}

/** Runs a handler and returns a Response whatever it did (returned data, threw a Response, redirected). */
export async function call(handler: Handler, pathname: string, method: "GET" | "POST", opts: CallOptions = {}) {
  const request = makeRequest(pathname, method, opts);
  try {
    const out = await handler({ request, params: opts.params ?? {}, context: { clientIp: opts.ip ?? "10.0.0.1" } });
    if (out instanceof Response) return { status: out.status, headers: out.headers, data: undefined as unknown, response: out };
    // `data()` from @remix-run/node returns a DataWithResponseInit.
    const o = out as { type?: string; data?: unknown; init?: { status?: number; headers?: HeadersInit } | null };
    if (o && o.type === "DataWithResponseInit") {
      return { status: o.init?.status ?? 200, headers: new Headers(o.init?.headers), data: withMessages(o.data), response: undefined };
    }
    return { status: 200, headers: new Headers(), data: withMessages(out), response: undefined };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, headers: thrown.headers, data: undefined as unknown, response: thrown };
    throw thrown;
  }
}

export function cookieFrom(headers: Headers): string {
  const set = headers.get("set-cookie");
  if (!set) throw new Error("no Set-Cookie header");
  return set.split(";")[0];
}

/**
 * A form reply (app/forms/reply.ts) read the way tests ask for messages: `errors` (first
 * message per field name, the form's own under "form") and `formError`, beside the reply.
 */
function withMessages(data: unknown): unknown {
  const reply = data as { result?: { status?: string; error?: Record<string, string[] | null> } } | null;
  if (!reply || typeof reply !== "object" || !reply.result || typeof reply.result !== "object" || "errors" in reply) return data;
  const errors: Record<string, string> = {};
  for (const [name, messages] of Object.entries(reply.result.error ?? {})) if (messages?.length) errors[name || "form"] = messages[0];
  return { ...reply, errors, formError: errors.form };
}
