/**
 * Starts the real API in-process on a free port against the test database (DATABASE_URL, set by
 * `npm test`), with the real pg-boss queue, and offers a small GraphQL client.
 */
import fs from "node:fs";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { createApp } from "../../src/app.js";
import { loadConfig, type Config } from "../../src/config.js";
import { createDb, type Db } from "../../src/db/client.js";
import { startJobQueue, type JobQueue } from "../../src/queue/job-queue.js";

export interface Harness {
  url: string;
  db: Db;
  queue: JobQueue;
  config: Config;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!process.env.DATABASE_URL) {
    throw new Error("API tests need a database: run them with `npm test` (which makes one), or set DATABASE_URL to a scratch PostgreSQL database.");
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "refocus-api-test-"));
  const config = { ...loadConfig(), filesDir: path.join(dataDir, "files"), webOrigins: ["http://web.test"] };
  const db = createDb(config.databaseUrl, 4);
  await resetDatabase(db);
  const queue = await startJobQueue(config.databaseUrl);
  const { app, stop } = await createApp({ config, db, queue });
  const server: Server = createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    db,
    queue,
    config,
    async stop() {
      await new Promise<void>((r) => server.close(() => r()));
      await stop();
      await queue.stop();
      await db.$disconnect();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Empties every application table (the API tests run one file at a time). */
export async function resetDatabase(db: Db): Promise<void> {
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  await db.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.name}"`).join(", ")} RESTART IDENTITY CASCADE`);
}

export interface GqlResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

export class Client {
  token: string | null = null;
  constructor(readonly baseUrl: string) {}

  async gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> {
    const res = await fetch(`${this.baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResult<T>;
  }

  /** Runs a query that must succeed, returning its data. */
  async ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await this.gql<T>(query, variables);
    if (r.errors?.length || !r.data) throw new Error(`GraphQL error: ${JSON.stringify(r.errors)}`);
    return r.data;
  }

  async signUp(email: string, name = email.split("@")[0]): Promise<{ id: string; role: string }> {
    const d = await this.ok(`mutation($i: SignUpInput!) { signUp(input: $i) { token user { id role } } }`, { i: { email, name, password: "correct horse battery" } });
    this.token = d.signUp.token;
    return d.signUp.user;
  }

  upload(bytes: Uint8Array, name: string): Promise<Response> {
    return fetch(`${this.baseUrl}/api/files?name=${encodeURIComponent(name)}`, {
      method: "POST",
      headers: { "content-type": "image/tiff", ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: bytes,
    });
  }

  get(pathname: string): Promise<Response> {
    return fetch(`${this.baseUrl}${pathname}`, { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
  }
}
