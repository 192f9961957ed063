/**
 * Structural similarity (SSIM) of an image against a reference, averaged over the volume:
 *
 *   SSIM = (2 μx μy + C1)(2 σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)),
 *   C1 = (K1 R)², C2 = (K2 R)²,
 *
 * with local means, variances and covariance taken in a sliding window, then averaged over the
 * voxels at least one window radius from the border (as scikit-image does).
 *
 * @param reference the ground truth (Z×Y×X).
 * @param image the image to score, same shape.
 * @param options.window "uniform" (default, winSize³ box, scikit-image's default) or "gaussian"
 *   (σ = `sigma` voxels, truncated at 3.5σ: the 11-tap window of Wang et al.).
 * @param options.winSize uniform window width in voxels, odd, default 7.
 * @param options.sigma Gaussian σ in voxels, default 1.5.
 * @param options.dataRange R; default max − min of the reference.
 * @param options.k1, options.k2 stabilising constants, default 0.01 and 0.03.
 * @param options.sampleCovariance normalise (co)variances by N−1 instead of N (default true, as
 *   scikit-image; Wang et al. use false with the Gaussian window).
 * @param options.mode "3d" (default): 3D windows over the whole volume (a volume with one slice is
 *   treated as 2D); "2d": the mean over Z of the 2D SSIM of each slice.
 * @returns mean SSIM, 1 for identical images.
 * @throws EngineError SHAPE_MISMATCH when shapes differ; INVALID_PARAMETER when the window is
 *   larger than the volume or the reference is constant and no dataRange is given.
 *
 * Matches scikit-image `structural_similarity(reference, image, data_range=R, win_size,
 * gaussian_weights, sigma, use_sample_covariance, K1, K2)` on float64 input, boundary "reflect".
 * Reference: Z. Wang, A. C. Bovik, H. R. Sheikh & E. P. Simoncelli, "Image quality assessment: from
 * error visibility to structural similarity", IEEE Transactions on Image Processing 13(4):600–612,
 * 2004, doi:10.1109/TIP.2003.819861.
 */
import { z } from "zod";
import { EngineError } from "../errors.js";
import { formatShape, type Volume } from "../volume.js";
import { assertSameShape, referenceRange } from "./compare.js";

export const ZSsimOptions = z.object({
  window: z.enum(["uniform", "gaussian"]).default("uniform"),
  winSize: z.number().int().min(1).refine((n) => n % 2 === 1, "winSize must be odd").default(7),
  sigma: z.number().positive().finite().default(1.5),
  dataRange: z.number().positive().finite().optional(),
  k1: z.number().nonnegative().default(0.01),
  k2: z.number().nonnegative().default(0.03),
  sampleCovariance: z.boolean().default(true),
  mode: z.enum(["3d", "2d"]).default("3d"),
});
export type TSsimOptions = z.input<typeof ZSsimOptions>;

/** Index reflected into [0, n) the way scipy.ndimage's "reflect" mode does (edge sample repeated). */
function reflect(j: number, n: number): number {
  for (;;) {
    if (j < 0) j = -j - 1;
    else if (j >= n) j = 2 * n - j - 1;
    else return j;
  }
}

/** Correlates every line of `src` along `axis` with `w` (odd length, centred), into `dst`. */
function filterAxis(src: Float64Array, dst: Float64Array, shape: readonly number[], axis: number, w: Float64Array): void {
  const [nz, ny, nx] = shape;
  const n = shape[axis];
  const stride = axis === 2 ? 1 : axis === 1 ? nx : nx * ny;
  const r = (w.length - 1) / 2;
  const line = new Float64Array(n + 2 * r);
  const lines = (nz * ny * nx) / n;
  for (let l = 0; l < lines; l++) {
    // Start of line l: enumerate all index combinations of the other two axes.
    let start: number;
    if (axis === 2) start = l * nx;
    else if (axis === 1) start = Math.floor(l / nx) * nx * ny + (l % nx);
    else start = l;
    for (let j = -r; j < n + r; j++) line[j + r] = src[start + reflect(j, n) * stride];
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < w.length; k++) s += w[k] * line[i + k];
      dst[start + i * stride] = s;
    }
  }
}

function windowWeights(o: z.infer<typeof ZSsimOptions>): Float64Array {
  if (o.window === "uniform") return new Float64Array(o.winSize).fill(1 / o.winSize);
  const r = Math.floor(3.5 * o.sigma + 0.5);
  const w = new Float64Array(2 * r + 1);
  let s = 0;
  for (let k = -r; k <= r; k++) s += w[k + r] = Math.exp((-0.5 * k * k) / (o.sigma * o.sigma));
  for (let k = 0; k < w.length; k++) w[k] /= s;
  return w;
}

/** Mean SSIM of one block of shape [nz, ny, nx], filtering along `axes`. */
function ssimBlock(x: Float32Array, y: Float32Array, shape: [number, number, number], axes: number[], w: Float64Array, c1: number, c2: number, covNorm: number): number {
  const n = x.length;
  const fields = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let i = 0; i < n; i++) {
    fields[0][i] = x[i];
    fields[1][i] = y[i];
    fields[2][i] = x[i] * x[i];
    fields[3][i] = y[i] * y[i];
    fields[4][i] = x[i] * y[i];
  }
  const tmp = new Float64Array(n);
  for (const f of fields) {
    for (const axis of axes) {
      filterAxis(f, tmp, shape, axis, w);
      f.set(tmp);
    }
  }
  const [ux, uy, uxx, uyy, uxy] = fields;
  const pad = (w.length - 1) / 2;
  const lo = [0, 0, 0];
  const hi = [...shape];
  for (const a of axes) {
    lo[a] = pad;
    hi[a] = shape[a] - pad;
  }
  let sum = 0;
  let count = 0;
  for (let z0 = lo[0]; z0 < hi[0]; z0++) {
    for (let y0 = lo[1]; y0 < hi[1]; y0++) {
      for (let x0 = lo[2]; x0 < hi[2]; x0++) {
        const i = (z0 * shape[1] + y0) * shape[2] + x0;
        const mx = ux[i];
        const my = uy[i];
        const vx = covNorm * (uxx[i] - mx * mx);
        const vy = covNorm * (uyy[i] - my * my);
        const vxy = covNorm * (uxy[i] - mx * my);
        sum += ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        count++;
      }
    }
  }
  return sum / count;
}

export function ssim(reference: Volume, image: Volume, options: TSsimOptions = {}): number {
  const o = ZSsimOptions.parse(options);
  assertSameShape(reference, image, "SSIM");
  const range = o.dataRange ?? referenceRange(reference);
  if (!(range > 0)) throw new EngineError("INVALID_PARAMETER", "SSIM: the reference is constant (max = min), so give dataRange explicitly");
  const w = windowWeights(o);
  const [nz, ny, nx] = reference.shape;
  const planar = o.mode === "2d" || nz === 1;
  const axes = planar ? [1, 2] : [0, 1, 2];
  if (axes.some((a) => reference.shape[a] < w.length)) {
    throw new EngineError(
      "INVALID_PARAMETER",
      `SSIM: the ${w.length}-voxel window is larger than the ${formatShape(reference.shape)} volume${planar ? "" : "; use the 2D mode for thin stacks"}`,
    );
  }
  const np = w.length ** axes.length;
  const covNorm = o.sampleCovariance ? np / (np - 1) : 1;
  const c1 = (o.k1 * range) ** 2;
  const c2 = (o.k2 * range) ** 2;
  if (!planar) return ssimBlock(reference.data, image.data, [nz, ny, nx], axes, w, c1, c2, covNorm);
  let total = 0;
  const plane = ny * nx;
  for (let z0 = 0; z0 < nz; z0++) {
    const xs = reference.data.subarray(z0 * plane, (z0 + 1) * plane);
    const ys = image.data.subarray(z0 * plane, (z0 + 1) * plane);
    total += ssimBlock(xs, ys, [1, ny, nx], axes, w, c1, c2, covNorm);
  }
  return total / nz;
}
