import { describe, expect, it } from "vitest";
import { haarApproximationBox, haarForward, haarInverse, haarSoftThreshold } from "../../../src/algorithms/haar-wavelet.js";
import type { Shape3 } from "../../../src/volume.js";
import { rng } from "../reference.js";

const r2 = Math.SQRT1_2;

describe("orthonormal 3D Haar transform", () => {
  it("gives the textbook coefficients along a line (even and odd lengths, one and two scales)", () => {
    const v = Float64Array.from([1, 3, 4, 8]);
    haarForward(v, [1, 1, 4], 1);
    expect(Array.from(v)).toEqual([4 * r2, 12 * r2, -2 * r2, -4 * r2].map((x) => expect.closeTo(x, 12)));
    const w = Float64Array.from([1, 3, 4, 8]);
    haarForward(w, [1, 1, 4], 2);
    expect(Array.from(w)).toEqual([8, -4, -2 * r2, -4 * r2].map((x) => expect.closeTo(x, 12)));
    const o = Float64Array.from([2, 6, 5]);
    haarForward(o, [1, 1, 3], 1);
    expect(Array.from(o)).toEqual([8 * r2, 5, -4 * r2].map((x) => expect.closeTo(x, 12)));
    expect(haarApproximationBox([5, 6, 7], 2)).toEqual([2, 2, 2]);
    expect(haarApproximationBox([1, 6, 7], 3)).toEqual([1, 1, 1]);
  });

  it("is orthonormal on a 5×6×7 volume with 3 scales: perfect reconstruction and Parseval", () => {
    const shape: Shape3 = [5, 6, 7];
    const r = rng(11);
    const x = new Float64Array(210).map(() => r() - 0.3);
    const v = Float64Array.from(x);
    haarForward(v, shape, 3);
    let e0 = 0, e1 = 0;
    for (let i = 0; i < x.length; i++) { e0 += x[i] ** 2; e1 += v[i] ** 2; }
    expect(e1).toBeCloseTo(e0, 10);
    haarInverse(v, shape, 3);
    for (let i = 0; i < x.length; i++) expect(v[i]).toBeCloseTo(x[i], 12);
  });

  it("thresholds only details: a constant volume is unchanged at any threshold; t = 0 changes nothing", () => {
    const c = new Float32Array(4 * 8 * 8).fill(3);
    expect(haarSoftThreshold(c, [4, 8, 8], 3, 100)).toBeCloseTo(0, 6);
    for (const v of c) expect(v).toBeCloseTo(3, 5);
    const r = rng(3);
    const x = new Float32Array(4 * 8 * 8).map(() => r());
    const y = x.slice();
    haarSoftThreshold(y, [4, 8, 8], 2, 0);
    for (let i = 0; i < x.length; i++) expect(y[i]).toBeCloseTo(x[i], 5);
    // a huge threshold leaves the projection onto the approximation space: block means over 4×4×4
    haarSoftThreshold(y, [4, 8, 8], 2, 1e9);
    let m = 0;
    for (let z = 0; z < 4; z++) for (let yy = 0; yy < 4; yy++) for (let xx = 0; xx < 4; xx++) m += x[(z * 8 + yy) * 8 + xx];
    expect(y[0]).toBeCloseTo(m / 64, 5);
  });
});
