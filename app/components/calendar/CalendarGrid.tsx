import { Link } from "@remix-run/react";

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
  month,
  today,
  week,
}: {
  days: string[];
  events: CalendarEvent[];
  month?: string;
  today: string;
  week: boolean;
}) {
  return (
    <div className={`calendar${week ? " calendar__week" : ""}`} role="grid" aria-label={week ? "Week" : "Month"}>
      {WEEKDAYS.map((d) => (
        <div key={d} className="calendar__head" role="columnheader">
          {d}
        </div>
      ))}
      {days.map((day) => {
        const dayEvents = events.filter((e) => e.localDate === day);
        const cls = [
          "calendar__day",
          month && !day.startsWith(month) ? "calendar__day--other" : "",
          day === today ? "calendar__day--today" : "",
        ]
          .filter(Boolean)
          .join(" ");
        return (
          <div key={day} className={cls} role="gridcell" aria-label={day}>
            <p className="calendar__date">{week ? day : Number(day.slice(8))}</p>
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
                    <Link to={`/sessions/${e.id}`}>{e.title}</Link>
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
          </div>
        );
      })}
    </div>
  );
}
