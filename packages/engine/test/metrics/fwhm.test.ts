import { describe, expect, it } from "vitest";
import { fitGaussian1d, fwhm1d } from "../../src/metrics/fwhm.js";

/** mulberry32: small seeded RNG so noisy tests are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("fwhm1d", () => {
  it("recovers a sampled Gaussian's width and centre exactly, with background and spacing", () => {
    const sigma = 1.7, mu = 10.3, bg = 5;
    const v = Array.from({ length: 21 }, (_, i) => bg + 100 * Math.exp(-((i - mu) ** 2) / (2 * sigma * sigma)));
    const r = fwhm1d(v, { spacing: 65 });
    expect(r.method).toBe("gaussian");
    expect(r.fwhm).toBeCloseTo(2 * Math.sqrt(2 * Math.LN2) * sigma * 65, 4);
    expect(r.centre).toBeCloseTo(mu, 6);
    const g = fitGaussian1d(v)!;
    expect(g.background).toBeCloseTo(bg, 5);
  });

  it("half-max is exact for a finely sampled non-Gaussian (Lorentzian, FWHM = 2γ)", () => {
    const gamma = 7.5;
    const v = Array.from({ length: 401 }, (_, i) => 1 / (1 + ((i - 200.4) / gamma) ** 2));
    // the baseline is the profile's minimum (1/(1+ (200/7.5)²) ≈ 1.4e-3), so the level is slightly above ½
    const base = Math.min(...v);
    const level = base + 0.5 * (1 - base);
    const exact = 2 * gamma * Math.sqrt(1 / level - 1);
    // linear interpolation between samples: error ≈ 1e-3 relative at 15 samples per FWHM
    expect(Math.abs(fwhm1d(v, { method: "half-max" }).fwhm / exact - 1)).toBeLessThan(2e-3);
    // the Gaussian fit of a Lorentzian is visibly different: the method matters
    expect(Math.abs(fwhm1d(v, { method: "gaussian" }).fwhm - exact)).toBeGreaterThan(1);
  });

  it("stays within 3 % on a Poisson-like noisy Gaussian (seeded)", () => {
    const r = rng(42);
    const sigma = 2.2;
    const v = Array.from({ length: 31 }, (_, i) => {
      const m = 10 + 1000 * Math.exp(-((i - 15) ** 2) / (2 * sigma * sigma));
      // normal approximation of Poisson noise via Box–Muller
      const g = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
      return m + Math.sqrt(m) * g;
    });
    const f = fwhm1d(v).fwhm / (2 * Math.sqrt(2 * Math.LN2) * sigma);
    expect(f).toBeGreaterThan(0.97);
    expect(f).toBeLessThan(1.03);
  });

  it("falls back to half-max and reports NaN when a side never reaches half", () => {
    expect(fwhm1d([1, 1]).fwhm).toBeNaN();
    const ramp = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(fwhm1d(ramp, { method: "half-max" }).fwhm).toBeNaN();
  });
});
