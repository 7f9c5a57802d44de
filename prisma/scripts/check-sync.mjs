// CI check: the derived PostgreSQL schema is current, both providers have the same
// migrations (by name), and each provider's migrations build exactly its schema.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
let failed = false;
execFileSync("node", [path.join(root, "prisma/scripts/derive-postgres-schema.mjs"), "--check"], { stdio: "inherit" });

const names = (dir) =>
  fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
const sqlite = names("prisma/migrations");
const postgres = names("prisma/postgres/migrations");
if (JSON.stringify(sqlite) !== JSON.stringify(postgres)) {
  console.error(`Migration folders differ:\n  sqlite:   ${sqlite.join(", ")}\n  postgres: ${postgres.join(", ")}`);
  failed = true;
} else {
  console.log(`Both providers have the same ${sqlite.length} migration(s).`);
}

const checks = [
  { dir: "prisma/migrations", schema: "prisma/schema.prisma", url: "file:./data/migration-scratch.db" },
  {
    dir: "prisma/postgres/migrations",
    schema: "prisma/postgres/schema.prisma",
    url: process.env.PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  },
];
for (const c of checks) {
  const r = spawnSync("npx", ["prisma", "migrate", "diff", "--from-migrations", c.dir, "--to-schema-datamodel", c.schema, "--exit-code"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: c.url },
    encoding: "utf8",
  });
  if (r.status === 0) console.log(`${c.dir} builds ${c.schema} exactly.`);
  else {
    console.error(`${c.dir} does not match ${c.schema} (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
