/**
 * How a CPU session runs kernel operations: on the calling thread alone (universal, works in
 * browsers) or spread over worker threads (thread-pool.ts, Node). Buffers are allocated through
 * the dispatcher so that every thread can see them.
 */
import type { Shape3 } from "../../volume.js";
import { createPassWorkspace, type PassWorkspace } from "../../fft/passes.js";
import { executeItem, itemCount } from "./kernels.js";

export interface Dispatcher {
  readonly threads: number;
  /** Allocates a zeroed float buffer visible to all threads; returns its id and a view. */
  allocate(floats: number): Promise<{ id: number; view: Float32Array }>;
  /** Per-row reduction slots (2 per row), written by row operations. */
  readonly reductions: Float64Array;
  /** Runs every item of one operation; resolves when all threads are done. */
  run(args: readonly number[]): Promise<void>;
  dispose(): Promise<void>;
}

/** The dispatcher that runs everything on the calling thread. */
export async function createInlineDispatcher(shape: Shape3, options: { genericOnly?: boolean } = {}): Promise<Dispatcher> {
  const ws: PassWorkspace = await createPassWorkspace(shape, options);
  const bufs: Float32Array[] = [];
  const reductions = new Float64Array(2 * shape[0] * shape[1]);
  const argv = new Float64Array(8);
  return {
    threads: 1,
    reductions,
    async allocate(floats) {
      const view = new Float32Array(floats);
      bufs.push(view);
      return { id: bufs.length - 1, view };
    },
    async run(args) {
      argv.fill(0);
      argv.set(args);
      const n = itemCount(ws, argv[0]);
      for (let i = 0; i < n; i++) executeItem(ws, bufs, reductions, argv, i);
    },
    async dispose() {
      ws.ctx.dispose();
      bufs.length = 0;
    },
  };
}
