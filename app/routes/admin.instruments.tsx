// Licensed item wording: an administrator types the wording of MBI-GS, MBI-HSS, MEQ-30
// and CADSS-6 items under the site's own licence. Stored in the database only.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field } from "~/components/ui/Field";
import { getInstrument } from "~/domain/instruments";
import { getWordingMap, isLicensedInstrument, saveWording, wordingSummary } from "~/models/instrumentWording.server";
import { MAX_WORDING_LENGTH } from "~/models/instrumentWording.shared";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { requestMeta } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Instrument wording — Admin — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "instrument:wording");
  const code = new URL(args.request.url).searchParams.get("code");
  const summary = await wordingSummary();
  if (!code) return { summary, selected: null };
  if (!isLicensedInstrument(code)) throw new Response("Not a licensed instrument", { status: 404 });
  const def = getInstrument(code);
  const wording = await getWordingMap(code);
  return {
    summary,
    selected: {
      code,
      name: def.name,
      notice: def.licence.notice,
      anchors: def.anchors.map((a) => `${a.value} ${a.label}`).join(" · "),
      items: def.items.map((i) => ({ number: i.number, text: wording.get(i.number) ?? "" })),
    },
  };
}

type ActionResult = { kind: "saved"; saved: number; cleared: number } | { kind: "errors"; errors: Record<number, string>; values: Record<string, string> };

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "instrument:wording");
  const form = await readForm(args.request);
  if (form.get("intent") !== "save") throw new Response("Unknown intent", { status: 400 });
  const code = String(form.get("code") ?? "");
  if (!isLicensedInstrument(code)) throw new Response("Not a licensed instrument", { status: 400 });
  const texts: Record<number, string> = {};
  for (const item of getInstrument(code).items) texts[item.number] = String(form.get(`item.${item.number}`) ?? "");
  const res = await saveWording(actor, requestMeta(args), code, texts);
  if (!res.ok) return data<ActionResult>({ kind: "errors", errors: res.errors, values: Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, v])) }, { status: 400 });
  return data<ActionResult>({ kind: "saved", saved: res.saved, cleared: res.cleared });
}

export default function InstrumentWording() {
  const { summary, selected } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  return (
    <div className="narrow">
      <h1>Instrument wording</h1>
      <p>
        PHQ-9, GAD-7 and PCL-5 are public domain and ship with their wording. The instruments below are copyrighted: GroupKAP ships only their scoring and
        response anchors and shows &ldquo;Item 1 … Item N&rdquo; until you enter the wording your organisation is licensed to use. The wording stays in this
        database and is never part of GroupKAP&apos;s source code.
      </p>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Licensed instruments</caption>
          <thead>
            <tr>
              <th scope="col">Instrument</th>
              <th scope="col">Items with wording</th>
              <th scope="col">Edit</th>
            </tr>
          </thead>
          <tbody>
            {summary.map((s) => (
              <tr key={s.code}>
                <th scope="row">{s.name}</th>
                <td>
                  {s.entered} of {s.itemCount}
                </td>
                <td>
                  <Link to={`?code=${s.code}`} aria-label={`Edit wording of ${s.shortName}`}>
                    Edit
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected ? (
        <section className="card" aria-labelledby="edit-h">
          <h2 id="edit-h">{selected.name}</h2>
          <p className="muted small">{selected.notice}</p>
          <p className="small">Response options (shipped): {selected.anchors}</p>
          {result?.kind === "saved" ? (
            <div className="callout callout--ok" role="status">
              Saved: {result.saved} item(s) with wording{result.cleared ? `, ${result.cleared} cleared` : ""}.
            </div>
          ) : null}
          <Form method="post" key={selected.code}>
            <input type="hidden" name="intent" value="save" />
            <input type="hidden" name="code" value={selected.code} />
            {selected.items.map((i) => (
              <Field
                key={i.number}
                label={`Item ${i.number}`}
                name={`item.${i.number}`}
                defaultValue={result?.kind === "errors" ? result.values[i.number] : i.text}
                maxLength={MAX_WORDING_LENGTH}
                error={result?.kind === "errors" ? result.errors[i.number] : undefined}
              />
            ))}
            <p className="muted small">Leave an item empty to show &ldquo;Item N&rdquo; again.</p>
            <button className="button button--primary" type="submit">
              Save wording
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
