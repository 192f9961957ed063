/**
 * The passes that make a 3D real transform out of line transforms, written once and run by every
 * CPU thread on its share of the work: x passes over rows (one row = one (z, y) pair), y–z passes
 * over blocks of kx columns. A y–z pass gathers a block of columns of the half spectrum into a
 * "slab" in the thread's wasm memory (layout [b][z][y], y fastest), transforms y then z there
 * (optionally multiplying by an OTF between the forward and inverse transforms), and scatters back:
 * one read and one write of the spectrum per pass, whatever the number of axes.
 * Layout and normalisation: convention.ts.
 */
import type { Shape3 } from "../volume.js";
import { halfLength } from "./convention.js";
import { createLineFftContext, type ComplexLineFft, type LineFftContext, type RealLineFft } from "./line-fft.js";

export interface PassWorkspace {
  readonly shape: Shape3;
  readonly nxh: number;
  /** kx columns per y–z work item. */
  readonly block: number;
  readonly blocks: number;
  readonly row: Float32Array;
  readonly zline: Float32Array;
  readonly slab: Float32Array;
  readonly fx: RealLineFft;
  readonly fy: ComplexLineFft;
  readonly fz: ComplexLineFft;
  readonly ctx: LineFftContext;
}

const align4 = (n: number) => Math.ceil(n / 4) * 4;

/** Creates one thread's workspace for volumes of `shape`. */
export async function createPassWorkspace(shape: Shape3, options: { block?: number; genericOnly?: boolean } = {}): Promise<PassWorkspace> {
  const [nz, ny, nx] = shape;
  const nxh = halfLength(nx);
  const block = Math.max(1, Math.min(options.block ?? 8, nxh));
  const rowF = align4(2 * nxh + 2);
  const zF = align4(2 * nz);
  const slabF = block * nz * ny * 2;
  const ctx = await createLineFftContext({
    realLengths: [nx],
    complexLengths: [ny, nz],
    scratchFloats: rowF + zF + slabF,
    genericOnly: options.genericOnly,
  });
  const s = ctx.scratch;
  return {
    shape: [nz, ny, nx],
    nxh,
    block,
    blocks: Math.ceil(nxh / block),
    row: s.subarray(0, rowF),
    zline: s.subarray(rowF, rowF + zF),
    slab: s.subarray(rowF + zF, rowF + zF + slabF),
    fx: ctx.real(nx),
    fy: ctx.complex(ny),
    fz: ctx.complex(nz),
    ctx,
  };
}

/** Forward x transform of rows [r0, r1) of the real volume `src` into the spectrum `dst`. */
export function xForwardRows(ws: PassWorkspace, src: Float32Array, dst: Float32Array, r0: number, r1: number): void {
  const nx = ws.shape[2];
  const w = 2 * ws.nxh;
  const row = ws.row;
  for (let r = r0; r < r1; r++) {
    row.set(src.subarray(r * nx, r * nx + nx));
    ws.fx.forward(row);
    dst.set(row.subarray(0, w), r * w);
  }
}

/** Inverse x transform of rows [r0, r1) of the spectrum `src` into the real `dst`, times `scale`. */
export function xInverseRows(ws: PassWorkspace, src: Float32Array, dst: Float32Array, r0: number, r1: number, scale: number): void {
  const nx = ws.shape[2];
  const w = 2 * ws.nxh;
  const row = ws.row;
  for (let r = r0; r < r1; r++) {
    row.set(src.subarray(r * w, r * w + w));
    ws.fx.inverse(row);
    const o = r * nx;
    for (let i = 0; i < nx; i++) dst[o + i] = row[i] * scale;
  }
}

/** What a y–z pass does to its block between gathering and scattering. */
export type YzMode =
  | { kind: "forward" }
  | { kind: "inverse" }
  /**
   * forward y, z; multiply by the OTF (or its conjugate) × scale; inverse z, y. The OTF must be in
   * slab order (slabOrder(), once per OTF), so the multiply reads it sequentially.
   */
  | { kind: "convolve"; otfSlab: Float32Array; conjugate: boolean; scale: number }
  /** gather only, and copy the slab into `out` at this block's slab-order offset. */
  | { kind: "slabOrder"; out: Float32Array };

// Moves use Float64 views: one 8-byte move per complex float32 pair. Bits are preserved because a
// float64 is NaN only when its high half (the imaginary float32) is itself NaN.
const f64Cache = new WeakMap<Float32Array, Float64Array>();
function asF64(a: Float32Array): Float64Array {
  let v = f64Cache.get(a);
  if (!v) {
    v = new Float64Array(a.buffer, a.byteOffset, a.length >> 1);
    f64Cache.set(a, v);
  }
  return v;
}

/** Offset (in floats) of kx-block `item` in a slab-ordered spectrum: blocks of [b][z][y] complex, concatenated. */
export function slabOffset(ws: PassWorkspace, item: number): number {
  return item * ws.block * ws.shape[0] * ws.shape[1] * 2;
}

function gather(ws: PassWorkspace, spec: Float64Array, slab: Float64Array, k0: number, bc: number): void {
  const rows = ws.shape[0] * ws.shape[1];
  const nxh = ws.nxh;
  if (bc === 8) {
    // the common case unrolled: reads one 64-byte line per row, writes 8 sequential streams
    const s1 = rows, s2 = 2 * rows, s3 = 3 * rows, s4 = 4 * rows, s5 = 5 * rows, s6 = 6 * rows, s7 = 7 * rows;
    for (let r = 0, src = k0; r < rows; r++, src += nxh) {
      slab[r] = spec[src]; slab[r + s1] = spec[src + 1]; slab[r + s2] = spec[src + 2]; slab[r + s3] = spec[src + 3];
      slab[r + s4] = spec[src + 4]; slab[r + s5] = spec[src + 5]; slab[r + s6] = spec[src + 6]; slab[r + s7] = spec[src + 7];
    }
    return;
  }
  for (let r = 0, src = k0; r < rows; r++, src += nxh) for (let b = 0; b < bc; b++) slab[r + b * rows] = spec[src + b];
}

function scatter(ws: PassWorkspace, spec: Float64Array, slab: Float64Array, k0: number, bc: number): void {
  const rows = ws.shape[0] * ws.shape[1];
  const nxh = ws.nxh;
  if (bc === 8) {
    const s1 = rows, s2 = 2 * rows, s3 = 3 * rows, s4 = 4 * rows, s5 = 5 * rows, s6 = 6 * rows, s7 = 7 * rows;
    for (let r = 0, dst = k0; r < rows; r++, dst += nxh) {
      spec[dst] = slab[r]; spec[dst + 1] = slab[r + s1]; spec[dst + 2] = slab[r + s2]; spec[dst + 3] = slab[r + s3];
      spec[dst + 4] = slab[r + s4]; spec[dst + 5] = slab[r + s5]; spec[dst + 6] = slab[r + s6]; spec[dst + 7] = slab[r + s7];
    }
    return;
  }
  for (let r = 0, dst = k0; r < rows; r++, dst += nxh) for (let b = 0; b < bc; b++) spec[dst + b] = slab[r + b * rows];
}

/** Runs a y–z pass over kx-block `item` (0 ≤ item < ws.blocks) of the spectrum `spec`, in place. */
export function yzBlock(ws: PassWorkspace, spec: Float32Array, item: number, mode: YzMode): void {
  const k0 = item * ws.block;
  const bc = Math.min(ws.block, ws.nxh - k0);
  const spec64 = asF64(spec);
  const slab64 = asF64(ws.slab);
  gather(ws, spec64, slab64, k0, bc);
  if (mode.kind === "slabOrder") {
    const n = bc * ws.shape[0] * ws.shape[1] * 2;
    mode.out.set(ws.slab.subarray(0, n), slabOffset(ws, item));
    return;
  }
  if (mode.kind === "forward" || mode.kind === "convolve") {
    slabY(ws, bc, false);
    slabZ(ws, bc, false);
  }
  if (mode.kind === "convolve") slabMultiply(ws, mode.otfSlab, slabOffset(ws, item), bc, mode.conjugate, mode.scale);
  if (mode.kind === "inverse" || mode.kind === "convolve") {
    slabZ(ws, bc, true);
    slabY(ws, bc, true);
  }
  scatter(ws, spec64, slab64, k0, bc);
}

function slabY(ws: PassWorkspace, bc: number, inverse: boolean): void {
  const [nz, ny] = ws.shape;
  if (ny === 1) return;
  const f = ws.fy;
  for (let l = 0; l < bc * nz; l++) {
    const line = ws.slab.subarray(l * ny * 2, (l + 1) * ny * 2);
    if (inverse) f.inverse(line);
    else f.forward(line);
  }
}

function slabZ(ws: PassWorkspace, bc: number, inverse: boolean): void {
  const [nz, ny] = ws.shape;
  if (nz === 1) return;
  const f = ws.fz;
  const slab = asF64(ws.slab);
  const zl = asF64(ws.zline);
  for (let b = 0; b < bc; b++) {
    for (let y = 0; y < ny; y++) {
      const base = b * nz * ny + y;
      for (let z = 0, s = base; z < nz; z++, s += ny) zl[z] = slab[s];
      if (inverse) f.inverse(ws.zline);
      else f.forward(ws.zline);
      for (let z = 0, s = base; z < nz; z++, s += ny) slab[s] = zl[z];
    }
  }
}

function slabMultiply(ws: PassWorkspace, otf: Float32Array, offset: number, bc: number, conjugate: boolean, scale: number): void {
  const slab = ws.slab;
  const n = bc * ws.shape[0] * ws.shape[1] * 2;
  const sgn = conjugate ? -scale : scale;
  for (let o = 0, h = offset; o < n; o += 2, h += 2) {
    const hr = otf[h] * scale;
    const hi = otf[h + 1] * sgn;
    const ar = slab[o], ai = slab[o + 1];
    slab[o] = ar * hr - ai * hi;
    slab[o + 1] = ar * hi + ai * hr;
  }
}
