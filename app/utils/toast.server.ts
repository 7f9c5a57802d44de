// A one-time message ("Site added.") that survives the redirect after a successful
// form: set as a short-lived signed cookie by the action, read and cleared by the root
// loader, shown once at the top of the next page. The cookie holds only the message the
// server wrote (never participant data) and is signed so another site cannot plant text.
import { randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { cookieIsSecure } from "./auth.server";

export type Toast = { kind: "success" | "error"; message: string };

// Signed with TOAST_SECRET when set (several app instances behind one address); otherwise
// with a per-process key, which only means a toast is dropped if the next request lands elsewhere.
const secret = process.env.TOAST_SECRET || randomBytes(32).toString("hex");
const cookies = new Map<boolean, ReturnType<typeof createCookie>>();
function toastCookie(request: Request) {
  const secure = cookieIsSecure(request);
  let cookie = cookies.get(secure);
  if (!cookie) {
    cookie = createCookie("groupkap_toast", { httpOnly: true, sameSite: "lax", path: "/", secure, secrets: [secret], maxAge: 60 });
    cookies.set(secure, cookie);
  }
  return cookie;
}

/** The Set-Cookie header that carries `toast` to the next page. */
export async function toastHeader(request: Request, toast: Toast): Promise<string> {
  return toastCookie(request).serialize(toast);
}

/** Redirect to `to` and show `message` there. */
export async function redirectWithToast(request: Request, to: string, message: string, kind: Toast["kind"] = "success") {
  return redirect(to, { headers: { "Set-Cookie": await toastHeader(request, { kind, message }) } });
}

/** The pending toast (if any) and the header that clears it; for the root loader. */
export async function takeToast(request: Request): Promise<{ toast: Toast | null; headers?: HeadersInit }> {
  const cookie = toastCookie(request);
  const value: unknown = await cookie.parse(request.headers.get("cookie"));
  if (!value || typeof value !== "object") return { toast: null };
  const { kind, message } = value as Partial<Toast>;
  const toast = (kind === "success" || kind === "error") && typeof message === "string" ? { kind, message: message.slice(0, 500) } : null;
  return { toast, headers: { "Set-Cookie": await cookie.serialize("", { maxAge: 0 }) } };
}
