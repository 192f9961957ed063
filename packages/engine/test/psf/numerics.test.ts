import { describe, expect, it } from "vitest";
import { dft3d, rollToOrigin } from "../../src/psf/small-dft.js";
import { RidgeLeastSquares } from "../../src/psf/least-squares.js";
import { mulberry32 } from "./random.js";

describe("dft3d (separable direct DFT)", () => {
  it("equals the triple-sum DFT definition and inverts exactly", () => {
    const shape: [number, number, number] = [3, 4, 5];
    const n = 60;
    const rand = mulberry32(1);
    const x = Float64Array.from({ length: n }, () => rand() - 0.5);
    const re = Float64Array.from(x);
    const im = new Float64Array(n);
    dft3d(re, im, shape);
    for (const [kz, ky, kx] of [[0, 0, 0], [1, 2, 3], [2, 3, 4], [0, 1, 0]]) {
      let sr = 0, si = 0;
      for (let z = 0; z < 3; z++) for (let y = 0; y < 4; y++) for (let xx = 0; xx < 5; xx++) {
        const ph = -2 * Math.PI * ((kz * z) / 3 + (ky * y) / 4 + (kx * xx) / 5);
        const v = x[(z * 4 + y) * 5 + xx];
        sr += v * Math.cos(ph);
        si += v * Math.sin(ph);
      }
      const i = (kz * 4 + ky) * 5 + kx;
      expect(re[i]).toBeCloseTo(sr, 12);
      expect(im[i]).toBeCloseTo(si, 12);
    }
    dft3d(re, im, shape, true);
    for (let i = 0; i < n; i++) {
      expect(re[i]).toBeCloseTo(x[i], 12);
      expect(im[i]).toBeCloseTo(0, 12);
    }
  });
  it("rollToOrigin moves the centre voxel to index 0", () => {
    const v = new Float64Array(27);
    v[(1 * 3 + 1) * 3 + 1] = 1;
    expect(rollToOrigin(v, [3, 3, 3], [1, 1, 1])[0]).toBe(1);
  });
});

describe("RidgeLeastSquares", () => {
  it("solves a well-conditioned overdetermined system like the normal equations", () => {
    // fit y = 2 − 3t + 0.5t² exactly from 50 samples
    const m = 50, n = 3;
    const a = new Float64Array(m * n);
    const b = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const t = i / (m - 1);
      a[i * 3] = 1; a[i * 3 + 1] = t; a[i * 3 + 2] = t * t;
      b[i] = 2 - 3 * t + 0.5 * t * t;
    }
    const c = new RidgeLeastSquares(a, m, n, 1e-12).solve(b);
    expect(c[0]).toBeCloseTo(2, 8);
    expect(c[1]).toBeCloseTo(-3, 8);
    expect(c[2]).toBeCloseTo(0.5, 8);
  });
  it("keeps coefficients bounded for duplicated (rank-deficient) columns", () => {
    const m = 20;
    const a = new Float64Array(m * 2);
    const b = new Float64Array(m);
    for (let i = 0; i < m; i++) { a[i * 2] = 1; a[i * 2 + 1] = 1; b[i] = 4; }
    const c = new RidgeLeastSquares(a, m, 2, 1e-6).solve(b);
    // the minimum-norm solution splits the weight evenly
    expect(c[0]).toBeCloseTo(2, 5);
    expect(c[1]).toBeCloseTo(2, 5);
  });
});
