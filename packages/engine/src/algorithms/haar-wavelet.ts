/**
 * Orthonormal 3D Haar wavelet transform (separable, `scales` levels), in place on the host.
 *
 * One level along an axis of current length m maps pairs (a, b) to (a + b)/√2 (approximation,
 * first ceil(m/2) places; an odd last sample passes through unchanged) and (a − b)/√2 (detail,
 * last floor(m/2) places). Each level transforms x, then y, then z over the current approximation
 * box [0, m_z)×[0, m_y)×[0, m_x), which then shrinks to ceil(m/2) along every axis longer than 1.
 * The transform is orthonormal, so the inverse is the transpose and soft thresholding of the
 * detail coefficients is the exact proximal map of λ‖detail(Wx)‖₁.
 *
 * Reference: A. Haar, "Zur Theorie der orthogonalen Funktionensysteme", Mathematische Annalen
 * 69(3), 331–371 (1910), DOI 10.1007/BF01456326; S. Mallat, "A Wavelet Tour of Signal
 * Processing", 3rd ed., Academic Press (2009), §7.
 */
import type { Shape3 } from "../volume.js";

const S = Math.SQRT1_2;

function boxes(shape: Shape3, scales: number): Shape3[] {
  const out: Shape3[] = [];
  let b: Shape3 = [shape[0], shape[1], shape[2]];
  for (let s = 0; s < scales; s++) {
    out.push(b);
    b = [Math.ceil(b[0] / 2), Math.ceil(b[1] / 2), Math.ceil(b[2] / 2)];
  }
  out.push(b);
  return out;
}

/** The approximation box left after `scales` levels: coefficients outside it are details. */
export function haarApproximationBox(shape: Shape3, scales: number): Shape3 {
  return boxes(shape, scales)[scales];
}

/** One 1D level over `m` samples of `v` from `start` with `stride`; inverse when `inverse`. */
function line(v: Float64Array, start: number, stride: number, m: number, inverse: boolean, buf: Float64Array): void {
  if (m < 2) return;
  const p = Math.floor(m / 2), h = Math.ceil(m / 2);
  if (!inverse) {
    for (let i = 0; i < p; i++) {
      const a = v[start + 2 * i * stride], b = v[start + (2 * i + 1) * stride];
      buf[i] = (a + b) * S;
      buf[h + i] = (a - b) * S;
    }
    if (m % 2) buf[p] = v[start + (m - 1) * stride];
  } else {
    for (let i = 0; i < p; i++) {
      const a = v[start + i * stride], d = v[start + (h + i) * stride];
      buf[2 * i] = (a + d) * S;
      buf[2 * i + 1] = (a - d) * S;
    }
    if (m % 2) buf[m - 1] = v[start + p * stride];
  }
  for (let i = 0; i < m; i++) v[start + i * stride] = buf[i];
}

function level(v: Float64Array, shape: Shape3, box: Shape3, inverse: boolean, buf: Float64Array): void {
  const [, ny, nx] = shape;
  const [bz, by, bx] = box;
  const axis = (a: number) => {
    if (a === 2) for (let z = 0; z < bz; z++) for (let y = 0; y < by; y++) line(v, (z * ny + y) * nx, 1, bx, inverse, buf);
    else if (a === 1) for (let z = 0; z < bz; z++) for (let x = 0; x < bx; x++) line(v, z * ny * nx + x, nx, by, inverse, buf);
    else for (let y = 0; y < by; y++) for (let x = 0; x < bx; x++) line(v, y * nx + x, ny * nx, bz, inverse, buf);
  };
  // the inverse undoes the axes in the opposite order
  for (const a of inverse ? [0, 1, 2] : [2, 1, 0]) axis(a);
}

/** Forward transform of `v` (shape [nz, ny, nx]) in place. */
export function haarForward(v: Float64Array, shape: Shape3, scales: number): void {
  const bs = boxes(shape, scales);
  const buf = new Float64Array(Math.max(...shape));
  for (let s = 0; s < scales; s++) level(v, shape, bs[s], false, buf);
}

/** Inverse transform of `v` in place (haarInverse(haarForward(v)) = v). */
export function haarInverse(v: Float64Array, shape: Shape3, scales: number): void {
  const bs = boxes(shape, scales);
  const buf = new Float64Array(Math.max(...shape));
  for (let s = scales - 1; s >= 0; s--) level(v, shape, bs[s], true, buf);
}

/**
 * x ← Wᵀ soft(W x, t) on the detail coefficients (the approximation box is kept); returns
 * ‖detail(W x_new)‖₁, the ℓ1 norm after thresholding.
 */
export function haarSoftThreshold(x: Float32Array, shape: Shape3, scales: number, t: number): number {
  const v = Float64Array.from(x);
  haarForward(v, shape, scales);
  const [az, ay, ax] = haarApproximationBox(shape, scales);
  const [, ny, nx] = shape;
  let l1 = 0;
  for (let i = 0; i < v.length; i++) {
    const xi = i % nx, yi = Math.floor(i / nx) % ny, zi = Math.floor(i / (nx * ny));
    if (zi < az && yi < ay && xi < ax) continue;
    const c = v[i];
    const m = Math.abs(c) - t;
    v[i] = m > 0 ? Math.sign(c) * m : 0;
    l1 += Math.abs(v[i]);
  }
  haarInverse(v, shape, scales);
  for (let i = 0; i < x.length; i++) x[i] = v[i];
  return l1;
}
