// Program templates. A program's definition is versioned: every save writes a new
// ProgramVersion and cohorts keep pointing at the version they were created from,
// so editing a program never rewrites a running cohort.
import { programTemplateSchema, type ProgramTemplate } from "~/domain/scheduling";
import { readProgramDefinition, readValidProgramDefinition } from "~/domain/scheduling/programDefinition";
import type { ProgramCopyInput } from "~/forms/programs";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, readRows } from "~/utils/db.server";
import { ConflictError, FieldError, found, notFound, type Actor } from "./kernel.server";

/** Every program by name, id and name only (a list's filter): one statement through the driver. */
export async function programChoices(): Promise<{ id: string; name: string }[]> {
  const rows = await readRows(`SELECT "id", "name" FROM "Program" ORDER BY "name"`, []);
  return rows.map(([id, name]) => ({ id: id as string, name: name as string }));
}

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
      versions: {
        orderBy: { version: "desc" },
        select: { id: true, version: true, createdAt: true, _count: { select: { cohorts: true } } },
      },
      cohorts: {
        select: { id: true, name: true, status: true, programVersion: { select: { version: true } } },
        orderBy: { startDate: "desc" },
      },
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

/** A field path as the form names it ("sessionPlan[2].startTime"); "form" for the whole. */
function fieldName(path: readonly PropertyKey[]): string {
  const name = path.reduce<string>(
    (out, seg) => (typeof seg === "number" ? `${out}[${seg}]` : out ? `${out}.${String(seg)}` : String(seg)),
    "",
  );
  return name || "form";
}

/**
 * The template as stored. Forms hand over a template their schema already checked; the
 * check here keeps every other caller (the CLI, a copy) from storing an invalid one.
 */
function validate(template: ProgramTemplate): ProgramTemplate {
  const parsed = programTemplateSchema.safeParse(template);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[fieldName(issue.path)] ??= issue.message;
  throw new FieldError(fields);
}

async function assertUniqueName(name: string, exceptId?: string) {
  const db = await dbReady();
  const other = await db.program.findUnique({ where: { name } });
  if (other && other.id !== exceptId) throw new FieldError("name", "A program with this name already exists");
}

/** Creates a program (version 1) from a template. Refuses a duplicate name (FieldError on `name`). */
export async function createProgramFromTemplate(actor: Actor, meta: RequestMeta, template: ProgramTemplate) {
  const t = validate(template);
  await assertUniqueName(t.name);
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const program = await tx.program.create({ data: { name: t.name, description: t.description, version: 1 } });
    await tx.programVersion.create({
      data: { programId: program.id, version: 1, definition: JSON.stringify(t), createdById: actor.id || null },
    });
    await audit(tx, {
      actor,
      action: "program.create",
      entityType: "Program",
      entityId: program.id,
      summary: `Created program ${t.name} (${t.sessionPlan.length} sessions)`,
      ...meta,
    });
    return program;
  });
}

/**
 * Saves an edit as a new version. `expectedVersion` is the version the editor started
 * from; if someone saved in between, nothing is written and a ConflictError (409) explains it.
 */
export async function updateProgram(actor: Actor, meta: RequestMeta, id: string, expectedVersion: number, template: ProgramTemplate) {
  const t = validate(template);
  await assertUniqueName(t.name, id);
  const db = await dbReady();
  return db.$transaction(async (tx) => {
    const updated = await tx.program.updateMany({
      where: { id, version: expectedVersion },
      data: { name: t.name, description: t.description, version: expectedVersion + 1 },
    });
    if (updated.count === 0) {
      const exists = await tx.program.findUnique({ where: { id } });
      if (!exists) notFound("Program not found");
      throw new ConflictError(
        `Someone else saved this program (now version ${exists.version}) after you opened it. Reload the page to see their changes, then make yours again.`,
      );
    }
    const version = await tx.programVersion.create({
      data: { programId: id, version: expectedVersion + 1, definition: JSON.stringify(t), createdById: actor.id || null },
    });
    await audit(tx, {
      actor,
      action: "program.update",
      entityType: "Program",
      entityId: id,
      summary: `Saved program ${t.name} as version ${expectedVersion + 1}`,
      details: { fromVersion: expectedVersion },
      ...meta,
    });
    return version;
  });
}

/** A new program (version 1) with the newest version's definition under another name. */
export async function copyProgram(actor: Actor, meta: RequestMeta, id: string, { name }: ProgramCopyInput) {
  const source = found(await getProgram(id), "Program not found");
  return createProgramFromTemplate(actor, meta, { ...source.template, name });
}
