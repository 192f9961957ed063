/**
 * Which transform lengths the SIMD PFFFT library handles, and the next such length for padding.
 * PFFFT (SIMD build) needs lengths of the form 2^a·3^b·5^c that are multiples of 32 (real
 * transforms) or 16 (complex transforms); every other length goes to the generic JS FFT, which is
 * exact but several times slower.
 */

export type FftKind = "real" | "complex";

/** True when n has no prime factor other than 2, 3 and 5. */
export function isFiveSmooth(n: number): boolean {
  if (!Number.isInteger(n) || n < 1) return false;
  for (const p of [2, 3, 5]) while (n % p === 0) n /= p;
  return n === 1;
}

/** True when PFFFT (SIMD build) can transform a line of length n. */
export function pffftSupports(n: number, kind: FftKind): boolean {
  return n % (kind === "real" ? 32 : 16) === 0 && isFiveSmooth(n);
}

/**
 * Smallest length ≥ n that transforms fast: a PFFFT length, or for n below the PFFFT minimum, the
 * next power of two (handled by the generic radix-2 path) — 1 stays 1.
 * @param n wanted length (≥ 1)
 * @param kind "real" for the x axis (real-to-complex), "complex" for y and z
 */
export function nextFastSize(n: number, kind: FftKind = "complex"): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`nextFastSize: n must be a positive integer, got ${n}`);
  const step = kind === "real" ? 32 : 16;
  if (n <= step) {
    let m = 1;
    while (m < n) m *= 2;
    return m;
  }
  let m = Math.ceil(n / step) * step;
  while (!isFiveSmooth(m)) m += step;
  return m;
}
