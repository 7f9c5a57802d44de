// Demo outreach: each program's preparation texts, then the first planning and sending
// run, so a newcomer finds invitations in the outbox (/admin/outbox) right after
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
  await syncAllOutreach(db, today);
  await dispatchDue({ now: today });
}
