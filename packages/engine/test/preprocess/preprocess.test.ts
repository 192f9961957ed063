import { describe, expect, it } from "vitest";
import { centrePsf, ifftshift, normalisePsf, placeCentred } from "../../src/preprocess/psf-prepare.js";
import { estimateBackground, subtractBackground } from "../../src/preprocess/background.js";
import { padImage, cropImage, extendNearest, fieldMask, workingShape } from "../../src/preprocess/boundary.js";
import { resamplePsfToImage } from "../../src/preprocess/resample.js";
import { deconvolve } from "../../src/deconvolve.js";
import type { Shape3, Volume } from "../../src/volume.js";
import { gaussianBox, rng } from "../algorithms/reference.js";

const at = (v: Volume, z: number, y: number, x: number) => v.data[(z * v.shape[1] + y) * v.shape[2] + x];

describe("PSF preparation", () => {
  it("moves the peak, or the centroid, to floor(n/2)", () => {
    const shape: Shape3 = [5, 7, 9];
    const psf = { data: new Float32Array(5 * 7 * 9), shape };
    psf.data[(1 * 7 + 2) * 9 + 3] = 4;
    psf.data[(1 * 7 + 2) * 9 + 4] = 2; // centroid x = 3.33 → 3
    const p = centrePsf(psf, "peak");
    expect(p.shift).toEqual([1, 1, 1]);
    expect(at(p.volume, 2, 3, 4)).toBe(4);
    expect(at(p.volume, 2, 3, 5)).toBe(2);
    psf.data[(1 * 7 + 2) * 9 + 5] = 4; // centroid x = (12 + 8 + 20) / 10 = 4
    expect(centrePsf(psf, "centroid").shift).toEqual([1, 1, 0]);
    expect(centrePsf(psf, "none").shift).toEqual([0, 0, 0]);
  });

  it("normalises to sum 1 and refuses a PSF without positive sum", () => {
    const n = normalisePsf({ data: Float32Array.from([1, 3, 4]), shape: [1, 1, 3] });
    expect(Array.from(n.data)).toEqual([0.125, 0.375, 0.5]);
    expect(() => normalisePsf({ data: new Float32Array(3), shape: [1, 1, 3] })).toThrow(/psf: .*positive/);
  });

  it("ifftshift puts the box centre at the origin (the documented convention)", () => {
    const v = placeCentred({ data: Float32Array.from([1]), shape: [1, 1, 1] }, [4, 5, 6]);
    expect(at(v, 2, 2, 3)).toBe(1);
    const s = ifftshift(v);
    expect(s[0]).toBe(1);
    expect(s.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it("resamples to the image voxel size (trilinear): a PSF at 100 nm on a 200 nm grid has half the width in voxels", () => {
    const psf = { data: gaussianBox([1, 33, 33], [1, 4, 4]), shape: [1, 33, 33] as Shape3, voxelSize: { z: 1, y: 100, x: 100, unit: "nm" } };
    const r = resamplePsfToImage(psf, { z: 1, y: 0.2, x: 0.2, unit: "µm" });
    expect(r.resampled).toBe(true);
    expect(r.volume.shape).toEqual([1, 17, 17]);
    const n = normalisePsf(r.volume);
    let m2 = 0;
    for (let y = 0; y < 17; y++) for (let x = 0; x < 17; x++) m2 += at(n, 0, y, x) * (x - 8) ** 2;
    // σ = 4 px at 100 nm = 2 px at 200 nm; linear interpolation adds < 1/6 px² of variance
    expect(Math.sqrt(m2)).toBeGreaterThan(1.95);
    expect(Math.sqrt(m2)).toBeLessThan(2.1);
    expect(resamplePsfToImage(psf, { z: 1, y: 0.1, x: 0.1, unit: "µm" }).resampled).toBe(false);
  });
});

describe("background", () => {
  it("auto is the 1st percentile (nearest rank); subtraction clips at 0", () => {
    const r = rng(1);
    const vals = Array.from({ length: 1000 }, (_, i) => i).sort(() => r() - 0.5);
    const img = { data: Float32Array.from(vals), shape: [10, 10, 10] as Shape3 };
    expect(estimateBackground(img)).toBe(9);
    const s = subtractBackground(img, "auto");
    expect(s.background).toBe(9);
    expect(Math.min(...s.volume.data)).toBe(0);
    expect(s.volume.data.filter((v) => v === 0).length).toBe(10);
    expect(Math.max(...s.volume.data)).toBe(990);
  });
});

describe("boundary handling", () => {
  it("pads to a fast size with the image centred; zero margins are 0, mirror margins reflect then taper to 0", () => {
    const img = { data: new Float32Array(3 * 20 * 30).fill(5), shape: [3, 20, 30] as Shape3 };
    const shape = workingShape(img.shape, [3, 9, 9], "mirror");
    expect(shape).toEqual([8, 32, 64]);
    const z = padImage(img, shape, "zero");
    const m = padImage(img, shape, "mirror");
    expect(z.offset).toEqual(m.offset);
    const [oz, oy, ox] = z.offset;
    expect(at(z.volume, oz, oy, ox - 1)).toBe(0);
    expect(at(m.volume, oz, oy, ox - 1)).toBeGreaterThan(4.5); // just outside: reflection, taper ≈ 1
    expect(at(m.volume, 0, 0, 0)).toBeLessThan(at(m.volume, oz, oy, ox - 1));
    expect(cropImage(m.volume.data, shape, m.offset, img.shape)).toEqual(img.data);
    expect(workingShape(img.shape, [3, 9, 9], "periodic")).toEqual([3, 20, 30]);
  });

  it("extendNearest fills the margin around the field with the nearest field voxel and leaves the field alone", () => {
    const shape: Shape3 = [3, 4, 5];
    const offset = [1, 1, 2] as const;
    const mask = fieldMask(shape, offset, [1, 2, 2]);
    const data = new Float32Array(60);
    data[(1 * 4 + 1) * 5 + 2] = 1; data[(1 * 4 + 1) * 5 + 3] = 2;
    data[(1 * 4 + 2) * 5 + 2] = 3; data[(1 * 4 + 2) * 5 + 3] = 4;
    extendNearest(data, mask, shape);
    const at = (z: number, y: number, x: number) => data[(z * 4 + y) * 5 + x];
    expect([at(1, 1, 2), at(1, 1, 3), at(1, 2, 2), at(1, 2, 3)]).toEqual([1, 2, 3, 4]);
    expect([at(0, 0, 0), at(2, 0, 4), at(0, 3, 0), at(2, 3, 4)]).toEqual([1, 2, 3, 4]); // corners
    expect([at(1, 1, 0), at(1, 2, 4), at(0, 1, 3)]).toEqual([1, 4, 2]); // beside an edge
  });

  it("mirror boundaries remove the wrap-around artefact periodic ones leave at the edges of a ramp", async () => {
    const shape: Shape3 = [1, 40, 60];
    const psf = { data: gaussianBox([1, 9, 9], [1, 1.5, 1.5]), shape: [1, 9, 9] as Shape3 };
    const data = new Float32Array(40 * 60).map((_, i) => 10 + (i % 60)); // ramp along x
    const img = { data, shape };
    const edgeError = (v: Volume) => {
      let e = 0;
      for (let y = 10; y < 30; y++) e = Math.max(e, Math.abs(at(v, 0, y, 0) - 10), Math.abs(at(v, 0, y, 59) - 69));
      return e;
    };
    const per = await deconvolve(img, psf, { algorithm: "tikhonov", lambda: 0.001, boundary: "periodic" });
    const mir = await deconvolve(img, psf, { algorithm: "tikhonov", lambda: 0.001, boundary: "mirror" });
    expect(edgeError(per.volume)).toBeGreaterThan(10);
    expect(edgeError(mir.volume)).toBeLessThan(edgeError(per.volume) / 4);
    expect(mir.volume.shape).toEqual(shape);
  });
});

describe("psfForOtf", () => {
  it("equals ifftshift(placeCentred(normalisePsf(psf))) for smaller, equal and odd/even boxes", async () => {
    const { psfForOtf } = await import("../../src/preprocess/psf-prepare.js");
    const r = rng(4);
    for (const [ps, ws] of [[[3, 5, 4], [6, 10, 14]], [[6, 10, 14], [6, 10, 14]], [[1, 7, 7], [1, 16, 9]], [[5, 6, 7], [5, 6, 7]]] as [Shape3, Shape3][]) {
      const psf = { data: new Float32Array(ps[0] * ps[1] * ps[2]).map(() => r()), shape: ps };
      expect(psfForOtf(psf, ws)).toEqual(ifftshift(placeCentred(normalisePsf(psf), ws)));
    }
  });
});
