/** The Node CPU backend: all cores through worker threads (threads = 1 runs inline, no workers). */
import os from "node:os";
import type { Shape3 } from "../../volume.js";
import type { Backend, BackendSession } from "../types.js";
import { createInlineDispatcher } from "./dispatcher.js";
import { createThreadPoolDispatcher, spawnWasmWorker } from "./thread-pool.js";
import { createWasmDispatcher } from "./wasm-dispatcher.js";
import { CpuSession } from "./session.js";

export interface ThreadedCpuBackendOptions {
  /** Threads to use (default: all available cores). */
  threads?: number;
  /** Use only the generic JS FFT (tests). */
  genericFft?: boolean;
}

/** Available cores (os.availableParallelism where present). */
export function defaultThreads(): number {
  return Math.max(1, typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length);
}

export function createCpuBackend(options: ThreadedCpuBackendOptions = {}): Backend {
  const threads = Math.max(1, Math.floor(options.threads ?? defaultThreads()));
  return {
    name: "cpu",
    threads,
    async createSession(shape: Shape3): Promise<BackendSession> {
      const genericOnly = options.genericFft;
      // the wasm kernels where the shape allows (PFFFT lengths), the JS passes otherwise
      const wasm = genericOnly ? undefined : await createWasmDispatcher(shape, threads, spawnWasmWorker);
      const d = wasm ?? (threads === 1 ? await createInlineDispatcher(shape, { genericOnly }) : await createThreadPoolDispatcher(shape, threads, { genericOnly }));
      return new CpuSession(shape, d);
    },
    async dispose() {},
  };
}
