import { useRef } from "react";
import { CLIENT_NAV, useClientNavigation } from "~/components/ui/clientNavigation";
import { formatLocalDate } from "~/domain/scheduling/localTime";

export type CalendarEvent = {
  id: string;
  title: string;
  kind: string;
  kindLabel: string;
  status: string;
  cohortName: string;
  room: string | null;
  timeZone: string;
  localDate: string;
  localStartTime: string;
  localEndTime: string;
};

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Week or month grid; each session sits on its local date in its cohort's zone. */
export function CalendarGrid({
  days,
  events,
  more = {},
  moreHref,
  month,
  today,
  week,
}: {
  days: string[];
  events: CalendarEvent[];
  /** Per local date, how many of its sessions are not among `events` (a busy day of a month). */
  more?: Record<string, number>;
  /** Where a day's "N more" leads (its week, which shows every session). */
  moreHref?: (day: string) => string;
  month?: string;
  today: string;
  week: boolean;
}) {
  // Plain links navigated client-side by one listener on the grid (clientNavigation.ts): a
  // month has a hundred or more sessions, and a Remix Link per session ran its hooks on the
  // server for each.
  const grid = useRef<HTMLDivElement>(null);
  useClientNavigation(grid);
  const rows: string[][] = [];
  for (let i = 0; i < days.length; i += 7) rows.push(days.slice(i, i + 7));
  const byDay = new Map<string, CalendarEvent[]>();
  for (const e of events) {
    const list = byDay.get(e.localDate);
    if (list) list.push(e);
    else byDay.set(e.localDate, [e]);
  }
  // A grid of rows (role="row", display: contents, so the CSS grid still lays out the cells).
  // Each day's accessible name is its content: the ISO date first (visually hidden in the
  // month view, which shows the day number), then its sessions.
  return (
    <div ref={grid} className={`calendar${week ? " calendar__week" : ""}`} role="grid" aria-label={week ? "Week" : "Month"}>
      <div role="row" className="calendar__row">
        {WEEKDAYS.map((d) => (
          <div key={d} className="calendar__head" role="columnheader">
            {d}
          </div>
        ))}
      </div>
      {rows.map((row) => (
        <div key={row[0]} role="row" className="calendar__row">
          {row.map((day) => {
            const dayEvents = byDay.get(day) ?? [];
            const hidden = more[day] ?? 0;
            const cls = [
              "calendar__day",
              month && !day.startsWith(month) ? "calendar__day--other" : "",
              day === today ? "calendar__day--today" : "",
            ]
              .filter(Boolean)
              .join(" ");
            return (
              <div key={day} className={cls} role="gridcell" aria-current={day === today ? "date" : undefined}>
                <p className="calendar__date">
                  {/* Screen readers hear the whole date ("Tue 4 May 2027"); the grid shows "4 May" or "4". */}
                  <span className="visually-hidden">{formatLocalDate(day)}</span>
                  <span aria-hidden="true">{week ? formatLocalDate(day, { weekday: false, year: false }) : Number(day.slice(8))}</span>
                </p>
                {dayEvents.length ? (
                  <ul className="calendar__events">
                    {dayEvents.map((e) => (
                      <li
                        key={e.id}
                        className={`calendar__event calendar__event--${e.kind}${e.status === "CANCELLED" ? " calendar__event--cancelled" : ""}`}
                      >
                        <span className="nowrap">
                          {e.localStartTime}–{e.localEndTime}
                        </span>{" "}
                        <span className="muted small">{e.timeZone}</span>
                        <br />
                        <a href={`/sessions/${e.id}`} {...CLIENT_NAV}>
                          {e.title}
                        </a>
                        <br />
                        <span className="small">
                          {e.cohortName}
                          {e.room ? ` · ${e.room}` : ""}
                          {e.status === "CANCELLED" ? " · cancelled" : ""}
                        </span>
                      </li>
                    ))}
                  </ul>
                ) : null}
                {hidden && moreHref ? (
                  <p className="calendar__more small">
                    <a
                      href={moreHref(day)}
                      aria-label={`${hidden} more ${hidden === 1 ? "session" : "sessions"} on ${formatLocalDate(day)}: open the week`}
                      {...CLIENT_NAV}
                    >
                      {`${hidden} more`}
                    </a>
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
