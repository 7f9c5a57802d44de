import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { CalendarGrid, packCalendarEvents, unpackCalendarEvents } from "~/components/calendar/CalendarGrid";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { isValidLocalDate, limitPerDay } from "~/domain/scheduling";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import { calendarRange, calendarSessions, type CalendarView } from "~/models/calendar.server";
import { siteChoices } from "~/models/site.server";
import cssUrl from "~/styles/scheduling.css";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "Calendar — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "cohort:read");
  const url = new URL(args.request.url);
  const view: CalendarView = url.searchParams.get("view") === "month" ? "month" : "week";
  const today = new Date().toISOString().slice(0, 10);
  const date = url.searchParams.get("date") ?? "";
  const anchor = isValidLocalDate(date) ? date : today;
  const mine = url.searchParams.get("mine") === "1";
  const siteId = url.searchParams.get("siteId") || undefined;
  const range = calendarRange(view, anchor);
  const [all, sites] = await Promise.all([calendarSessions(user, { from: range.from, to: range.to, mine, siteId }), siteChoices()]);
  // A month of a network's cohorts can be hundreds of sessions: each day shows a few and how
  // many more, linking to its week, which shows them all.
  const { events, more } = view === "month" ? limitPerDay(all) : { events: all, more: {} };
  return {
    view,
    anchor,
    today,
    mine,
    siteId: siteId ?? "",
    range,
    events: packCalendarEvents(events),
    more,
    monthCount: view === "month" ? all.filter((e) => e.localDate.startsWith(anchor.slice(0, 7))).length : 0,
    sites,
    hasOwnCalendar: can(user.roles, "calendar:own"),
    badDate: date !== "" && !isValidLocalDate(date),
  };
}

export default function CalendarPage() {
  const d = useLoaderData<typeof loader>();
  const events = useMemo(() => unpackCalendarEvents(d.events), [d.events]);
  const qs = (over: Record<string, string>) => {
    const p = new URLSearchParams({
      view: d.view,
      date: d.anchor,
      ...(d.mine ? { mine: "1" } : {}),
      ...(d.siteId ? { siteId: d.siteId } : {}),
      ...over,
    });
    return `/calendar?${p.toString()}`;
  };
  const title =
    d.view === "week"
      ? `Week of ${formatLocalDate(d.range.from)}`
      : new Date(`${d.anchor.slice(0, 7)}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  return (
    <>
      <div className="page-header">
        <h1>Calendar</h1>
        {d.hasOwnCalendar ? (
          <Link className="button" to="/calendar/feed">
            Subscribe in your calendar app
          </Link>
        ) : null}
      </div>
      {d.badDate ? (
        <div className="callout callout--warn">The date in the address is not a calendar date (YYYY-MM-DD); showing today instead.</div>
      ) : null}
      <Form method="get" className="filters" aria-label="Calendar options">
        <input type="hidden" name="date" value={d.anchor} />
        <div className="field">
          <label htmlFor="view">View</label>
          <select id="view" name="view" defaultValue={d.view}>
            <option value="week">Week</option>
            <option value="month">Month</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="siteId">Site</label>
          <select id="siteId" name="siteId" defaultValue={d.siteId}>
            <option value="">All sites</option>
            {d.sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" name="mine" value="1" defaultChecked={d.mine} /> My sessions only
        </label>
        <button className="button" type="submit">
          Show
        </button>
      </Form>
      <nav className="actions" aria-label="Calendar navigation">
        <Link className="button button--small" to={qs({ date: d.range.prev })}>
          ← Previous {d.view}
        </Link>
        <Link className="button button--small" to={qs({ date: d.today })}>
          Today
        </Link>
        <Link className="button button--small" to={qs({ date: d.range.next })}>
          Next {d.view} →
        </Link>
      </nav>
      <h2>{title}</h2>
      <p className="muted small">Each session is shown at its local time in its cohort's time zone (named next to the time).</p>
      {d.events.length === 0 ? (
        <p className="empty">
          No sessions in this {d.view}
          {d.mine ? " for you" : ""}. Try the previous or next {d.view}, or another site.
        </p>
      ) : null}
      {d.monthCount ? (
        <p className="muted small">
          {d.monthCount} {d.monthCount === 1 ? "session" : "sessions"} this month
          {Object.keys(d.more).length ? ". Busy days show their first sessions and a “more” link to that day's week." : "."}
        </p>
      ) : null}
      <CalendarGrid
        days={d.range.days}
        events={events}
        more={d.more}
        moreHref={(day) => qs({ view: "week", date: day })}
        month={d.view === "month" ? d.anchor.slice(0, 7) : undefined}
        today={d.today}
        week={d.view === "week"}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
