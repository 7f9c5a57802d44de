import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { DosingCard, toLocalInput } from "~/components/dosing/DosingCard";
import type { DosingActionResult } from "~/components/dosing/SectionForm";
import { SessionHeader } from "~/components/sessions/SessionHeader";
import { readerFor } from "~/models/access.server";
import { getRoster, getSessionForViewer, rosterForWrite, sessionHeader } from "~/models/attendance.server";
import { ConflictError, FieldError } from "~/models/kernel.server";
import { MissingForSigningError, getDosingBoard, handleDosingIntent } from "~/models/dosing.server";
import { requirePermission, requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { can } from "~/utils/permissions";
import { requestMeta } from "~/utils/request.server";
import cssUrl from "~/styles/sessions.css";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Dosing board — ${data?.session.title ?? "Session"} — GroupKAP` }];

async function dosingSession(args: LoaderFunctionArgs) {
  const viewer = await requireUser(args);
  const session = await getSessionForViewer(viewer, args.params.sessionId);
  if (session.kind !== "DOSING") throw new Response("This session is not a dosing session", { status: 404 });
  return { viewer, session };
}

export async function loader(args: LoaderFunctionArgs) {
  const { viewer, session } = await dosingSession(args);
  const reader = readerFor(args, viewer);
  const roster = await getRoster(reader, session);
  const board = await getDosingBoard(reader, session, roster);
  const header = sessionHeader(session);
  return {
    session: header,
    board,
    canWrite: can(viewer.roles, "dosing:document"),
    viewerId: viewer.id,
    nowLocal: toLocalInput(new Date().toISOString(), header.timeZone),
  };
}

const MESSAGES: Record<string, string> = {
  checklist: "Checklist saved.",
  predose_vitals: "Pre-dose vitals saved.",
  override: "Override recorded and flagged for review.",
  dose: "Dose saved.",
  vitals: "Reading added.",
  cadss: "CADSS-6 saved.",
  discharge: "Discharge saved.",
  sign: "Signed. The record is locked and the administration is in the controlled-substance log.",
  addendum: "Addendum added.",
};

export async function action(args: ActionFunctionArgs) {
  await requirePermission(args, "dosing:document");
  const { viewer, session } = await dosingSession(args);
  const form = await readForm(args.request);
  const intent = String(form.get("intent") ?? "");
  if (!(intent in MESSAGES)) throw new Response("Unknown intent", { status: 400 });
  const roster = await rosterForWrite(viewer, session);
  try {
    await handleDosingIntent(viewer, requestMeta(args), session, roster, intent, form);
    return data<DosingActionResult>({ ok: true, message: MESSAGES[intent] });
  } catch (e) {
    if (e instanceof MissingForSigningError) return data<DosingActionResult>({ ok: false, errors: { form: e.message }, missing: e.missing }, { status: 400 });
    if (e instanceof FieldError) {
      const errors = (e as FieldError & { errors?: Record<string, string> }).errors ?? e.fields;
      return data<DosingActionResult>({ ok: false, errors }, { status: 400 });
    }
    if (e instanceof ConflictError) return data<DosingActionResult>({ ok: false, errors: { form: e.message } }, { status: 409 });
    throw e;
  }
}

export default function DosingBoardPage() {
  const { session, board, canWrite, viewerId, nowLocal } = useLoaderData<typeof loader>();
  const ctx = { canWrite, timeZone: session.timeZone, nowLocal, viewerId, checklist: board.checklist, lots: board.lots, clinicians: board.clinicians };
  const t = board.thresholds;
  return (
    <div className="dosing-page">
      <SessionHeader session={session} current="dosing" />
      <p className="callout callout--info">
        Pre-dose gate: BP above {t.preDoseSystolicMax}/{t.preDoseDiastolicMax} mmHg
        {t.preDoseHeartRateMax ? `, heart rate above ${t.preDoseHeartRateMax} bpm` : ""}
        {t.preDoseSpo2Min ? `, SpO2 below ${t.preDoseSpo2Min}%` : ""} blocks dosing unless a clinician overrides with a written reason. Minimum monitoring:{" "}
        {t.minMonitoringMinutes} minutes.
      </p>
      {board.lots.length === 0 ? (
        <p className="callout callout--warn">
          No ketamine lot is recorded for {session.site}. {canWrite ? <Link to="/ledger/lots/new">Receive a lot</Link> : "A clinician must receive a lot"} before dosing.
        </p>
      ) : null}
      {board.cards.length === 0 ? (
        <p className="empty">
          No one is attending. <Link to={`/sessions/${session.id}`}>Take attendance</Link> first; a card appears here for each attending participant.
        </p>
      ) : (
        <nav aria-label="Participants on this board" className="actions no-print">
          {board.cards.map((c) => (
            <a key={c.enrollmentId} href={`#card-${c.enrollmentId}`} className="button button--small">
              {c.label}
            </a>
          ))}
        </nav>
      )}
      <div className="dosing-board">
        {board.cards.map((card) => (
          <DosingCard key={card.enrollmentId} card={card} ctx={ctx} />
        ))}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
