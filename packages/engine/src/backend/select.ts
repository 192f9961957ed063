/**
 * The one place that picks a compute backend. Callers pass the factories their environment has
 * (the universal entry: one-thread CPU; the Node entry: threaded CPU; a GPU backend registers its
 * own factory), and the parameter `backend: auto | cpu | gpu`.
 */
import { EngineError } from "../errors.js";
import type { Backend } from "./types.js";
import type { Shape3 } from "../volume.js";
import { createSingleThreadCpuBackend } from "./cpu/cpu-backend.js";
import { createGpuBackend } from "./gpu/gpu-backend.js";

/**
 * `requireHardware` (set for "auto"): a GPU factory must refuse unless a real GPU answers (not a
 * software rasteriser), so that "auto" falls back to the CPU backend, which is faster there.
 */
export type BackendFactory = (options: { threads?: number; requireHardware?: boolean }) => Backend | Promise<Backend>;

export interface BackendFactories {
  cpu: BackendFactory;
  /** Absent where no GPU backend is available (then "gpu" errors and "auto" falls back to the CPU). */
  gpu?: BackendFactory;
}

/**
 * gpu.js on WebGL2 in browsers and headless-gl in Node where a GPU answers; for "gpu" without
 * one, the same kernels in gpu.js's cpu mode (slow: for checking them). gpu.js loads lazily.
 */
export const gpuBackendFactory: BackendFactory = ({ requireHardware }) => createGpuBackend({ mode: "gpu", requireHardware: requireHardware ?? false });

export const universalBackendFactories: BackendFactories = {
  cpu: () => createSingleThreadCpuBackend(),
  gpu: gpuBackendFactory,
};

/**
 * Rule: "cpu" → the CPU factory; "gpu" → the GPU factory (in gpu.js's cpu mode where no GPU
 * answers); "auto" → the GPU factory with requireHardware (a real, not software-rendered GPU)
 * when it can take the working `shape` (if given), else the CPU factory.
 * @throws EngineError "BACKEND_UNAVAILABLE" when "gpu" is asked for and cannot be created
 */
export async function selectBackend(kind: "auto" | "cpu" | "gpu", options: { threads?: number; factories?: BackendFactories; shape?: Shape3 } = {}): Promise<Backend> {
  const f = options.factories ?? universalBackendFactories;
  if (kind === "gpu" || kind === "auto") {
    if (f.gpu) {
      try {
        const gpu = await f.gpu({ threads: options.threads, requireHardware: kind === "auto" });
        // "auto" must not fail where the CPU can run: a shape this GPU cannot take goes to the CPU
        if (kind === "gpu" || !options.shape || !gpu.unsupported?.(options.shape)) return gpu;
        await gpu.dispose();
      } catch (e) {
        if (kind === "gpu") throw new EngineError("BACKEND_UNAVAILABLE", `The GPU backend could not start: ${(e as Error).message}`, { cause: e });
      }
    } else if (kind === "gpu") {
      throw new EngineError("BACKEND_UNAVAILABLE", "No GPU backend is available in this environment; use backend \"cpu\" or \"auto\".");
    }
  }
  return f.cpu({ threads: options.threads });
}
