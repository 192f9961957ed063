/**
 * The Refocus WebAssembly kernels (wasm/refocus-kernels.c + PFFFT, built by wasm/build.sh): one
 * module, compiled once, instantiated by every thread over one *shared* WebAssembly memory that
 * holds all the volumes, spectra and OTFs of a session. Each instance gets its own stack and
 * scratch inside that memory; PFFFT setups (read-only once made) are made on the creating thread
 * and shared. This file is environment-neutral (no Node imports): workers are a backend concern.
 *
 * Reference: J. Pommier, "PFFFT: a pretty fast FFT" (2011–2022), https://bitbucket.org/jpommier/pffft
 * (BSD licence, wasm/PFFFT-COPYING).
 */
import type { Shape3 } from "../volume.js";
import { halfLength } from "./convention.js";
import { pffftSupports } from "./sizes.js";
import { REFOCUS_WASM_BASE64 } from "./wasm/refocus-wasm.js";

/** The module's exports (pointers are byte offsets into the shared memory). */
export interface WasmKernelExports {
  /** Double-precision log (kept for tests and scalar use). */
  rf_log(x: number): number;
  /** The vectorised float32 log the RL ratio step uses (lane 0 of a splat). */
  rf_logf(x: number): number;
  rf_x_forward(setup: number, work: number, scratch: number, src: number, dst: number, nx: number, r0: number, r1: number): void;
  rf_x_inverse(setup: number, work: number, scratch: number, src: number, dst: number, nx: number, r0: number, r1: number, scale: number): void;
  rf_rl_ratio(setup: number, work: number, scratch: number, spec: number, observed: number, eps: number, red: number, nx: number, r0: number, r1: number): void;
  rf_rl_update(setup: number, work: number, scratch: number, spec: number, estimate: number, nonNegative: number, red: number, nx: number, r0: number, r1: number): void;
  rf_yz_block(sy: number, sz: number, work: number, slab: number, plane: number, spec: number, nz: number, ny: number, nxh: number, k0: number, bc: number, mode: number, otf: number, conjugate: number, scale: number, out: number): void;
  rf_new_setup(n: number, complex: number): number;
}

/** y–z pass modes (match the enum in refocus-kernels.c). */
export const YZ_FORWARD = 0;
export const YZ_INVERSE = 1;
export const YZ_CONVOLVE = 2;
export const YZ_SLAB_ORDER = 3;
/** kx columns per y–z block (the C gather is unrolled for 8: one 64-byte line per row). */
export const YZ_BLOCK = 8;

const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB, the wasm32 limit; reserved address space only

let compiled: Promise<WebAssembly.Module> | undefined;

/** The compiled module (compiled once per thread that asks; workers receive it instead). */
export function compileWasmKernels(): Promise<WebAssembly.Module> {
  if (!compiled) {
    const bin = atob(REFOCUS_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    compiled = WebAssembly.compile(bytes);
  }
  return compiled;
}

/** True when this shape can take the wasm path: PFFFT lengths on every axis longer than 1. */
export function wasmKernelsSupport(shape: Shape3): boolean {
  const [nz, ny, nx] = shape;
  return pffftSupports(nx, "real") && (ny === 1 || pffftSupports(ny, "complex")) && (nz === 1 || pffftSupports(nz, "complex"));
}

/** A shared memory with a bump allocator (nothing is freed: a session drops the whole memory). */
export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  private top: number;

  constructor(memory: WebAssembly.Memory, base: number) {
    this.memory = memory;
    this.top = base;
  }

  /** A fresh shared memory, or undefined where shared WebAssembly memory is unavailable (no cross-origin isolation). */
  static create(): WasmHeap | undefined {
    try {
      return new WasmHeap(new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true }), 0);
    } catch {
      return undefined;
    }
  }

  /** Sets the first free byte (the module's __heap_base, known after the first instantiation). */
  reserveTo(base: number): void {
    this.top = Math.max(this.top, base);
  }

  /** Allocates `bytes` (zeroed: memory is never reused), aligned to `align`; returns the offset. */
  alloc(bytes: number, align = 64): number {
    const p = Math.ceil(this.top / align) * align;
    const end = p + bytes;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      if (have / PAGE + pages > MAX_PAGES) throw new RangeError(`the volumes need more than 4 GiB of WebAssembly memory (${end} bytes)`);
      this.memory.grow(pages);
    }
    this.top = end;
    return p;
  }
}

/**
 * Instantiates the module over `memory`, with its stack pointer at `stackTop` (each thread its
 * own stack). `malloc` serves PFFFT's setup allocations (only on the thread that makes setups).
 */
export async function instantiateWasmKernels(module: WebAssembly.Module, memory: WebAssembly.Memory, stackTop: number, malloc: (bytes: number) => number): Promise<{ exports: WasmKernelExports; heapBase: number; setStackTop(top: number): void }> {
  const instance = await WebAssembly.instantiate(module, {
    env: { memory, malloc, free: () => {}, sin: Math.sin, cos: Math.cos },
  });
  const ex = instance.exports as unknown as WasmKernelExports & { __stack_pointer: WebAssembly.Global; __heap_base: WebAssembly.Global };
  if (stackTop > 0) ex.__stack_pointer.value = stackTop;
  return { exports: ex, heapBase: Number(ex.__heap_base.value), setStackTop: (top) => { ex.__stack_pointer.value = top; } };
}

/** PFFFT setups for one shape (0 for an axis of length 1), made once and shared by the threads. */
export interface WasmPlan {
  readonly shape: Shape3;
  readonly nxh: number;
  readonly setupX: number;
  readonly setupY: number;
  readonly setupZ: number;
}

/** One thread's scratch and stack in the shared memory (byte offsets). */
export interface WasmThreadScratch {
  readonly work: number;
  readonly row: number;
  readonly slab: number;
  readonly plane: number;
  readonly stackTop: number;
}

const STACK_BYTES = 64 * 1024;

export function makeWasmPlan(k: WasmKernelExports, shape: Shape3): WasmPlan {
  const [nz, ny, nx] = shape;
  const setupX = k.rf_new_setup(nx, 0);
  const setupY = ny > 1 ? k.rf_new_setup(ny, 1) : 0;
  const setupZ = nz > 1 ? k.rf_new_setup(nz, 1) : 0;
  if (!setupX || (ny > 1 && !setupY) || (nz > 1 && !setupZ)) throw new Error(`PFFFT refused shape ${shape.join("×")}`);
  return { shape: [nz, ny, nx], nxh: halfLength(nx), setupX, setupY, setupZ };
}

/** Allocates one thread's scratch: PFFFT work, an x row, a y–z slab and plane, a stack. */
export function allocThreadScratch(heap: WasmHeap, shape: Shape3): WasmThreadScratch {
  const [nz, ny, nx] = shape;
  const work = heap.alloc(4 * Math.max(nx, 2 * ny, 2 * nz));
  const row = heap.alloc(4 * (nx + 4));
  const slab = heap.alloc(4 * YZ_BLOCK * nz * ny * 2);
  const plane = heap.alloc(4 * nz * ny * 2);
  const stack = heap.alloc(STACK_BYTES, 16);
  return { work, row, slab, plane, stackTop: stack + STACK_BYTES };
}
