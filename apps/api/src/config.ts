/** Environment of the API and worker processes, read once. Documented in .env.example. */
import path from "node:path";

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${raw}"`);
  return n;
}

export interface Config {
  databaseUrl: string;
  apiPort: number;
  apiHost: string;
  /** Origins allowed to call the API with credentials (the web app). */
  webOrigins: string[];
  filesDir: string;
  maxUploadBytes: number;
  sessionDays: number;
  cookieSecure: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set (npm start sets it to the embedded database)");
  const dataDir = path.resolve(env.REFOCUS_DATA_DIR ?? "data");
  return {
    databaseUrl,
    apiPort: int("API_PORT", 4000),
    apiHost: env.API_HOST ?? "0.0.0.0",
    webOrigins: (env.WEB_ORIGIN ?? "http://localhost:3000").split(",").map((s) => s.trim()).filter(Boolean),
    filesDir: path.resolve(env.FILES_DIR ?? path.join(dataDir, "files")),
    maxUploadBytes: int("MAX_UPLOAD_BYTES", 8 * 1024 ** 3),
    sessionDays: int("SESSION_DAYS", 14),
    cookieSecure: env.COOKIE_SECURE === "true",
  };
}
