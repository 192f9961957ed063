import { describe, expect, it } from "vitest";
import { comparePsfs, measurePsf } from "../../src/psf/measure.js";
import { gaussianPsf } from "../../src/psf/gaussian.js";
import { gibsonLanniPsf } from "../../src/psf/gibson-lanni.js";
import { createVolume } from "../../src/volume.js";
import { readSharedVolume, sharedDataDir, sharedFile } from "./shared-data.js";

describe("measurePsf", () => {
  it("reads a Gaussian PSF's FWHM (pixels and nm) and finds it round and symmetric", () => {
    const psf = gaussianPsf({ shape: [31, 25, 25], sigmaXY: 2, sigmaZ: 4, voxelSize: { z: 0.2, y: 0.1, x: 0.1, unit: "µm" } });
    const m = measurePsf(psf);
    // a pixel-integrated Gaussian is, to first order, a Gaussian of variance σ² + 1/12
    const k = 2 * Math.sqrt(2 * Math.LN2);
    expect(m.fwhmPixels.x / (k * Math.sqrt(4 + 1 / 12))).toBeCloseTo(1, 3);
    expect(m.fwhmPixels.z / (k * Math.sqrt(16 + 1 / 12))).toBeCloseTo(1, 3);
    expect(m.fwhmNm!.x).toBeCloseTo(m.fwhmPixels.x * 100, 6);
    expect(m.fwhmNm!.z).toBeCloseTo(m.fwhmPixels.z * 200, 6);
    expect(m.peak).toEqual([15, 12, 12]);
    expect(Math.abs(m.axialAsymmetry)).toBeLessThan(1e-6);
    expect(m.lateralEllipticity).toBeLessThan(0.02);
  });

  it("measures the ellipticity of an elliptical PSF whatever its orientation", () => {
    // σ 3 and 1.5 px along axes rotated by 30°: ellipticity 1 − 1.5/3 = 0.5 (sampled above half max)
    const n = 41;
    const data = new Float32Array(n * n);
    const c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
      const u = (x - 20) * c + (y - 20) * s, v = -(x - 20) * s + (y - 20) * c;
      data[y * n + x] = Math.exp(-(u * u) / 18 - (v * v) / 4.5);
    }
    const m = measurePsf(createVolume(data, [1, n, n]));
    expect(m.lateralEllipticity).toBeGreaterThan(0.45);
    expect(m.lateralEllipticity).toBeLessThan(0.55);
    expect(m.fwhmNm).toBeUndefined();
  });

  it("sees the axial asymmetry of a deep particle under index mismatch", () => {
    const at = (depth: number): number =>
      measurePsf(gibsonLanniPsf({ shape: [41, 15, 15], na: 1.4, wavelengthNm: 600, pixelNm: 100, zStepNm: 100, ni: 1.515, ns: 1.33, particleDepthNm: depth, oversampling: 1 })).axialAsymmetry;
    // at the coverslip the PSF is symmetric; at 5 µm the aberration's tail puts ~3 % more light on one side
    expect(Math.abs(at(0))).toBeLessThan(2e-3);
    expect(Math.abs(at(5000))).toBeGreaterThan(0.02);
  });
});

describe("comparePsfs", () => {
  it("gives Pearson 1 and ratios 1 for the same PSF, even shifted in its box", () => {
    const a = gaussianPsf({ shape: [21, 21, 21], sigmaXY: 1.5, sigmaZ: 3 });
    const b = gaussianPsf({ shape: [25, 19, 23], sigmaXY: 1.5, sigmaZ: 3, offset: [2, -3, 1] });
    const c = comparePsfs(a, b);
    expect(c.pearson).toBeGreaterThan(0.9999);
    expect(c.fwhmRatio.x).toBeCloseTo(1, 4);
    expect(c.fwhmRatio.z).toBeCloseTo(1, 4);
  });
  it("flags a drifted objective: a wider measured PSF lowers Pearson and raises the ratios", () => {
    const theory = gaussianPsf({ shape: [21, 21, 21], sigmaXY: 1.5, sigmaZ: 3 });
    const drifted = gaussianPsf({ shape: [21, 21, 21], sigmaXY: 1.8, sigmaZ: 4.2 });
    const c = comparePsfs(drifted, theory);
    expect(c.fwhmRatio.x).toBeGreaterThan(1.15);
    expect(c.fwhmRatio.z).toBeGreaterThan(1.3);
    expect(c.pearson).toBeLessThan(0.97);
  });
});

const RFI = "redlionfish-PSF_RFI_8bit.tif";
const describeRfi = sharedFile(RFI) ? describe : describe.skip;
if (!sharedFile(RFI)) console.warn(`SKIPPED: ${RFI} not found in ${sharedDataDir}; measured-PSF checks not run`);

describeRfi("measurePsf on RedLionfish's measured PSF (61×32×32 uint8)", () => {
  /**
   * Read off the profiles through the brightest voxel (30, 15, 15) with numpy:
   * x: 249 at the peak, half level 125.5 crossed at ≈ 11.6 and ≈ 21.0 → ≈ 9.4 px, with a long
   *    shoulder on the +x side (coma-like);
   * y: crossings ≈ 12.3 and ≈ 18.4 → ≈ 6.0 px;
   * z: baseline ≈ 10, crossings ≈ 23.1 and ≈ 42.1 → ≈ 19 px, with a long tail towards +z
   *    (at ±10 planes: 162 above versus 53 below).
   * Gaussian fits should land within ~1 px of these.
   */
  it("reports plausible FWHMs in pixels, elongated in z, asymmetric, elliptical", async () => {
    const v = await readSharedVolume(RFI);
    expect(v.shape).toEqual([61, 32, 32]);
    const m = measurePsf(v);
    expect(m.peak).toEqual([30, 15, 15]);
    expect(m.fwhmPixels.x).toBeGreaterThan(8.2);
    expect(m.fwhmPixels.x).toBeLessThan(10.4);
    expect(m.fwhmPixels.y).toBeGreaterThan(5.0);
    expect(m.fwhmPixels.y).toBeLessThan(7.0);
    expect(m.fwhmPixels.z).toBeGreaterThan(17);
    expect(m.fwhmPixels.z).toBeLessThan(21);
    expect(m.axialAsymmetry).toBeGreaterThan(0.15);
    expect(m.lateralEllipticity).toBeGreaterThan(0.15);
  });
});
