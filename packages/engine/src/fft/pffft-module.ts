/**
 * Loads one private instance of the PFFFT WebAssembly module (SIMD build). Each thread loads its
 * own: wasm memory is not shared, the engine's volumes live outside it and lines are copied in.
 *
 * Reference: J. Pommier, "PFFFT: a pretty fast FFT" (2011–2022), https://bitbucket.org/jpommier/pffft
 * (BSD licence), compiled to wasm by the Echogarden project (@echogarden/pffft-wasm).
 */

/** The part of the emscripten module the engine uses. */
export interface PffftModule {
  HEAPF32: Float32Array;
  _pffft_new_setup(n: number, transform: number): number;
  _pffft_destroy_setup(setup: number): void;
  _pffft_transform_ordered(setup: number, input: number, output: number, work: number, direction: number): void;
  _pffft_aligned_malloc(bytes: number): number;
  _pffft_aligned_free(ptr: number): void;
}

export const PFFFT_REAL = 0;
export const PFFFT_COMPLEX = 1;
export const PFFFT_FORWARD = 0;
export const PFFFT_BACKWARD = 1;

/** A fresh module instance (its own memory). Rejects when WebAssembly SIMD is unavailable. */
export async function loadPffft(): Promise<PffftModule> {
  const mod = await import("@echogarden/pffft-wasm/simd");
  return (await mod.default()) as PffftModule;
}
