import { describe, expect, it } from "vitest";
import { gaussianPsf, gaussianPsfFromOptics, gaussianSigmasNm } from "../../src/psf/gaussian.js";
import { EngineError } from "../../src/errors.js";

/** Independent reference: midpoint-rule integration of the unnormalised Gaussian over each voxel. */
function bruteForce(shape: [number, number, number], sxy: number, sz: number, off: [number, number, number], sub = 401): Float64Array {
  const [nz, ny, nx] = shape;
  const axis = (n: number, s: number, o: number): Float64Array => {
    const w = new Float64Array(n);
    const c = Math.floor(n / 2) + o;
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let k = 0; k < sub; k++) {
        const t = i - 0.5 + (k + 0.5) / sub - c;
        acc += Math.exp(-(t * t) / (2 * s * s));
      }
      w[i] = acc / sub;
    }
    return w;
  };
  const wz = axis(nz, sz, off[0]);
  const wy = axis(ny, sxy, off[1]);
  const wx = axis(nx, sxy, off[2]);
  const out = new Float64Array(nz * ny * nx);
  let sum = 0;
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const v = wz[z] * wy[y] * wx[x];
    out[(z * ny + y) * nx + x] = v;
    sum += v;
  }
  return out.map((v) => v / sum);
}

describe("gaussianPsf", () => {
  it("matches direct voxel integration, including a sub-pixel sigma and an offset", () => {
    for (const [sxy, sz, off] of [
      [1.3, 2.1, [0, 0, 0]],
      [0.35, 0.6, [0.25, -0.4, 0.1]],
    ] as const) {
      const shape: [number, number, number] = [7, 10, 9];
      const psf = gaussianPsf({ shape, sigmaXY: sxy, sigmaZ: sz, offset: [...off] });
      const ref = bruteForce(shape, sxy, sz, [...off]);
      let maxErr = 0;
      for (let i = 0; i < ref.length; i++) maxErr = Math.max(maxErr, Math.abs(psf.data[i] - ref[i]));
      // midpoint rule with 401 sub-samples: error ≈ h²/24 · max|f''| ≈ 1e-6 for σ = 0.35
      expect(maxErr).toBeLessThan(2e-6);
      expect(psf.shape).toEqual(shape);
    }
  });

  it("is centred on n//2, sums to 1 and keeps the voxel size", () => {
    const psf = gaussianPsf({ shape: [8, 16, 15], sigmaXY: 1.5, sigmaZ: 2, voxelSize: { z: 250, y: 100, x: 100, unit: "nm" } });
    let sum = 0;
    let arg = 0;
    for (let i = 0; i < psf.data.length; i++) {
      sum += psf.data[i];
      if (psf.data[i] > psf.data[arg]) arg = i;
    }
    expect(sum).toBeCloseTo(1, 6);
    expect(arg).toBe((4 * 16 + 8) * 15 + 7);
    expect(psf.voxelSize).toEqual({ z: 250, y: 100, x: 100, unit: "nm" });
    // a centred odd axis is symmetric
    expect(psf.data[(4 * 16 + 8) * 15 + 6]).toBeCloseTo(psf.data[(4 * 16 + 8) * 15 + 8], 9);
  });

  it("rejects invalid parameters with INVALID_PARAMETER", () => {
    expect(() => gaussianPsf({ shape: [0, 4, 4], sigmaXY: 1, sigmaZ: 1 })).toThrow(EngineError);
    expect(() => gaussianPsf({ shape: [4, 4, 4], sigmaXY: -1, sigmaZ: 1 })).toThrow(/sigmaXY/);
  });
});

describe("gaussianSigmasNm (Zhang, Zerubia & Olivo-Marin 2007)", () => {
  it("tends to the paraxial widths √2/(k NA) and 2√6 n/(k NA²) at small NA", () => {
    const lambda = 520;
    const k = (2 * Math.PI) / lambda;
    const s = gaussianSigmasNm({ na: 0.05, wavelengthNm: lambda, ni: 1.0 });
    expect(s.sigmaXYNm / (Math.SQRT2 / (k * 0.05))).toBeCloseTo(1, 3);
    expect(s.sigmaZNm / ((2 * Math.sqrt(6)) / (k * 0.05 * 0.05))).toBeCloseTo(1, 2);
  });

  it("gives the published NA 1.4 oil widths (non-paraxial narrower than paraxial)", () => {
    const s = gaussianSigmasNm({ na: 1.4, wavelengthNm: 610, ni: 1.518 });
    // lateral σ is close to the common 0.21 λ/NA rule; axial well below the paraxial 2√6 n/(k NA²)
    expect(s.sigmaXYNm / ((0.21 * 610) / 1.4)).toBeGreaterThan(0.95);
    expect(s.sigmaXYNm / ((0.21 * 610) / 1.4)).toBeLessThan(1.05);
    const k = (2 * Math.PI) / 610;
    expect(s.sigmaZNm).toBeLessThan((2 * Math.sqrt(6) * 1.518) / (k * 1.4 * 1.4));
    expect(s.sigmaZNm).toBeGreaterThan(200);
  });

  it("refuses NA ≥ n", () => {
    expect(() => gaussianSigmasNm({ na: 1.4, wavelengthNm: 500, ni: 1.33 })).toThrow(/NA/);
  });

  it("gaussianPsfFromOptics converts nm to voxels", () => {
    const psf = gaussianPsfFromOptics({ shape: [5, 9, 9], na: 1.4, wavelengthNm: 610, ni: 1.518, pixelNm: 65, zStepNm: 200 });
    const s = gaussianSigmasNm({ na: 1.4, wavelengthNm: 610, ni: 1.518 });
    const ref = gaussianPsf({ shape: [5, 9, 9], sigmaXY: s.sigmaXYNm / 65, sigmaZ: s.sigmaZNm / 200 });
    for (let i = 0; i < ref.data.length; i++) expect(psf.data[i]).toBeCloseTo(ref.data[i], 7);
    expect(psf.voxelSize).toEqual({ z: 200, y: 65, x: 65, unit: "nm" });
    const peakOne = gaussianPsfFromOptics({ shape: [5, 9, 9], na: 1.4, wavelengthNm: 610, ni: 1.518, pixelNm: 65, zStepNm: 200, normalise: "max" });
    expect(Math.max(...peakOne.data)).toBe(1);
    expect(peakOne.data[0] / peakOne.data[(2 * 9 + 4) * 9 + 4]).toBeCloseTo(ref.data[0] / ref.data[(2 * 9 + 4) * 9 + 4], 9);
  });
});
