import { Form, Link } from "@remix-run/react";
import { SESSION_KINDS, SESSION_KIND_LABELS, describeStaffMix, type SessionKind, type StaffMix } from "~/domain/scheduling";
import { SortableTable } from "~/components/ui/SortableTable";
import { ConflictsOnSave, type ConflictView } from "./ConflictList";
import { SessionStatusBadge } from "./CohortStatusBadge";
import { CANCEL_REASON_HINT } from "./cohortStatus";

export type ScheduleRow = {
  id: string;
  kind: SessionKind;
  title: string;
  localDate: string;
  localStartTime: string;
  localEndTime: string;
  when: string;
  roomId: string | null;
  roomName: string | null;
  staff: { userId: string; name: string; role: string }[];
  requiredStaff: StaffMix;
  status: string;
  cancelReason: string | null;
  version: number;
};

export type EditFeedback = {
  intent: string;
  sessionId?: string;
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
  conflicts?: { blocking: ConflictView[]; warnings: ConflictView[] };
};

function Err({ id, message }: { id: string; message?: string }) {
  return message ? <p id={id} className="field__error" role="alert">{message}</p> : null;
}

function Input({ id, label, name, error, hint, ...rest }: { id: string; label: string; name: string; error?: string; hint?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-err` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? <p id={`${id}-hint`} className="field__hint">{hint}</p> : null}
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...rest} />
      <Err id={`${id}-err`} message={error} />
    </div>
  );
}

function SessionActions({ s, rooms, feedback }: { s: ScheduleRow; rooms: { id: string; name: string }[]; feedback?: EditFeedback }) {
  const mine = feedback && feedback.sessionId === s.id ? feedback : undefined;
  const f = (intent: string) => (mine?.intent === intent ? mine : undefined);
  const v = (intent: string, k: string, fallback: string) => {
    const x = f(intent)?.values[k];
    return typeof x === "string" ? x : fallback;
  };
  const e = (intent: string, k: string) => f(intent)?.errors[k];
  const id = (x: string) => `${x}-${s.id}`;
  return (
    <details className="session-actions" open={!!mine}>
      <summary>Change<span className="visually-hidden"> {s.title}</span></summary>
      <Form method="post" className="inline-form" aria-label={`Move ${s.title}`}>
        <input type="hidden" name="intent" value="move" />
        <input type="hidden" name="sessionId" value={s.id} />
        <input type="hidden" name="version" value={s.version} />
        <Err id={id("move-form")} message={e("move", "form")} />
        {f("move")?.conflicts ? <ConflictsOnSave {...f("move")!.conflicts!} /> : null}
        <Input id={id("date")} label="New date" name="localDate" defaultValue={v("move", "localDate", s.localDate)} error={e("move", "localDate")} placeholder="YYYY-MM-DD" />
        <Input id={id("start")} label="Start" name="localStartTime" type="time" defaultValue={v("move", "localStartTime", s.localStartTime)} error={e("move", "localStartTime")} />
        <Input id={id("end")} label="End" name="localEndTime" type="time" defaultValue={v("move", "localEndTime", s.localEndTime)} error={e("move", "localEndTime") ?? e("move", "durationMinutes")} />
        <div className="field">
          <label htmlFor={id("room")}>Room</label>
          <select id={id("room")} name="roomId" defaultValue={v("move", "roomId", s.roomId ?? "")}>
            <option value="">No room</option>
            {rooms.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </select>
        </div>
        <button className="button button--small" type="submit">Move session</button>
      </Form>
      <Form method="post" className="inline-form" aria-label={`Shift ${s.title} and following`}>
        <input type="hidden" name="intent" value="shift" />
        <input type="hidden" name="sessionId" value={s.id} />
        <Err id={id("shift-form")} message={e("shift", "form")} />
        {f("shift")?.conflicts ? <ConflictsOnSave {...f("shift")!.conflicts!} /> : null}
        <Input id={id("sdays")} label="Shift by days" name="shiftDays" type="number" defaultValue={v("shift", "shiftDays", "7")} error={e("shift", "shiftDays") ?? e("shift", "deltaMinutes")} className="input--narrow" />
        <Input id={id("smins")} label="and minutes" name="shiftMinutes" type="number" defaultValue={v("shift", "shiftMinutes", "0")} error={e("shift", "shiftMinutes")} className="input--narrow" />
        <button className="button button--small" type="submit">Shift this and all following</button>
      </Form>
      <Form method="post" className="inline-form" aria-label={`Cancel ${s.title}`}>
        <input type="hidden" name="intent" value="cancel" />
        <input type="hidden" name="sessionId" value={s.id} />
        <Err id={id("cancel-form")} message={e("cancel", "form")} />
        <Input id={id("reason")} label="Reason for cancelling" name="reason" hint={CANCEL_REASON_HINT} defaultValue={v("cancel", "reason", "")} error={e("cancel", "reason")} />
        <button className="button button--small button--danger" type="submit">Cancel session</button>
      </Form>
    </details>
  );
}

export function ScheduleTable({ sessions, canManage, rooms, feedback, timeZone }: { sessions: ScheduleRow[]; canManage: boolean; rooms: { id: string; name: string }[]; feedback?: EditFeedback; timeZone: string }) {
  return (
    <SortableTable<ScheduleRow>
      caption={`Sessions, times in ${timeZone}`}
      rows={sessions}
      rowKey={(s) => s.id}
      empty={<p>This cohort has no sessions. {canManage ? "Add one below." : ""}</p>}
      columns={[
        { key: "when", header: `Date and time (${timeZone})`, sortValue: (s) => `${s.localDate} ${s.localStartTime}`, render: (s) => <span className="nowrap">{s.when}–{s.localEndTime}</span> },
        { key: "kind", header: "Kind", sortValue: (s) => s.kind, render: (s) => SESSION_KIND_LABELS[s.kind] ?? s.kind },
        { key: "title", header: "Session", sortValue: (s) => s.title, render: (s) => <Link className="session-title" to={`/sessions/${s.id}`}>{s.title}</Link> },
        { key: "room", header: "Room", sortValue: (s) => s.roomName, render: (s) => s.roomName ?? "—" },
        {
          key: "staff", header: "Staff",
          render: (s) => (
            <>
              {s.staff.map((p) => p.name).join(", ") || "—"}
              {Object.keys(s.requiredStaff).length ? <div className="muted small">needs {describeStaffMix(s.requiredStaff)}</div> : null}
            </>
          ),
        },
        { key: "status", header: "Status", sortValue: (s) => s.status, render: (s) => <><SessionStatusBadge status={s.status} />{s.cancelReason ? <div className="muted small">{s.cancelReason}</div> : null}</> },
        ...(canManage ? [{ key: "actions", header: "Actions", render: (s: ScheduleRow) => (s.status === "SCHEDULED" ? <SessionActions s={s} rooms={rooms} feedback={feedback} /> : null) }] : []),
      ]}
    />
  );
}

export function AddSessionForm({ feedback }: { feedback?: EditFeedback }) {
  const mine = feedback?.intent === "add" ? feedback : undefined;
  const v = (k: string, d = "") => (typeof mine?.values[k] === "string" ? (mine.values[k] as string) : d);
  const e = (k: string) => mine?.errors[k];
  return (
    <section className="card" aria-labelledby="add-h">
      <h2 id="add-h">Add an extra session</h2>
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="add" />
        <Err id="add-form-err" message={e("form")} />
        {mine?.conflicts ? <ConflictsOnSave {...mine.conflicts} /> : null}
        <div className="field">
          <label htmlFor="add-kind">Kind</label>
          <select id="add-kind" name="kind" defaultValue={v("kind", "INTEGRATION")}>
            {SESSION_KINDS.map((k) => <option key={k} value={k}>{SESSION_KIND_LABELS[k]}</option>)}
          </select>
          <Err id="add-kind-err" message={e("kind")} />
        </div>
        <Input id="add-title" label="Title" name="title" defaultValue={v("title")} error={e("title")} />
        <Input id="add-date" label="Date" name="localDate" defaultValue={v("localDate")} error={e("localDate")} placeholder="YYYY-MM-DD" />
        <Input id="add-start" label="Start" name="localStartTime" type="time" defaultValue={v("localStartTime", "18:00")} error={e("localStartTime")} />
        <Input id="add-end" label="End" name="localEndTime" type="time" defaultValue={v("localEndTime", "20:00")} error={e("localEndTime") ?? e("durationMinutes")} />
        <Input id="add-clin" label="Clinicians ≥" name="requiredStaff.CLINICIAN" type="number" min={0} defaultValue={v("requiredStaff.CLINICIAN", "0")} error={e("requiredStaff.CLINICIAN")} className="input--narrow" />
        <Input id="add-fac" label="Facilitators ≥" name="requiredStaff.FACILITATOR" type="number" min={0} defaultValue={v("requiredStaff.FACILITATOR", "1")} error={e("requiredStaff.FACILITATOR")} className="input--narrow" />
        <button className="button" type="submit">Add session</button>
      </Form>
    </section>
  );
}
