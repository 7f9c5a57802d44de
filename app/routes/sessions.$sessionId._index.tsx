import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { AttendanceForm } from "~/components/sessions/AttendanceForm";
import { GroupNoteSection } from "~/components/sessions/GroupNoteSection";
import { SessionHeader } from "~/components/sessions/SessionHeader";
import { FormError } from "~/components/ui/Field";
import { replyFor } from "~/components/ui/SchemaForm";
import { NOTE_FORM_IDS, sessionIntents } from "~/forms/sessions";
import { readerFor } from "~/models/access.server";
import {
  cohortFacilitatorIds,
  getRoster,
  rosterForWrite,
  getSessionForViewer,
  saveAttendance,
  sessionHeader,
} from "~/models/attendance.server";
import { ATTENDING } from "~/models/attendance.shared";
import { addNoteAddendum, cosignNote, getGroupNote, saveNoteDraft, signNote } from "~/models/groupNote.server";
import cssUrl from "~/styles/sessions.css";
import { formAction } from "~/utils/action.server";
import { requirePermission, requireUser } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.session.title ?? "Session"} — Sessions — GroupKAP` }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requireUser(args);
  const session = await getSessionForViewer(viewer, args.params.sessionId);
  const reader = readerFor(args, viewer);
  const roster = await getRoster(reader, session);
  const note = await getGroupNote(reader, session, roster);
  const canWrite = can(viewer.roles, "session:document");
  return {
    session: sessionHeader(session),
    roster,
    note,
    viewerId: viewer.id,
    canWrite,
    canCosign:
      !!note &&
      note.status === "SIGNED" &&
      !note.cosignedById &&
      note.authorId !== viewer.id &&
      canWrite &&
      cohortFacilitatorIds(session).includes(viewer.id),
  };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "session:document");
  const session = await getSessionForViewer(actor, args.params.sessionId);
  return formAction(args, {
    permission: { actor },
    schema: sessionIntents,
    run: async (input, { meta }) => {
      switch (input.intent) {
        case "attendance":
          return saveAttendance(actor, meta, session, await rosterForWrite(actor, session), input);
        case "save-note":
          return saveNoteDraft(actor, meta, session, await rosterForWrite(actor, session), input);
        case "sign-note":
          return signNote(actor, meta, session, input.version, input.password);
        case "cosign-note":
          return cosignNote(actor, meta, session);
        case "note-addendum":
          return addNoteAddendum(actor, meta, session, input.text);
      }
    },
    // The saved attendance and draft stay in their boxes (they are what was stored).
    success: (_, input) => ({ toast: SUCCESS[input.intent], keepValues: input.intent === "attendance" || input.intent === "save-note" }),
  });
}

const SUCCESS: Record<z.output<typeof sessionIntents>["intent"], string> = {
  attendance: "Attendance saved.",
  "save-note": "Draft saved.",
  "sign-note": "Note signed. It is now locked; corrections are addenda.",
  "cosign-note": "Note co-signed.",
  "note-addendum": "Addendum added.",
};

export default function SessionPage() {
  const { session, roster, note, viewerId, canWrite, canCosign } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  // Once the note is signed its forms (addendum, co-sign) show their refusals here, above
  // the note, as does a stale draft form sent from another tab.
  const noteReply = NOTE_FORM_IDS.map((id) => replyFor(reply, id)).find(Boolean);
  const signedNoteError = note?.status === "SIGNED" && noteReply && !noteReply.ok ? noteReply.result.error?.[""]?.[0] : undefined;
  const attending = roster.filter((r) => r.status && ATTENDING.includes(r.status));
  return (
    <div className="session-page">
      <SessionHeader session={session} current="session" />
      <section className="card no-print" aria-labelledby="attendance-h">
        <h2 id="attendance-h">Attendance</h2>
        <AttendanceForm key={roster.map((r) => r.version).join(".")} rows={roster} canWrite={canWrite} reply={reply} />
      </section>
      <section className="card" aria-labelledby="note-h" id="group-note">
        <h2 id="note-h">Group note</h2>
        <FormError message={signedNoteError} />
        <GroupNoteSection
          key={`${note?.version ?? 0}`}
          note={note}
          attending={attending}
          labels={Object.fromEntries(roster.map((r) => [r.enrollmentId, r.label]))}
          canWrite={canWrite}
          viewerId={viewerId}
          canCosign={canCosign}
          timeZone={session.timeZone}
          reply={reply}
        />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
