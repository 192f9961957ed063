/**
 * Node's multi-threaded dispatcher: T−1 worker threads plus the calling thread, each with its own
 * PFFFT instance, over SharedArrayBuffers. Operations are handed out item by item through an atomic
 * counter (dynamic load balancing); every item writes only its own outputs, so the bytes do not
 * depend on which thread did what. The calling thread works too and then waits on Atomics, so an
 * operation costs no message round trip.
 */
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { Shape3 } from "../../volume.js";
import { EngineError } from "../../errors.js";
import { createPassWorkspace } from "../../fft/passes.js";
import type { Dispatcher } from "./dispatcher.js";
import type { WasmWorkerSpawner } from "./wasm-dispatcher.js";
import { executeItem, itemCount } from "./kernels.js";
import { ARG_SLOTS, C_COUNT, C_DONE, C_ERROR, C_NEXT, C_QUIT, C_SEQ, CONTROL_SLOTS } from "./control.js";

/** Spawns one worker: dist/ runs NAME.js directly; from sources (vitest) NAME.ts goes through tsx. */
function spawnWorker(workerData: unknown, name = "worker"): Worker {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, here), { workerData });
  // the ESM build of tsx's API (require.resolve yields the CommonJS one)
  const api = createRequire(here).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs");
  const entry = new URL(`./${name}.ts`, here).href;
  const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}))`;
  return new Worker(code, { eval: true, workerData });
}

/** Starts wasm-worker.ts threads for the wasm dispatcher; a worker that fails to start rejects. */
export const spawnWasmWorker: WasmWorkerSpawner = (init) =>
  new Promise((resolve, reject) => {
    const w = spawnWorker(init, "wasm-worker");
    const onMsg = (m: { type: string }) => {
      if (m.type !== "ready") return;
      w.off("message", onMsg);
      w.off("error", onError);
      w.off("exit", onExit);
      // the session's dispose() ends it; an undisposed one must not keep the process alive
      w.unref();
      resolve({ terminate: () => w.terminate() });
    };
    const onError = (e: Error) => {
      w.off("message", onMsg);
      w.off("exit", onExit);
      void w.terminate();
      reject(new EngineError("BACKEND_UNAVAILABLE", `CPU worker threads could not start: ${e.message}`, { cause: e }));
    };
    const onExit = (code: number) => onError(new Error(`the worker exited with code ${code} before it was ready`));
    w.on("message", onMsg);
    w.on("error", onError);
    w.once("exit", onExit);
  });

export async function createThreadPoolDispatcher(shape: Shape3, threads: number, options: { genericOnly?: boolean } = {}): Promise<Dispatcher> {
  const control = new SharedArrayBuffer(4 * CONTROL_SLOTS);
  const argsSab = new SharedArrayBuffer(8 * ARG_SLOTS);
  const redSab = new SharedArrayBuffer(8 * 2 * shape[0] * shape[1]);
  const ctrl = new Int32Array(control);
  const argv = new Float64Array(argsSab);
  const reductions = new Float64Array(redSab);
  const ws = await createPassWorkspace(shape, options);
  const bufs: Float32Array[] = [];
  const workers: Worker[] = [];
  try {
    for (let t = 1; t < threads; t++) {
      workers.push(spawnWorker({ shape, control, args: argsSab, reductions: redSab, genericOnly: !!options.genericOnly }));
    }
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const onMsg = (m: { type: string }) => {
              if (m.type === "ready") {
                w.off("message", onMsg);
                w.off("error", reject);
                resolve();
              }
            };
            w.on("message", onMsg);
            w.on("error", reject);
          }),
      ),
    );
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw new EngineError("BACKEND_UNAVAILABLE", `CPU worker threads could not start: ${(e as Error).message}`, { cause: e });
  }
  const nW = workers.length;
  return {
    threads,
    reductions,
    async allocate(floats) {
      const sab = new SharedArrayBuffer(4 * floats);
      const id = bufs.length;
      bufs.push(new Float32Array(sab));
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              const onMsg = (m: { type: string; id: number }) => {
                if (m.type === "ack" && m.id === id) {
                  w.off("message", onMsg);
                  resolve();
                }
              };
              w.on("message", onMsg);
              w.postMessage({ type: "buffer", id, sab });
            }),
        ),
      );
      return { id, view: bufs[id] };
    },
    async run(args) {
      argv.fill(0);
      argv.set(args);
      const count = itemCount(ws, argv[0]);
      Atomics.store(ctrl, C_COUNT, count);
      Atomics.store(ctrl, C_NEXT, 0);
      Atomics.store(ctrl, C_DONE, 0);
      Atomics.add(ctrl, C_SEQ, 1);
      Atomics.notify(ctrl, C_SEQ);
      for (;;) {
        const i = Atomics.add(ctrl, C_NEXT, 1);
        if (i >= count) break;
        executeItem(ws, bufs, reductions, argv, i);
      }
      for (;;) {
        const d = Atomics.load(ctrl, C_DONE);
        if (d >= nW) break;
        Atomics.wait(ctrl, C_DONE, d);
      }
      if (Atomics.load(ctrl, C_ERROR) !== 0) {
        Atomics.store(ctrl, C_ERROR, 0);
        throw new Error(`a CPU worker failed while running operation ${argv[0]}`);
      }
    },
    async dispose() {
      Atomics.store(ctrl, C_QUIT, 1);
      Atomics.add(ctrl, C_SEQ, 1);
      Atomics.notify(ctrl, C_SEQ);
      await Promise.all(workers.map((w) => w.terminate()));
      ws.ctx.dispose();
      bufs.length = 0;
    },
  };
}
