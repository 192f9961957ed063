// `npm test`: every test of the repository. Unit and integration tests (vitest) run against a fresh
// database; then the platform is started on free ports and the end-to-end tests (Playwright, Debian's
// Chromium) walk it as a person would. Ends with one line: "tests: N passed, N failed, N skipped".
//   TEST_ONLY=vitest|e2e npm test      run one half (development only)
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { deployMigrations } from "../prisma/migrate.mjs";
import { buildEngine, buildWeb } from "./lib/build.mjs";
import { ensureChromium } from "./lib/chromium.mjs";
import { loadDotEnv } from "./lib/env.mjs";
import { root, run, startApi, startWeb, startWorker, stopAll, waitForHttp } from "./lib/platform.mjs";
import { createTestDatabase } from "./lib/test-database.mjs";

process.chdir(root);
loadDotEnv();
const only = process.env.TEST_ONLY;
const bin = (name) => path.join(root, "node_modules/.bin", name);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "refocus-test-"));
const totals = { passed: 0, failed: 0, skipped: 0 };

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function countVitest(file) {
  if (!fs.existsSync(file)) return false;
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests + (r.numFailedTestSuites ?? 0) - 0;
  totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  return true;
}

function countPlaywright(file) {
  if (!fs.existsSync(file)) return false;
  const s = JSON.parse(fs.readFileSync(file, "utf8")).stats;
  totals.passed += s.expected + (s.flaky ?? 0);
  totals.failed += s.unexpected;
  totals.skipped += s.skipped;
  return true;
}

let database;
const children = [];
let exitCode = 0;
try {
  const chromium = only === "vitest" ? null : ensureChromium();
  database = await createTestDatabase();
  console.log(`[test] database: ${database.description}`);
  await deployMigrations(database.url);
  await buildEngine();

  if (only !== "e2e") {
    const report = path.join(scratch, "vitest.json");
    try {
      await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], {
        env: { DATABASE_URL: database.url, REFOCUS_DATA_DIR: path.join(scratch, "vitest-data") },
      });
    } catch {
      exitCode = 1;
    }
    if (!countVitest(report)) {
      exitCode = 1;
      totals.failed += 1;
      console.error("[test] vitest wrote no report");
    }
  }

  if (only !== "vitest") {
    await buildWeb();
    const apiPort = await freePort();
    const webPort = await freePort();
    const env = {
      DATABASE_URL: database.url,
      REFOCUS_DATA_DIR: path.join(scratch, "e2e-data"),
      API_PORT: String(apiPort),
      WEB_PORT: String(webPort),
      API_PUBLIC_URL: `http://localhost:${apiPort}`,
      WEB_ORIGIN: `http://localhost:${webPort}`,
      NEXT_TELEMETRY_DISABLED: "1",
      WORKER_THREADS: "2",
    };
    const logs = { quiet: !process.env.E2E_LOGS };
    const api = startApi(env, logs);
    const worker = startWorker(env, logs);
    const web = startWeb(env, logs);
    children.push(api, worker, web);
    await waitForHttp(`http://127.0.0.1:${apiPort}/healthz`, 90_000, api);
    await waitForHttp(`http://127.0.0.1:${webPort}/login`, 90_000, web);
    const report = path.join(scratch, "playwright.json");
    try {
      await run(bin("playwright"), ["test", "-c", "tests/playwright.config.ts"], {
        env: { ...env, BASE_URL: `http://localhost:${webPort}`, API_URL: `http://localhost:${apiPort}`, CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
      });
    } catch {
      exitCode = 1;
    }
    if (!countPlaywright(report)) {
      exitCode = 1;
      totals.failed += 1;
      console.error("[test] playwright wrote no report");
    }
  }
} catch (e) {
  exitCode = 1;
  totals.failed += 1; // the run itself failed (setup, build): count it, never report a clean zero
  console.error(`[test] ${e instanceof Error ? e.message : e}`);
} finally {
  await stopAll(children);
  await database?.drop().catch((e) => console.error(`[test] could not drop the test database: ${e.message}`));
  fs.rmSync(scratch, { recursive: true, force: true });
}
if (totals.failed > 0) exitCode = 1;
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(exitCode);
