// A fresh, empty database for one benchmark run: a temp SQLite file, or a scratch
// PostgreSQL database created next to `postgresUrl` and dropped afterwards.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type ScratchDb = { url: string; where: string; drop: () => Promise<void> };

export async function scratchDatabase(label: string, postgresUrl?: string): Promise<ScratchDb> {
  if (!postgresUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gk-${label}-`));
    return { url: `file:${path.join(dir, "bench.db")}`, where: dir, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const { default: pg } = await import("pg");
  const name = `groupkap_${label.replace(/\W/g, "_")}_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    where: `PostgreSQL database ${name}`,
    drop: async () => {
      await new Promise((resolve) => setTimeout(resolve, 1500)); // the app's pool closes idle connections after 1 s
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
