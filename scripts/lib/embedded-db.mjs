// The embedded default database: PGlite (PostgreSQL compiled to WebAssembly) served on loopback, so
// the API, the worker, pg-boss and Prisma all use a plain connection string. Used only when
// DATABASE_URL is unset; lab servers and CI use a real PostgreSQL.
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { createPgliteServer } from "./pglite-server.mjs";

/**
 * Starts PGlite with its data in `dataDir` (created if missing) and serves it on host:port.
 * Returns the connection string and a stop function that closes connections and the database.
 */
export async function startEmbeddedDatabase({ dataDir, host = "127.0.0.1", port = 54329 }) {
  fs.mkdirSync(dataDir, { recursive: true }); // PGlite does not create parent folders
  const db = await PGlite.create(dataDir);
  const server = createPgliteServer(db, { host, port });
  const boundPort = await server.listen();
  const url = `postgresql://postgres@${host}:${boundPort}/postgres?sslmode=disable`;
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await db.close();
    },
  };
}
