// Calling route loaders and actions the way Remix does, with real Requests, against
// the test file's real database.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { FormReply } from "~/forms/reply";
import { takeToast } from "~/utils/toast.server";

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
      const headers = new Headers(o.init?.headers);
      return { status: o.init?.status ?? 200, headers, data: await legacyView(o.data, headers), response: undefined };
    }
    return { status: 200, headers: new Headers(), data: await legacyView(out, new Headers()), response: undefined };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, headers: thrown.headers, data: undefined as unknown, response: thrown };
    throw thrown;
  }
}

/**
 * A `formAction` reply (app/forms/reply.ts), also readable the way tests read action results
 * before the form seam: `ok`, `errors` (see formReply) and `formError`, the keys of `details`
 * (e.g. `missing`) and `message` (the success toast the reply sets). Anything else is returned as it is.
 */
async function legacyView(data: unknown, headers: Headers): Promise<unknown> {
  if (!data || typeof data !== "object" || !("result" in data)) return data;
  const reply = data as { ok?: true; details?: unknown; data?: unknown };
  const { errors } = formReply(reply);
  const details = reply.details && typeof reply.details === "object" ? reply.details : {};
  const success = reply.data && typeof reply.data === "object" ? reply.data : {};
  const setCookie = headers.get("set-cookie");
  const { toast } = setCookie ? await takeToast(new Request(BASE, { headers: { cookie: setCookie.split(";")[0] } })) : { toast: null };
  return {
    ...details,
    ...success,
    ...data,
    ok: reply.ok === true,
    errors,
    formError: errors.form,
    ...(toast ? { message: toast.message } : {}),
  };
}

export function cookieFrom(headers: Headers): string {
  const set = headers.get("set-cookie");
  if (!set) throw new Error("no Set-Cookie header");
  return set.split(";")[0];
}

/**
 * A form reply (`formAction`, app/utils/action.server.ts) read the way tests read the old
 * `{ errors }` answers: dotted field path → first message ("sessionPlan.1.startTime" for
 * Conform's "sessionPlan[1].startTime"; "form" for the form's own message), plus the
 * refusal's `details` and the success `data`.
 */
export function formReply<D = unknown, T = unknown>(data: unknown): { errors: Record<string, string>; details: T; data: D } {
  const reply = data as { result?: { error?: Record<string, string[] | null> }; details?: unknown; data?: unknown } | undefined;
  const errors: Record<string, string> = {};
  for (const [name, messages] of Object.entries(reply?.result?.error ?? {})) {
    if (messages?.[0]) errors[name ? name.replace(/\[(\d+)\]/g, ".$1") : "form"] = messages[0];
  }
  return { errors, details: reply?.details as T, data: reply?.data as D };
}

/** A form reply as `formReply` reads it, plus the success toast (also set by a redirect) and the values echoed back into the form. */
export async function replyOf(res: { data: unknown; headers: Headers }) {
  const reply = res.data as FormReply<unknown> | undefined;
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  const { toast } = cookie ? await takeToast(new Request(BASE, { headers: { cookie } })) : { toast: null };
  return {
    ...formReply(res.data),
    ok: reply?.ok === true,
    /** What the form shows again (the submitted values). */
    values: (reply?.result?.initialValue ?? {}) as Record<string, unknown>,
    /** The success toast. */
    message: toast?.message,
  };
}
