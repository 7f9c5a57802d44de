// Creates a migration for BOTH providers from the difference between what the
// existing migrations build and the current schema, without a development database:
//   npm run db:migration -- add_cohorts        (new)
//   npm run db:migration -- --redo add_cohorts (rebuild an unreleased one)
// PostgreSQL must be reachable (PG_ADMIN_URL, default postgresql://postgres@127.0.0.1:5432/postgres)
// because Prisma's schema engine replays the PostgreSQL migrations into a shadow database.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
// --redo NAME: rebuild the newest migration NAME (only while it is unreleased, i.e.
// not yet on main) after further schema edits, keeping its timestamp.
const redo = process.argv.includes("--redo");
const name = process.argv.filter((a) => !a.startsWith("--"))[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- NAME   (lower_snake_case)");
  process.exit(2);
}
execFileSync("node", [path.join(root, "prisma/scripts/derive-postgres-schema.mjs")], { stdio: "inherit" });
let stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
if (redo) {
  const dirs = ["prisma/migrations", "prisma/postgres/migrations"];
  // Only the newest migration can be rebuilt: later ones were written against it.
  for (const dir of dirs) {
    const all = fs
      .readdirSync(path.join(root, dir), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    if (!all.length || !all[all.length - 1].endsWith(`_${name}`)) {
      console.error(`--redo: ${name} is not the newest migration in ${dir}; create a new migration instead.`);
      process.exit(2);
    }
  }
  for (const dir of dirs) {
    const existing = fs
      .readdirSync(path.join(root, dir))
      .filter((d) => d.endsWith(`_${name}`))
      .sort()
      .pop();
    stamp = existing.slice(0, 14);
    fs.rmSync(path.join(root, dir, existing), { recursive: true });
  }
}
const providers = [
  { dir: "prisma/migrations", schema: "prisma/schema.prisma", url: "file:./data/migration-scratch.db" },
  {
    dir: "prisma/postgres/migrations",
    schema: "prisma/postgres/schema.prisma",
    url: process.env.PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  },
];
for (const p of providers) {
  const sql = execFileSync(
    "npx",
    ["prisma", "migrate", "diff", "--from-migrations", p.dir, "--to-schema-datamodel", p.schema, "--script"],
    { cwd: root, env: { ...process.env, DATABASE_URL: p.url }, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (/This is an empty migration/.test(sql)) {
    console.log(`${p.dir}: no change`);
    continue;
  }
  const folder = path.join(root, p.dir, `${stamp}_${name}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, "migration.sql"), sql);
  console.log(`wrote ${path.relative(root, folder)}/migration.sql`);
}
