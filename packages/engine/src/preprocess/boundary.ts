/**
 * Boundary handling. FFT convolution is circular: the image's right edge blurs into its left.
 * "periodic" accepts that (no padding, fastest). "mirror" and "zero" pad every axis with more than
 * half the PSF on each side, up to a fast FFT length, and crop back after.
 * - mirror: the margin holds the image's reflection, multiplied by a raised-cosine taper that goes
 *   from 1 at the image edge to 0 at the far edge of the margin, so the wrap-around is smooth
 *   (apodisation) and holds no sharp step to ring on.
 * - zero: the margin is 0 (natural after background subtraction).
 * - noncirculant: padded like zero, and iterative methods get a mask (fieldMask) that is 1 on the
 *   observed voxels only, so the estimate on the margin is free and never fitted to the zeros
 *   there (M. Bertero, P. Boccacci, "A simple method for the reduction of boundary effects in the
 *   Richardson-Lucy approach to image deconvolution", A&A 437, 369–374 (2005),
 *   DOI 10.1051/0004-6361:20052717). The estimate starts on the margin as the nearest observed
 *   voxel's value (extendNearest): a start at the field's mean puts a step at the field's edge, which
 *   the slow margin updates (Landweber's hᵀ reaches few margin voxels; Van Cittert never updates
 *   them) carry into the border band of the result.
 */
import type { Shape3, Volume } from "../volume.js";
import { nextFastSize } from "../fft/sizes.js";

export type TBoundaryMode = "periodic" | "mirror" | "zero" | "noncirculant";

export interface PaddedImage {
  volume: Volume;
  /** Where the image starts inside the padded volume, [z, y, x]. */
  offset: [number, number, number];
}

/** The working (FFT) shape for an image and a PSF box under a boundary mode. */
export function workingShape(image: Shape3, psf: Shape3, mode: TBoundaryMode): Shape3 {
  if (mode === "periodic") return [image[0], image[1], image[2]];
  const axis = (n: number, p: number, kind: "real" | "complex") => (n === 1 ? 1 : nextFastSize(n + 2 * Math.ceil(p / 2), kind));
  return [axis(image[0], psf[0], "complex"), axis(image[1], psf[1], "complex"), axis(image[2], psf[2], "real")];
}

function reflect(i: number, n: number): number {
  // symmetric reflection without repeating the edge voxel (numpy "reflect"), periodic beyond 2n-2
  if (n === 1) return 0;
  const period = 2 * n - 2;
  let j = ((i % period) + period) % period;
  if (j >= n) j = period - j;
  return j;
}

/** Weight of a margin position: 1 inside the image, raised cosine to 0 across each margin. */
function taper(i: number, n: number, off: number, total: number): number {
  const j = i - off;
  if (j >= 0 && j < n) return 1;
  const marginLo = off, marginHi = total - n - off;
  if (j < 0) return 0.5 * (1 + Math.cos((Math.PI * -j) / (marginLo + 1)));
  return 0.5 * (1 + Math.cos((Math.PI * (j - n + 1)) / (marginHi + 1)));
}

/** Pads the image to `shape` (≥ its own) for the boundary mode; the image sits in the middle. */
export function padImage(image: Volume, shape: Shape3, mode: TBoundaryMode): PaddedImage {
  const [iz, iy, ix] = image.shape;
  const [nz, ny, nx] = shape;
  const offset: [number, number, number] = [Math.floor((nz - iz) / 2), Math.floor((ny - iy) / 2), Math.floor((nx - ix) / 2)];
  if (nz === iz && ny === iy && nx === ix) return { volume: image, offset };
  const out = new Float32Array(nz * ny * nx);
  const wz = new Float64Array(nz), wy = new Float64Array(ny), wx = new Float64Array(nx);
  for (let z = 0; z < nz; z++) wz[z] = taper(z, iz, offset[0], nz);
  for (let y = 0; y < ny; y++) wy[y] = taper(y, iy, offset[1], ny);
  for (let x = 0; x < nx; x++) wx[x] = taper(x, ix, offset[2], nx);
  for (let z = 0; z < nz; z++) {
    const sz = z - offset[0];
    const inZ = sz >= 0 && sz < iz;
    for (let y = 0; y < ny; y++) {
      const sy = y - offset[1];
      const inY = sy >= 0 && sy < iy;
      for (let x = 0; x < nx; x++) {
        const sx = x - offset[2];
        const inside = inZ && inY && sx >= 0 && sx < ix;
        let v = 0;
        if (inside) v = image.data[(sz * iy + sy) * ix + sx];
        else if (mode === "mirror") v = image.data[(reflect(sz, iz) * iy + reflect(sy, iy)) * ix + reflect(sx, ix)] * wz[z] * wy[y] * wx[x];
        out[(z * ny + y) * nx + x] = v;
      }
    }
  }
  return { volume: { data: out, shape: [nz, ny, nx] }, offset };
}

/** The non-circulant mode's mask: 1 on the image's voxels inside the working shape, 0 on the margin. */
export function fieldMask(shape: Shape3, offset: readonly [number, number, number], image: Shape3): Float32Array {
  const [, ny, nx] = shape;
  const out = new Float32Array(shape[0] * ny * nx);
  for (let z = 0; z < image[0]; z++)
    for (let y = 0; y < image[1]; y++) {
      const s = ((z + offset[0]) * ny + (y + offset[1])) * nx + offset[2];
      out.fill(1, s, s + image[2]);
    }
  return out;
}

/** Cuts the image region back out of a padded result. */
export function cropImage(data: Float32Array, shape: Shape3, offset: readonly [number, number, number], target: Shape3): Float32Array {
  const [, ny, nx] = shape;
  const [tz, ty, tx] = target;
  if (shape[0] === tz && ny === ty && nx === tx) return data;
  const out = new Float32Array(tz * ty * tx);
  for (let z = 0; z < tz; z++)
    for (let y = 0; y < ty; y++) {
      const s = ((z + offset[0]) * ny + (y + offset[1])) * nx + offset[2];
      out.set(data.subarray(s, s + tx), (z * ty + y) * tx);
    }
  return out;
}

/**
 * Fills every voxel outside the field (the box where mask > 0) with the value of the nearest field
 * voxel (coordinates clamped to the box), in place: the continuation that assumes least about the
 * unobserved scene. Returns `data`.
 */
export function extendNearest(data: Float32Array, mask: Float32Array, shape: Shape3): Float32Array {
  const [nz, ny, nx] = shape;
  const lo = [nz, ny, nx], hi = [-1, -1, -1];
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        if (!(mask[(z * ny + y) * nx + x] > 0)) continue;
        lo[0] = Math.min(lo[0], z); hi[0] = Math.max(hi[0], z);
        lo[1] = Math.min(lo[1], y); hi[1] = Math.max(hi[1], y);
        lo[2] = Math.min(lo[2], x); hi[2] = Math.max(hi[2], x);
      }
  if (hi[0] < 0) return data;
  const clamp = (i: number, axis: number) => (i < lo[axis] ? lo[axis] : i > hi[axis] ? hi[axis] : i);
  for (let z = 0; z < nz; z++) {
    const sz = clamp(z, 0);
    for (let y = 0; y < ny; y++) {
      const sy = clamp(y, 1);
      const row = (z * ny + y) * nx;
      const src = (sz * ny + sy) * nx;
      const inside = sz === z && sy === y;
      for (let x = 0; x < nx; x++) {
        if (inside && x >= lo[2] && x <= hi[2]) continue;
        data[row + x] = data[src + clamp(x, 2)];
      }
    }
  }
  return data;
}
