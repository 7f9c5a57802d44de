import { redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { logout } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";

// Signing out is a POST (a link could be triggered by another site); GET just goes home.
export async function loader(_args: LoaderFunctionArgs) {
  return redirect("/");
}

export async function action(args: ActionFunctionArgs) {
  const form = await readForm(args.request);
  const everywhere = form.get("scope") === "everywhere";
  const cookie = await logout(args, { everywhere });
  return redirect("/login", { headers: { "Set-Cookie": cookie } });
}
