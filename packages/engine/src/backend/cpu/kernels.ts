/**
 * The operations CPU threads execute, one work item at a time, over buffers every thread sees
 * (SharedArrayBuffer views, or plain arrays on one thread). The same code runs on the main thread
 * and in workers, so the result does not depend on how items are scheduled: each item writes its
 * own rows or columns and its own reduction slots, summed later in a fixed order.
 */
import type { PassWorkspace } from "../../fft/passes.js";
import { xForwardRows, xInverseRows, yzBlock } from "../../fft/passes.js";

export const OP_XFWD = 1; // args: src, dst
export const OP_XINV = 2; // args: src, dst, scale
export const OP_YZ_FWD = 3; // args: spec
export const OP_YZ_INV = 4; // args: spec
export const OP_YZ_CONV = 5; // args: spec, otfSlab, conjugate(0|1), scale
export const OP_SLAB_ORDER = 8; // args: spec, out (out ← spec in slab order)
export const OP_RL_RATIO = 6; // args: spec, observed, eps   (rows: spec ← rfft(y / max(irfft(spec), eps)))
export const OP_RL_UPDATE = 7; // args: spec, estimate, nonNegative (rows: x ← x·irfft(spec); spec ← rfft(x))

/** Rows per x-pass item: enough to amortise the scheduling, few enough to balance two threads. */
export const ROWS_PER_ITEM = 8;

export function isRowOp(op: number): boolean {
  return op === OP_XFWD || op === OP_XINV || op === OP_RL_RATIO || op === OP_RL_UPDATE;
}

export function itemCount(ws: PassWorkspace, op: number): number {
  return isRowOp(op) ? Math.ceil((ws.shape[0] * ws.shape[1]) / ROWS_PER_ITEM) : ws.blocks;
}

/**
 * Executes item `item` of operation args[0] with buffer views `bufs` (indexed by buffer id) and
 * per-row reduction slots `red` (two per row).
 */
export function executeItem(ws: PassWorkspace, bufs: readonly Float32Array[], red: Float64Array, args: Float64Array, item: number): void {
  const op = args[0];
  if (!isRowOp(op)) {
    const spec = bufs[args[1]];
    if (op === OP_YZ_FWD) yzBlock(ws, spec, item, { kind: "forward" });
    else if (op === OP_YZ_INV) yzBlock(ws, spec, item, { kind: "inverse" });
    else if (op === OP_YZ_CONV) yzBlock(ws, spec, item, { kind: "convolve", otfSlab: bufs[args[2]], conjugate: args[3] !== 0, scale: args[4] });
    else if (op === OP_SLAB_ORDER) yzBlock(ws, spec, item, { kind: "slabOrder", out: bufs[args[2]] });
    else throw new Error(`unknown CPU op ${op}`);
    return;
  }
  const rows = ws.shape[0] * ws.shape[1];
  const r0 = item * ROWS_PER_ITEM;
  const r1 = Math.min(rows, r0 + ROWS_PER_ITEM);
  if (op === OP_XFWD) xForwardRows(ws, bufs[args[1]], bufs[args[2]], r0, r1);
  else if (op === OP_XINV) xInverseRows(ws, bufs[args[1]], bufs[args[2]], r0, r1, args[3]);
  else if (op === OP_RL_RATIO) rlRatioRows(ws, bufs[args[1]], bufs[args[2]], args[3], red, r0, r1);
  else rlUpdateRows(ws, bufs[args[1]], bufs[args[2]], args[3] !== 0, red, r0, r1);
}

/**
 * Rows of the first half of an RL iteration, fused: blurred row = inverse x transform of the
 * spectrum (already convolved with the OTF and scaled); ratio = y / max(blur, eps); its forward
 * x transform goes back into the spectrum. red[2r] gets the row's I-divergence.
 */
function rlRatioRows(ws: PassWorkspace, spec: Float32Array, observed: Float32Array, eps: number, red: Float64Array, r0: number, r1: number): void {
  const nx = ws.shape[2];
  const w = 2 * ws.nxh;
  const row = ws.row;
  for (let r = r0; r < r1; r++) {
    row.set(spec.subarray(r * w, r * w + w));
    ws.fx.inverse(row);
    const o = r * nx;
    let div = 0;
    for (let i = 0; i < nx; i++) {
      const b = row[i] > eps ? row[i] : eps;
      const y = observed[o + i];
      div += y > 0 ? y * Math.log(y / b) - y + b : b - y;
      row[i] = y / b;
    }
    red[2 * r] = div;
    ws.fx.forward(row);
    spec.set(row.subarray(0, w), r * w);
  }
}

/**
 * Rows of the second half, fused: correction = inverse x transform; x ← x·correction (clamped at
 * 0 when asked); the new estimate's forward x transform goes into the spectrum, ready for the next
 * iteration. red[2r], red[2r+1] get Σ(x_new − x_old)² and Σ x_old².
 */
function rlUpdateRows(ws: PassWorkspace, spec: Float32Array, estimate: Float32Array, nonNegative: boolean, red: Float64Array, r0: number, r1: number): void {
  const nx = ws.shape[2];
  const w = 2 * ws.nxh;
  const row = ws.row;
  for (let r = r0; r < r1; r++) {
    row.set(spec.subarray(r * w, r * w + w));
    ws.fx.inverse(row);
    const o = r * nx;
    let ch = 0, nm = 0;
    for (let i = 0; i < nx; i++) {
      const old = estimate[o + i];
      let v = Math.fround(old * row[i]);
      if (nonNegative && v < 0) v = 0;
      ch += (v - old) * (v - old);
      nm += old * old;
      estimate[o + i] = v;
      row[i] = v;
    }
    red[2 * r] = ch;
    red[2 * r + 1] = nm;
    ws.fx.forward(row);
    spec.set(row.subarray(0, w), r * w);
  }
}
