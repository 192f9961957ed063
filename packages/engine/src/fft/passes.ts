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
  /** forward y, z; multiply by otf (or its conjugate) × scale; inverse z, y. */
  | { kind: "convolve"; otf: Float32Array; conjugate: boolean; scale: number };

/** Runs a y–z pass over kx-block `item` (0 ≤ item < ws.blocks) of the spectrum `spec`, in place. */
export function yzBlock(ws: PassWorkspace, spec: Float32Array, item: number, mode: YzMode): void {
  const [nz, ny] = ws.shape;
  const nxh = ws.nxh;
  const k0 = item * ws.block;
  const bc = Math.min(ws.block, nxh - k0);
  const slab = ws.slab;
  // gather: contiguous runs of bc complex from each (z, y) row
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const src = ((z * ny + y) * nxh + k0) * 2;
      for (let b = 0; b < bc; b++) {
        const o = ((b * nz + z) * ny + y) * 2;
        slab[o] = spec[src + 2 * b];
        slab[o + 1] = spec[src + 2 * b + 1];
      }
    }
  }
  if (mode.kind === "forward" || mode.kind === "convolve") {
    slabY(ws, bc, false);
    slabZ(ws, bc, false);
  }
  if (mode.kind === "convolve") slabMultiply(ws, mode.otf, k0, bc, mode.conjugate, mode.scale);
  if (mode.kind === "inverse" || mode.kind === "convolve") {
    slabZ(ws, bc, true);
    slabY(ws, bc, true);
  }
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const dst = ((z * ny + y) * nxh + k0) * 2;
      for (let b = 0; b < bc; b++) {
        const o = ((b * nz + z) * ny + y) * 2;
        spec[dst + 2 * b] = slab[o];
        spec[dst + 2 * b + 1] = slab[o + 1];
      }
    }
  }
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
  const slab = ws.slab;
  const zl = ws.zline;
  const stride = ny * 2;
  for (let b = 0; b < bc; b++) {
    for (let y = 0; y < ny; y++) {
      const base = (b * nz * ny + y) * 2;
      for (let z = 0; z < nz; z++) {
        zl[2 * z] = slab[base + z * stride];
        zl[2 * z + 1] = slab[base + z * stride + 1];
      }
      if (inverse) f.inverse(zl);
      else f.forward(zl);
      for (let z = 0; z < nz; z++) {
        slab[base + z * stride] = zl[2 * z];
        slab[base + z * stride + 1] = zl[2 * z + 1];
      }
    }
  }
}

function slabMultiply(ws: PassWorkspace, otf: Float32Array, k0: number, bc: number, conjugate: boolean, scale: number): void {
  const [nz, ny] = ws.shape;
  const nxh = ws.nxh;
  const slab = ws.slab;
  const sgn = conjugate ? -1 : 1;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const h = ((z * ny + y) * nxh + k0) * 2;
      for (let b = 0; b < bc; b++) {
        const o = ((b * nz + z) * ny + y) * 2;
        const hr = otf[h + 2 * b] * scale;
        const hi = sgn * otf[h + 2 * b + 1] * scale;
        const ar = slab[o], ai = slab[o + 1];
        slab[o] = ar * hr - ai * hi;
        slab[o + 1] = ar * hi + ai * hr;
      }
    }
  }
}
