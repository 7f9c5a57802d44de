import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { Checkbox, Select, TextArea } from "~/components/dosing/DosingCard";
import { SectionField, SectionForm } from "~/components/dosing/SectionForm";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SessionHeader } from "~/components/sessions/SessionHeader";
import { DOSING_ROUTES, DOSING_ROUTE_LABELS, formatMgPerKgRange, signatureStatement, type DosingRoute } from "~/domain/safety";
import { formatLocalDateTime } from "~/domain/scheduling/localTime";
import { orderSchema } from "~/forms/orders";
import { readerFor } from "~/models/access.server";
import { getRoster, getSessionForViewer, rosterForWrite, sessionHeader } from "~/models/attendance.server";
import { getSessionOrders, placeOrder } from "~/models/doseOrder.server";
import cssUrl from "~/styles/sessions.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Dose orders — ${data?.session.title ?? "Session"} — GroupKAP` }];

async function dosingSession(args: LoaderFunctionArgs, permission: "order:read" | "order:write") {
  const viewer = await requirePermission(args, permission);
  const session = await getSessionForViewer(viewer, args.params.sessionId);
  if (session.kind !== "DOSING") throw new Response("This session is not a dosing session", { status: 404 });
  return { viewer, session };
}

export async function loader(args: LoaderFunctionArgs) {
  const { viewer, session } = await dosingSession(args, "order:read");
  const reader = readerFor(args, viewer);
  const roster = await getRoster(reader, session);
  const orders = await getSessionOrders(reader, session, roster);
  const header = sessionHeader(session);
  return {
    session: header,
    orders,
    canOrder: can(viewer.roles, "order:write") && orders.viewerIsPrescriber,
    printedBy: viewer.name,
    printedAt: formatLocalDateTime(new Date(), header.timeZone),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { viewer, session } = await dosingSession(args, "order:write");
  return formAction(args, {
    permission: { actor: viewer },
    schema: orderSchema,
    run: async (input, { actor, meta }) => placeOrder(actor, meta, { session, roster: await rosterForWrite(viewer, session) }, input),
    success: (_, input) => {
      const message = input.version > 0 ? "Order amended and signed." : "Order signed.";
      return { toast: message, data: { message } };
    },
  });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["orders"]["rows"][number];

export default function OrdersPage() {
  const { session, orders, canOrder, printedBy, printedAt } = useLoaderData<typeof loader>();
  const ranges = Object.entries(orders.doseRanges) as [DosingRoute, { min: number; max: number }][];
  return (
    <div className="orders-page">
      <SessionHeader session={session} current="orders" />
      <p className="small">
        Protocol: {orders.sessionRoute ? `planned route ${DOSING_ROUTE_LABELS[orders.sessionRoute]}; ` : ""}
        {ranges.length
          ? `dose ranges ${ranges.map(([route, r]) => `${DOSING_ROUTE_LABELS[route]} ${formatMgPerKgRange(r)}`).join(", ")}.`
          : "no dose ranges."}{" "}
        An order outside the protocol needs the prescriber's reason; outside the range, the prescriber's override (flagged for review).
        {orders.usesOrders ? " This session uses orders: a dose that differs from its order, or has none, cannot be saved." : ""}
      </p>
      <p className="small print-only">
        Printed by {printedBy}, {printedAt}.
      </p>
      <nav aria-label="Print" className="actions no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          Print orders
        </button>
        <a className="button" href={`/sessions/${session.id}/orders.pdf`} download>
          Download orders (PDF)
        </a>
      </nav>
      {orders.rows.length === 0 ? (
        <p className="empty">
          No one is attending. <Link to={`/sessions/${session.id}`}>Take attendance</Link> first; each attending participant can then be
          ordered a dose here.
        </p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table">
              <caption>Orders for {session.title}</caption>
              <thead>
                <tr>
                  <th scope="col">Participant</th>
                  <th scope="col">Order</th>
                  <th scope="col">Status</th>
                  <th scope="col">Signature</th>
                  <th scope="col">Given</th>
                </tr>
              </thead>
              <tbody>
                {orders.rows.map((r) => (
                  <tr key={r.enrollmentId}>
                    <th scope="row">{r.label}</th>
                    <td>{r.order ? `${r.order.text}${r.order.repeat ? `; ${r.order.repeat}` : ""}` : "No order"}</td>
                    <td>{r.order?.status ?? "—"}</td>
                    <td>{r.order?.signature ?? "—"}</td>
                    <td>
                      {r.dose ? (
                        <>
                          {r.dose.text}
                          {r.dose.givenBy ? ` by ${r.dose.givenBy}` : ""}
                          <br />
                          {r.dose.signature ?? "Dosing record not signed yet"}
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="orders-list">
            {orders.rows.map((r) => (
              <OrderCard key={r.enrollmentId} row={r} canOrder={canOrder} />
            ))}
          </div>
        </>
      )}
      {!canOrder ? (
        <p className="muted small no-print">
          Only a prescriber (a clinician with a DEA number on their user record) can order or amend doses.
        </p>
      ) : null}
    </div>
  );
}

function OrderCard({ row, canOrder }: { row: Row; canOrder: boolean }) {
  const id = `order-${row.enrollmentId}`;
  const o = row.order;
  const administered = o?.status === "Administered";
  const defaultValue = useMemo(
    () => ({
      unit: o?.unit ?? "MG",
      amount: o?.amount ?? "",
      weightKg: o?.weightKg != null ? String(o.weightKg) : row.participantWeightKg != null ? String(row.participantWeightKg) : "",
      route: o?.route ?? "",
      repeatDoseMg: o?.repeatDoseMg != null ? String(o.repeatDoseMg) : "",
      repeatAfterMinutes: o?.repeatAfterMinutes != null ? String(o.repeatAfterMinutes) : "",
    }),
    [o, row.participantWeightKg],
  );
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{row.label}</h2>
      {o ? (
        <div>
          <p>
            <strong>
              Version {o.version}: {o.text}
            </strong>
            {o.repeat ? `; ${o.repeat}` : ""} <span className="badge badge--muted">{o.status}</span>
          </p>
          {o.reason ? <p className="small">Reason: {o.reason}</p> : null}
          {o.rangeOverride ? (
            <p className="callout callout--warn small">Outside the program's range: {o.rangeOverride} (flagged for review)</p>
          ) : null}
          <p className="small">{o.signature}</p>
        </div>
      ) : (
        <p className="muted">No order yet.{canOrder ? " Order the dose below." : " A prescriber must order the dose."}</p>
      )}
      {row.history.length ? (
        <details open>
          <summary>Earlier versions ({row.history.length})</summary>
          <ol className="plain-list">
            {row.history.map((h) => (
              <li key={h.id} className="small">
                Version {h.version}: {h.text}
                {h.repeat ? `; ${h.repeat}` : ""} — {h.status}
                {h.reason ? ` — reason: ${h.reason}` : ""}. {h.signature}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      {row.dose?.signature ? <p className="small">Dosing record: {row.dose.signature}</p> : null}
      {canOrder && !row.dose?.signature ? (
        <details className="no-print" open={!o}>
          <summary>{o ? "Amend the order" : "Order the dose"}</summary>
          <SectionForm
            id={`order:${row.enrollmentId}`}
            schema={orderSchema}
            defaultValue={defaultValue}
            intent="order"
            enrollmentId={row.enrollmentId}
            version={o?.version ?? 0}
            submitLabel={o ? "Sign the amended order" : "Sign the order"}
          >
            <div className="inline-fields">
              <SectionField name="amount" label="Dose" inputMode="decimal" />
              <Select
                name="unit"
                label="Dose unit"
                options={[
                  { value: "MG", label: "mg" },
                  { value: "MG_PER_KG", label: "mg/kg" },
                ]}
              />
              <SectionField name="weightKg" label="Weight (kg)" inputMode="decimal" />
            </div>
            <Select name="route" label="Route" options={DOSING_ROUTES.map((x) => ({ value: x, label: DOSING_ROUTE_LABELS[x] }))} />
            <div className="inline-fields">
              <SectionField name="repeatDoseMg" label="Repeat dose, once (mg, optional)" inputMode="decimal" />
              <SectionField name="repeatAfterMinutes" label="Repeat after at least (minutes)" inputMode="numeric" />
            </div>
            <TextArea name="reason" label={o ? "Reason for the amendment" : "Reason (needed when the order differs from the protocol)"} />
            <Checkbox name="overrideDoseRange" label="Prescriber's override: order outside the program's dose range" />
            <p className="small">{signatureStatement("DOSE_ORDER")}</p>
            <SectionField name="password" label="Your password (to sign)" type="password" autoComplete="current-password" />
          </SectionForm>
          {administered ? <p className="muted small">The dose was given as ordered; an amendment applies to a corrected dose.</p> : null}
        </details>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
