/**
 * Worker-thread side of the wasm dispatcher (wasm-dispatcher.ts): instantiates the kernels over the
 * session's shared memory with its own stack and scratch, then executes items whenever the calling
 * thread bumps the command counter. Loaded from dist/ as wasm-worker.js, or through tsx (tests).
 */
import { parentPort, workerData } from "node:worker_threads";
import { instantiateWasmKernels } from "../../fft/wasm-kernels.js";
import { executeWasmItem, type WasmWorkerInit } from "./wasm-dispatcher.js";
import { C_COUNT, C_DONE, C_ERROR, C_NEXT, C_QUIT, C_SEQ } from "./control.js";

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("wasm-worker.ts must run in a worker thread");
  const init = workerData as WasmWorkerInit;
  const { exports: k } = await instantiateWasmKernels(init.module, init.memory, init.scratch.stackTop, () => {
    throw new Error("workers do not allocate");
  });
  const ctrl = new Int32Array(init.control);
  const args = new Float64Array(init.args);
  // Atomics.waitAsync (Node ≥ 16) is missing from the ES2023 lib typings
  const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<string> | string } }).waitAsync;
  // read before announcing readiness, so that a command issued right after is not missed
  let seen = Atomics.load(ctrl, C_SEQ);
  port.postMessage({ type: "ready" });
  // a pending Atomics.waitAsync does not keep a worker's event loop alive; a listening port does
  port.on("message", () => {});
  for (;;) {
    // waitAsync, not wait: a worker blocked in Atomics.wait hangs under vitest's tsx loader (its
    // event loop must keep turning); the cost is one event-loop turn per operation
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
        executeWasmItem(k, init.plan, init.scratch, init.reductions, args, i);
      } catch (e) {
        // report instead of dying: the calling thread waits for every worker's DONE
        Atomics.store(ctrl, C_ERROR, 1);
        port.postMessage({ type: "error", message: (e as Error).message });
      }
    }
    Atomics.add(ctrl, C_DONE, 1);
    Atomics.notify(ctrl, C_DONE);
  }
  port.close();
}

void main();
