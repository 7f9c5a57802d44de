import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { INVENTORY_KIND_LABELS, INVENTORY_TIME_LABELS, formatMg } from "~/domain/safety";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import { deaRecordsIntents, lossReportedFields, registrantFields } from "~/forms/ledger";
import { getDeaRecords, listRegistrants, recordLossReported, updateRegistrant } from "~/models/deaRecords.server";
import cssUrl from "~/styles/sessions.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "DEA records — Controlled-substance log — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "dea:read");
  const sites = await listRegistrants();
  const siteId = new URL(args.request.url).searchParams.get("site") || sites[0]?.id || "";
  const records = siteId ? await getDeaRecords(siteId) : null;
  return { sites: sites.map((s) => ({ id: s.id, name: s.name })), records, canWrite: can(user.roles, "dea:record") };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "dea:record",
    schema: deaRecordsIntents,
    run: async (input, { actor, meta }) => {
      if (input.intent === "registrant") await updateRegistrant(actor, meta, input);
      else await recordLossReported(actor, meta, input);
      return null;
    },
    success: (_, input) => ({ toast: input.intent === "registrant" ? "Registrant details saved." : "Report to the DEA recorded." }),
  });
}

function RegistrantForm({ siteId, current }: { siteId: string; current: Record<string, string | null> }) {
  const [form, fields] = useSchemaForm({
    id: `registrant-${siteId}`,
    schema: registrantFields,
    reply: useActionData<typeof action>(),
    defaultValue: { ...current, siteId },
  });
  return (
    <SchemaForm form={form} className="card">
      <input type="hidden" name="intent" value="registrant" />
      <input type="hidden" name={fields.siteId.name} value={siteId} />
      <FormError message={formMessage(form)} />
      <Field key={fields.deaRegistrantName.key} label="Registrant name" {...fieldProps(fields.deaRegistrantName)} />
      <Field key={fields.deaRegistrantAddress.key} label="Registrant address" {...fieldProps(fields.deaRegistrantAddress)} />
      <Field
        key={fields.deaRegistrationNumber.key}
        label="DEA registration number"
        autoComplete="off"
        {...fieldProps(fields.deaRegistrationNumber)}
      />
      <button type="submit" className="button">
        Save registrant
      </button>
    </SchemaForm>
  );
}

function ReportedForm({ lossReportId, lotNumber }: { lossReportId: string; lotNumber: string }) {
  const [form, fields] = useSchemaForm({
    id: `reported-${lossReportId}`,
    schema: lossReportedFields,
    reply: useActionData<typeof action>(),
  });
  return (
    <SchemaForm form={form} className="inline-form">
      <input type="hidden" name="intent" value="reported" />
      <input type="hidden" name={fields.lossReportId.name} value={lossReportId} />
      <FormError message={formMessage(form)} />
      <Field
        key={fields.reportedToDeaOn.key}
        label={`Reported to DEA on (lot ${lotNumber})`}
        type="date"
        {...fieldProps(fields.reportedToDeaOn)}
      />
      <button type="submit" className="button">
        Record report
      </button>
    </SchemaForm>
  );
}

export default function DeaRecordsPage() {
  const { sites, records, canWrite } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="breadcrumb">
        <Link to="/ledger">Controlled-substance log</Link> /
      </p>
      <div className="page-header">
        <h1>DEA records</h1>
        <div className="actions">
          <Link className="button" to={`/ledger/inspection${records ? `?site=${records.site.id}` : ""}`}>
            Inspection packet
          </Link>
          {canWrite && records ? (
            <Link className="button button--primary" to={`/ledger/inventory?site=${records.site.id}`}>
              Take an inventory
            </Link>
          ) : null}
        </div>
      </div>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="records-site">Site</label>
          <select id="records-site" name="site" defaultValue={records?.site.id ?? ""}>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Show
        </button>
      </Form>
      {!records ? (
        <p className="empty">No site yet: an administrator adds sites under Admin → Sites.</p>
      ) : (
        <>
          <section aria-labelledby="registrant-h">
            <h2 id="registrant-h">Registrant</h2>
            <p>
              {records.registrant.deaRegistrantName ?? "Name not recorded"},{" "}
              {records.registrant.deaRegistrantAddress ?? "address not recorded"} · DEA{" "}
              {records.registrant.deaRegistrationNumber ?? "not recorded"}
            </p>
            {canWrite ? (
              <RegistrantForm
                siteId={records.site.id}
                current={{
                  deaRegistrantName: records.registrant.deaRegistrantName,
                  deaRegistrantAddress: records.registrant.deaRegistrantAddress,
                  deaRegistrationNumber: records.registrant.deaRegistrationNumber,
                }}
              />
            ) : null}
          </section>
          <section aria-labelledby="inventories-h">
            <h2 id="inventories-h">Inventories</h2>
            <p>
              {records.biennialDueBy
                ? `Biennial inventory due by ${formatLocalDate(records.biennialDueBy)}.`
                : "No inventory yet: take the initial inventory."}
            </p>
            {records.inventories.length === 0 ? null : (
              <div className="table-wrap">
                <table className="table table--dense">
                  <caption className="visually-hidden">Inventories</caption>
                  <thead>
                    <tr>
                      <th scope="col">Date</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Lots (counted / ledger mg)</th>
                      <th scope="col">Signed</th>
                    </tr>
                  </thead>
                  <tbody>
                    {records.inventories.map((inv) => (
                      <tr key={inv.id}>
                        <td>
                          {formatLocalDate(inv.takenOn)}, {INVENTORY_TIME_LABELS[inv.timeOfDay].toLowerCase()}
                        </td>
                        <td>{INVENTORY_KIND_LABELS[inv.kind]}</td>
                        <td>
                          {inv.lines.map((l) => (
                            <div key={l.id}>
                              {l.lotNumber}: {formatMg(l.countedUg)} / {formatMg(l.ledgerBalanceUg)}
                              {l.explanation ? ` — ${l.explanation}` : ""}
                            </div>
                          ))}
                        </td>
                        <td>
                          {inv.signedByName} — {inv.signatureMeaning}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby="losses-h">
            <h2 id="losses-h">Losses and thefts (DEA Form 106)</h2>
            {records.losses.length === 0 ? <p className="empty">No loss or theft recorded. Record one from a lot&apos;s page.</p> : null}
            {records.losses.map((l) => (
              <div key={l.id} className="card">
                <p>
                  Lot {l.lotNumber}: {formatMg(l.amountUg)} mg, {l.lossType}, discovered {formatLocalDate(l.discoveredOn)}. Police{" "}
                  {l.policeNotified ? `notified, report ${l.policeReportNumber}` : "not notified"}. {l.description}
                </p>
                <p>
                  {l.clock.status === "reported" ? (
                    <span className={`badge ${l.clock.late ? "badge--warn" : ""}`}>
                      Reported to DEA on {formatLocalDate(l.clock.reportedOn)}
                      {l.clock.late ? ` (late: was due by ${formatLocalDate(l.clock.dueOn)})` : ""}
                    </span>
                  ) : l.clock.status === "overdue" ? (
                    <span className="badge badge--danger">Report to DEA overdue: was due by {formatLocalDate(l.clock.dueOn)}</span>
                  ) : (
                    <span className="badge badge--warn">Report to DEA due by {formatLocalDate(l.clock.dueOn)}</span>
                  )}
                </p>
                {canWrite && l.clock.status !== "reported" ? <ReportedForm lossReportId={l.id} lotNumber={l.lotNumber} /> : null}
              </div>
            ))}
          </section>
          <section aria-labelledby="destructions-h">
            <h2 id="destructions-h">Destructions (DEA Form 41)</h2>
            {records.destructions.length === 0 ? (
              <p className="empty">No destruction recorded. Record one from a lot&apos;s page.</p>
            ) : (
              <ul>
                {records.destructions.map((d) => (
                  <li key={d.id}>
                    {formatLocalDate(d.destroyedOn)}: lot {d.lotNumber}, {formatMg(d.amountUg)} mg, {d.method} ({d.reason}) at {d.place};
                    witnessed by {d.witnesses.join(" and ")}; recorded by {d.recordedBy}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
