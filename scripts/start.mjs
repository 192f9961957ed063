// `npm start`: the whole platform on one machine. Without DATABASE_URL it serves the embedded
// database (PGlite) from ./data/pglite; it applies migrations, builds what needs building, and starts
// the API, the worker and the web app. Ctrl-C stops everything.
import path from "node:path";
import { deployMigrations } from "../prisma/migrate.mjs";
import { buildEngine, buildWeb } from "./lib/build.mjs";
import { startEmbeddedDatabase } from "./lib/embedded-db.mjs";
import { loadDotEnv } from "./lib/env.mjs";
import { root, startApi, startWeb, startWorker, stopAll, waitForHttp } from "./lib/platform.mjs";

process.chdir(root);
loadDotEnv();
const dataDir = path.resolve(process.env.REFOCUS_DATA_DIR ?? "data");
const apiPort = Number(process.env.API_PORT ?? 4000);
const webPort = Number(process.env.WEB_PORT ?? 3000);
const workers = Math.max(1, Number(process.env.WORKERS ?? 1));

let embedded = null;
const children = [];
let stopping = false;

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log("\n[refocus] stopping…");
  await stopAll(children);
  await embedded?.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedDatabase({ dataDir: path.join(dataDir, "pglite"), port: Number(process.env.EMBEDDED_DB_PORT ?? 54329) });
    databaseUrl = embedded.url;
    console.log(`[refocus] embedded database (PGlite) at ${databaseUrl}, data in ${path.join(dataDir, "pglite")}`);
  }
  const applied = await deployMigrations(databaseUrl);
  console.log(`[refocus] migrations: ${applied.length ? applied.join(", ") + " applied" : "up to date"}`);

  await buildEngine();
  await buildWeb();

  const env = {
    DATABASE_URL: databaseUrl,
    REFOCUS_DATA_DIR: dataDir,
    API_PORT: String(apiPort),
    WEB_PORT: String(webPort),
    API_PUBLIC_URL: process.env.API_PUBLIC_URL ?? `http://localhost:${apiPort}`,
    WEB_ORIGIN: process.env.WEB_ORIGIN ?? `http://localhost:${webPort}`,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const api = startApi(env);
  children.push(api);
  for (let i = 0; i < workers; i++) children.push(startWorker(env, {}, workers > 1 ? `[worker ${i + 1}]` : "[worker]"));
  const web = startWeb(env);
  children.push(web);
  for (const child of children) child.exited.then(({ code }) => !stopping && (console.error(`[refocus] a process exited (${code}); stopping`), shutdown(1)));

  await waitForHttp(`http://127.0.0.1:${apiPort}/healthz`, 60_000, api);
  await waitForHttp(`http://127.0.0.1:${webPort}/login`, 60_000, web);
  console.log(`
  Refocus is running.
    Web app:  http://localhost:${webPort}
    GraphQL:  http://localhost:${apiPort}/graphql
    Files:    http://localhost:${apiPort}/api/files
  Press Ctrl-C to stop.
`);
} catch (e) {
  console.error(`[refocus] start failed: ${e instanceof Error ? e.message : e}`);
  await shutdown(1);
}
