import { Link, useFormAction } from "@remix-run/react";
import { useState } from "react";
import { RowForm, SchemaForm, fieldProps, formMessage, replyFor, useSchemaForm } from "~/components/ui/SchemaForm";
import { SortableTable } from "~/components/ui/SortableTable";
import { SESSION_KINDS, SESSION_KIND_LABELS, describeStaffMix, type SessionKind, type StaffMix } from "~/domain/scheduling";
import type { FormReply } from "~/forms/reply";
import {
  addSessionFormSchema,
  cancelSessionFormSchema,
  conflictDetails,
  moveSessionFormSchema,
  shiftFollowingFormSchema,
} from "~/forms/scheduling";
import { CANCEL_REASON_HINT } from "./cohortStatus";
import { SessionStatusBadge } from "./CohortStatusBadge";
import { ConflictsOnSave } from "./ConflictList";

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

type Reply = FormReply<unknown> | undefined;
type Room = { id: string; name: string };

/** Each session's forms have their own id, so only the one sent shows the reply. */
const formIds = (sessionId: string) => ({ move: `move:${sessionId}`, shift: `shift:${sessionId}`, cancel: `cancel:${sessionId}` });
export const ADD_SESSION_FORM_ID = "add-session";

/** The scheduling clashes a refused save of form `id` came back with (warnings get a checkbox each). */
function Conflicts({ reply, id }: { reply: Reply; id: string }) {
  const conflicts = conflictDetails(replyFor(reply, id)?.details);
  return conflicts ? <ConflictsOnSave blocking={conflicts.blocking} warnings={conflicts.warnings} /> : null;
}

function Err({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="field__error" role="alert">
      {message}
    </p>
  ) : null;
}

function Input({
  id,
  label,
  name,
  error,
  hint,
  ...rest
}: { id: string; label: string; name: string; error?: string; hint?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-err` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...rest} />
      <Err id={`${id}-err`} message={error} />
    </div>
  );
}

/** What each of a session's change forms needs besides the session: see SessionChangePanel. */
type PanelForm = { s: ScheduleRow; reply: Reply; action: string; active: boolean };

function MoveForm({ s, rooms, reply, action, active }: PanelForm & { rooms: Room[] }) {
  const id = formIds(s.id).move;
  return (
    <RowForm
      id={id}
      schema={moveSessionFormSchema}
      reply={reply}
      action={action}
      active={active}
      defaultValue={{ localDate: s.localDate, localStartTime: s.localStartTime, localEndTime: s.localEndTime, roomId: s.roomId ?? "" }}
      className="inline-form"
      aria-label={`Move ${s.title}`}
    >
      {(form, fields) => {
        const room = fieldProps(fields.roomId);
        return (
          <>
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="sessionId" value={s.id} />
            <input type="hidden" name="version" value={s.version} />
            <Err id={`${id}-form`} message={formMessage(form)} />
            <Conflicts reply={reply} id={id} />
            <Input key={fields.localDate.key} label="New date" {...fieldProps(fields.localDate)} placeholder="YYYY-MM-DD" />
            <Input key={fields.localStartTime.key} label="Start" type="time" {...fieldProps(fields.localStartTime)} />
            <Input key={fields.localEndTime.key} label="End" type="time" {...fieldProps(fields.localEndTime)} />
            <div className="field">
              <label htmlFor={room.id}>Room</label>
              <select key={fields.roomId.key} id={room.id} name={room.name} defaultValue={room.defaultValue}>
                <option value="">No room</option>
                {rooms.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            </div>
            <button className="button button--small" type="submit">
              Move session
            </button>
          </>
        );
      }}
    </RowForm>
  );
}

function ShiftForm({ s, reply, action, active }: PanelForm) {
  const id = formIds(s.id).shift;
  return (
    <RowForm
      id={id}
      schema={shiftFollowingFormSchema}
      reply={reply}
      action={action}
      active={active}
      defaultValue={{ shiftDays: "7", shiftMinutes: "0" }}
      className="inline-form"
      aria-label={`Shift ${s.title} and following`}
    >
      {(form, fields) => (
        <>
          <input type="hidden" name="intent" value="shift" />
          <input type="hidden" name="sessionId" value={s.id} />
          <Err id={`${id}-form`} message={formMessage(form)} />
          <Conflicts reply={reply} id={id} />
          <Input
            key={fields.shiftDays.key}
            label="Shift by days"
            type="number"
            {...fieldProps(fields.shiftDays)}
            className="input--narrow"
          />
          <Input
            key={fields.shiftMinutes.key}
            label="and minutes"
            type="number"
            {...fieldProps(fields.shiftMinutes)}
            className="input--narrow"
          />
          <button className="button button--small" type="submit">
            Shift this and all following
          </button>
        </>
      )}
    </RowForm>
  );
}

function CancelForm({ s, reply, action, active }: PanelForm) {
  const id = formIds(s.id).cancel;
  return (
    <RowForm
      id={id}
      schema={cancelSessionFormSchema}
      reply={reply}
      action={action}
      active={active}
      className="inline-form"
      aria-label={`Cancel ${s.title}`}
    >
      {(form, fields) => (
        <>
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="sessionId" value={s.id} />
          <Err id={`${id}-form`} message={formMessage(form)} />
          <Input key={fields.reason.key} label="Reason for cancelling" hint={CANCEL_REASON_HINT} {...fieldProps(fields.reason)} />
          <button className="button button--small button--danger" type="submit">
            Cancel session
          </button>
        </>
      )}
    </RowForm>
  );
}

const toggleId = (sessionId: string) => `change-toggle:${sessionId}`;
const panelId = (sessionId: string) => `change-panel:${sessionId}`;

/** Closes a session's Change panel and gives the focus back to its toggle. */
function closePanel(sessionId: string) {
  const details = document.getElementById(toggleId(sessionId)) as HTMLDetailsElement | null;
  if (!details?.open) return;
  details.open = false;
  details.querySelector("summary")?.focus();
}

/**
 * The Change toggle in the Actions column: a disclosure whose panel is the full-width row under
 * the session's row (SessionChangePanel), shown by CSS while it is open — so it works without
 * JavaScript, and the table keeps its columns. With JavaScript opening it moves the focus to the
 * panel's first field, Escape closes it and gives the focus back to the toggle.
 */
function SessionActions({ s, reply, onOpen }: { s: ScheduleRow; reply: Reply; onOpen: (sessionId: string) => void }) {
  return (
    <details className="session-actions" id={toggleId(s.id)} open={refused(s, reply)}>
      <summary
        aria-controls={panelId(s.id)}
        onClick={(e) => {
          const opening = !(e.currentTarget.parentElement as HTMLDetailsElement).open;
          if (opening) onOpen(s.id);
          if (opening)
            setTimeout(() =>
              document.getElementById(panelId(s.id))?.querySelector<HTMLElement>("input:not([type=hidden]), select")?.focus(),
            );
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") closePanel(s.id);
        }}
      >
        Change<span className="visually-hidden"> {s.title}</span>
      </summary>
    </details>
  );
}

function refused(s: ScheduleRow, reply: Reply) {
  return Object.values(formIds(s.id)).some((id) => {
    const mine = replyFor(reply, id);
    return !!mine && !mine.ok;
  });
}

/**
 * The forms that change one session: move it, shift it and those after it, cancel it. They are
 * plain forms (RowForm) until the panel is first opened (`active`; a refused reply opens it and
 * answers its form): a schedule of dozens of sessions renders none of Conform's state for the
 * panels nobody opens, and an opened panel's forms check what is typed before sending.
 */
function SessionChangePanel({ s, rooms, ...form }: Omit<PanelForm, "s"> & { s: ScheduleRow; rooms: Room[] }) {
  return (
    // Escape anywhere in the panel closes it: the keydown bubbles up from its fields and buttons
    // (a shortcut; the toggle itself is the summary, a native control).
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <div
      className="session-change"
      role="group"
      aria-label={`Change ${s.title}`}
      onKeyDown={(e) => {
        if (e.key === "Escape") closePanel(s.id);
      }}
    >
      <p className="session-change__title">
        <strong>{s.title}</strong> ({s.when}–{s.localEndTime}): move it, shift it and the sessions after it, or cancel it.
      </p>
      <div className="session-change__forms">
        {/* A new version (the session moved) starts the forms afresh from the new times. */}
        <MoveForm key={`move-${s.version}`} s={s} rooms={rooms} {...form} />
        <ShiftForm key={`shift-${s.version}`} s={s} {...form} />
        <CancelForm s={s} {...form} />
      </div>
    </div>
  );
}

export function ScheduleTable({
  sessions,
  canManage,
  rooms,
  reply,
  timeZone,
}: {
  sessions: ScheduleRow[];
  canManage: boolean;
  rooms: Room[];
  reply: Reply;
  timeZone: string;
}) {
  // The route's action, read once for every row form (their no-JavaScript posts), and the
  // sessions whose Change panel was opened (their forms on Conform from then on).
  const action = useFormAction();
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set());
  const open = (sessionId: string) => setOpened((was) => (was.has(sessionId) ? was : new Set(was).add(sessionId)));
  return (
    <SortableTable<ScheduleRow>
      caption={`Sessions, times in ${timeZone}`}
      className="schedule-table"
      rows={sessions}
      rowKey={(s) => s.id}
      empty={<p>This cohort has no sessions. {canManage ? "Add one below." : ""}</p>}
      rowDetail={(s) =>
        canManage && s.status === "SCHEDULED"
          ? {
              id: panelId(s.id),
              className: "session-change-row",
              content: <SessionChangePanel s={s} rooms={rooms} reply={reply} action={action} active={opened.has(s.id)} />,
            }
          : null
      }
      columns={[
        {
          key: "when",
          header: `Date and time (${timeZone})`,
          sortValue: (s) => `${s.localDate} ${s.localStartTime}`,
          // Two unbreakable parts, so a phone wraps between the day and the hours instead of
          // squeezing the staff names into a column one word wide.
          render: (s) => {
            const cut = s.when.lastIndexOf(", ");
            return cut < 0 ? (
              <span className="nowrap">
                {s.when}–{s.localEndTime}
              </span>
            ) : (
              <>
                <span className="nowrap">{s.when.slice(0, cut + 1)}</span>{" "}
                <span className="nowrap">
                  {s.when.slice(cut + 2)}–{s.localEndTime}
                </span>
              </>
            );
          },
        },
        { key: "kind", header: "Kind", sortValue: (s) => s.kind, render: (s) => SESSION_KIND_LABELS[s.kind] ?? s.kind },
        {
          key: "title",
          header: "Session",
          sortValue: (s) => s.title,
          render: (s) => (
            <Link className="session-title" to={`/sessions/${s.id}`}>
              {s.title}
            </Link>
          ),
        },
        { key: "room", header: "Room", sortValue: (s) => s.roomName, render: (s) => s.roomName ?? "—" },
        {
          key: "staff",
          header: "Staff",
          render: (s) => (
            <div className="schedule-table__staff">
              {s.staff.map((p) => p.name).join(", ") || "—"}
              {Object.keys(s.requiredStaff).length ? <div className="muted small">needs {describeStaffMix(s.requiredStaff)}</div> : null}
            </div>
          ),
        },
        {
          key: "status",
          header: "Status",
          sortValue: (s) => s.status,
          render: (s) => (
            <>
              <SessionStatusBadge status={s.status} />
              {s.cancelReason ? <div className="muted small">{s.cancelReason}</div> : null}
            </>
          ),
        },
        ...(canManage
          ? [
              {
                key: "actions",
                header: "Actions",
                render: (s: ScheduleRow) => (s.status === "SCHEDULED" ? <SessionActions s={s} reply={reply} onOpen={open} /> : null),
              },
            ]
          : []),
      ]}
    />
  );
}

export function AddSessionForm({ reply }: { reply: Reply }) {
  const [form, fields] = useSchemaForm({
    id: ADD_SESSION_FORM_ID,
    schema: addSessionFormSchema,
    reply,
    defaultValue: {
      kind: "INTEGRATION",
      title: "",
      localDate: "",
      localStartTime: "18:00",
      localEndTime: "20:00",
      requiredStaff: { CLINICIAN: "0", FACILITATOR: "1" },
    },
  });
  const staff = fields.requiredStaff.getFieldset();
  const kind = fieldProps(fields.kind);
  return (
    <section className="card" aria-labelledby="add-h">
      <h2 id="add-h">Add an extra session</h2>
      <SchemaForm form={form} className="inline-form">
        <input type="hidden" name="intent" value="add" />
        <Err id="add-form-err" message={formMessage(form)} />
        <Conflicts reply={reply} id={ADD_SESSION_FORM_ID} />
        <div className={`field${kind.error ? " field--error" : ""}`}>
          <label htmlFor={kind.id}>Kind</label>
          <select
            key={fields.kind.key}
            id={kind.id}
            name={kind.name}
            defaultValue={kind.defaultValue}
            aria-invalid={kind.error ? true : undefined}
            aria-describedby={kind.error ? `${kind.id}-err` : undefined}
          >
            {SESSION_KINDS.map((k) => (
              <option key={k} value={k}>
                {SESSION_KIND_LABELS[k]}
              </option>
            ))}
          </select>
          <Err id={`${kind.id}-err`} message={kind.error} />
        </div>
        <Input key={fields.title.key} label="Title" {...fieldProps(fields.title)} />
        <Input key={fields.localDate.key} label="Date" {...fieldProps(fields.localDate)} placeholder="YYYY-MM-DD" />
        <Input key={fields.localStartTime.key} label="Start" type="time" {...fieldProps(fields.localStartTime)} />
        <Input key={fields.localEndTime.key} label="End" type="time" {...fieldProps(fields.localEndTime)} />
        <Input
          key={staff.CLINICIAN.key}
          label="Clinicians ≥"
          type="number"
          min={0}
          {...fieldProps(staff.CLINICIAN)}
          className="input--narrow"
        />
        <Input
          key={staff.FACILITATOR.key}
          label="Facilitators ≥"
          type="number"
          min={0}
          {...fieldProps(staff.FACILITATOR)}
          className="input--narrow"
        />
        <button className="button" type="submit">
          Add session
        </button>
      </SchemaForm>
    </section>
  );
}
