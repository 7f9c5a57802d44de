// The calendar (week/month views of visible sessions) and each staff member's private
// iCalendar feed. A feed URL carries a random token; only its SHA-256 is stored, so a
// leaked database does not leak working feed URLs. Feeds never contain participant names.
import { createHash, randomBytes } from "node:crypto";
import {
  addDaysToLocalDate,
  formatLocalDateTime,
  instantToLocal,
  isValidLocalDate,
  SESSION_KIND_LABELS,
  type SessionKind,
} from "~/domain/scheduling";
import { serializeCalendar } from "~/domain/scheduling/ical";
import { visibleCohortSql, type Viewer } from "~/models/access.server";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, instantParam, instantValue, readRows } from "~/utils/db.server";
import { can, seesAllCohorts } from "~/utils/permissions";
import type { Actor } from "./kernel.server";

export type CalendarView = "week" | "month";

/** The local days shown for a view around `date` (weeks start on Monday). */
export function calendarRange(view: CalendarView, date: string): { days: string[]; from: string; to: string; prev: string; next: string } {
  const d = isValidLocalDate(date) ? date : new Date().toISOString().slice(0, 10);
  const weekday = (x: string) => (new Date(`${x}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  if (view === "week") {
    const from = addDaysToLocalDate(d, -weekday(d));
    const days = Array.from({ length: 7 }, (_, i) => addDaysToLocalDate(from, i));
    return { days, from, to: days[6], prev: addDaysToLocalDate(from, -7), next: addDaysToLocalDate(from, 7) };
  }
  const first = `${d.slice(0, 7)}-01`;
  const from = addDaysToLocalDate(first, -weekday(first));
  const nextMonth = new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 1)).toISOString().slice(0, 10);
  const lastOfMonth = addDaysToLocalDate(nextMonth, -1);
  const to = addDaysToLocalDate(lastOfMonth, 6 - weekday(lastOfMonth));
  const days: string[] = [];
  for (let x = from; x <= to; x = addDaysToLocalDate(x, 1)) days.push(x);
  const prevMonth = new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 2, 1)).toISOString().slice(0, 10);
  return { days, from, to, prev: prevMonth, next: nextMonth };
}

/**
 * Sessions in the view's days, each placed on its LOCAL date in its cohort's zone: one read
 * through the driver (sessions with their cohort, site and room), in start order.
 */
export async function calendarSessions(viewer: Viewer, opts: { from: string; to: string; mine: boolean; siteId?: string }) {
  // Generous UTC bounds (±1 day covers every zone); exact placement is by local date below.
  const lower = new Date(`${addDaysToLocalDate(opts.from, -1)}T00:00:00Z`);
  const upper = new Date(`${addDaysToLocalDate(opts.to, 2)}T00:00:00Z`);
  const visible = visibleCohortSql(viewer);
  const params: unknown[] = [instantParam(lower), instantParam(upper), ...visible.params];
  let sql =
    `SELECT g."id", g."title", g."kind", g."status", g."startsAt", g."endsAt", c."id", c."name", c."timeZone", st."name", r."name" ` +
    `FROM "GroupSession" g JOIN "Cohort" c ON c."id" = g."cohortId" JOIN "Site" st ON st."id" = c."siteId" ` +
    `LEFT JOIN "Room" r ON r."id" = g."roomId" WHERE g."startsAt" >= ? AND g."startsAt" < ? AND ${visible.sql}`;
  if (opts.siteId) {
    sql += ` AND c."siteId" = ?`;
    params.push(opts.siteId);
  }
  if (opts.mine) {
    sql += ` AND EXISTS (SELECT 1 FROM "SessionStaff" ss WHERE ss."sessionId" = g."id" AND ss."userId" = ?)`;
    params.push(viewer.id);
  }
  const rows = await readRows(`${sql} ORDER BY g."startsAt", g."id"`, params);
  return rows
    .map(([id, title, kind, status, startsAt, endsAt, cohortId, cohortName, timeZone, site, room]) => {
      const zone = timeZone as string;
      const start = instantToLocal(instantValue(startsAt), zone);
      const end = instantToLocal(instantValue(endsAt), zone);
      return {
        id: id as string,
        title: title as string,
        kind: kind as SessionKind,
        kindLabel: SESSION_KIND_LABELS[kind as SessionKind] ?? (kind as string),
        status: status as string,
        cohortId: cohortId as string,
        cohortName: cohortName as string,
        site: site as string,
        room: (room as string | null) ?? null,
        timeZone: zone,
        localDate: start.date,
        localStartTime: start.time,
        localEndTime: end.time,
      };
    })
    .filter((s) => s.localDate >= opts.from && s.localDate <= opts.to);
}

/* ------------------------------------------------------------------------------ */
/* Feeds                                                                            */

export function hashFeedToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function listFeeds(userId: string) {
  const db = await dbReady();
  return db.calendarFeed.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
}

/** Creates a new feed, revoking any active one (rotation). Returns the token, shown once. */
export async function createOrRotateFeed(actor: Actor, meta: RequestMeta): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const revoked = await tx.calendarFeed.updateMany({ where: { userId: actor.id, revokedAt: null }, data: { revokedAt: new Date() } });
    const feed = await tx.calendarFeed.create({ data: { userId: actor.id, tokenHash: hashFeedToken(token) } });
    await audit(tx, {
      actor,
      action: revoked.count ? "calendar_feed.rotate" : "calendar_feed.create",
      entityType: "CalendarFeed",
      entityId: feed.id,
      summary: revoked.count ? "Replaced the calendar feed URL (the old URL stops working)" : "Created a calendar feed URL",
      ...meta,
    });
  });
  return token;
}

export async function revokeFeeds(actor: Actor, meta: RequestMeta) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const r = await tx.calendarFeed.updateMany({ where: { userId: actor.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (r.count)
      await audit(tx, {
        actor,
        action: "calendar_feed.revoke",
        entityType: "CalendarFeed",
        summary: "Revoked the calendar feed URL",
        ...meta,
      });
  });
}

/** Whether a user's feed also carries every running cohort's sessions (coordinators), not only those they staff. */
export function feedCoversRunningCohorts(roles: readonly string[]) {
  return seesAllCohorts(roles) && can(roles, "cohort:manage");
}

/** The most events one feed carries (a calendar app polls it; keep each response small). */
export const FEED_LIMIT = 2000;

/**
 * The iCalendar text for a feed token, or null when the token is unknown or revoked, or its
 * user is deactivated or no longer holds `calendar:own` (checked on every request, as a
 * signed-in page would). Only structured session facts: title, kind, cohort, room, times,
 * and whether it is cancelled. No participants, and no free text typed by staff (a cancel
 * reason may name someone, and a feed leaves the app for third-party calendar servers).
 */
export async function feedCalendar(token: string, now = new Date()): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const db = await dbReady();
  const feed = await db.calendarFeed.findUnique({
    where: { tokenHash: hashFeedToken(token) },
    include: { user: { include: { roles: true } } },
  });
  if (!feed || feed.revokedAt || !feed.user.active) return null;
  if (
    !can(
      feed.user.roles.map((r) => r.roleCode),
      "calendar:own",
    )
  )
    return null;
  const roles = feed.user.roles.map((r) => r.roleCode);
  // Staff get the sessions they staff. A coordinator runs every cohort (they see them all and
  // manage them): their feed also carries every session of the cohorts not finished or
  // cancelled, so their calendar app shows the program's week. Bounded: 180 days back, a
  // year ahead, at most FEED_LIMIT events.
  const coordinates = feedCoversRunningCohorts(roles);
  const sessions = await db.groupSession.findMany({
    where: {
      OR: [
        { staff: { some: { userId: feed.userId } } },
        ...(coordinates
          ? [
              {
                cohort: { status: { in: ["PLANNED", "ENROLLING", "ACTIVE"] } },
                startsAt: { lt: new Date(now.getTime() + 366 * 86_400_000) },
              },
            ]
          : []),
      ],
      endsAt: { gt: new Date(now.getTime() - 180 * 86_400_000) },
    },
    take: FEED_LIMIT,
    include: {
      cohort: { select: { name: true, timeZone: true, site: { select: { name: true, address: true } } } },
      room: { select: { name: true } },
    },
    orderBy: { startsAt: "asc" },
  });
  return serializeCalendar({
    prodId: "-//GroupKAP//Staff sessions//EN",
    name: `GroupKAP — ${feed.user.name}`,
    now,
    events: sessions.map((s) => {
      const kind = SESSION_KIND_LABELS[s.kind as SessionKind] ?? s.kind;
      return {
        uid: `${s.id}@groupkap`,
        start: s.startsAt,
        end: s.endsAt,
        summary: `${s.title} — ${s.cohort.name}`,
        location: [s.room?.name, s.cohort.site.name].filter(Boolean).join(", "),
        description: [
          `Kind: ${kind}`,
          `Cohort: ${s.cohort.name}`,
          `Room: ${s.room?.name ?? "not set"}`,
          `Local time: ${formatLocalDateTime(s.startsAt, s.cohort.timeZone)} (${s.cohort.timeZone})`,
          s.status === "CANCELLED" ? "Cancelled" : null,
        ]
          .filter(Boolean)
          .join("\n"),
        categories: [kind],
        status: s.status === "CANCELLED" ? ("CANCELLED" as const) : ("CONFIRMED" as const),
        sequence: s.version - 1,
        lastModified: s.updatedAt,
      };
    }),
  });
}
