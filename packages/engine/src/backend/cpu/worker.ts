/**
 * Worker-thread side of the threaded CPU backend (thread-pool.ts): owns one PFFFT instance and a
 * workspace, receives shared buffers, and executes kernel items whenever the main thread bumps the
 * command counter. Loaded from dist/ as worker.js, or from sources through tsx (tests).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Shape3 } from "../../volume.js";
import { createPassWorkspace } from "../../fft/passes.js";
import { executeItem } from "./kernels.js";
import { runWorkerLoop } from "./worker-loop.js";

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
  const args = new Float64Array(init.args);
  const red = new Float64Array(init.reductions);
  const bufs: Float32Array[] = [];
  port.on("message", (m: { type: "buffer"; id: number; sab: SharedArrayBuffer }) => {
    if (m.type === "buffer") {
      bufs[m.id] = new Float32Array(m.sab);
      port.postMessage({ type: "ack", id: m.id });
    }
  });
  await runWorkerLoop(port, init.control, (i) => executeItem(ws, bufs, red, args, i));
  ws.ctx.dispose();
  port.close();
}

void main();
