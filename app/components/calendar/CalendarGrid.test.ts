// The month grid shows each day's sessions and, for a busy day, how many more with a link to
// that day's week.
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { CalendarGrid, type CalendarEvent } from "./CalendarGrid";

const event = (id: string, localDate: string): CalendarEvent => ({
  id,
  title: `Session ${id}`,
  kind: "PREPARATION",
  status: "SCHEDULED",
  cohortName: "Spring cohort",
  room: null,
  timeZone: "America/Denver",
  localDate,
  localStartTime: "09:00",
  localEndTime: "10:00",
});

async function render(props: Parameters<typeof CalendarGrid>[0]) {
  const handler = createStaticHandler([{ path: "/", Component: () => h(CalendarGrid, props) }]);
  const context = await handler.query(new Request("http://test/"));
  if (context instanceof Response) throw new Error("no match");
  return renderToString(h(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false }));
}

const days = Array.from({ length: 7 }, (_, i) => `2041-02-${String(10 + i).padStart(2, "0")}`);

describe("CalendarGrid", () => {
  it("puts each session on its day and a busy day's 'N more' link to the week", async () => {
    const html = await render({
      days,
      events: [event("a", "2041-02-11"), event("b", "2041-02-12"), event("c", "2041-02-12")],
      more: { "2041-02-12": 5 },
      moreHref: (day) => `/calendar?view=week&date=${day}`,
      month: "2041-02",
      today: "2041-02-10",
      week: false,
    });
    expect(html.match(/calendar__event /g)).toHaveLength(3);
    expect(html).toContain('href="/calendar?view=week&amp;date=2041-02-12"');
    expect(html).toMatch(/aria-label="5 more sessions on [^"]*12 Feb 2041: open the week"[^>]*>5 more<\/a>/);
    expect(html.match(/calendar__more/g)).toHaveLength(1);
  });

  it("shows no 'more' link where nothing is hidden", async () => {
    const html = await render({ days, events: [event("a", "2041-02-11")], month: "2041-02", today: "2041-02-10", week: true });
    expect(html).not.toContain("calendar__more");
    expect(html).toContain("Session a");
    // A narrow day wraps the zone after its slash, not inside "New_York".
    expect(html).toContain("America/<wbr/>Denver");
  });
});
