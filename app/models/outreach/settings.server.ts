// A program's outreach rules and message wording. Both are edited with optimistic
// concurrency (version 0 means "still the built-in defaults"); a change of rules re-plans
// the messages of the program's cohorts at once.
import type { z } from "zod";
import { DEFAULT_RULES, DEFAULT_SEAT_OFFER_HOURS } from "~/domain/outreach/plan";
import { LANGUAGES, TEMPLATE_KINDS, defaultTemplate, type Language, type TemplateKind } from "~/domain/outreach/templates";
import type { outreachRulesFields, templateFields } from "~/forms/outreachRules";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady } from "~/utils/db.server";
import { ConflictError, notFound, type Actor } from "../kernel.server";
import { cohortsWithOutreachAhead, syncCohortOutreach } from "./planner.server";

const STALE = "Someone else changed this since you opened the page. Reload to see their version, then make your change again.";

export async function getOutreachSettings(programId: string) {
  const db = await dbReady();
  const row = await db.outreachSettings.findUnique({ where: { programId } });
  return {
    quietStart: row?.quietStart ?? DEFAULT_RULES.quiet.start,
    quietEnd: row?.quietEnd ?? DEFAULT_RULES.quiet.end,
    reminderDays: row ? (JSON.parse(row.reminderDays) as number[]) : DEFAULT_RULES.reminderDays,
    sessionReminderHours: row ? (JSON.parse(row.sessionReminderHours) as number[]) : DEFAULT_RULES.sessionReminderHours,
    preparationText: row?.preparationText ?? "",
    dosingPreparationText: row?.dosingPreparationText ?? "",
    seatOfferHours: row?.seatOfferHours ?? DEFAULT_SEAT_OFFER_HOURS,
    version: row?.version ?? 0,
  };
}

/** Re-plans the program's cohorts that have anything ahead (after its rules changed). */
async function replanProgram(programId: string) {
  const db = await dbReady();
  const now = new Date();
  const ahead = new Set(await cohortsWithOutreachAhead(now));
  const cohorts = await db.cohort.findMany({ where: { programId }, select: { id: true } });
  await syncCohortOutreach(
    db,
    cohorts.map((c) => c.id).filter((id) => ahead.has(id)),
    now,
  );
}

export async function saveOutreachRules(actor: Actor, meta: RequestMeta, programId: string, input: z.output<typeof outreachRulesFields>) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const program = await tx.program.findUnique({ where: { id: programId }, select: { name: true } });
    if (!program) notFound("Program not found");
    const before = await tx.outreachSettings.findUnique({ where: { programId } });
    if ((before?.version ?? 0) !== input.version) throw new ConflictError(STALE);
    const data = {
      quietStart: input.quietStart,
      quietEnd: input.quietEnd,
      reminderDays: JSON.stringify(input.reminderDays),
      sessionReminderHours: JSON.stringify(input.sessionReminderHours),
      preparationText: input.preparationText,
      dosingPreparationText: input.dosingPreparationText,
      seatOfferHours: input.seatOfferHours,
      updatedById: actor.id,
    };
    if (before) {
      const { count } = await tx.outreachSettings.updateMany({
        where: { programId, version: input.version },
        data: { ...data, version: { increment: 1 } },
      });
      if (count !== 1) throw new ConflictError(STALE);
    } else {
      await tx.outreachSettings.create({ data: { programId, ...data, version: 1 } });
    }
    await audit(tx, {
      actor,
      action: "outreach.rules",
      entityType: "Program",
      entityId: programId,
      summary: `Changed the outreach rules of ${program.name}`,
      details: { after: { ...data, updatedById: undefined } },
      ...meta,
    });
  });
  await replanProgram(programId);
}

export type TemplateRow = {
  kind: TemplateKind;
  subject: string;
  body: string;
  smsBody: string;
  version: number;
  custom: boolean;
  updatedAt: string | null;
};

export async function listTemplates(programId: string, language: Language): Promise<TemplateRow[]> {
  const db = await dbReady();
  const rows = await db.messageTemplate.findMany({ where: { programId, language } });
  return TEMPLATE_KINDS.map((kind) => {
    const row = rows.find((r) => r.kind === kind);
    const text = row ?? defaultTemplate(kind, language);
    return {
      kind,
      subject: text.subject,
      body: text.body,
      smsBody: text.smsBody,
      version: row?.version ?? 0,
      custom: Boolean(row),
      updatedAt: row?.updatedAt.toISOString() ?? null,
    };
  });
}

export async function saveTemplate(actor: Actor, meta: RequestMeta, programId: string, input: z.output<typeof templateFields>) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const program = await tx.program.findUnique({ where: { id: programId }, select: { name: true } });
    if (!program) notFound("Program not found");
    const key = { programId_kind_language: { programId, kind: input.kind, language: input.language } };
    const before = await tx.messageTemplate.findUnique({ where: key });
    if ((before?.version ?? 0) !== input.version) throw new ConflictError(STALE);
    const data = { subject: input.subject, body: input.body, smsBody: input.smsBody, updatedById: actor.id };
    if (before) {
      const { count } = await tx.messageTemplate.updateMany({
        where: { id: before.id, version: input.version },
        data: { ...data, version: { increment: 1 } },
      });
      if (count !== 1) throw new ConflictError(STALE);
    } else {
      await tx.messageTemplate.create({ data: { programId, kind: input.kind, language: input.language, ...data } });
    }
    await audit(tx, {
      actor,
      action: "outreach.template",
      entityType: "Program",
      entityId: programId,
      summary: `Changed the ${input.kind.toLowerCase().replace(/_/g, " ")} wording (${LANGUAGES[input.language]}) of ${program.name}`,
      details: {
        kind: input.kind,
        language: input.language,
        before: before ? { subject: before.subject, body: before.body, smsBody: before.smsBody } : "built-in",
        after: data,
      },
      ...meta,
    });
  });
}

export async function resetTemplate(actor: Actor, meta: RequestMeta, programId: string, kind: TemplateKind, language: Language) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const { count } = await tx.messageTemplate.deleteMany({ where: { programId, kind, language } });
    if (count)
      await audit(tx, {
        actor,
        action: "outreach.template.reset",
        entityType: "Program",
        entityId: programId,
        summary: `Restored the built-in ${kind.toLowerCase().replace(/_/g, " ")} wording (${LANGUAGES[language]})`,
        ...meta,
      });
  });
}
