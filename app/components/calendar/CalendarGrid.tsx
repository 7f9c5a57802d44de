import { useRef } from "react";
import { clientLink, useClientNavigation } from "~/components/ui/clientNavigation";
import { markup, type SafeHtml } from "~/components/ui/html";
import { formatLocalDate } from "~/domain/scheduling/localTime";

export type CalendarEvent = {
  id: string;
  title: string;
  kind: string;
  status: string;
  cohortName: string;
  room: string | null;
  timeZone: string;
  localDate: string;
  localStartTime: string;
  localEndTime: string;
};

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** A view's sessions as rows of values for the loader's data (a month has a hundred or more). */
export type PackedCalendarEvents = (string | null)[][];

export function packCalendarEvents(events: readonly CalendarEvent[]): PackedCalendarEvents {
  return events.map((e) => [
    e.id,
    e.title,
    e.kind,
    e.status,
    e.cohortName,
    e.room,
    e.timeZone,
    e.localDate,
    e.localStartTime,
    e.localEndTime,
  ]);
}

export function unpackCalendarEvents(rows: PackedCalendarEvents): CalendarEvent[] {
  return rows.map(([id, title, kind, status, cohortName, room, timeZone, localDate, localStartTime, localEndTime]) => ({
    id: id!,
    title: title!,
    kind: kind!,
    status: status!,
    cohortName: cohortName!,
    room,
    timeZone: timeZone!,
    localDate: localDate!,
    localStartTime: localStartTime!,
    localEndTime: localEndTime!,
  }));
}

/** A zone's name that a narrow day wraps after its slashes ("America/" "New_York"), not inside a word. */
function zoneMarkup(zone: string): SafeHtml {
  return markup`${zone.split("/").map((part, i) => (i ? markup`/<wbr/>${part}` : part))}`;
}

/**
 * One day's content as markup (a month's ~40 days and their sessions were ~1,000 React
 * elements rendered on the server for each view): its date, its sessions and, on a busy day of
 * a month, the link to its week.
 */
function dayMarkup(day: string, events: readonly CalendarEvent[], hidden: number, moreHref: string | null, week: boolean): SafeHtml {
  // Screen readers hear the whole date ("Tue 4 May 2027"); the grid shows "4 May" or "4".
  const date = markup`<p class="calendar__date"><span class="visually-hidden">${formatLocalDate(day)}</span><span aria-hidden="true">${
    week ? formatLocalDate(day, { weekday: false, year: false }) : Number(day.slice(8))
  }</span></p>`;
  const list = events.length
    ? markup`<ul class="calendar__events">${events.map(
        (e) =>
          markup`<li class="calendar__event calendar__event--${e.kind}${e.status === "CANCELLED" ? " calendar__event--cancelled" : ""}"><span class="nowrap">${
            e.localStartTime
          }–${e.localEndTime}</span> <span class="muted small">${zoneMarkup(e.timeZone)}</span><br/>${clientLink(`/sessions/${e.id}`, e.title)}<br/><span class="small">${
            e.cohortName
          }${e.room ? ` · ${e.room}` : null}${e.status === "CANCELLED" ? " · cancelled" : null}</span></li>`,
      )}</ul>`
    : null;
  const more =
    hidden && moreHref
      ? markup`<p class="calendar__more small">${clientLink(moreHref, `${hidden} more`, {
          label: `${hidden} more ${hidden === 1 ? "session" : "sessions"} on ${formatLocalDate(day)}: open the week`,
        })}</p>`
      : null;
  return markup`${date}${list}${more}`;
}

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
  // server for each. Each day's content is one piece of markup (dayMarkup).
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
              <div
                key={day}
                className={cls}
                role="gridcell"
                aria-current={day === today ? "date" : undefined}
                dangerouslySetInnerHTML={dayMarkup(day, dayEvents, hidden, hidden && moreHref ? moreHref(day) : null, week)}
              />
            );
          })}
        </div>
      ))}
    </div>
  );
}
