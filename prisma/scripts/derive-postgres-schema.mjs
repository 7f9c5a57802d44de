// Writes prisma/postgres/schema.prisma from the canonical SQLite schema: only the
// provider and the client's output folder differ. `--check` exits 1 when the committed
// copy is stale (CI runs it).
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const source = fs.readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
const derived =
  "// GENERATED from prisma/schema.prisma by prisma/scripts/derive-postgres-schema.mjs. Do not edit.\n" +
  source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace('output     = "../app/generated/prisma"', 'output     = "../../app/generated/prisma-postgres"');
if (derived === source) throw new Error("derive-postgres-schema: nothing replaced");
const target = path.join(root, "prisma/postgres/schema.prisma");
if (process.argv.includes("--check")) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
  if (current !== derived) {
    console.error("prisma/postgres/schema.prisma is out of date: run `npm run db:derive`.");
    process.exit(1);
  }
  console.log("prisma/postgres/schema.prisma matches prisma/schema.prisma");
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, derived);
  console.log("wrote prisma/postgres/schema.prisma");
}
