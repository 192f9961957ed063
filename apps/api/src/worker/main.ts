/** Worker process: takes deconvolution jobs from the pg-boss queue, one at a time per process. */
import { loadConfig } from "../config.js";
import { createDb } from "../db/client.js";
import { FileStorage } from "../modules/file/storage.js";
import { startJobQueue } from "../queue/job-queue.js";
import { DECONVOLVE_JOB } from "../queue/jobs.js";
import { handleDeconvolveJob } from "./deconvolve.handler.js";

const config = loadConfig();
const db = createDb(config.databaseUrl, 4);
const queue = await startJobQueue(config.databaseUrl);
const storage = new FileStorage(config.filesDir);
const threads = process.env.WORKER_THREADS ? Number(process.env.WORKER_THREADS) : undefined;

await queue.boss.work(DECONVOLVE_JOB.name, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
  await handleDeconvolveJob({ db, storage, threads }, job);
});
console.log(`[worker] ready (pid ${process.pid})`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await queue.stop();
  await db.$disconnect();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
