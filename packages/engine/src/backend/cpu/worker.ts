/**
 * Worker-thread side of the threaded CPU backend (thread-pool.ts): owns one PFFFT instance and a
 * workspace, receives shared buffers, and executes kernel items whenever the main thread bumps the
 * command counter. Loaded from dist/ as worker.js, or from sources through tsx (tests).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Shape3 } from "../../volume.js";
import { createPassWorkspace } from "../../fft/passes.js";
import { executeItem } from "./kernels.js";
import { C_COUNT, C_DONE, C_ERROR, C_NEXT, C_QUIT, C_SEQ } from "./control.js";

interface Init {
  shape: Shape3;
  control: SharedArrayBuffer;
  args: SharedArrayBuffer;
  reductions: SharedArrayBuffer;
  genericOnly: boolean;
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("worker.ts must run in a worker thread");
  const init = workerData as Init;
  const ws = await createPassWorkspace(init.shape, { genericOnly: init.genericOnly });
  const ctrl = new Int32Array(init.control);
  const args = new Float64Array(init.args);
  const red = new Float64Array(init.reductions);
  const bufs: Float32Array[] = [];
  port.on("message", (m: { type: "buffer"; id: number; sab: SharedArrayBuffer }) => {
    if (m.type === "buffer") {
      bufs[m.id] = new Float32Array(m.sab);
      port.postMessage({ type: "ack", id: m.id });
    }
  });
  port.postMessage({ type: "ready" });
  // Atomics.waitAsync (Node ≥ 16) is missing from the ES2023 lib typings
  const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<string> | string } }).waitAsync;
  let seen = Atomics.load(ctrl, C_SEQ);
  for (;;) {
    const w = waitAsync(ctrl, C_SEQ, seen);
    if (w.async) await w.value;
    const seq = Atomics.load(ctrl, C_SEQ);
    if (seq === seen) continue;
    seen = seq;
    if (Atomics.load(ctrl, C_QUIT) !== 0) break;
    const count = Atomics.load(ctrl, C_COUNT);
    for (;;) {
      const i = Atomics.add(ctrl, C_NEXT, 1);
      if (i >= count) break;
      try {
        executeItem(ws, bufs, red, args, i);
      } catch (e) {
        // report instead of dying: the main thread waits for every worker's DONE
        Atomics.store(ctrl, C_ERROR, 1);
        port.postMessage({ type: "error", message: (e as Error).message });
      }
    }
    Atomics.add(ctrl, C_DONE, 1);
    Atomics.notify(ctrl, C_DONE);
  }
  ws.ctx.dispose();
  port.close();
}

void main();
