import { describe, expect, it } from "vitest";
import { bornWolfPsf } from "../../src/psf/born-wolf.js";
import { confocalPsf, discConvolutionOperator } from "../../src/psf/confocal.js";
import { twoPhotonPsf } from "../../src/psf/two-photon.js";
import { lightSheetPsf, sheetFwhmFromNa } from "../../src/psf/light-sheet.js";
import { fwhm1d } from "../../src/metrics/fwhm.js";
import type { Volume } from "../../src/volume.js";

// a 2 nm radial step makes "interpolate the product" and "product of interpolations" agree to ~1e-5
const grid = { shape: [9, 17, 17] as [number, number, number], na: 1.2, ni: 1.33, pixelNm: 60, zStepNm: 150, oversampling: 1, radialStepNm: 2, base: "born-wolf" as const };

function normalisedProduct(a: Volume, b: Volume | ((i: number) => number)): Float64Array {
  const out = new Float64Array(a.data.length);
  let s = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = a.data[i] * (typeof b === "function" ? b(i) : b.data[i]);
    s += out[i];
  }
  return out.map((v) => v / s);
}

function maxRelErr(v: Volume, ref: Float64Array): number {
  let e = 0, peak = 0;
  for (let i = 0; i < ref.length; i++) {
    e = Math.max(e, Math.abs(v.data[i] - ref[i]));
    peak = Math.max(peak, ref[i]);
  }
  return e / peak;
}

describe("confocalPsf", () => {
  it("with a point pinhole equals h_ex · h_em from Born & Wolf", () => {
    const c = confocalPsf({ ...grid, wavelengthNm: 520, excitationWavelengthNm: 488, pinholeAu: 0 });
    const ex = bornWolfPsf({ ...grid, wavelengthNm: 488, normalise: "none" });
    const em = bornWolfPsf({ ...grid, wavelengthNm: 520, normalise: "none" });
    expect(maxRelErr(c, normalisedProduct(ex, em))).toBeLessThan(1e-4);
  });

  it("the pinhole operator averages ρ² over the disc exactly: r² + R²/2", () => {
    const rg = { dr: 5, nr: 200 };
    const R = 137;
    const op = discConvolutionOperator(rg, 260, 200, R);
    const width = 2 * op.band + 1;
    for (const i of [0, 10, 57, 150]) {
      let acc = 0;
      for (let c = 0; c < width; c++) acc += op.weights[i * width + c] * (op.cols[i * width + c] * rg.dr) ** 2;
      const r = i * rg.dr;
      // linear interpolation of ρ² overestimates by ≤ dr²/4
      expect(Math.abs(acc - (r * r + (R * R) / 2))).toBeLessThan((rg.dr * rg.dr) / 4 + 1e-6 * (r * r + R * R));
    }
  });

  it("lateral FWHM grows with the pinhole, from ≈ widefield/√2 towards the excitation PSF's", () => {
    const lat = (v: Volume): number => fwhm1d(v.data.subarray((4 * 17 + 8) * 17, (4 * 17 + 9) * 17), { spacing: 60, method: "half-max", baseline: 0 }).fwhm;
    const g = { ...grid, pixelNm: 20, shape: [9, 1, 61] as [number, number, number], wavelengthNm: 520, excitationWavelengthNm: 520 };
    const lat1 = (v: Volume): number => fwhm1d(v.data.subarray(4 * 61, 5 * 61), { spacing: 20, method: "half-max", baseline: 0 }).fwhm;
    void lat;
    const wf = lat1(bornWolfPsf(g));
    const p0 = lat1(confocalPsf({ ...g, pinholeAu: 0 }));
    const p1 = lat1(confocalPsf({ ...g, pinholeAu: 1 }));
    const p10 = lat1(confocalPsf({ ...g, pinholeAu: 10 }));
    // identical ex/em Airy: the squared Airy's FWHM is 0.729× the Airy's (≈ 1/1.37)
    expect(p0 / wf).toBeGreaterThan(0.71);
    expect(p0 / wf).toBeLessThan(0.75);
    expect(p1).toBeGreaterThan(p0);
    expect(p10).toBeGreaterThan(p1);
    expect(p10 / wf).toBeGreaterThan(0.95);
  });
});

describe("twoPhotonPsf", () => {
  it("is the square of the Born & Wolf PSF at the laser wavelength", () => {
    const t = twoPhotonPsf({ ...grid, wavelengthNm: 520, excitationWavelengthNm: 920 });
    const ex = bornWolfPsf({ ...grid, wavelengthNm: 920, normalise: "none" });
    expect(maxRelErr(t, normalisedProduct(ex, ex))).toBeLessThan(1e-4);
  });
  it("defaults the laser to twice the emission wavelength", () => {
    const a = twoPhotonPsf({ ...grid, wavelengthNm: 460 });
    const b = twoPhotonPsf({ ...grid, wavelengthNm: 460, excitationWavelengthNm: 920 });
    expect(maxRelErr(a, Float64Array.from(b.data))).toBe(0);
  });
});

describe("lightSheetPsf", () => {
  it("is the detection PSF times the sheet's Gaussian axial profile", () => {
    const fw = 800;
    const l = lightSheetPsf({ ...grid, wavelengthNm: 520, sheetFwhmNm: fw });
    const det = bornWolfPsf({ ...grid, wavelengthNm: 520, normalise: "none" });
    const plane = 17 * 17;
    const ref = normalisedProduct(det, (i) => {
      const z = (Math.floor(i / plane) - 4) * 150;
      return Math.exp((-4 * Math.LN2 * z * z) / (fw * fw));
    });
    expect(maxRelErr(l, ref)).toBeLessThan(1e-4);
  });
  it("derives the sheet from the illumination NA as a Gaussian beam", () => {
    // w0 = λ/(π NA) = 488/(π·0.1) = 1553 nm; FWHM = w0 √(2 ln 2) = 1829 nm
    expect(sheetFwhmFromNa(0.1, 488)).toBeCloseTo(1828.8, 0);
  });
});
