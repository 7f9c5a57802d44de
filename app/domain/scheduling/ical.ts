/**
 * Staff calendar feeds (RFC 5545) through ical-generator, a maintained iCalendar
 * library: it handles CRLF line ends, folding at 75 octets and TEXT escaping. Times
 * are written in UTC ("Z"), which every client converts to its own zone without a
 * VTIMEZONE; the cohort's zone is named in each event's description and in
 * X-WR-TIMEZONE for clients that show it.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";

export interface IcalEvent {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  location?: string | null;
  description?: string | null;
  status?: "CONFIRMED" | "CANCELLED" | "TENTATIVE";
  categories?: string[];
  /** Bumped on every change so clients replace their copy. */
  sequence?: number;
  lastModified?: Date;
}

export interface IcalCalendar {
  prodId: string;
  name: string;
  timeZone?: string;
  events: IcalEvent[];
  /** DTSTAMP for every event (defaults to now). */
  now?: Date;
}

const STATUS: Record<NonNullable<IcalEvent["status"]>, ICalEventStatus> = {
  CONFIRMED: ICalEventStatus.CONFIRMED,
  CANCELLED: ICalEventStatus.CANCELLED,
  TENTATIVE: ICalEventStatus.TENTATIVE,
};

export function serializeCalendar(cal: IcalCalendar): string {
  const stamp = cal.now ?? new Date();
  const calendar = ical({ prodId: cal.prodId, name: cal.name, method: ICalCalendarMethod.PUBLISH });
  if (cal.timeZone) calendar.x([["X-WR-TIMEZONE", cal.timeZone]]);
  for (const e of cal.events) {
    calendar.createEvent({
      id: e.uid,
      start: e.start,
      end: e.end,
      stamp,
      summary: e.summary,
      location: e.location ?? null,
      description: e.description ?? null,
      status: e.status ? STATUS[e.status] : null,
      categories: (e.categories ?? []).map((name) => ({ name })),
      sequence: e.sequence,
      lastModified: e.lastModified ?? null,
    });
  }
  // RFC 5545 ends every content line, the last one included, with CRLF.
  const out = calendar.toString();
  return out.endsWith("\r\n") ? out : `${out}\r\n`;
}
