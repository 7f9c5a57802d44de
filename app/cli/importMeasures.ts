// `npm run cli -- import-measures FILE.csv --program "TEMPLATE NAME" [--create-missing] [--dry-run]`
// Applies migrations and reference data first (an empty database works), validates the
// whole file, prints every error by line, and writes nothing unless every row is valid.
// Returns the process exit code: 0 imported (or dry run clean), 1 invalid file, 2 usage.
import fs from "node:fs";
import path from "node:path";

export type ImportMeasuresOptions = {
  positionals: string[];
  program?: string;
  createMissing?: boolean;
  dryRun?: boolean;
};

export async function importMeasuresCommand(
  opts: ImportMeasuresOptions,
  setup: (o: { demo: boolean }) => Promise<unknown>,
): Promise<number> {
  const file = opts.positionals[0];
  if (!file || !opts.program) {
    console.error('usage: npm run cli -- import-measures FILE.csv --program "PROGRAM NAME" [--create-missing] [--dry-run]');
    return 2;
  }
  let csvText: string;
  try {
    csvText = fs.readFileSync(file, "utf8");
  } catch {
    console.error(`Cannot read ${file}.`);
    return 1;
  }
  await setup({ demo: false });
  const { commitImport, previewImport } = await import("../models/measureImport.server");
  const { disconnectDb } = await import("../utils/db.server");
  try {
    await ensureProgram(opts);
    const input = {
      csvText,
      fileName: path.basename(file),
      program: { name: opts.program },
      createMissing: Boolean(opts.createMissing),
    };
    const started = Date.now();
    const result = opts.dryRun
      ? await previewImport(input)
      : await commitImport(null, { ip: null, userAgent: "cli" }, { ...input, actorLabel: "cli" });
    if (!result.ok) {
      console.error(`${file}: ${result.duplicate ? "already imported" : `${result.errors.length} problem(s)`}; nothing was imported.`);
      for (const e of result.errors) console.error(e.line ? `  line ${e.line}: ${e.message}` : `  ${e.message}`);
      return 1;
    }
    const created = [
      result.newCohorts.length ? `${result.newCohorts.length} cohort(s)` : "",
      result.newParticipants.length ? `${result.newParticipants.length} participant(s)` : "",
      result.newEnrollments ? `${result.newEnrollments} enrollment(s)` : "",
    ].filter(Boolean);
    const verb = opts.dryRun ? "Checked" : "Imported";
    console.log(
      `${verb} ${result.rows.length} questionnaire(s) from ${file} into "${result.programName}"` +
        (created.length ? `; ${opts.dryRun ? "would create" : "created"} ${created.join(", ")}` : "") +
        ` in ${((Date.now() - started) / 1000).toFixed(1)} s${opts.dryRun ? " (dry run: nothing written)" : ""}.`,
    );
    return 0;
  } finally {
    await disconnectDb();
  }
}

/**
 * On an empty database the program does not exist yet: with --create-missing, a program
 * named like one of the shipped templates (app/domain/scheduling seedTemplates) is
 * created from that template first.
 */
async function ensureProgram(opts: ImportMeasuresOptions) {
  if (!opts.createMissing || opts.dryRun) return;
  const { dbReady } = await import("../utils/db.server");
  const db = await dbReady();
  if (await db.program.findUnique({ where: { name: opts.program! } })) return;
  const { SEED_TEMPLATES } = await import("../domain/scheduling");
  const template = SEED_TEMPLATES.find((t) => t.name.toLowerCase() === opts.program!.toLowerCase());
  if (!template) return;
  const { createProgramFromTemplate } = await import("../models/program.server");
  await createProgramFromTemplate({ id: "", email: "cli" }, { ip: null, userAgent: "cli" }, template);
  opts.program = template.name;
  console.log(`Created program "${template.name}" from the shipped template.`);
}
