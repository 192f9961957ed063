/**
 * The universal CPU backend: PFFFT (WebAssembly SIMD) on the calling thread. Works in browsers and
 * Node; for several threads in Node use createCpuBackend from "@refocus/engine/node".
 */
import type { Shape3 } from "../../volume.js";
import type { Backend, BackendSession } from "../types.js";
import { createInlineDispatcher } from "./dispatcher.js";
import { createWasmDispatcher } from "./wasm-dispatcher.js";
import { CpuSession } from "./session.js";

export interface CpuBackendOptions {
  /** Use only the generic JS FFT (for tests and for hosts without WebAssembly SIMD). */
  genericFft?: boolean;
}

/** A one-thread CPU backend. */
export function createSingleThreadCpuBackend(options: CpuBackendOptions = {}): Backend {
  return {
    name: "cpu",
    threads: 1,
    async createSession(shape: Shape3): Promise<BackendSession> {
      // the wasm kernels need shared WebAssembly memory (cross-origin isolation in browsers)
      const wasm = options.genericFft ? undefined : await createWasmDispatcher(shape, 1);
      return new CpuSession(shape, wasm ?? (await createInlineDispatcher(shape, { genericOnly: options.genericFft })));
    },
    async dispose() {},
  };
}
