import type { Client } from "./harness.js";

const ACTIVE = ["QUEUED", "RUNNING"];

/** Polls run(id) until `until(status)` holds (default: the run has finished), returning the fields asked for. */
export async function waitForRun(c: Client, id: string, fields: string, until: (status: string) => boolean = (s) => !ACTIVE.includes(s), timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { run } = await c.ok(`query($id: ID!) { run(id: $id) { status ${fields} } }`, { id });
    if (until(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${id} stayed ${run.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
