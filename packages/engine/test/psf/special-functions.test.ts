import { describe, expect, it } from "vitest";
import { besselJ0, besselJ1, erf, erfc, gaussianMassBetween } from "../../src/psf/special-functions.js";

/** Composite Simpson rule in double precision. */
function simpson(f: (t: number) => number, a: number, b: number, n = 4000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe("special functions against their integral definitions", () => {
  const xs = [0, 0.1, 0.9, 2.4, 2.6, 4.2, 7.7, 11.9, 12.1, 17.3, 40.5, 123.4];
  it("J0(x) = (1/π)∫₀^π cos(x sin t) dt, J1(x) = (1/π)∫₀^π cos(t − x sin t) dt", () => {
    for (const x of xs) {
      const n = Math.max(4000, Math.ceil(x * 200));
      expect(Math.abs(besselJ0(x) - simpson((t) => Math.cos(x * Math.sin(t)), 0, Math.PI, n) / Math.PI)).toBeLessThan(1e-10);
      expect(Math.abs(besselJ1(x) - simpson((t) => Math.cos(t - x * Math.sin(t)), 0, Math.PI, n) / Math.PI)).toBeLessThan(1e-10);
      expect(besselJ1(-x) + besselJ1(x)).toBe(0);
    }
    // first zeros of J0 and J1 (A&S Table 9.5)
    expect(Math.abs(besselJ0(2.404825557695773))).toBeLessThan(1e-12);
    expect(Math.abs(besselJ1(3.831705970207512))).toBeLessThan(1e-12);
  });

  it("erf(x) = 2/√π ∫₀^x e^{−t²} dt and erfc keeps relative precision in the tail", () => {
    for (const x of [0.05, 0.5, 1, 2, 2.49, 2.51, 3.3, 5]) {
      const ref = (2 / Math.sqrt(Math.PI)) * simpson((t) => Math.exp(-t * t), 0, x);
      expect(Math.abs(erf(x) - ref)).toBeLessThan(1e-13);
      expect(erf(-x)).toBe(-erf(x));
      expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThan(1e-15);
    }
    // erfc(6) = 2.1519736712498913e-17 (A&S 7.1; tabulated)
    expect(erfc(6) / 2.1519736712498913e-17).toBeCloseTo(1, 10);
    const tail = (2 / Math.sqrt(Math.PI)) * simpson((t) => Math.exp(-t * t), 4, 12, 20000);
    expect(erfc(4) / tail).toBeCloseTo(1, 9);
  });

  it("gaussianMassBetween is the mass of N(0, σ) inside [a, b]", () => {
    const s = 0.7;
    for (const [a, b] of [[-0.5, 0.5], [2, 3], [-3, -2], [-0.2, 4]]) {
      const ref = simpson((t) => Math.exp(-(t * t) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI)), a, b);
      expect(Math.abs(gaussianMassBetween(a, b, s) - ref)).toBeLessThan(1e-12);
    }
  });
});
