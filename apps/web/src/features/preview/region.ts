/**
 * The region of an image the in-browser preview deconvolves, and the helpers that cut it out.
 * Ranges are half-open [start, end) in voxels, per axis.
 */
import type { Volume } from "@refocus/engine";

export interface Region {
  z: [number, number];
  y: [number, number];
  x: [number, number];
}

/** Largest default region: 256×256 laterally, 32 planes (power-of-two sizes run fastest on the GPU). */
export const DEFAULT_REGION_SIZE = { z: 32, y: 256, x: 256 } as const;

function centred(n: number, size: number): [number, number] {
  const s = Math.min(n, size);
  const start = Math.floor((n - s) / 2);
  return [start, start + s];
}

/** The default region of an image of shape [nz, ny, nx]: up to 256×256×32 around its centre. */
export function defaultRegion(shape: readonly number[]): Region {
  const [nz, ny, nx] = shape;
  return { z: centred(nz, DEFAULT_REGION_SIZE.z), y: centred(ny, DEFAULT_REGION_SIZE.y), x: centred(nx, DEFAULT_REGION_SIZE.x) };
}

/** Clamps a region into an image of shape [nz, ny, nx]; every axis keeps at least one voxel. */
export function clampRegion(r: Region, shape: readonly number[]): Region {
  const axis = ([a, b]: [number, number], n: number): [number, number] => {
    const s = Math.max(0, Math.min(n - 1, Math.floor(a)));
    const e = Math.max(s + 1, Math.min(n, Math.floor(b)));
    return [s, e];
  };
  return { z: axis(r.z, shape[0]), y: axis(r.y, shape[1]), x: axis(r.x, shape[2]) };
}

/** Copies the region out of a volume (voxel size kept). */
export function cropVolume(v: Volume, r: Region): Volume {
  const [, ny, nx] = v.shape;
  const tz = r.z[1] - r.z[0], ty = r.y[1] - r.y[0], tx = r.x[1] - r.x[0];
  const out = new Float32Array(tz * ty * tx);
  for (let z = 0; z < tz; z++)
    for (let y = 0; y < ty; y++) {
      const s = ((z + r.z[0]) * ny + (y + r.y[0])) * nx + r.x[0];
      out.set(v.data.subarray(s, s + tx), (z * ty + y) * tx);
    }
  return { data: out, shape: [tz, ty, tx], ...(v.voxelSize ? { voxelSize: v.voxelSize } : {}) };
}

/** Maximum projection along z, as [ny·nx] values. */
export function maxProjection(v: Volume): Float32Array {
  const [nz, ny, nx] = v.shape;
  const out = new Float32Array(ny * nx).fill(-Infinity);
  for (let z = 0; z < nz; z++)
    for (let i = 0; i < ny * nx; i++) {
      const a = v.data[z * ny * nx + i];
      if (a > out[i]) out[i] = a;
    }
  return out;
}
