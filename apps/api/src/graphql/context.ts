/** What every resolver receives. Built once per request in app.ts. */
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { Viewer } from "../auth/viewer.js";
import type { JobQueue } from "../queue/job-queue.js";
import type { FileStorage } from "../modules/file/storage.js";
import type { Loaders } from "./loaders.js";

export interface GraphQLContext {
  db: Db;
  config: Config;
  viewer: Viewer;
  queue: JobQueue;
  storage: FileStorage;
  loaders: Loaders;
  setSessionCookie(token: string, expiresAt: Date): void;
  clearSessionCookie(): void;
}
