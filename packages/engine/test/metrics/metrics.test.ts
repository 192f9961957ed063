import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { psnr } from "../../src/metrics/psnr.js";
import { ssim } from "../../src/metrics/ssim.js";
import { nrmse } from "../../src/metrics/nrmse.js";
import { pearson } from "../../src/metrics/pearson.js";
import { createVolume, type Volume } from "../../src/volume.js";
import { EngineError } from "../../src/errors.js";
import { SHARED_DATA, pythonMissing, runPython } from "../io/python.js";
import { readTiff } from "../../src/io/read-tiff.js";
import { rng } from "../io/tiff-fixture.js";

function vol(shape: [number, number, number], f: (i: number) => number): Volume {
  const data = new Float32Array(shape[0] * shape[1] * shape[2]);
  for (let i = 0; i < data.length; i++) data[i] = f(i);
  return createVolume(data, shape);
}

/** A smooth "object" plus seeded noise, so SSIM is neither ~0 nor ~1. */
function pair(shape: [number, number, number], seed: number): [Volume, Volume] {
  const r = rng(seed);
  const [, ny, nx] = shape;
  const truth = vol(shape, (i) => {
    const x = i % nx, y = Math.floor(i / nx) % ny, z = Math.floor(i / (nx * ny));
    return 100 + 80 * Math.sin(x / 3) * Math.cos(y / 4) + 20 * Math.sin(z / 2);
  });
  const noisy = vol(shape, (i) => 0.9 * truth.data[i] + 15 * (r() - 0.5) + 5);
  return [truth, noisy];
}

describe("metrics: hand-computable cases", () => {
  const ref = vol([1, 2, 2], (i) => [0, 10, 20, 30][i]);
  const img = vol([1, 2, 2], (i) => [1, 9, 23, 30][i]);

  it("PSNR = 10 log10(R²/MSE) with R = reference max − min", () => {
    // MSE = (1 + 1 + 9 + 0) / 4 = 2.75, R = 30.
    expect(psnr(ref, img)).toBeCloseTo(10 * Math.log10(900 / 2.75), 12);
    expect(psnr(ref, img, { dataRange: 255 })).toBeCloseTo(10 * Math.log10(255 ** 2 / 2.75), 12);
    expect(psnr(ref, ref)).toBe(Infinity);
  });

  it("NRMSE = ‖ref − img‖ / ‖ref‖", () => {
    expect(nrmse(ref, img)).toBeCloseTo(Math.sqrt(11) / Math.sqrt(0 + 100 + 400 + 900), 12);
    expect(nrmse(ref, ref)).toBe(0);
  });

  it("Pearson r is ±1 for affine relations and matches a hand-computed value", () => {
    expect(pearson(ref, vol([1, 2, 2], (i) => 3 * ref.data[i] - 7))).toBeCloseTo(1, 12);
    expect(pearson(ref, vol([1, 2, 2], (i) => -0.5 * ref.data[i]))).toBeCloseTo(-1, 12);
    // a = [0,10,20,30], b = [1,9,23,30]: means 15, 15.75.
    const da = [-15, -5, 5, 15], db = [-14.75, -6.75, 7.25, 14.25];
    const sab = da.reduce((s, v, i) => s + v * db[i], 0);
    const expected = sab / Math.sqrt(da.reduce((s, v) => s + v * v, 0) * db.reduce((s, v) => s + v * v, 0));
    expect(pearson(ref, img)).toBeCloseTo(expected, 12);
    expect(pearson(ref, vol([1, 2, 2], () => 5))).toBeNaN();
  });

  it("SSIM is 1 for identical volumes and below 1 otherwise; constant offset lowers only luminance", () => {
    const [truth, noisy] = pair([9, 12, 11], 3);
    expect(ssim(truth, truth)).toBeCloseTo(1, 12);
    expect(ssim(truth, truth, { window: "gaussian", mode: "2d" })).toBeCloseTo(1, 12);
    const s = ssim(truth, noisy);
    expect(s).toBeLessThan(0.99);
    expect(s).toBeGreaterThan(0.3);
    // A constant offset d leaves variances and covariance unchanged, so each window's SSIM is the
    // luminance term (2μ(μ+d) + C1) / (μ² + (μ+d)² + C1); for a constant image μ is the value.
    const flat = vol([7, 7, 7], () => 50);
    const shifted = vol([7, 7, 7], () => 60);
    const c1 = (0.01 * 100) ** 2;
    expect(ssim(flat, shifted, { dataRange: 100 })).toBeCloseTo((2 * 50 * 60 + c1) / (50 * 50 + 60 * 60 + c1), 12);
  });

  it("shape mismatch and degenerate input are clear EngineErrors", () => {
    const a = vol([2, 3, 4], () => 1);
    const b = vol([2, 4, 3], () => 1);
    for (const f of [psnr, ssim, nrmse, pearson] as const) {
      expect(() => f(a, b)).toThrow(EngineError);
      expect(() => f(a, b)).toThrow(/2×4×3 but the reference is 2×3×4/);
    }
    expect(() => psnr(a, a)).toThrow(/constant/);
    expect(() => nrmse(vol([1, 1, 2], () => 0), vol([1, 1, 2], () => 1))).toThrow(/all zero/);
    expect(() => ssim(vol([3, 8, 8], (i) => i), vol([3, 8, 8], (i) => i))).toThrow(/window is larger .* 2D mode/);
  });
});

const missing = pythonMissing(["numpy", "skimage", "scipy"]);

describe.skipIf(missing !== undefined)(`metrics match scikit-image${missing ? ` (SKIPPED: ${missing})` : ""}`, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "refocus-metrics-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const shape: [number, number, number] = [12, 17, 15];
  const [truth, noisy] = pair(shape, 11);
  writeFileSync(path.join(dir, "a.f32"), truth.data);
  writeFileSync(path.join(dir, "b.f32"), noisy.data);
  const ref = missing ? {} : (JSON.parse(runPython(String.raw`
import sys, json, numpy as np
from skimage.metrics import peak_signal_noise_ratio as P, structural_similarity as S, normalized_root_mse as N
d = sys.argv[1]; shape = tuple(int(s) for s in sys.argv[2:5])
a = np.fromfile(d + '/a.f32', dtype='<f4').reshape(shape).astype(np.float64)
b = np.fromfile(d + '/b.f32', dtype='<f4').reshape(shape).astype(np.float64)
R = a.max() - a.min()
out = dict(
  psnr=P(a, b, data_range=R), nrmse=N(a, b), pearson=np.corrcoef(a.ravel(), b.ravel())[0, 1],
  ssim3=S(a, b, data_range=R),
  ssim3_w5=S(a, b, data_range=R, win_size=5),
  ssim3_gauss=S(a, b, data_range=R, gaussian_weights=True, sigma=1.5, use_sample_covariance=False),
  ssim2=float(np.mean([S(a[z], b[z], data_range=R) for z in range(shape[0])])),
  ssim2_gauss=float(np.mean([S(a[z], b[z], data_range=R, gaussian_weights=True, use_sample_covariance=False) for z in range(shape[0])])),
  ssim_R1000=S(a, b, data_range=1000.0, K1=0.02, K2=0.05),
)
print(json.dumps(out))
`, [dir, ...shape.map(String)])) as Record<string, number>);

  it("PSNR, NRMSE, Pearson r", () => {
    expect(psnr(truth, noisy)).toBeCloseTo(ref.psnr, 9);
    expect(nrmse(truth, noisy)).toBeCloseTo(ref.nrmse, 12);
    expect(pearson(truth, noisy)).toBeCloseTo(ref.pearson, 12);
  });

  it("SSIM 3D, uniform 7 and 5 windows, Gaussian σ=1.5 (Wang et al.), custom range and constants", () => {
    expect(ssim(truth, noisy)).toBeCloseTo(ref.ssim3, 10);
    expect(ssim(truth, noisy, { winSize: 5 })).toBeCloseTo(ref.ssim3_w5, 10);
    expect(ssim(truth, noisy, { window: "gaussian", sampleCovariance: false })).toBeCloseTo(ref.ssim3_gauss, 10);
    expect(ssim(truth, noisy, { dataRange: 1000, k1: 0.02, k2: 0.05 })).toBeCloseTo(ref.ssim_R1000, 10);
  });

  it("SSIM as the mean over 2D slices", () => {
    expect(ssim(truth, noisy, { mode: "2d" })).toBeCloseTo(ref.ssim2, 10);
    expect(ssim(truth, noisy, { mode: "2d", window: "gaussian", sampleCovariance: false })).toBeCloseTo(ref.ssim2_gauss, 10);
  });
});

const dataDir = SHARED_DATA;
const haveData = existsSync(path.join(dataDir, "flowdec-bars-25pct-actual.tif"));
const noPythonTiff = pythonMissing(["numpy", "skimage", "tifffile"]);

describe.skipIf(!haveData || noPythonTiff !== undefined)(
  `metrics on the real Hollow Bars data match scikit-image${!haveData ? ` (SKIPPED: ${dataDir} missing)` : noPythonTiff ? ` (SKIPPED: ${noPythonTiff})` : ""}`,
  () => {
    it("blurred data vs ground truth", async () => {
      const actual = (await readTiff(readFileSync(path.join(dataDir, "flowdec-bars-25pct-actual.tif")))).volume();
      const data = (await readTiff(readFileSync(path.join(dataDir, "flowdec-bars-25pct-data.tif")))).volume();
      const ref = JSON.parse(runPython(String.raw`
import sys, json, tifffile, numpy as np
from skimage.metrics import peak_signal_noise_ratio as P, structural_similarity as S, normalized_root_mse as N
a = tifffile.imread(sys.argv[1]).astype(np.float64); b = tifffile.imread(sys.argv[2]).astype(np.float64)
R = a.max() - a.min()
print(json.dumps([P(a, b, data_range=R), S(a, b, data_range=R), N(a, b), np.corrcoef(a.ravel(), b.ravel())[0, 1]]))
`, [path.join(dataDir, "flowdec-bars-25pct-actual.tif"), path.join(dataDir, "flowdec-bars-25pct-data.tif")])) as number[];
      expect(psnr(actual, data)).toBeCloseTo(ref[0], 8);
      expect(ssim(actual, data)).toBeCloseTo(ref[1], 9);
      expect(nrmse(actual, data)).toBeCloseTo(ref[2], 9);
      expect(pearson(actual, data)).toBeCloseTo(ref[3], 9);
    });
  },
);
