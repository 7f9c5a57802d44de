// Reading what `formAction` (app/utils/action.server.ts) answered, for tests that call a
// route's action: the field messages (the whole-form message under "form"), the values
// echoed back into the form, the success toast and the reply's data.
import type { FormReply } from "~/forms/reply";
import { takeToast } from "~/utils/toast.server";
import { BASE } from "./http";

export type ReplyView = {
  ok: boolean;
  /** First message per field; "form" is the message above the form. */
  errors: Record<string, string>;
  /** What the form will show again (the submitted values). */
  values: Record<string, unknown>;
  /** The success toast (also set by a redirect). */
  message?: string;
  data?: unknown;
  formId?: string;
};

export async function replyOf(res: { data: unknown; headers: Headers }): Promise<ReplyView> {
  const reply = res.data as FormReply<unknown> | undefined;
  const errors: Record<string, string> = {};
  for (const [key, messages] of Object.entries(reply?.result?.error ?? {})) {
    if (messages?.length) errors[key === "" ? "form" : key] = messages[0];
  }
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  const { toast } = cookie ? await takeToast(new Request(BASE, { headers: { cookie } })) : { toast: null };
  return {
    ok: reply?.ok === true,
    errors,
    values: (reply?.result?.initialValue ?? {}) as Record<string, unknown>,
    message: toast?.message,
    data: reply?.data,
    formId: reply?.formId,
  };
}
