// Links to the personal participant page (/p/<token>). A token is 32 random bytes
// (base64url); only its SHA-256 is stored. Each message that carries a link gets its own
// token (the raw token exists only in that message), and staff can create one to hand
// over. A token expires when the participant's programme ends (the latest of their
// cohorts' last day and their questionnaire windows, plus a grace period) and can be
// revoked, one at a time or all of a participant's at once.
import { addDays } from "date-fns";
import type { Db, Tx } from "~/utils/db.server";
import { hashToken, newToken } from "../selfReport.server";

/** Days a page link stays usable after the programme's last date. */
export const PAGE_TOKEN_GRACE_DAYS = 14;

/** When a participant's page links expire: null when they have no enrollment. */
export async function pageTokenExpiry(client: Db | Tx, participantId: string): Promise<Date | null> {
  const enrollments = await client.enrollment.findMany({
    where: { participantId },
    select: {
      cohort: { select: { endDate: true } },
      assessments: { select: { windowCloses: true }, orderBy: { windowCloses: "desc" }, take: 1 },
    },
  });
  let latest: Date | null = null;
  for (const e of enrollments) {
    const end = new Date(`${e.cohort.endDate}T23:59:59Z`);
    if (!latest || end > latest) latest = end;
    const closes = e.assessments[0]?.windowCloses;
    if (closes && closes > latest) latest = closes;
  }
  return latest ? addDays(latest, PAGE_TOKEN_GRACE_DAYS) : null;
}

/** Mints a page link for a participant and returns the raw token (store it nowhere). */
export async function mintPageToken(
  client: Db | Tx,
  participantId: string,
  by: { messageId?: string; createdById?: string },
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = (await pageTokenExpiry(client, participantId)) ?? addDays(now, PAGE_TOKEN_GRACE_DAYS);
  const token = newToken();
  await client.participantPageToken.create({
    data: { participantId, tokenHash: hashToken(token), expiresAt, messageId: by.messageId ?? null, createdById: by.createdById ?? null },
  });
  return { token, expiresAt };
}

/** The participant a token opens, or null when it is unknown, revoked or expired. */
export async function resolvePageToken(client: Db | Tx, token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{40,64}$/.test(token)) return null;
  const row = await client.participantPageToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.revokedAt || row.expiresAt <= now) return null;
  return row;
}

/** Revokes every page link of a participant (e.g. a lost phone). Returns how many. */
export async function revokePageTokens(client: Db | Tx, participantId: string, now = new Date()) {
  const { count } = await client.participantPageToken.updateMany({ where: { participantId, revokedAt: null }, data: { revokedAt: now } });
  return count;
}
