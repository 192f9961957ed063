/** Independent double-precision references for the algorithm tests (direct sums, plain DFT). */
import type { Shape3 } from "../../src/volume.js";

export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function relL2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/** A smooth positive PSF box (anisotropic Gaussian) of `shape`, centred at floor(n/2), sum 1. */
export function gaussianBox(shape: Shape3, sigma: [number, number, number]): Float32Array {
  const [nz, ny, nx] = shape;
  const out = new Float32Array(nz * ny * nx);
  let s = 0;
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const dz = z - Math.floor(nz / 2), dy = y - Math.floor(ny / 2), dx = x - Math.floor(nx / 2);
    const v = Math.exp(-0.5 * ((dz / sigma[0]) ** 2 + (dy / sigma[1]) ** 2 + (dx / sigma[2]) ** 2));
    out[(z * ny + y) * nx + x] = v;
    s += v;
  }
  for (let i = 0; i < out.length; i++) out[i] /= s;
  return out;
}

/** Circular convolution (or correlation) with a PSF whose centre is at floor(n/2), by direct sums in float64. */
export function circularConvolve(x: ArrayLike<number>, psf: ArrayLike<number>, [nz, ny, nx]: Shape3, correlate = false): Float64Array {
  const out = new Float64Array(nz * ny * nx);
  const cz = Math.floor(nz / 2), cy = Math.floor(ny / 2), cx = Math.floor(nx / 2);
  const s = correlate ? -1 : 1;
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let xx = 0; xx < nx; xx++) {
    let acc = 0;
    for (let pz = 0; pz < nz; pz++) for (let py = 0; py < ny; py++) for (let px = 0; px < nx; px++) {
      const h = psf[(pz * ny + py) * nx + px];
      if (h === 0) continue;
      const sz = (((z - s * (pz - cz)) % nz) + nz) % nz;
      const sy = (((y - s * (py - cy)) % ny) + ny) % ny;
      const sx = (((xx - s * (px - cx)) % nx) + nx) % nx;
      acc += h * x[(sz * ny + sy) * nx + sx];
    }
    out[(z * ny + y) * nx + xx] = acc;
  }
  return out;
}

/** Richardson-Lucy by definition, float64, circular, starting from the image. */
export function referenceRL(y: ArrayLike<number>, psf: ArrayLike<number>, shape: Shape3, iterations: number, eps = 1e-6): Float64Array {
  let x = Float64Array.from(y);
  for (let k = 0; k < iterations; k++) {
    const b = circularConvolve(x, psf, shape);
    const r = new Float64Array(b.length);
    for (let i = 0; i < b.length; i++) r[i] = y[i] / Math.max(b[i], eps);
    const c = circularConvolve(r, psf, shape, true);
    x = x.map((v, i) => Math.max(0, v * c[i]));
  }
  return x;
}

/** Full complex 3D DFT by definition (float64), forward (sign −1) or inverse (sign +1, with 1/N). */
export function dft3(re: Float64Array, im: Float64Array, [nz, ny, nx]: Shape3, inverse: boolean): [Float64Array, Float64Array] {
  const n = nz * ny * nx;
  const sg = inverse ? 1 : -1;
  // separable: one axis at a time, still the plain definition per axis
  let r = Float64Array.from(re), i = Float64Array.from(im);
  const axes: [number, number, number][] = [[nz, ny * nx, 0], [ny, nx, 1], [nx, 1, 2]];
  for (const [len, stride] of axes) {
    const r2 = new Float64Array(n), i2 = new Float64Array(n);
    for (let idx = 0; idx < n; idx++) {
      const pos = Math.floor(idx / stride) % len;
      const base = idx - pos * stride;
      let ar = 0, ai = 0;
      for (let j = 0; j < len; j++) {
        const a = (sg * 2 * Math.PI * pos * j) / len;
        const vr = r[base + j * stride], vi = i[base + j * stride];
        ar += vr * Math.cos(a) - vi * Math.sin(a);
        ai += vr * Math.sin(a) + vi * Math.cos(a);
      }
      r2[idx] = ar; i2[idx] = ai;
    }
    r = r2; i = i2;
  }
  if (inverse) for (let k = 0; k < n; k++) { r[k] /= n; i[k] /= n; }
  return [r, i];
}

/** OTF of a centred PSF box: DFT of its ifftshift. */
export function referenceOtf(psf: ArrayLike<number>, shape: Shape3): [Float64Array, Float64Array] {
  const [nz, ny, nx] = shape;
  const re = new Float64Array(nz * ny * nx);
  const cz = Math.floor(nz / 2), cy = Math.floor(ny / 2), cx = Math.floor(nx / 2);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++)
    re[(((z - cz + nz) % nz) * ny + ((y - cy + ny) % ny)) * nx + ((x - cx + nx) % nx)] = psf[(z * ny + y) * nx + x];
  return dft3(re, new Float64Array(re.length), shape, false);
}

/** x̂ = IDFT( Y·conj(H) / max(|H|² + reg(k), floor) ), float64; reg given per full-spectrum bin. */
export function referenceFilter(y: ArrayLike<number>, psf: ArrayLike<number>, shape: Shape3, reg: (k: [number, number, number]) => number, floor: number): Float64Array {
  const [nz, ny, nx] = shape;
  const [hr, hi] = referenceOtf(psf, shape);
  const [yr, yi] = dft3(Float64Array.from(y), new Float64Array(y.length), shape, false);
  const xr = new Float64Array(y.length), xi = new Float64Array(y.length);
  for (let z = 0; z < nz; z++) for (let yy = 0; yy < ny; yy++) for (let x = 0; x < nx; x++) {
    const i = (z * ny + yy) * nx + x;
    const den = Math.max(hr[i] ** 2 + hi[i] ** 2 + reg([z, yy, x]), floor);
    xr[i] = (yr[i] * hr[i] + yi[i] * hi[i]) / den;
    xi[i] = (yi[i] * hr[i] - yr[i] * hi[i]) / den;
  }
  return dft3(xr, xi, shape, true)[0];
}
