// Licensed item wording: an administrator types the wording of MBI-GS, MBI-HSS, MEQ-30
// and CADSS-6 items under the site's own licence. Stored in the database only.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { getInstrument } from "~/domain/instruments";
import { wordingFields } from "~/forms/measures";
import { getWordingMap, isLicensedInstrument, saveWording, wordingSummary } from "~/models/instrumentWording.server";
import { MAX_WORDING_LENGTH } from "~/models/instrumentWording.shared";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

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

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "instrument:wording",
    schema: wordingFields,
    run: (input, { actor, meta }) => saveWording(actor, meta, input),
    success: ({ saved, cleared }) => ({ toast: `Saved: ${saved} item(s) with wording${cleared ? `, ${cleared} cleared` : ""}.` }),
  });
}

export default function InstrumentWording() {
  const { summary, selected } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <h1>Instrument wording</h1>
      <p>
        PHQ-9, GAD-7 and PCL-5 are public domain and ship with their wording. The instruments below are copyrighted: GroupKAP ships only
        their scoring and response anchors and shows &ldquo;Item 1 … Item N&rdquo; until you enter the wording your organisation is licensed
        to use. The wording stays in this database and is never part of GroupKAP&apos;s source code.
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
          <WordingForm key={selected.code} selected={selected} />
        </section>
      ) : null}
    </div>
  );
}

function WordingForm({ selected }: { selected: { code: string; items: { number: number; text: string }[] } }) {
  const [form, fields] = useSchemaForm({
    id: `wording:${selected.code}`,
    schema: wordingFields,
    reply: useActionData<typeof action>(),
    defaultValue: { code: selected.code, item: Object.fromEntries(selected.items.map((i) => [i.number, i.text])) },
  });
  const items = fields.item.getFieldset();
  return (
    <SchemaForm form={form}>
      <FormError message={formMessage(form)} />
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="code" value={selected.code} />
      {selected.items.map((i) => {
        const field = items[String(i.number)];
        return <Field key={field.key} label={`Item ${i.number}`} maxLength={MAX_WORDING_LENGTH} {...fieldProps(field)} />;
      })}
      <p className="muted small">Leave an item empty to show &ldquo;Item N&rdquo; again.</p>
      <button className="button button--primary" type="submit">
        Save wording
      </button>
    </SchemaForm>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
