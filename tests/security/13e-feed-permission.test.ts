// Finding 13e: a calendar feed kept working after its owner lost `calendar:own`. The feed
// now checks the owner's current roles and active state on every request (404 otherwise),
// and works again if the permission comes back.
import { describe, expect, it } from "vitest";
import * as calendarFeed from "~/routes/calendar.feed";
import * as feedIcs from "~/routes/feeds.$token";
import { dbReady } from "~/utils/db.server";
import { signedInUser } from "../setup/factories-sessions";
import { call, formReply } from "../setup/http";

async function fetchFeed(token: string) {
  return (await call(feedIcs.loader, `/feeds/${token}`, "GET", { params: { token } })).status;
}

describe("calendar feed permission (finding 13e)", () => {
  it("stops serving the feed when the owner no longer holds calendar:own, and when deactivated", async () => {
    const { user, cookie } = await signedInUser(["FACILITATOR"]);
    const created = await call(calendarFeed.action, "/calendar/feed", "POST", { cookie, form: { intent: "create" } });
    const token = formReply<{ url: string }>(created.data).data.url.split("/").pop()!;
    expect(await fetchFeed(token)).toBe(200);

    const db = await dbReady();
    // An administrator changes the person's role to one without calendar:own.
    await db.userRole.deleteMany({ where: { userId: user.id } });
    await db.userRole.create({ data: { userId: user.id, roleCode: "ANALYST" } });
    expect(await fetchFeed(token)).toBe(404);

    await db.userRole.create({ data: { userId: user.id, roleCode: "CLINICIAN" } });
    expect(await fetchFeed(token)).toBe(200);

    await db.user.update({ where: { id: user.id }, data: { active: false, deactivatedAt: new Date() } });
    expect(await fetchFeed(token)).toBe(404);
  });
});
