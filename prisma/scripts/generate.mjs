// Generates both Prisma clients (SQLite and PostgreSQL); runs on every npm install.
import { execFileSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const prisma = path.join(root, "node_modules/.bin/prisma");
const run = (url) =>
  execFileSync(prisma, ["generate"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DATABASE_URL: url } });
run("file:./data/groupkap.db");
run("postgresql://localhost:5432/unused");
console.log("Generated the Prisma clients for SQLite and PostgreSQL.");
