/**
 * Special functions the PSF models need and JavaScript lacks: erf/erfc (pixel-integrated
 * Gaussians) and the Bessel functions J0, J1 (radially symmetric diffraction integrals).
 * Internal helpers: not part of the public API.
 *
 * Accuracy (checked in test/psf/special-functions.test.ts against direct quadrature of the
 * integral definitions): erf/erfc absolute error < 1e-13; J0/J1 absolute error < 1e-10.
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erf for |x| < 2.5 by the all-positive series erf(x) = 2/√π e^{-x²} Σ 2ⁿ x^{2n+1} / (2n+1)!!
 * (Abramowitz & Stegun 7.1.6), which has no cancellation; erfc for larger x by the Laplace
 * continued fraction (A&S 7.1.14), evaluated with the modified Lentz method.
 */
export function erf(x: number): number {
  if (x < 0) return -erf(-x);
  if (x >= 2.5) return 1 - erfcLarge(x);
  return erfSeries(x);
}

/** Complementary error function 1 − erf(x), accurate in the tails (no cancellation for x ≥ 2.5). */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x >= 2.5) return erfcLarge(x);
  return 1 - erfSeries(x);
}

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

function erfcLarge(x: number): number {
  // erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/**
 * ∫_{a}^{b} N(t; 0, σ) dt for a standard-deviation σ Gaussian density: the fraction of a
 * Gaussian's mass inside [a, b]. Uses erfc differences in the tails so far-away pixels keep
 * their relative precision instead of rounding to 0.
 */
export function gaussianMassBetween(a: number, b: number, sigma: number): number {
  const s = sigma * Math.SQRT2;
  const u = a / s;
  const v = b / s;
  if (u >= 0) return 0.5 * (erfc(u) - erfc(v));
  if (v <= 0) return 0.5 * (erfc(-v) - erfc(-u));
  return 0.5 * (erf(v) - erf(u));
}

/**
 * Bessel function of the first kind, J0 and J1 together (the diffraction integrals use both).
 * Power series for |x| ≤ 12 (at most ~4 digits of cancellation, leaving ≈1e-12 absolute),
 * Hankel's asymptotic expansion beyond (A&S 9.2.5, 9.2.9-10), truncated at its smallest term,
 * which at x > 12 is below 1e-10.
 */
export function besselJ0(x: number): number {
  const ax = Math.abs(x);
  return ax <= 12 ? j0Series(ax) : jAsymptotic(0, ax);
}

export function besselJ1(x: number): number {
  const ax = Math.abs(x);
  const v = ax <= 12 ? j1Series(ax) : jAsymptotic(1, ax);
  return x < 0 ? -v : v;
}

function j0Series(x: number): number {
  const q = -(x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 100; k++) {
    term *= q / (k * k);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.max(1, Math.abs(sum))) break;
  }
  return sum;
}

function j1Series(x: number): number {
  const q = -(x * x) / 4;
  let term = x / 2;
  let sum = term;
  for (let k = 1; k < 100; k++) {
    term *= q / (k * (k + 1));
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.max(1, Math.abs(sum))) break;
  }
  return sum;
}

function jAsymptotic(nu: 0 | 1, x: number): number {
  const mu = 4 * nu * nu;
  const e8x = 8 * x;
  // P ~ Σ (-1)^k a_{2k}, Q ~ Σ (-1)^k a_{2k+1}, a_m = Π_{j=1..m} (mu - (2j-1)²) / (m! (8x)^m)
  let p = 1;
  let qs = 0;
  let a = 1;
  let lastAbs = Infinity;
  for (let m = 1; m < 60; m++) {
    const next = (a * (mu - (2 * m - 1) * (2 * m - 1))) / (m * e8x);
    if (Math.abs(next) > lastAbs) break; // asymptotic series: stop at the smallest term
    lastAbs = Math.abs(next);
    a = next;
    // m odd → Q terms with sign (-1)^((m-1)/2); m even → P terms with sign (-1)^(m/2)
    if (m % 2 === 1) qs += ((m - 1) / 2) % 2 === 0 ? a : -a;
    else p += (m / 2) % 2 === 0 ? a : -a;
    if (lastAbs < 1e-17) break;
  }
  const chi = x - (nu / 2 + 0.25) * Math.PI;
  return Math.sqrt(2 / (Math.PI * x)) * (p * Math.cos(chi) - qs * Math.sin(chi));
}
