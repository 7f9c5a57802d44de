// What `formAction` (app/utils/action.server.ts) answered, beyond `formReply` (./http.ts):
// the success toast (a cookie, also set by a redirect) and the values echoed back into the form.
import type { FormReply } from "~/forms/reply";
import { takeToast } from "~/utils/toast.server";
import { BASE, formReply } from "./http";

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
