// A database for one test run: a fresh database on DATABASE_URL's server (dropped afterwards), or an
// embedded PGlite in a temporary folder (removed afterwards).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedDatabase } from "./embedded-db.mjs";

export async function createTestDatabase() {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `refocus_test_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      description: `PostgreSQL at ${url.host}, database ${name}`,
      async drop() {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "refocus-test-db-"));
  const db = await startEmbeddedDatabase({ dataDir: dir, port: 0 });
  return {
    url: db.url,
    description: `embedded PGlite in ${dir}`,
    async drop() {
      await db.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
