/**
 * A worker killed in the middle of a run (SIGKILL, as a crash or a lost machine would) leaves a run
 * that pg-boss retries once the worker's heartbeats stop; a new worker completes it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { beadsTiff } from "./support/fixtures.js";
import { Client, startHarness, type Harness } from "./support/harness.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let h: Harness;
const workers: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["apps/api/src/worker/main.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: h.config.databaseUrl, FILES_DIR: h.config.filesDir, WORKER_THREADS: "1", JOB_HEARTBEAT_SECONDS: "10", QUEUE_MONITOR_SECONDS: "2" },
    stdio: ["ignore", "pipe", "pipe"],
    // its own process group: tsx runs the worker in a child process, and both must die together
    detached: true,
  });
  child.stderr?.on("data", (d) => process.env.DEBUG_WORKER && process.stderr.write(d));
  workers.push(child);
  return child;
}

function killGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // already gone
  }
}

beforeAll(async () => {
  process.env.JOB_HEARTBEAT_SECONDS = "10";
  process.env.QUEUE_MONITOR_SECONDS = "2";
  h = await startHarness();
});
afterAll(async () => {
  for (const w of workers) killGroup(w);
  await h?.stop();
});

it("retries a run whose worker was killed, and completes it on a new worker", async () => {
  const c = new Client(h.url);
  await c.signUp("crash@lab.test");
  const projectId = (await c.ok(`mutation { createProject(input: {name: "Crash test"}) { id } }`)).createProject.id;
  const fileId = ((await (await c.upload(beadsTiff([16, 64, 64]), "beads.tif")).json()) as { id: string }).id;
  const imageId = (await c.ok(`mutation($i: RegisterImageInput!) { registerImage(input: $i) { id } }`, { i: { projectId, fileId } })).registerImage.id;
  const first = startWorker();
  const { submitRun } = await c.ok(`mutation($i: SubmitRunInput!) { submitRun(input: $i) { id } }`, {
    i: { projectId, imageId, algorithm: "rl", params: { iterations: 400 }, psf: { gaussian: { sigmaXY: 2, sigmaZ: 2 } } },
  });
  const poll = async () => (await c.ok(`query($id: ID!) { run(id: $id) { status iteration attempts workerId error } }`, { id: submitRun.id })).run;

  // wait until the first worker is well into the run, then kill it without warning
  let run = await poll();
  for (const deadline = Date.now() + 60_000; !(run.status === "RUNNING" && run.iteration >= 3); run = await poll()) {
    if (Date.now() > deadline) throw new Error(`run did not start: ${JSON.stringify(run)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const killedWorker = run.workerId;
  const exited = new Promise((r) => first.once("exit", r));
  killGroup(first);
  await exited;
  expect((await poll()).status).toBe("RUNNING"); // nobody has noticed yet

  startWorker();
  for (const deadline = Date.now() + 120_000; !["SUCCEEDED", "FAILED"].includes(run.status); run = await poll()) {
    if (Date.now() > deadline) throw new Error(`run was not recovered: ${JSON.stringify(run)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(run.error).toBeNull();
  expect(run.status).toBe("SUCCEEDED");
  expect(run.iteration).toBe(400);
  expect(run.attempts).toBe(2);
  expect(run.workerId).not.toBe(killedWorker);
  const starts = await h.db.auditEvent.findMany({ where: { objectId: submitRun.id, action: "run.start" }, orderBy: { id: "asc" } });
  expect(starts.map((e) => (e.details as { worker: string }).worker)).toEqual([killedWorker, run.workerId]);
}, 240_000);
