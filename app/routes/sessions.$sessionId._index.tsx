import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { AttendanceForm } from "~/components/sessions/AttendanceForm";
import { GroupNoteSection } from "~/components/sessions/GroupNoteSection";
import { SessionHeader } from "~/components/sessions/SessionHeader";
import { readerFor } from "~/models/access.server";
import { ATTENDING } from "~/models/attendance.shared";
import {
  ConflictError,
  DocError,
  cohortFacilitatorIds,
  getRoster,
  rosterForWrite,
  getSessionForViewer,
  parseAttendanceForm,
  saveAttendance,
  sessionHeader,
} from "~/models/attendance.server";
import { addNoteAddendum, addendumFormSchema, cosignNote, getGroupNote, noteFormSchema, saveNoteDraft, signNote } from "~/models/groupNote.server";
import { requirePermission, requireUser } from "~/utils/auth.server";
import { formVersion, readForm } from "~/utils/forms.server";
import { formValues, parseForm } from "~/utils/forms";
import { can } from "~/utils/permissions";
import { requestMeta } from "~/utils/request.server";
import cssUrl from "~/styles/sessions.css";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.session.title ?? "Session"} — Sessions — GroupKAP` }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requireUser(args);
  const session = await getSessionForViewer(viewer, args.params.sessionId);
  const reader = readerFor(args, viewer);
  const roster = await getRoster(reader, session);
  const note = await getGroupNote(reader, session);
  const canWrite = can(viewer.roles, "session:document");
  return {
    session: sessionHeader(session),
    roster,
    note,
    viewerId: viewer.id,
    canWrite,
    canCosign: !!note && note.status === "SIGNED" && !note.cosignedById && note.authorId !== viewer.id && canWrite && cohortFacilitatorIds(session).includes(viewer.id),
  };
}

type Section = "attendance" | "note";
type ActionResult = { ok: true; section: Section; message: string } | { ok: false; section: Section; errors: Record<string, string>; values: Record<string, unknown> };

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "session:document");
  const session = await getSessionForViewer(actor, args.params.sessionId);
  const meta = requestMeta(args);
  const form = await readForm(args.request);
  const intent = String(form.get("intent") ?? "");
  const section: Section = intent === "attendance" ? "attendance" : "note";
  const fail = (errors: Record<string, string>, status = 400) =>
    data<ActionResult>({ ok: false, section, errors, values: formValues(form) }, { status });
  try {
    const roster = await rosterForWrite(actor, session);
    switch (intent) {
      case "attendance": {
        const { rows, errors } = parseAttendanceForm(form, roster);
        if (Object.keys(errors).length) return fail(errors);
        await saveAttendance(actor, meta, session, rows);
        return data<ActionResult>({ ok: true, section, message: "Attendance saved." });
      }
      case "save-note": {
        const parsed = parseForm(noteFormSchema, form);
        if (!parsed.ok) return fail(parsed.errors);
        await saveNoteDraft(actor, meta, session, roster, form, parsed.data);
        return data<ActionResult>({ ok: true, section, message: "Draft saved." });
      }
      case "sign-note":
        await signNote(actor, meta, session, formVersion(form));
        return data<ActionResult>({ ok: true, section, message: "Note signed. It is now locked; corrections are addenda." });
      case "cosign-note":
        await cosignNote(actor, meta, session);
        return data<ActionResult>({ ok: true, section, message: "Note co-signed." });
      case "note-addendum": {
        const parsed = parseForm(addendumFormSchema, form);
        if (!parsed.ok) return fail(parsed.errors);
        await addNoteAddendum(actor, meta, session, parsed.data.text);
        return data<ActionResult>({ ok: true, section, message: "Addendum added." });
      }
      default:
        throw new Response("Unknown intent", { status: 400 });
    }
  } catch (e) {
    if (e instanceof DocError) return fail({ [e.field]: e.message });
    if (e instanceof ConflictError) return fail({ form: e.message }, 409);
    throw e;
  }
}

export default function SessionPage() {
  const { session, roster, note, viewerId, canWrite, canCosign } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const errorsFor = (s: Section) => (result && !result.ok && result.section === s ? result.errors : {});
  const valuesFor = (s: Section) => (result && !result.ok && result.section === s ? result.values : undefined);
  const okFor = (s: Section) =>
    result?.ok && result.section === s ? (
      <div className="callout callout--ok" role="status">
        {result.message}
      </div>
    ) : null;
  const attending = roster.filter((r) => r.status && ATTENDING.includes(r.status));
  return (
    <div className="session-page">
      <SessionHeader session={session} current="session" />
      <section className="card" aria-labelledby="attendance-h">
        <h2 id="attendance-h">Attendance</h2>
        {okFor("attendance")}
        <AttendanceForm key={roster.map((r) => r.version).join(".")} rows={roster} canWrite={canWrite} errors={errorsFor("attendance")} values={valuesFor("attendance")} />
      </section>
      <section className="card" aria-labelledby="note-h" id="group-note">
        <h2 id="note-h">Group note</h2>
        {okFor("note")}
        {errorsFor("note").form && note?.status === "SIGNED" ? (
          <div className="callout callout--error" role="alert">
            {errorsFor("note").form}
          </div>
        ) : null}
        <GroupNoteSection
          key={`${note?.version ?? 0}`}
          note={note}
          attending={attending}
          canWrite={canWrite}
          viewerId={viewerId}
          canCosign={canCosign}
          timeZone={session.timeZone}
          errors={errorsFor("note")}
          values={valuesFor("note")}
        />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
