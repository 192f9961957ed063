/**
 * Exact complex FFT of any length in double precision, in plain JS: iterative radix-2 for powers of
 * two, Bluestein's chirp-z for every other length (primes included). Used for lengths PFFFT cannot
 * do. Unnormalised both ways (see convention.ts).
 *
 * Reference: L. Bluestein, "A linear filtering approach to the computation of discrete Fourier
 * transform", IEEE Trans. Audio Electroacoust. 18(4), 451–455 (1970). DOI 10.1109/TAU.1970.1162132
 */

export interface GenericComplexFft {
  readonly n: number;
  /** In place on separate real and imaginary parts; inverse = conjugate kernel, no 1/n. */
  transform(re: Float64Array, im: Float64Array, inverse: boolean): void;
}

function radix2(n: number): GenericComplexFft {
  const levels = Math.round(Math.log2(n));
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let i = 0; i < n / 2; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / n);
    sin[i] = Math.sin((2 * Math.PI * i) / n);
  }
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < levels; b++) r |= ((i >>> b) & 1) << (levels - 1 - b);
    rev[i] = r;
  }
  return {
    n,
    transform(re, im, inverse) {
      for (let i = 0; i < n; i++) {
        const j = rev[i];
        if (j > i) {
          let t = re[i]; re[i] = re[j]; re[j] = t;
          t = im[i]; im[i] = im[j]; im[j] = t;
        }
      }
      const sign = inverse ? 1 : -1;
      for (let size = 2; size <= n; size *= 2) {
        const half = size / 2;
        const step = n / size;
        for (let start = 0; start < n; start += size) {
          for (let k = 0; k < half; k++) {
            const wr = cos[k * step];
            const wi = sign * sin[k * step];
            const a = start + k;
            const b = a + half;
            const xr = re[b] * wr - im[b] * wi;
            const xi = re[b] * wi + im[b] * wr;
            re[b] = re[a] - xr; im[b] = im[a] - xi;
            re[a] += xr; im[a] += xi;
          }
        }
      }
    },
  };
}

function bluestein(n: number): GenericComplexFft {
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  const inner = radix2(m);
  // chirp w[k] = exp(-iπ k²/n); k² mod 2n keeps the angle exact for large k
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const a = (Math.PI * ((k * k) % (2 * n))) / n;
    wr[k] = Math.cos(a);
    wi[k] = -Math.sin(a);
  }
  // spectrum of the conjugate chirp b[k] = conj(w[k]), wrapped to length m
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  br[0] = wr[0]; bi[0] = -wi[0];
  for (let k = 1; k < n; k++) {
    br[k] = br[m - k] = wr[k];
    bi[k] = bi[m - k] = -wi[k];
  }
  inner.transform(br, bi, false);
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  return {
    n,
    transform(re, im, inverse) {
      // the inverse is the forward transform of the conjugate, conjugated
      const s = inverse ? -1 : 1;
      ar.fill(0); ai.fill(0);
      for (let k = 0; k < n; k++) {
        const xr = re[k], xi = s * im[k];
        ar[k] = xr * wr[k] - xi * wi[k];
        ai[k] = xr * wi[k] + xi * wr[k];
      }
      inner.transform(ar, ai, false);
      for (let k = 0; k < m; k++) {
        const r = ar[k] * br[k] - ai[k] * bi[k];
        ai[k] = ar[k] * bi[k] + ai[k] * br[k];
        ar[k] = r;
      }
      inner.transform(ar, ai, true);
      for (let k = 0; k < n; k++) {
        const cr = ar[k] / m, ci = ai[k] / m;
        re[k] = cr * wr[k] - ci * wi[k];
        im[k] = s * (cr * wi[k] + ci * wr[k]);
      }
    },
  };
}

/** A complex FFT of length n ≥ 1 (any n). */
export function createGenericComplexFft(n: number): GenericComplexFft {
  if (n === 1) return { n, transform() {} };
  return (n & (n - 1)) === 0 ? radix2(n) : bluestein(n);
}
