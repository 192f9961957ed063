/**
 * The command loop both CPU worker kinds run (worker.ts: JS kernels; wasm-worker.ts: wasm kernels).
 * The calling thread publishes an operation by setting C_COUNT and bumping C_SEQ; every worker
 * takes items from the shared counter C_NEXT until none are left, then adds itself to C_DONE.
 */
import type { MessagePort } from "node:worker_threads";
import { C_COUNT, C_DONE, C_ERROR, C_NEXT, C_QUIT, C_SEQ } from "./control.js";

// Atomics.waitAsync (Node ≥ 16) is missing from the ES2023 lib typings
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<string> | string } }).waitAsync;

/**
 * Announces "ready" on `port`, then runs `execute(i)` for the items of each operation until C_QUIT.
 * An item that throws sets C_ERROR and is reported on the port (the calling thread waits for every
 * worker's DONE and rethrows), so a worker never dies mid-operation.
 */
export async function runWorkerLoop(port: MessagePort, control: SharedArrayBuffer, execute: (item: number) => void): Promise<void> {
  const ctrl = new Int32Array(control);
  // read before announcing readiness, so that a command issued right after is not missed
  let seen = Atomics.load(ctrl, C_SEQ);
  port.postMessage({ type: "ready" });
  // a pending Atomics.waitAsync does not keep a worker's event loop alive; a listening port does
  if (port.listenerCount("message") === 0) port.on("message", () => {});
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
        execute(i);
      } catch (e) {
        Atomics.store(ctrl, C_ERROR, 1);
        port.postMessage({ type: "error", message: (e as Error).message });
      }
    }
    Atomics.add(ctrl, C_DONE, 1);
    Atomics.notify(ctrl, C_DONE);
  }
}
