/**
 * PSF distiller: an experimental PSF from images of sub-resolution fluorescent beads.
 *
 * Steps, per image:
 * 1. Detection: the image is smoothed by a Gaussian (σ = 1 voxel) to keep noise from making
 *    maxima; candidates are 3×3×3 local maxima of the smoothed image more than 10 noise σ
 *    (1.4826·MAD) above the background (the median); beads are the candidates above
 *    background + threshold·(typical − background), typical = the candidates' median height.
 * 2. Rejection, first reason that applies: "edge" (the crop box, plus the 2-voxel margin the
 *    interpolation needs, is not inside the image), "saturated" (a voxel in the box reaches
 *    `saturationValue`), "touching" (another candidate lies inside the crop box).
 * 3. Sub-voxel registration: along each axis, a 1D Gaussian fit (metrics/fwhm.ts) of the smoothed
 *    profile through the maximum; the centroid of the background-subtracted box core is the
 *    fallback when a fit fails.
 * 4. Resampling: each bead's box is read at its centre + integer offsets with separable cubic
 *    convolution (Keys, a = −½), which shifts by a sub-voxel amount with much less blur than
 *    linear interpolation.
 * 5. Averaging: each box minus its own background (the median of its outer shell) is summed, so
 *    brighter beads weigh more (their relative Poisson noise is lower); the mean's residual
 *    background (shell median) is subtracted and negatives are set to 0.
 * 6. Bead-size correction (when beadDiameterNm > 0 and the voxel size is known): the average is
 *    the PSF blurred by the bead, a uniform sphere; it is deconvolved by a Tikhonov-regularised
 *    inverse filter P = A·conj(S)/(|S|² + ε), S the DFT of the voxel-integrated sphere (sum 1), then
 *    clipped to ≥ 0. ε (default 1e-2 of |S(0)|² = 1) trades sharpening against noise.
 * 7. Normalisation to sum 1.
 *
 * Reference for the procedure: R. Juškaitis, "Measuring the real point spread function of
 * high numerical aperture microscope objective lenses", in Handbook of Biological Confocal
 * Microscopy, 3rd ed., Springer, 2006, doi:10.1007/978-0-387-45524-2_11; cubic convolution:
 * R. Keys, IEEE Trans. ASSP 29(6), 1153–1160, 1981, doi:10.1109/TASSP.1981.1163711.
 */
import { z } from "zod";
import { EngineError } from "../errors.js";
import { createVolume, voxelSizeInNm, type Volume } from "../volume.js";
import { fitGaussian1d } from "../metrics/fwhm.js";
import { parseParams } from "./optics.js";
import { dft3d, rollToOrigin } from "./small-dft.js";

const positiveInt = z.number().int().min(1).max(1024);

export const ZDistillOptions = z.object({
  /** Bead diameter, nm; 0 (default) skips the bead-size correction. */
  beadDiameterNm: z.number().min(0).default(0),
  /** Output (crop) size [nz, ny, nx], odd sizes recommended. Default [min(nz, 31) made odd, 21, 21]. */
  size: z.tuple([positiveInt, positiveInt, positiveInt]).optional(),
  /** Detection threshold, fraction of the typical bead's height above background (smoothed). Default 0.2. */
  threshold: z.number().gt(0).lt(1).default(0.2),
  /** Values at or above this are saturated (e.g. 255, 4095, 65535). Default: none. */
  saturationValue: z.number().optional(),
  /** Tikhonov ε of the bead-size correction, relative to |S(0)|². Default 1e-2. */
  beadRegularisation: z.number().positive().default(1e-2),
});
export type TDistillOptions = z.output<typeof ZDistillOptions>;
export type TDistillOptionsInput = z.input<typeof ZDistillOptions>;

export type BeadRejection = "edge" | "saturated" | "touching";

export interface BeadReport {
  /** Which input image (index into the array passed). */
  image: number;
  /** Brightest voxel of the bead, [z, y, x]. */
  peak: [number, number, number];
  /** Sub-voxel centre used for registration (accepted beads), [z, y, x]. */
  centre?: [number, number, number];
  /** Why it was not used (rejected beads). */
  reason?: BeadRejection;
}

export interface DistillResult {
  /** The distilled PSF, sum 1, centred at size//2, voxelSize of the first image. */
  psf: Volume;
  used: BeadReport[];
  rejected: BeadReport[];
  counts: { detected: number; used: number; edge: number; saturated: number; touching: number };
}

function smooth1(v: Volume): Float32Array {
  // separable Gaussian σ = 1, radius 3, with clamped borders
  const k = [-3, -2, -1, 0, 1, 2, 3].map((d) => Math.exp(-(d * d) / 2));
  const ks = k.reduce((a, b) => a + b, 0);
  const w = k.map((x) => x / ks);
  const [nz, ny, nx] = v.shape;
  let src = Float32Array.from(v.data);
  const strides = [ny * nx, nx, 1];
  for (let axis = 0; axis < 3; axis++) {
    const n = v.shape[axis];
    const stride = strides[axis];
    const dst = new Float32Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const pos = Math.floor(i / stride) % n;
      let acc = 0;
      for (let d = -3; d <= 3; d++) {
        const q = Math.min(n - 1, Math.max(0, pos + d));
        acc += w[d + 3] * src[i + (q - pos) * stride];
      }
      dst[i] = acc;
    }
    src = dst;
  }
  void nz;
  return src;
}

function median(values: ArrayLike<number>): number {
  const a = Float64Array.from(values as ArrayLike<number>).sort();
  return a.length ? a[Math.floor(a.length / 2)] : 0;
}

/** 3×3×3 local maxima of `sm` above `level`, as [z, y, x]; on ties the first in scan order wins. */
function localMaxima(sm: Float32Array, shape: readonly [number, number, number], level: number): [number, number, number][] {
  const [nz, ny, nx] = shape;
  const peaks: [number, number, number][] = [];
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const v = sm[(z * ny + y) * nx + x];
    if (v <= level) continue;
    let isMax = true;
    for (let dz = -1; dz <= 1 && isMax; dz++) for (let dy = -1; dy <= 1 && isMax; dy++) for (let dx = -1; dx <= 1; dx++) {
      const zz = z + dz, yy = y + dy, xx = x + dx;
      if ((dz || dy || dx) && zz >= 0 && zz < nz && yy >= 0 && yy < ny && xx >= 0 && xx < nx) {
        const w = sm[(zz * ny + yy) * nx + xx];
        // ties: the first in scan order wins, so a flat top yields one peak
        if (w > v || (w === v && (zz * ny + yy) * nx + xx < (z * ny + y) * nx + x)) { isMax = false; break; }
      }
    }
    if (isMax) peaks.push([z, y, x]);
  }
  return peaks;
}

/** Keys cubic convolution kernel, a = −½. */
function keys(t: number): number {
  const x = Math.abs(t);
  if (x <= 1) return 1.5 * x * x * x - 2.5 * x * x + 1;
  if (x < 2) return -0.5 * x * x * x + 2.5 * x * x - 4 * x + 2;
  return 0;
}

/** Reads a box of `size` centred (at size//2) on the sub-voxel `centre`, by separable cubic convolution. */
function resampleBox(v: Volume, centre: readonly [number, number, number], size: readonly [number, number, number]): Float64Array {
  const [nz, ny, nx] = v.shape;
  const taps = (c: number, n: number, half: number, count: number): { idx: Int32Array; w: Float64Array } => {
    const idx = new Int32Array(count * 4);
    const w = new Float64Array(count * 4);
    for (let i = 0; i < count; i++) {
      const p = c + i - half;
      const f = Math.floor(p);
      for (let t = 0; t < 4; t++) {
        const q = f - 1 + t;
        idx[i * 4 + t] = Math.min(n - 1, Math.max(0, q));
        w[i * 4 + t] = keys(p - q);
      }
    }
    return { idx, w };
  };
  const [bz, by, bx] = size;
  const tz = taps(centre[0], nz, Math.floor(bz / 2), bz);
  const ty = taps(centre[1], ny, Math.floor(by / 2), by);
  const tx = taps(centre[2], nx, Math.floor(bx / 2), bx);
  const out = new Float64Array(bz * by * bx);
  for (let z = 0; z < bz; z++) for (let y = 0; y < by; y++) for (let x = 0; x < bx; x++) {
    let acc = 0;
    for (let a = 0; a < 4; a++) {
      const wz = tz.w[z * 4 + a];
      if (wz === 0) continue;
      const oz = tz.idx[z * 4 + a] * ny;
      for (let b = 0; b < 4; b++) {
        const wzy = wz * ty.w[y * 4 + b];
        if (wzy === 0) continue;
        const oy = (oz + ty.idx[y * 4 + b]) * nx;
        for (let c = 0; c < 4; c++) acc += wzy * tx.w[x * 4 + c] * v.data[oy + tx.idx[x * 4 + c]];
      }
    }
    out[(z * by + y) * bx + x] = acc;
  }
  return out;
}

function shellMedian(box: ArrayLike<number>, size: readonly [number, number, number]): number {
  const [bz, by, bx] = size;
  const vals: number[] = [];
  for (let z = 0; z < bz; z++) for (let y = 0; y < by; y++) for (let x = 0; x < bx; x++) {
    const onLateral = y === 0 || y === by - 1 || x === 0 || x === bx - 1;
    const onAxial = bz > 2 && (z === 0 || z === bz - 1);
    if (onLateral || onAxial) vals.push(box[(z * by + y) * bx + x]);
  }
  return median(vals);
}

/** Voxel-integrated uniform sphere of diameter d (nm), centred at size//2, sum 1 (5³ sub-samples). */
export function sphereImage(size: readonly [number, number, number], voxelNm: { z: number; y: number; x: number }, diameterNm: number): Float64Array {
  const [bz, by, bx] = size;
  const r2 = (diameterNm / 2) ** 2;
  const s = 5;
  const out = new Float64Array(bz * by * bx);
  let sum = 0;
  for (let z = 0; z < bz; z++) for (let y = 0; y < by; y++) for (let x = 0; x < bx; x++) {
    let n = 0;
    for (let a = 0; a < s; a++) for (let b = 0; b < s; b++) for (let c = 0; c < s; c++) {
      const dz = (z - Math.floor(bz / 2) - 0.5 + (a + 0.5) / s) * voxelNm.z;
      const dy = (y - Math.floor(by / 2) - 0.5 + (b + 0.5) / s) * voxelNm.y;
      const dx = (x - Math.floor(bx / 2) - 0.5 + (c + 0.5) / s) * voxelNm.x;
      if (dz * dz + dy * dy + dx * dx <= r2) n++;
    }
    out[(z * by + y) * bx + x] = n;
    sum += n;
  }
  // a bead smaller than a sub-sample still has its mass: put it on the centre voxel
  if (sum === 0) {
    out[(Math.floor(bz / 2) * by + Math.floor(by / 2)) * bx + Math.floor(bx / 2)] = 1;
    return out;
  }
  return out.map((v) => v / sum);
}

/** Tikhonov-regularised deconvolution of `a` by the sphere image (both centred at size//2). */
function removeBead(a: Float64Array, sphere: Float64Array, size: readonly [number, number, number], eps: number): Float64Array {
  const c: [number, number, number] = [Math.floor(size[0] / 2), Math.floor(size[1] / 2), Math.floor(size[2] / 2)];
  const ar = Float64Array.from(a);
  const ai = new Float64Array(a.length);
  const sr = rollToOrigin(sphere, size, c);
  const si = new Float64Array(a.length);
  dft3d(ar, ai, size);
  dft3d(sr, si, size);
  for (let i = 0; i < a.length; i++) {
    const den = sr[i] * sr[i] + si[i] * si[i] + eps;
    const re = (ar[i] * sr[i] + ai[i] * si[i]) / den;
    const im = (ai[i] * sr[i] - ar[i] * si[i]) / den;
    ar[i] = re;
    ai[i] = im;
  }
  dft3d(ar, ai, size, true);
  return ar.map((v) => Math.max(0, v));
}

/**
 * Distils a PSF from one or more bead images (same voxel size).
 * @param images bead volumes (Z, Y, X); voxel size (from the first) is needed for beadDiameterNm.
 * @param options see ZDistillOptions: beadDiameterNm, size, threshold, saturationValue, beadRegularisation.
 * @returns the PSF (sum 1, centred at size//2) and per-bead reports with rejection reasons.
 * @example distillPsf([beads], { beadDiameterNm: 100, size: [31, 21, 21], saturationValue: 65535 })
 */
export function distillPsf(images: readonly Volume[], options: TDistillOptionsInput = {}): DistillResult {
  const o = parseParams(ZDistillOptions, options, "distillPsf");
  if (images.length === 0) throw new EngineError("INVALID_PARAMETER", "distillPsf: no bead image given");
  const first = images[0];
  const oddBelow = (n: number, cap: number): number => {
    const m = Math.min(n, cap);
    return m % 2 === 1 ? m : Math.max(1, m - 1);
  };
  const size: [number, number, number] = o.size ?? [oddBelow(first.shape[0], 31), oddBelow(first.shape[1], 21), oddBelow(first.shape[2], 21)];
  const half = size.map((n) => Math.floor(n / 2));
  const [bz, by, bx] = size;
  const acc = new Float64Array(bz * by * bx);
  const used: BeadReport[] = [];
  const rejected: BeadReport[] = [];

  images.forEach((img, imageIndex) => {
    const [nz, ny, nx] = img.shape;
    const sm = smooth1(img);
    const bg = median(sm);
    // robust noise σ from the median absolute deviation; maxima 10σ above background are
    // candidate beads, and the threshold is relative to the typical (median) candidate's height,
    // so one very bright bead or clump does not hide the others
    const noise = 1.4826 * median(Float64Array.from(sm, (v) => Math.abs(v - bg)));
    const floor = bg + 10 * Math.max(noise, 1e-12 * Math.abs(bg));
    const maxima = localMaxima(sm, img.shape, floor);
    const typical = median(maxima.map((q) => sm[(q[0] * ny + q[1]) * nx + q[2]]));
    const level = bg + o.threshold * (typical - bg);
    const peaks = maxima.filter((q) => sm[(q[0] * ny + q[1]) * nx + q[2]] > level);
    

    for (const p of peaks) {
      const report: BeadReport = { image: imageIndex, peak: p };
      const margin = 2;
      const inside = [0, 1, 2].every((d) => p[d] - half[d] - margin >= 0 && p[d] + (size[d] - 1 - half[d]) + margin < img.shape[d]);
      if (!inside) {
        rejected.push({ ...report, reason: "edge" });
        continue;
      }
      if (o.saturationValue !== undefined) {
        let sat = false;
        for (let z = p[0] - half[0]; z <= p[0] + size[0] - 1 - half[0] && !sat; z++) for (let y = p[1] - half[1]; y <= p[1] + size[1] - 1 - half[1] && !sat; y++) for (let x = p[2] - half[2]; x <= p[2] + size[2] - 1 - half[2]; x++) {
          if (img.data[(z * ny + y) * nx + x] >= o.saturationValue) { sat = true; break; }
        }
        if (sat) {
          rejected.push({ ...report, reason: "saturated" });
          continue;
        }
      }
      const touching = peaks.some((q) => q !== p && [0, 1, 2].every((d) => Math.abs(q[d] - p[d]) <= half[d]));
      if (touching) {
        rejected.push({ ...report, reason: "touching" });
        continue;
      }
      // sub-voxel centre: Gaussian fit of the smoothed profile through the peak along each axis
      const centre: [number, number, number] = [p[0], p[1], p[2]];
      for (let d = 0; d < 3; d++) {
        const n = Math.min(size[d], 2 * half[d] + 1);
        const prof = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const q: [number, number, number] = [p[0], p[1], p[2]];
          q[d] = p[d] - half[d] + i;
          prof[i] = sm[(q[0] * ny + q[1]) * nx + q[2]];
        }
        const g = n >= 4 ? fitGaussian1d(prof) : null;
        if (g && Math.abs(g.centre - half[d]) < 1.5) centre[d] = p[d] - half[d] + g.centre;
      }
      const box = resampleBox(img, centre, size);
      const b = shellMedian(box, size);
      for (let i = 0; i < acc.length; i++) acc[i] += box[i] - b;
      used.push({ ...report, centre });
    }
  });

  const counts = {
    detected: used.length + rejected.length,
    used: used.length,
    edge: rejected.filter((r) => r.reason === "edge").length,
    saturated: rejected.filter((r) => r.reason === "saturated").length,
    touching: rejected.filter((r) => r.reason === "touching").length,
  };
  if (used.length === 0) {
    throw new EngineError("INVALID_PARAMETER", `distillPsf: no usable bead (detected ${counts.detected}: ${counts.edge} at the edge, ${counts.saturated} saturated, ${counts.touching} touching)`);
  }
  let avg: Float64Array = acc.map((v) => v / used.length);
  const residual = shellMedian(avg, size);
  avg = avg.map((v) => Math.max(0, v - residual));
  const nm = voxelSizeInNm(first.voxelSize);
  if (o.beadDiameterNm > 0) {
    if (!nm) throw new EngineError("INVALID_PARAMETER", "distillPsf: beadDiameterNm needs the images' voxel size in a length unit");
    avg = removeBead(avg, sphereImage(size, nm, o.beadDiameterNm), size, o.beadRegularisation);
  }
  const sum = avg.reduce((a, b) => a + b, 0);
  const data = Float32Array.from(avg, (v) => v / sum);
  return { psf: createVolume(data, size, first.voxelSize), used, rejected, counts };
}
