// Offline replacement for `prisma migrate dev|deploy|diff|status`, driving Prisma's own WASM schema
// engine (@prisma/schema-engine-wasm) through a driver adapter, so the `_prisma_migrations` table stays
// exactly as `prisma migrate deploy` keeps it (where the native engine can be downloaded, both work).
//
//   node prisma/migrate.mjs dev NAME   create prisma/migrations/<ts>_NAME/migration.sql and apply it
//   node prisma/migrate.mjs deploy     apply pending migrations
//   node prisma/migrate.mjs diff|status
//
// Create migrations against a real PostgreSQL (DATABASE_URL), never through the embedded pglite-socket
// server: every database name maps to its one database, so the shadow database would be the real one.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const prismaDir = path.dirname(fileURLToPath(import.meta.url));
const schemaPath = path.join(prismaDir, "schema.prisma");
const migrationsDir = path.join(prismaDir, "migrations");
const filters = { externalTables: [], externalEnums: [] };

// the wasm engine reports Rust panics through this global; without it a panic becomes a TypeError
globalThis.PRISMA_WASM_PANIC_REGISTRY ??= { message: "", set_message(m) { this.message = m; } };

let enginePromise;
function loadEngine() {
  enginePromise ??= (async () => {
    const wasmPath = path.join(path.dirname(fileURLToPath(import.meta.resolve("@prisma/schema-engine-wasm"))), "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start?.();
    return bg.SchemaEngine;
  })();
  return enginePromise;
}

function pgConfig(databaseUrl) {
  // an object, not a connection string: connectToShadowDb spreads {...config, database} and pg lets
  // connectionString override `database`
  const u = new URL(databaseUrl);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || "postgres",
    password: decodeURIComponent(u.password) || undefined,
    database: u.pathname.slice(1) || "postgres",
  };
}

// Two fixes to @prisma/adapter-pg 7.10.1 for the schema engine:
// - it cannot decode PostgreSQL's internal "char" type (oid 18, array 1002) that the engine's
//   catalogue queries return: report them as text;
// - its executeScript splits migration scripts at every ";", breaking dollar-quoted function bodies:
//   send the script whole (the simple query protocol runs several statements, as `psql -f` does).
function patchAdapter(queryable) {
  if (typeof queryable.executeScript === "function" && queryable.client) {
    queryable.executeScript = async (script) => {
      try {
        await queryable.client.query(script);
      } catch (error) {
        queryable.onError(error);
      }
    };
  }
  const io = queryable.performIO.bind(queryable);
  queryable.performIO = async (...a) => {
    const r = await io(...a);
    for (const f of r?.fields ?? []) {
      if (f.dataTypeID === 18) f.dataTypeID = 25;
      else if (f.dataTypeID === 1002) f.dataTypeID = 1009;
    }
    return r;
  };
  const start = queryable.startTransaction?.bind(queryable);
  if (start) queryable.startTransaction = async (...a) => patchAdapter(await start(...a));
  return queryable;
}

async function makeFactory(databaseUrl) {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const cfg = pgConfig(databaseUrl);
  const factory = new PrismaPg(cfg);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => patchAdapter(await connect());
  // PrismaPg 7.10.1 drops its shadow database before closing its pool, and the engine does not reset a
  // reused one: make a fresh shadow database per run instead
  factory.connectToShadowDb = async () => {
    const { default: pg } = await import("pg");
    const admin = new pg.Client(cfg);
    await admin.connect();
    const name = `${cfg.database}_shadow_${process.pid}`;
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    const pool = new pg.Pool({ ...cfg, database: name });
    pool.on("error", () => {}); // the forced drop below ends idle connections on purpose
    const adapter = patchAdapter(await new PrismaPg(pool).connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
    return adapter;
  };
  return factory;
}

function migrationsList() {
  const dirs = fs.existsSync(migrationsDir)
    ? fs.readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  const lock = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lock) ? fs.readFileSync(lock, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((d) => {
      const f = path.join(migrationsDir, d, "migration.sql");
      return {
        path: d,
        migrationFile: {
          path: "migration.sql",
          content: fs.existsSync(f) ? { tag: "ok", value: fs.readFileSync(f, "utf8") } : { tag: "error", value: "missing" },
        },
      };
    }),
  };
}

async function withEngine(databaseUrl, fn) {
  const SchemaEngine = await loadEngine();
  const factory = await makeFactory(databaseUrl);
  const schemaFile = { path: schemaPath, content: fs.readFileSync(schemaPath, "utf8") };
  const log = (line) => process.env.DEBUG_MIGRATIONS && console.error(line);
  const engine = await SchemaEngine.new({ datamodels: [[schemaFile.path, schemaFile.content]] }, log, bindMigrationAwareSqlAdapterFactory(factory));
  try {
    return await fn(engine, schemaFile);
  } finally {
    engine.free?.();
  }
}

/** Applies pending committed migrations; returns the names applied. */
export async function deployMigrations(databaseUrl) {
  return withEngine(databaseUrl, async (engine) => {
    const r = await engine.applyMigrations({ migrationsList: migrationsList(), filters });
    return r.appliedMigrationNames;
  });
}

async function createMigration(databaseUrl, name) {
  return withEngine(databaseUrl, async (engine, schemaFile) => {
    // devDiagnostic replays the migrations on a shadow database and fills the cache createMigration needs
    const diag = await engine.devDiagnostic({ migrationsList: migrationsList(), filters });
    if (diag.action.tag === "reset") throw new Error("migrate dev needs a reset: " + diag.action.reason);
    const out = await engine.createMigration({ draft: false, migrationName: name, migrationsList: migrationsList(), schema: { files: [schemaFile] }, filters });
    if (!out.migrationScript) return null;
    const dir = path.join(migrationsDir, out.generatedMigrationName);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), out.migrationScript);
    const lock = path.join(migrationsDir, "migration_lock.toml");
    if (!fs.existsSync(lock)) fs.writeFileSync(lock, `# Please do not edit this file manually\nprovider = "${out.connectorType}"\n`);
    return out.generatedMigrationName;
  });
}

async function cli() {
  const [cmd, name] = process.argv.slice(2);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL must name a PostgreSQL database (e.g. postgresql://postgres@127.0.0.1:5432/refocus_dev)");
  if (cmd === "dev") {
    if (!name) throw new Error("usage: node prisma/migrate.mjs dev NAME");
    const created = await createMigration(url, name);
    console.log(created ? `created ${created}` : "schema unchanged, no migration created");
    console.log("applied:", await deployMigrations(url));
  } else if (cmd === "deploy") {
    console.log("applied:", await deployMigrations(url));
  } else if (cmd === "diff") {
    await withEngine(url, async (engine, schemaFile) => {
      const r = await engine.diff({ from: { tag: "migrations", ...migrationsList() }, to: { tag: "schemaDatamodel", files: [schemaFile] }, script: true, exitCode: null, filters });
      console.log(r.stdout);
    });
  } else if (cmd === "status") {
    await withEngine(url, async (engine) => {
      const r = await engine.diagnoseMigrationHistory({ migrationsList: migrationsList(), optInToShadowDatabase: false, filters });
      console.log(JSON.stringify(r, null, 1));
    });
  } else {
    throw new Error("usage: node prisma/migrate.mjs dev NAME | deploy | diff | status");
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().then(
    () => setTimeout(() => process.exit(0), 50),
    (e) => { console.error(e instanceof Error ? e.message : e); setTimeout(() => process.exit(1), 50); },
  );
}
