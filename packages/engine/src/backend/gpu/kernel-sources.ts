/**
 * Source text of every gpu.js kernel of the GPU backend.
 *
 * Kernels are given to gpu.js as strings, not as functions: gpu.js re-parses a kernel's source,
 * and source that went through tsc, a bundler or a minifier (Next.js, esbuild) can contain
 * constructs its parser refuses or renames it cannot follow. Strings reach it unchanged.
 *
 * Volumes are 3D kernel outputs [nx, ny, nz] read as a[z][y][x] (gpu.js lays them out in one 2D
 * texture). Complex data is planar: one texture of real parts, one of imaginary parts, each kernel
 * returning one float (a `part` argument picks which), since `Array(2)` returns are not portable to
 * every gpu.js backend. Integer-valued arguments arrive as floats; every index they form stays
 * below 2^24, so float arithmetic on them is exact.
 */

/** out = a (uploads a host array into a texture). */
export const COPY_3D = `function (a) {
  return a[this.thread.z][this.thread.y][this.thread.x];
}`;

/** out = 0 (the imaginary part of a real volume entering the x transform). */
export const ZERO_3D = `function () {
  return 0.0;
}`;

/**
 * One radix-2 Stockham pass (gather form) along the axis picked by (ax, ay, az) ∈ {(1,0,0), (0,1,0),
 * (0,0,1)}, of length n (a power of two), half-size p = 1, 2, …, n/2. Output element j of a line
 * reads inputs i0 = (j − q)/2 + k and i0 + n/2, with q = j mod 2p and k = q mod p, and twiddle
 * w = exp(∓2πi·k/2p) = table[twOff + k·twStride] (table: exp(−2πi·t/n), t < n/2; twStride =
 * n/2p); sign −1 conjugates it (inverse transform). Returns part 0 (real) or 1 (imaginary) of
 * (u0 ± w·u1)·scale. The output may be shorter than the input along x (the last forward x pass
 * writes only the nx/2+1 bins of the half spectrum).
 * Reference: T. G. Stockham, "High-speed convolution and correlation", AFIPS Spring Joint Computer
 * Conference 28, 229–233 (1966), DOI 10.1145/1464182.1464209; gather form as in E. Bainville,
 * "OpenCL Fast Fourier Transform" (2010).
 */
export const STOCKHAM_PASS = `function (re, im, twr, twi, ax, ay, az, n, p, twStride, twOff, sign, scale, part) {
  let j = this.thread.x * ax + this.thread.y * ay + this.thread.z * az;
  let q = j % (2.0 * p);
  let k = q % p;
  let d0 = (j - q) / 2.0 + k - j;
  let d1 = d0 + n / 2.0;
  let x0 = this.thread.x + ax * d0;
  let y0 = this.thread.y + ay * d0;
  let z0 = this.thread.z + az * d0;
  let x1 = this.thread.x + ax * d1;
  let y1 = this.thread.y + ay * d1;
  let z1 = this.thread.z + az * d1;
  let ar = re[z0][y0][x0];
  let ai = im[z0][y0][x0];
  let cr = re[z1][y1][x1];
  let ci = im[z1][y1][x1];
  let t = twOff + k * twStride;
  let wr = twr[t];
  let wi = sign * twi[t];
  let br = cr * wr - ci * wi;
  let bi = cr * wi + ci * wr;
  let s = 1.0;
  if (q >= p) {
    s = -1.0;
  }
  if (part > 0.5) {
    return (ai + s * bi) * scale;
  }
  return (ar + s * br) * scale;
}`;

/**
 * A direct DFT along one axis, for lengths that are not powers of two (n ≤ the kernels' loop
 * limit): X[j] = Σ_t x[t]·w^(j·t mod n), w = table[twOff + ·] = exp(−2πi·m/n), m < n, conjugated
 * for sign −1. O(n) work per output; the exponent is kept modulo n incrementally so it stays exact.
 */
export const DFT_PASS = `function (re, im, twr, twi, ax, ay, az, n, twOff, sign, scale, part) {
  let j = this.thread.x * ax + this.thread.y * ay + this.thread.z * az;
  let bx = this.thread.x - ax * j;
  let by = this.thread.y - ay * j;
  let bz = this.thread.z - az * j;
  let sr = 0.0;
  let si = 0.0;
  let m = 0.0;
  for (let t = 0; t < n; t++) {
    let xr = re[bz + az * t][by + ay * t][bx + ax * t];
    let xi = im[bz + az * t][by + ay * t][bx + ax * t];
    let wr = twr[twOff + m];
    let wi = sign * twi[twOff + m];
    sr += xr * wr - xi * wi;
    si += xr * wi + xi * wr;
    m = m + j;
    if (m >= n) {
      m = m - n;
    }
  }
  if (part > 0.5) {
    return si * scale;
  }
  return sr * scale;
}`;

/**
 * Expands x to nx bins by Hermitian symmetry, after the inverse y and z transforms: the data is
 * then a set of x-spectra of real lines, each with X[nx − kx] = conj(X[kx]) for kx > nx/2.
 */
export const HERMITIAN_EXPAND = `function (re, im, nx, nxh, part) {
  let x = this.thread.x;
  let y = this.thread.y;
  let z = this.thread.z;
  if (x < nxh) {
    if (part > 0.5) {
      return im[z][y][x];
    }
    return re[z][y][x];
  }
  let xs = nx - x;
  if (part > 0.5) {
    return 0.0 - im[z][y][xs];
  }
  return re[z][y][xs];
}`;

/** a·H (sign 1) or a·conj(H) (sign −1), part 0 or 1. */
export const COMPLEX_MULTIPLY = `function (ar, ai, hr, hi, sign, part) {
  let x = this.thread.x;
  let y = this.thread.y;
  let z = this.thread.z;
  let a = ar[z][y][x];
  let b = ai[z][y][x];
  let c = hr[z][y][x];
  let d = sign * hi[z][y][x];
  if (part > 0.5) {
    return a * d + b * c;
  }
  return a * c - b * d;
}`;

/**
 * a·conj(H) / max(|H|² + reg, floor), reg = lambda·w (useWeights 1, w the real parts of a weight
 * spectrum) or lambda.
 */
export const COMPLEX_DIVIDE = `function (ar, ai, hr, hi, w, lambda, useWeights, floor, part) {
  let x = this.thread.x;
  let y = this.thread.y;
  let z = this.thread.z;
  let c = hr[z][y][x];
  let d = hi[z][y][x];
  let reg = lambda;
  if (useWeights > 0.5) {
    reg = lambda * w[z][y][x];
  }
  let den = Math.max(c * c + d * d + reg, floor);
  let a = ar[z][y][x];
  let b = ai[z][y][x];
  if (part > 0.5) {
    return (b * c - a * d) / den;
  }
  return (a * c + b * d) / den;
}`;

/** y / max(b, eps) (the Richardson-Lucy ratio). */
export const RATIO = `function (yv, bv, eps) {
  let x = this.thread.x;
  let y = this.thread.y;
  let z = this.thread.z;
  return yv[z][y][x] / Math.max(bv[z][y][x], eps);
}`;

/** x·c, clamped at 0 when nonNegative is 1 (the Richardson-Lucy update). */
export const MULTIPLY_UPDATE = `function (xv, cv, nonNegative) {
  let x = this.thread.x;
  let y = this.thread.y;
  let z = this.thread.z;
  let v = xv[z][y][x] * cv[z][y][x];
  if (nonNegative > 0.5 && v < 0.0) {
    v = 0.0;
  }
  return v;
}`;

/**
 * The GPU half of the reductions: one sum per row (output [ny, nz], thread.x = y, thread.y = z)
 * over nx terms of
 * - mode 0: (b − a)²                       (change of an update, a = old, b = new)
 * - mode 1: a²                             (squared norm)
 * - mode 2: a·ln(a/b') − a + b', b' = max(b, eps); b' − a where a ≤ 0   (I-divergence, a = y)
 * - mode 3: a·b                            (inner product)
 * Kahan-compensated; part 0 returns the sum, part 1 the compensation (−c), so the host gets each
 * row as an unevaluated float32 pair and sums hi + lo in float64 (inner products with
 * cancellation, such as the Biggs-Andrews step, need it).
 * Reference: W. Kahan, "Further remarks on reducing truncation errors", Commun. ACM 8(1), 40
 * (1965), DOI 10.1145/363707.363723.
 */
export const ROW_SUM = `function (a, b, nx, mode, eps, part) {
  let y = this.thread.x;
  let z = this.thread.y;
  let s = 0.0;
  let c = 0.0;
  for (let x = 0; x < nx; x++) {
    let u = a[z][y][x];
    let v = b[z][y][x];
    let term = 0.0;
    if (mode < 0.5) {
      term = (v - u) * (v - u);
    } else if (mode < 1.5) {
      term = u * u;
    } else if (mode > 2.5) {
      term = u * v;
    } else {
      let bb = Math.max(v, eps);
      if (u > 0.0) {
        term = u * Math.log(u / bb) - u + bb;
      } else {
        term = bb - u;
      }
    }
    let yk = term - c;
    let t = s + yk;
    c = (t - s) - yk;
    s = t;
  }
  if (part > 0.5) {
    return 0.0 - c;
  }
  return s;
}`;

/** out = a for a 1D array (uploads the twiddle tables). */
export const COPY_1D = `function (a) {
  return a[this.thread.x];
}`;

/** a·s (copies with a scale). */
export const SCALE_3D = `function (a, s) {
  return a[this.thread.z][this.thread.y][this.thread.x] * s;
}`;

/** min(max(ca·a + cb·b, lo), hi) (one step of a linear combination, clamped on the last). */
export const LINEAR_CLAMP = `function (a, ca, b, cb, lo, hi) {
  let x = this.thread.x;
  let y = this.thread.y;
  let z = this.thread.z;
  let v = ca * a[z][y][x] + cb * b[z][y][x];
  return Math.min(Math.max(v, lo), hi);
}`;

/**
 * ROW_SUM for gpu.js cpu mode, where kernels compute in float64 and only the stored output is
 * float32: the low part also carries what storing the sum in float32 drops.
 */
export const ROW_SUM_JS = ROW_SUM.replace("return 0.0 - c;", "return (s - Math.fround(s)) - c;");
