/**
 * The CPU dispatcher on the WebAssembly kernels (src/fft/wasm-kernels.ts): every buffer lives in
 * one shared WebAssembly memory, every thread (the calling one plus optional workers) runs its own
 * instance of the module over it, and an operation is spread item by item through an atomic
 * counter. Items write only their own rows / columns and reduction slots, so the bytes do not
 * depend on the thread count or on scheduling. Nothing here imports Node: workers come from a
 * `spawn` function (thread-pool.ts gives one for worker_threads); with none it runs on the calling
 * thread alone (browsers with cross-origin isolation, Node with threads = 1).
 */
import type { Shape3 } from "../../volume.js";
import {
  allocThreadScratch,
  compileWasmKernels,
  instantiateWasmKernels,
  makeWasmPlan,
  WasmHeap,
  wasmKernelsSupport,
  YZ_BLOCK,
  YZ_CONVOLVE,
  YZ_FORWARD,
  YZ_INVERSE,
  YZ_SLAB_ORDER,
  type WasmKernelExports,
  type WasmPlan,
  type WasmThreadScratch,
} from "../../fft/wasm-kernels.js";
import type { Dispatcher } from "./dispatcher.js";
import { OP_RL_RATIO, OP_RL_UPDATE, OP_SLAB_ORDER, OP_XFWD, OP_XINV, OP_YZ_CONV, OP_YZ_FWD, OP_YZ_INV, isRowOp } from "./kernels.js";
import { ARG_SLOTS, C_COUNT, C_DONE, C_ERROR, C_NEXT, C_QUIT, C_SEQ, CONTROL_SLOTS } from "./control.js";

/** Rows per x-pass item: enough to amortise the call and the counter, few enough to balance threads. */
export const WASM_ROWS_PER_ITEM = 8;

/** What a worker needs to join (structured-clonable: the module and the shared memory travel as is). */
export interface WasmWorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  args: SharedArrayBuffer;
  plan: WasmPlan;
  scratch: WasmThreadScratch;
  /** Byte offset of the reduction slots (2 doubles per row). */
  reductions: number;
}

/** Starts one worker running wasm-worker.ts with `init`; resolves once it is ready. */
export type WasmWorkerSpawner = (init: WasmWorkerInit) => Promise<{ terminate(): Promise<unknown> }>;

/** Which args of each operation are buffer ids (translated to byte offsets before dispatch). */
function bufferArgs(op: number): number {
  return op === OP_YZ_FWD || op === OP_YZ_INV ? 1 : 2;
}

export function wasmItemCount(plan: WasmPlan, op: number): number {
  const rows = plan.shape[0] * plan.shape[1];
  return isRowOp(op) ? Math.ceil(rows / WASM_ROWS_PER_ITEM) : Math.ceil(plan.nxh / YZ_BLOCK);
}

/** Executes item `item` of the operation in `argv` (buffer args already byte offsets). */
export function executeWasmItem(k: WasmKernelExports, plan: WasmPlan, sc: WasmThreadScratch, red: number, argv: Float64Array, item: number): void {
  const op = argv[0];
  const [nz, ny, nx] = plan.shape;
  if (isRowOp(op)) {
    const rows = nz * ny;
    const r0 = item * WASM_ROWS_PER_ITEM;
    const r1 = Math.min(rows, r0 + WASM_ROWS_PER_ITEM);
    if (op === OP_XFWD) k.rf_x_forward(plan.setupX, sc.work, sc.row, argv[1], argv[2], nx, r0, r1);
    else if (op === OP_XINV) k.rf_x_inverse(plan.setupX, sc.work, sc.row, argv[1], argv[2], nx, r0, r1, argv[3]);
    else if (op === OP_RL_RATIO) k.rf_rl_ratio(plan.setupX, sc.work, sc.row, argv[1], argv[2], argv[3], red, nx, r0, r1);
    else k.rf_rl_update(plan.setupX, sc.work, sc.row, argv[1], argv[2], argv[3], red, nx, r0, r1);
    return;
  }
  const k0 = item * YZ_BLOCK;
  const bc = Math.min(YZ_BLOCK, plan.nxh - k0);
  // byte offset of this block in a slab-ordered spectrum: blocks of [b][y][z] complex, concatenated
  const blockBytes = item * YZ_BLOCK * nz * ny * 8;
  let mode: number, otf = 0, conj = 0, scale = 1, out = 0;
  if (op === OP_YZ_FWD) mode = YZ_FORWARD;
  else if (op === OP_YZ_INV) mode = YZ_INVERSE;
  else if (op === OP_YZ_CONV) {
    mode = YZ_CONVOLVE;
    otf = argv[2] + blockBytes;
    conj = argv[3];
    scale = argv[4];
  } else if (op === OP_SLAB_ORDER) {
    mode = YZ_SLAB_ORDER;
    out = argv[2] + blockBytes;
  } else throw new Error(`unknown CPU op ${op}`);
  k.rf_yz_block(plan.setupY, plan.setupZ, sc.work, sc.slab, sc.plane, argv[1], nz, ny, plan.nxh, k0, bc, mode, otf, conj, scale, out);
}

/**
 * A dispatcher on the wasm kernels with `threads` threads (threads − 1 spawned), or undefined
 * when this shape or host cannot take that path (lengths PFFFT cannot do, no shared memory).
 */
export async function createWasmDispatcher(shape: Shape3, threads: number, spawn?: WasmWorkerSpawner): Promise<Dispatcher | undefined> {
  if (!wasmKernelsSupport(shape) || typeof SharedArrayBuffer === "undefined") return undefined;
  const heap = WasmHeap.create();
  if (!heap) return undefined;
  const module = await compileWasmKernels();
  const inst = await instantiateWasmKernels(module, heap.memory, 0, (bytes) => heap.alloc(bytes, 16));
  heap.reserveTo(inst.heapBase);
  const k = inst.exports;
  const mine = allocThreadScratch(heap, shape);
  inst.setStackTop(mine.stackTop);
  const plan = makeWasmPlan(k, shape);
  const rows = shape[0] * shape[1];
  const redPtr = heap.alloc(8 * 2 * rows);
  const reductions = new Float64Array(heap.memory.buffer, redPtr, 2 * rows);
  const control = new SharedArrayBuffer(4 * CONTROL_SLOTS);
  const argsSab = new SharedArrayBuffer(8 * ARG_SLOTS);
  const ctrl = new Int32Array(control);
  const argv = new Float64Array(argsSab);
  const nW = spawn ? Math.max(0, threads - 1) : 0;
  const workers: Array<{ terminate(): Promise<unknown> }> = [];
  if (nW > 0 && spawn) {
    const inits = Array.from({ length: nW }, () => allocThreadScratch(heap, shape));
    try {
      const started = await Promise.allSettled(inits.map((scratch) => spawn({ module, memory: heap.memory, control, args: argsSab, plan, scratch, reductions: redPtr })));
      for (const s of started) if (s.status === "fulfilled") workers.push(s.value);
      const failed = started.find((s) => s.status === "rejected");
      if (failed) throw (failed as PromiseRejectedResult).reason;
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
  }
  const pointers: number[] = [];
  return {
    threads: 1 + workers.length,
    reductions,
    async allocate(floats) {
      const p = heap.alloc(4 * floats);
      pointers.push(p);
      // shared memory never detaches on growth: this view stays valid for the session
      return { id: pointers.length - 1, view: new Float32Array(heap.memory.buffer, p, floats) };
    },
    async run(args) {
      argv.fill(0);
      argv.set(args);
      const op = argv[0];
      for (let a = 1; a <= bufferArgs(op); a++) {
        const p = pointers[argv[a]];
        if (p === undefined) throw new Error(`buffer ${argv[a]} does not belong to this session`);
        argv[a] = p;
      }
      const count = wasmItemCount(plan, op);
      if (workers.length === 0) {
        for (let i = 0; i < count; i++) executeWasmItem(k, plan, mine, redPtr, argv, i);
        return;
      }
      Atomics.store(ctrl, C_COUNT, count);
      Atomics.store(ctrl, C_NEXT, 0);
      Atomics.store(ctrl, C_DONE, 0);
      Atomics.add(ctrl, C_SEQ, 1);
      Atomics.notify(ctrl, C_SEQ);
      for (;;) {
        const i = Atomics.add(ctrl, C_NEXT, 1);
        if (i >= count) break;
        executeWasmItem(k, plan, mine, redPtr, argv, i);
      }
      for (;;) {
        const d = Atomics.load(ctrl, C_DONE);
        if (d >= workers.length) break;
        Atomics.wait(ctrl, C_DONE, d);
      }
      if (Atomics.load(ctrl, C_ERROR) !== 0) {
        Atomics.store(ctrl, C_ERROR, 0);
        throw new Error(`a CPU worker failed while running operation ${op}`);
      }
    },
    async dispose() {
      Atomics.store(ctrl, C_QUIT, 1);
      Atomics.add(ctrl, C_SEQ, 1);
      Atomics.notify(ctrl, C_SEQ);
      await Promise.all(workers.map((w) => w.terminate()));
      pointers.length = 0;
    },
  };
}
