/**
 * Node-only API of the Refocus engine: the multi-threaded CPU backend and file helpers.
 * Import from "@refocus/engine/node"; never from browser code.
 */
import { deconvolve as deconvolveUniversal, reproduce as reproduceUniversal, type DeconvolveOptions, type DeconvolveResult } from "./deconvolve.js";
import type { Provenance } from "./provenance.js";
import type { Volume } from "./volume.js";
import { gpuBackendFactory, type BackendFactories } from "./backend/select.js";
import { createCpuBackend } from "./backend/cpu/threaded-cpu-backend.js";

// parameters, algorithms, backends, provenance (section owned by algorithms/, backend/, fft/)
export { createCpuBackend, defaultThreads } from "./backend/cpu/threaded-cpu-backend.js";
export type { ThreadedCpuBackendOptions } from "./backend/cpu/threaded-cpu-backend.js";

/**
 * Backend factories of the Node entry: the CPU backend uses worker threads (all cores by default);
 * the GPU backend runs gpu.js on headless-gl where the optional `gl` package finds a GPU.
 */
export const nodeBackendFactories: BackendFactories = {
  cpu: ({ threads }) => createCpuBackend({ threads }),
  gpu: gpuBackendFactory,
};

/** deconvolve() with Node's multi-threaded CPU backend as the default (see ./deconvolve.ts). */
export function deconvolve(image: Volume, psf: Volume, params: unknown, options: DeconvolveOptions = {}): Promise<DeconvolveResult> {
  return deconvolveUniversal(image, psf, params, { factories: nodeBackendFactories, ...options });
}

/** reproduce() with Node's multi-threaded CPU backend as the default. */
export function reproduce(record: Provenance, image: Volume, psf: Volume, options: DeconvolveOptions = {}): Promise<DeconvolveResult> {
  return reproduceUniversal(record, image, psf, { factories: nodeBackendFactories, ...options });
}
