// Program templates. A program's definition is versioned: every save writes a new
// ProgramVersion and cohorts keep pointing at the version they were created from,
// so editing a program never rewrites a running cohort.
import { readProgramDefinition, readValidProgramDefinition } from "~/domain/scheduling/programDefinition";
import {
  flattenIssues,
  parseProgramTemplate,
  programTemplateSchema,
  type ProgramTemplate,
  type ProgramTemplateInput,
} from "~/domain/scheduling";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady } from "~/utils/db.server";
import { FormErrors } from "./legacyFormErrors.server";
import type { Actor } from "./kernel.server";

export { FormErrors } from "./legacyFormErrors.server";

export async function listPrograms() {
  const db = await dbReady();
  const programs = await db.program.findMany({
    include: { versions: { orderBy: { version: "desc" }, take: 1 }, _count: { select: { cohorts: true } } },
    orderBy: { name: "asc" },
  });
  return programs.map((p) => {
    const template = p.versions[0] ? readProgramDefinition(p.versions[0].definition) : null;
    return {
      id: p.id,
      name: p.name,
      description: p.description,
      archived: p.archived,
      version: p.version,
      sessions: template?.sessionPlan.length ?? 0,
      dosingSessions: template?.sessionPlan.filter((s) => s.kind === "DOSING").length ?? 0,
      defaultCapacity: template?.defaultCapacity ?? null,
      cohorts: p._count.cohorts,
      updatedAt: p.updatedAt,
    };
  });
}

export async function getProgram(id: string) {
  const db = await dbReady();
  const program = await db.program.findUnique({
    where: { id },
    include: {
      versions: { orderBy: { version: "desc" }, select: { id: true, version: true, createdAt: true, _count: { select: { cohorts: true } } } },
      cohorts: { select: { id: true, name: true, status: true, programVersion: { select: { version: true } } }, orderBy: { startDate: "desc" } },
    },
  });
  if (!program) return null;
  const latest = await db.programVersion.findUnique({ where: { programId_version: { programId: id, version: program.version } } });
  if (!latest) return null;
  return { ...program, template: readValidProgramDefinition(latest.definition), latestVersionId: latest.id };
}

/** Active programs with their newest version, for the cohort form. */
export async function programOptions() {
  const db = await dbReady();
  const programs = await db.program.findMany({ where: { archived: false }, orderBy: { name: "asc" } });
  const versions = await db.programVersion.findMany({
    where: { OR: programs.map((p) => ({ programId: p.id, version: p.version })) },
  });
  return programs.map((p) => {
    const v = versions.find((x) => x.programId === p.id)!;
    const t = readProgramDefinition(v.definition);
    return { id: p.id, name: p.name, version: p.version, defaultCapacity: t.defaultCapacity, sessions: t.sessionPlan.length };
  });
}

function validate(template: unknown): ProgramTemplate {
  const parsed = programTemplateSchema.safeParse(template);
  if (!parsed.success) throw new FormErrors(flattenIssues(parsed.error));
  return parsed.data;
}

/** Creates a program (version 1) from a template. Throws FormErrors for invalid input or a duplicate name. */
export async function createProgramFromTemplate(actor: Actor, meta: RequestMeta, template: ProgramTemplateInput | unknown) {
  const t = validate(template);
  const db = await dbReady();
  if (await db.program.findUnique({ where: { name: t.name } })) throw new FormErrors({ name: "A program with this name already exists" });
  return db.$transaction(async (tx) => {
    const program = await tx.program.create({ data: { name: t.name, description: t.description, version: 1 } });
    await tx.programVersion.create({ data: { programId: program.id, version: 1, definition: JSON.stringify(t), createdById: actor.id || null } });
    await audit(tx, {
      actor, action: "program.create", entityType: "Program", entityId: program.id,
      summary: `Created program ${t.name} (${t.sessionPlan.length} sessions)`, ...meta,
    });
    return program;
  });
}

/**
 * Saves an edit as a new version. `expectedVersion` is the version the editor started
 * from; if someone saved in between, nothing is written and a 409 FormErrors explains it.
 */
export async function updateProgram(actor: Actor, meta: RequestMeta, id: string, expectedVersion: number, template: unknown) {
  const t = validate(template);
  const db = await dbReady();
  const clash = await db.program.findUnique({ where: { name: t.name } });
  if (clash && clash.id !== id) throw new FormErrors({ name: "A program with this name already exists" });
  return db.$transaction(async (tx) => {
    const updated = await tx.program.updateMany({
      where: { id, version: expectedVersion },
      data: { name: t.name, description: t.description, version: expectedVersion + 1 },
    });
    if (updated.count === 0) {
      const exists = await tx.program.findUnique({ where: { id } });
      if (!exists) throw new Response("Program not found", { status: 404 });
      throw new FormErrors(
        { form: `Someone else saved this program (now version ${exists.version}) after you opened it. Reload the page to see their changes, then make yours again.` },
        409,
      );
    }
    const version = await tx.programVersion.create({
      data: { programId: id, version: expectedVersion + 1, definition: JSON.stringify(t), createdById: actor.id || null },
    });
    await audit(tx, {
      actor, action: "program.update", entityType: "Program", entityId: id,
      summary: `Saved program ${t.name} as version ${expectedVersion + 1}`, details: { fromVersion: expectedVersion }, ...meta,
    });
    return version;
  });
}

export async function copyProgram(actor: Actor, meta: RequestMeta, id: string, newName: string) {
  const source = await getProgram(id);
  if (!source) throw new Response("Program not found", { status: 404 });
  const created = await createProgramFromTemplate(actor, meta, { ...source.template, name: newName });
  return created;
}

/* ----------------------------------------------------------------------------------
 * The editor form <-> template. Field names follow the template's paths
 * ("sessionPlan.2.startTime") so flattenIssues messages land next to their field.
 */

const num = (v: FormDataEntryValue | null) => {
  if (typeof v !== "string" || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isNaN(n) ? v : n;
};
const str = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

function indices(form: FormData, prefix: string): number[] {
  const set = new Set<number>();
  for (const key of form.keys()) {
    const m = new RegExp(`^${prefix}\\.(\\d+)\\.`).exec(key);
    if (m) set.add(Number(m[1]));
  }
  return [...set].sort((a, b) => a - b);
}

/** Lines "key | label | SEVERITY" (severity only for contraindications). */
function checklistFromText(text: string, withSeverity: boolean) {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [key = "", label = "", severity = "ABSOLUTE"] = line.split("|").map((p) => p.trim());
      return withSeverity ? { key, label, severity: severity.toUpperCase() } : { key, label };
    });
}

export function checklistToText(items: ReadonlyArray<{ key: string; label: string; severity?: string }>): string {
  return items.map((i) => [i.key, i.label, i.severity].filter(Boolean).join(" | ")).join("\n");
}

/** Reads the editor's fields into a template-shaped object, plus errors for text that is not JSON. */
export function templateFromForm(form: FormData): { template: Record<string, unknown>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  // Re-number rows 0..n-1 so error paths match what the editor renders after a round trip.
  const sessionPlan = indices(form, "sessionPlan").map((i) => {
    const p = `sessionPlan.${i}.`;
    const requiredStaff: Record<string, unknown> = {};
    for (const role of ["CLINICIAN", "FACILITATOR", "COORDINATOR"]) {
      const v = num(form.get(`${p}requiredStaff.${role}`));
      if (v !== undefined && v !== 0) requiredStaff[role] = v;
    }
    const route = str(form.get(`${p}route`));
    const description = str(form.get(`${p}description`)).trim();
    return {
      kind: str(form.get(`${p}kind`)),
      title: str(form.get(`${p}title`)),
      ...(description ? { description } : {}),
      dayOffset: num(form.get(`${p}dayOffset`)),
      startTime: str(form.get(`${p}startTime`)),
      durationMinutes: num(form.get(`${p}durationMinutes`)),
      requiredStaff,
      ...(route ? { route } : {}),
    };
  });
  const measurePlan = indices(form, "measurePlan").map((i) => {
    const p = `measurePlan.${i}.`;
    const anchorRaw = str(form.get(`${p}anchor`));
    const anchor = anchorRaw.startsWith("SESSION:")
      ? { type: "SESSION", sessionIndex: Number(anchorRaw.slice(8)) }
      : { type: anchorRaw || "COHORT_START" };
    return {
      key: str(form.get(`${p}key`)).trim(),
      label: str(form.get(`${p}label`)),
      instruments: str(form.get(`${p}instruments`))
        .split(/[,\s]+/)
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean),
      anchor,
      offsetDays: num(form.get(`${p}offsetDays`)),
      windowDays: num(form.get(`${p}windowDays`)),
    };
  });
  let eligibility: unknown = null;
  const eligibilityText = str(form.get("eligibility")).trim();
  if (eligibilityText) {
    try {
      eligibility = JSON.parse(eligibilityText);
    } catch (e) {
      errors.eligibility = `The eligibility rule is not valid JSON: ${(e as Error).message}`;
    }
  }
  const safety: Record<string, unknown> = {};
  for (const k of ["preDoseSystolicMax", "preDoseDiastolicMax", "preDoseHeartRateMax", "preDoseSpo2Min", "minMonitoringMinutes"]) {
    const v = num(form.get(`safetyThresholds.${k}`));
    if (v !== undefined) safety[k] = v;
  }
  return {
    template: {
      name: str(form.get("name")),
      description: str(form.get("description")),
      defaultCapacity: num(form.get("defaultCapacity")),
      sessionPlan,
      measurePlan,
      eligibility,
      contraindicationChecklist: checklistFromText(str(form.get("contraindicationChecklist")), true),
      preDoseChecklist: checklistFromText(str(form.get("preDoseChecklist")), false),
      safetyThresholds: safety,
    },
    errors,
  };
}

/** Validates editor input; throws FormErrors with every message (JSON errors included). */
export function parseTemplateForm(form: FormData): ProgramTemplate {
  const { template, errors } = templateFromForm(form);
  const parsed = programTemplateSchema.safeParse(template);
  const all = { ...(parsed.success ? {} : flattenIssues(parsed.error)), ...errors };
  if (Object.keys(all).length > 0) throw new FormErrors(all);
  return parsed.data!;
}
