/**
 * Full width at half maximum of a 1D profile (e.g. a PSF line through its peak).
 *
 * Methods:
 * - "gaussian": least-squares fit of b + A·exp(−(x − μ)²/(2σ²)) (Levenberg–Marquardt, all
 *   samples), FWHM = 2√(2 ln 2)·σ. Robust with few samples and noise; biased for non-Gaussian
 *   shapes (an Airy core fitted by a Gaussian reads ≈ 2 % wide).
 * - "half-max": the baseline is the profile's minimum; the half level is baseline + ½(peak −
 *   baseline), with the peak refined by a parabola through the top three samples; the two
 *   crossings are found by linear interpolation walking outwards from the peak. Exact for finely
 *   sampled profiles of any shape; NaN when a side never drops below half.
 * - "auto" (default): "gaussian", falling back to "half-max" when the fit fails to converge or
 *   gives a centre outside the profile or a width wider than the profile.
 *
 * Reference for the fit: D. W. Marquardt, "An algorithm for least-squares estimation of nonlinear
 * parameters", J. SIAM 11(2), 431–441, 1963, doi:10.1137/0111030.
 */
import { z } from "zod";

export const ZFwhmMethod = z.enum(["auto", "gaussian", "half-max"]);
export type TFwhmMethod = z.infer<typeof ZFwhmMethod>;

export interface FwhmResult {
  /** FWHM in `spacing` units (samples when spacing is 1); NaN when it cannot be measured. */
  fwhm: number;
  /** Peak position in samples (sub-sample), from the fit or the parabola. */
  centre: number;
  /** Method that produced the value. */
  method: "gaussian" | "half-max";
}

const SIGMA_TO_FWHM = 2 * Math.sqrt(2 * Math.LN2);

/**
 * @param values the profile, e.g. intensities along x through a PSF's peak.
 * @param options.spacing sample spacing (e.g. nm per pixel), default 1.
 * @param options.method "auto" (default), "gaussian" or "half-max".
 * @param options.baseline half-max only: the level the half maximum is measured from (default the
 *   profile's minimum, right for measured data on a background; 0 for a theoretical PSF whose
 *   window ends on a side lobe).
 * @returns FWHM (× spacing), centre (samples) and the method used.
 * @example fwhm1d([0, 1, 4, 9, 4, 1, 0]).fwhm
 */
export function fwhm1d(values: ArrayLike<number>, options: { spacing?: number; method?: TFwhmMethod; baseline?: number } = {}): FwhmResult {
  const spacing = options.spacing ?? 1;
  const method = options.method ?? "auto";
  if (values.length < 3) return { fwhm: NaN, centre: NaN, method: "half-max" };
  if (method !== "half-max") {
    const g = fitGaussian1d(values);
    if (g && (method === "gaussian" || (g.centre >= 0 && g.centre <= values.length - 1 && g.sigma * SIGMA_TO_FWHM < values.length))) {
      return { fwhm: g.sigma * SIGMA_TO_FWHM * spacing, centre: g.centre, method: "gaussian" };
    }
    if (method === "gaussian") return { fwhm: NaN, centre: NaN, method: "gaussian" };
  }
  const h = halfMaxWidth(values, options.baseline);
  return { fwhm: h.width * spacing, centre: h.centre, method: "half-max" };
}

function argmax(v: ArrayLike<number>): number {
  let p = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[p]) p = i;
  return p;
}

/** Half-maximum width by linear interpolation (see module comment). Internal. */
export function halfMaxWidth(v: ArrayLike<number>, baseline?: number): { width: number; centre: number } {
  const n = v.length;
  const p = argmax(v);
  let base = Infinity;
  for (let i = 0; i < n; i++) base = Math.min(base, v[i]);
  if (baseline !== undefined) base = baseline;
  let peak = v[p];
  let centre = p;
  if (p > 0 && p < n - 1) {
    const a = v[p - 1];
    const c = v[p + 1];
    const den = a - 2 * v[p] + c;
    if (den < 0) {
      const d = (0.5 * (a - c)) / den;
      centre = p + d;
      peak = v[p] - 0.25 * (a - c) * d;
    }
  }
  const half = base + 0.5 * (peak - base);
  let left = NaN;
  for (let i = p; i > 0; i--) {
    if (v[i - 1] <= half) {
      left = i - 1 + (half - v[i - 1]) / (v[i] - v[i - 1]);
      break;
    }
  }
  let right = NaN;
  for (let i = p; i < n - 1; i++) {
    if (v[i + 1] <= half) {
      right = i + (v[i] - half) / (v[i] - v[i + 1]);
      break;
    }
  }
  return { width: right - left, centre };
}

/**
 * Levenberg–Marquardt fit of b + A·exp(−(x − μ)²/(2σ²)); null when it does not converge to a
 * finite, positive-width peak. Internal.
 */
export function fitGaussian1d(v: ArrayLike<number>): { amplitude: number; centre: number; sigma: number; background: number } | null {
  const n = v.length;
  const p0 = argmax(v);
  let base = Infinity;
  for (let i = 0; i < n; i++) base = Math.min(base, v[i]);
  const h0 = halfMaxWidth(v).width;
  let params = [v[p0] - base, p0, Number.isFinite(h0) && h0 > 0 ? h0 / SIGMA_TO_FWHM : n / 6, base];
  const resid = (q: number[]): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = q[3] + q[0] * Math.exp(-((i - q[1]) ** 2) / (2 * q[2] * q[2])) - v[i];
      s += r * r;
    }
    return s;
  };
  let cost = resid(params);
  let lambda = 1e-3;
  for (let iter = 0; iter < 200; iter++) {
    // normal equations JᵀJ δ = −Jᵀr with Marquardt's diagonal scaling
    const JtJ = [new Float64Array(4), new Float64Array(4), new Float64Array(4), new Float64Array(4)];
    const Jtr = new Float64Array(4);
    const [A, mu, s] = params;
    for (let i = 0; i < n; i++) {
      const d = i - mu;
      const e = Math.exp(-(d * d) / (2 * s * s));
      const r = params[3] + A * e - v[i];
      const g = [e, (A * e * d) / (s * s), (A * e * d * d) / (s * s * s), 1];
      for (let a = 0; a < 4; a++) {
        Jtr[a] += g[a] * r;
        for (let b = 0; b < 4; b++) JtJ[a][b] += g[a] * g[b];
      }
    }
    let improved = false;
    for (let tries = 0; tries < 10 && !improved; tries++) {
      const M = JtJ.map((row, a) => Array.from(row, (x, b) => (a === b ? x * (1 + lambda) : x)));
      const delta = solve4(M, Array.from(Jtr, (x) => -x));
      if (!delta) return null;
      const next = params.map((x, a) => x + delta[a]);
      next[2] = Math.abs(next[2]);
      const c = resid(next);
      if (Number.isFinite(c) && c <= cost) {
        const rel = (cost - c) / Math.max(cost, 1e-300);
        params = next;
        cost = c;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = true;
        if (rel < 1e-12) return finite(params);
      } else lambda *= 10;
    }
    if (!improved) return finite(params);
  }
  return finite(params);
}

function finite(q: number[]): { amplitude: number; centre: number; sigma: number; background: number } | null {
  if (!q.every(Number.isFinite) || !(q[2] > 0) || !(q[0] > 0)) return null;
  return { amplitude: q[0], centre: q[1], sigma: q[2], background: q[3] };
}

/** Gaussian elimination with partial pivoting for the 4×4 normal equations. */
function solve4(M: number[][], b: number[]): number[] | null {
  const n = b.length;
  const a = M.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    if (!(Math.abs(a[piv][c]) > 1e-300)) return null;
    [a[c], a[piv]] = [a[piv], a[c]];
    for (let r = c + 1; r < n; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r][n];
    for (let k = r + 1; k < n; k++) s -= a[r][k] * x[k];
    x[r] = s / a[r][r];
  }
  return x;
}
