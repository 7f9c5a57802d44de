import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useRef } from "react";
import { DosingCard, toLocalInput } from "~/components/dosing/DosingCard";
import { DosingRecordPrint } from "~/components/dosing/DosingRecord";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SessionHeader } from "~/components/sessions/SessionHeader";
import { CLIENT_NAV, useClientNavigation } from "~/components/ui/clientNavigation";
import { defaultClinicalTime } from "~/domain/safety";
import { dosingIntents, type DosingIntent } from "~/forms/dosing";
import { readerFor } from "~/models/access.server";
import { getRoster, getSessionForViewer, rosterForWrite, sessionHeader } from "~/models/attendance.server";
import {
  addDosingAddendum,
  addVitalsReading,
  dosingFormContext,
  getDosingBoard,
  overridePreDoseGate,
  saveCadss,
  saveChecklist,
  saveDischarge,
  saveDose,
  savePreDoseVitals,
  signDosingRecord,
  signedDosingRecords,
} from "~/models/dosing.server";
import cssUrl from "~/styles/sessions.css";
import { formAction } from "~/utils/action.server";
import { requirePermission, requireUser } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

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
  // A group fits on one page of cards; a larger board (a big cohort's dosing day) shows an
  // overview of everyone and the card of one participant at a time (?p=, else the first
  // not yet signed), so the page stays the same size however many are dosed.
  const { overview, selectedId, ...board } = await getDosingBoard(reader, session, roster, {
    chosen: new URL(args.request.url).searchParams.get("p"),
  });
  const header = sessionHeader(session);
  const canWrite = can(viewer.roles, "dosing:document");
  // The site's lots feed the dose forms; cards without forms (signed, or a viewer who does not
  // document dosing) need only their records' lots (the opened-vial prompt).
  const forms = canWrite && board.cards.some((c) => !c.record?.signedAt);
  return {
    session: header,
    board: { ...board, lots: forms ? board.lots : board.lots.filter((l) => board.cards.some((c) => c.record?.lotId === l.id)) },
    /** Whether the site has a lot usable on the session's date (else: receive one before dosing). */
    siteHasLots: board.lots.some((l) => !l.expired),
    overview,
    selectedId,
    canWrite,
    viewerId: viewer.id,
    // Time boxes default to now during the session, else to the session's start (its own date, never today's).
    nowLocal: toLocalInput(defaultClinicalTime(session, new Date()).toISOString(), header.timeZone),
  };
}

/** What each board action says when it worked (a toast, and a line in the section that was sent). */
const SUCCESS: Record<DosingIntent["intent"], string> = {
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
  return formAction(args, {
    permission: { actor: viewer },
    schema: dosingIntents({ ...dosingFormContext(session), signed: await signedDosingRecords(session.id) }),
    run: async (input, { actor, meta }) => {
      const target = { session, roster: await rosterForWrite(viewer, session) };
      switch (input.intent) {
        case "checklist":
          return saveChecklist(actor, meta, target, input);
        case "predose_vitals":
          return savePreDoseVitals(actor, meta, target, input);
        case "override":
          return overridePreDoseGate(actor, meta, target, input);
        case "dose":
          return saveDose(actor, meta, target, input);
        case "vitals":
          return addVitalsReading(actor, meta, target, input);
        case "cadss":
          return saveCadss(actor, meta, target, input);
        case "discharge":
          return saveDischarge(actor, meta, target, input);
        case "sign":
          return signDosingRecord(actor, meta, target, input);
        case "addendum":
          return addDosingAddendum(actor, meta, target, input);
      }
    },
    // The values stay in the section (the board is one long page of small forms); the
    // message is a toast and, by `data`, a line in the section that was sent.
    success: (_, input) => ({ toast: SUCCESS[input.intent], data: { message: SUCCESS[input.intent] }, keepValues: true }),
  });
}

export default function DosingBoardPage() {
  const { session, board, siteHasLots, overview, selectedId, canWrite, viewerId, nowLocal } = useLoaderData<typeof loader>();
  const ctx = {
    canWrite,
    timeZone: session.timeZone,
    nowLocal,
    viewerId,
    checklist: board.checklist,
    lots: board.lots,
    clinicians: board.clinicians,
    doseRanges: board.doseRanges,
    viewerIsPrescriber: board.viewerIsPrescriber,
    usesOrders: board.usesOrders,
    window: board.window,
  };
  const t = board.thresholds;
  const overviewNav = useRef<HTMLElement>(null);
  useClientNavigation(overviewNav);
  return (
    <div className="dosing-page">
      <SessionHeader session={session} current="dosing" />
      <p className="callout callout--info dosing-thresholds">
        Pre-dose gate: BP above {t.preDoseSystolicMax}/{t.preDoseDiastolicMax} mmHg
        {t.preDoseHeartRateMax ? `, heart rate above ${t.preDoseHeartRateMax} bpm` : ""}
        {t.preDoseSpo2Min ? `, SpO2 below ${t.preDoseSpo2Min}%` : ""} blocks dosing unless a clinician overrides with a written reason.
        Minimum monitoring: {t.minMonitoringMinutes} minutes.
      </p>
      {!siteHasLots ? (
        <p className="callout callout--warn">
          No unexpired ketamine lot is recorded for {session.site}.{" "}
          {canWrite ? <Link to="/ledger/lots/new">Receive a lot</Link> : "A clinician must receive a lot"} before dosing.
        </p>
      ) : null}
      {board.cards.length === 0 ? (
        <p className="empty">
          No one is attending. <Link to={`/sessions/${session.id}`}>Take attendance</Link> first; a card appears here for each attending
          participant.
        </p>
      ) : overview ? (
        // Plain links (a big board lists dozens), navigated client-side by the nav's listener.
        <nav aria-label="Participants on this board" className="no-print" ref={overviewNav}>
          <div className="table-wrap">
            <table className="table">
              <caption>
                {overview.length} participants on this board: choose one to document (one card at a time on a board this size).
              </caption>
              <thead>
                <tr>
                  <th scope="col">Participant</th>
                  <th scope="col">Dosing record</th>
                </tr>
              </thead>
              <tbody>
                {overview.map((o) => (
                  <tr key={o.enrollmentId}>
                    <td>
                      <a
                        href={`/sessions/${session.id}/dosing?p=${o.enrollmentId}#card-${o.enrollmentId}`}
                        aria-current={o.enrollmentId === selectedId ? "true" : undefined}
                        {...CLIENT_NAV}
                      >
                        {o.label}
                      </a>
                    </td>
                    <td>{o.state}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </nav>
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
      {/* What prints instead of the board: the records, compact, without the forms. */}
      <DosingRecordPrint cards={board.cards} checklist={board.checklist} timeZone={session.timeZone} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
