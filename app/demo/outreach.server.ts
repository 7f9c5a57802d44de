// Demo outreach: each program's preparation texts, then a week of planning and sending
// replayed up to now, so a newcomer finds messages in the outbox (/admin/outbox) right after
// `npm run quickstart`, and reminders scheduled ahead. No provider is configured in the
// demo: everything lands in the outbox, marked as not sent.
import { dispatchDue } from "~/models/outreach/dispatch.server";
import { syncAllOutreach } from "~/models/outreach/planner.server";
import type { Db } from "~/utils/db.server";

const PREPARATION =
  "Please arrive 10 minutes early. Wear comfortable clothes, and bring a water bottle and anything that helps you feel settled (an eye mask, a blanket).";
const DOSING_PREPARATION =
  "Do not eat for 4 hours and do not drink for 2 hours before the session. Take your usual medicines unless your clinician told you otherwise. Arrange a ride home: no driving, cycling or operating machinery until the next day.";

export async function seedDemoOutreach(db: Db, today: Date) {
  const programs = await db.program.findMany({ select: { id: true } });
  for (const p of programs) {
    await db.outreachSettings.upsert({
      where: { programId: p.id },
      create: { programId: p.id, preparationText: PREPARATION, dosingPreparationText: DOSING_PREPARATION },
      update: {},
    });
  }
  // The last week as the job runner would have lived it: plan a week ago, then send each
  // message at its due time, up to now. The outbox shows the running cohort's recent session
  // reminders; what is ahead stays scheduled.
  let t = new Date(today.getTime() - 7 * 86_400_000);
  // The scheduling demo marked every past session completed; during the replay each of the
  // last week's sessions is still ahead until it ends (else no reminder would be planned for
  // it, and the outbox would depend on the hour the demo was made).
  const lastWeek = (
    await db.groupSession.findMany({ where: { status: "COMPLETED", endsAt: { gt: t, lte: today } }, select: { id: true } })
  ).map((s) => s.id);
  const completeEnded = (at: Date) =>
    db.groupSession.updateMany({ where: { id: { in: lastWeek }, endsAt: { lte: at } }, data: { status: "COMPLETED" } });
  await db.groupSession.updateMany({ where: { id: { in: lastWeek } }, data: { status: "SCHEDULED" } });
  await syncAllOutreach(db, t);
  for (;;) {
    const next = await db.message.findFirst({ where: { status: "SCHEDULED", dueAt: { gte: t, lte: today } }, orderBy: { dueAt: "asc" } });
    if (!next) break;
    t = next.dueAt;
    await completeEnded(t);
    await dispatchDue({ now: t });
    await syncAllOutreach(db, t);
  }
  await completeEnded(today);
  await syncAllOutreach(db, today);
  await dispatchDue({ now: today });
}
