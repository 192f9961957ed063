/**
 * Worker-thread side of the wasm dispatcher (wasm-dispatcher.ts): instantiates the kernels over the
 * session's shared memory with its own stack and scratch, then executes items whenever the calling
 * thread bumps the command counter. Loaded from dist/ as wasm-worker.js, or through tsx (tests).
 */
import { parentPort, workerData } from "node:worker_threads";
import { instantiateWasmKernels } from "../../fft/wasm-kernels.js";
import { executeWasmItem, type WasmWorkerInit } from "./wasm-dispatcher.js";
import { runWorkerLoop } from "./worker-loop.js";

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("wasm-worker.ts must run in a worker thread");
  const init = workerData as WasmWorkerInit;
  const { exports: k } = await instantiateWasmKernels(init.module, init.memory, init.scratch.stackTop, () => {
    throw new Error("workers do not allocate");
  });
  const args = new Float64Array(init.args);
  await runWorkerLoop(port, init.control, (i) => executeWasmItem(k, init.plan, init.scratch, init.reductions, args, i));
  port.close();
}

void main();
