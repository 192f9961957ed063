import { describe, expect, it } from "vitest";
import { rfftn, irfftn } from "../../src/fft/real-fft-3d.js";
import { halfLength } from "../../src/fft/convention.js";
import { nextFastSize, pffftSupports } from "../../src/fft/sizes.js";
import { createPassWorkspace } from "../../src/fft/passes.js";
import type { Shape3 } from "../../src/volume.js";

/** Seeded uniform numbers in [0, 1) (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plain 3D DFT by definition, double precision, half spectrum in the documented layout. */
function dft3Half(x: Float32Array, [nz, ny, nx]: Shape3): Float64Array {
  const nxh = halfLength(nx);
  const out = new Float64Array(nz * ny * nxh * 2);
  for (let kz = 0; kz < nz; kz++)
    for (let ky = 0; ky < ny; ky++)
      for (let kx = 0; kx < nxh; kx++) {
        let re = 0, im = 0;
        for (let z = 0; z < nz; z++)
          for (let y = 0; y < ny; y++)
            for (let xx = 0; xx < nx; xx++) {
              const a = -2 * Math.PI * ((kz * z) / nz + (ky * y) / ny + (kx * xx) / nx);
              const v = x[(z * ny + y) * nx + xx];
              re += v * Math.cos(a);
              im += v * Math.sin(a);
            }
        const o = ((kz * ny + ky) * nxh + kx) * 2;
        out[o] = re;
        out[o + 1] = im;
      }
  return out;
}

function relL2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

describe("rfftn / irfftn follow the documented convention (unnormalised forward, numpy half-spectrum layout)", () => {
  const shapes: Shape3[] = [
    [6, 10, 14], // generic radix-2/Bluestein path, even
    [5, 7, 11], // primes: Bluestein on every axis, odd nx
    [2, 16, 32], // PFFFT on x (real 32) and y (complex 16)
    [1, 48, 64], // 2D, PFFFT on both axes
    [3, 1, 9], // a single row per plane
  ];
  for (const shape of shapes) {
    it(`matches a plain double-precision DFT on ${shape.join("×")}`, async () => {
      const r = rng(shape[0] * 1000 + shape[1] * 10 + shape[2]);
      const n = shape[0] * shape[1] * shape[2];
      const x = new Float32Array(n).map(() => r() - 0.3);
      const spec = await rfftn(x, shape);
      const ref = dft3Half(x, shape);
      expect(spec.length).toBe(ref.length);
      expect(relL2(spec, ref)).toBeLessThan(2e-6);
      const back = await irfftn(spec, shape);
      expect(relL2(back, x)).toBeLessThan(2e-6);
    });
  }

  it("puts a unit impulse at the origin to a flat spectrum of ones (no hidden normalisation)", async () => {
    const shape: Shape3 = [4, 16, 32];
    const x = new Float32Array(4 * 16 * 32);
    x[0] = 1;
    const spec = await rfftn(x, shape);
    for (let i = 0; i < spec.length; i += 2) {
      expect(spec[i]).toBeCloseTo(1, 6);
      expect(spec[i + 1]).toBeCloseTo(0, 6);
    }
  });

  it("gives the same result on the PFFFT path and on the generic path", async () => {
    const shape: Shape3 = [16, 32, 64];
    const r = rng(7);
    const x = new Float32Array(16 * 32 * 64).map(() => r());
    const fast = await rfftn(x, shape);
    const generic = await createPassWorkspace(shape, { genericOnly: true });
    const slow = await rfftn(x, shape, generic);
    expect(relL2(fast, slow)).toBeLessThan(1e-6);
  });
});

describe("nextFastSize", () => {
  it("returns PFFFT lengths at or above n", () => {
    expect(nextFastSize(64, "real")).toBe(64);
    expect(nextFastSize(65, "real")).toBe(96);
    expect(nextFastSize(201, "complex")).toBe(240); // 208 = 16·13 is not 5-smooth
    expect(nextFastSize(101, "real")).toBe(128);
    expect(nextFastSize(7)).toBe(8);
    expect(nextFastSize(1)).toBe(1);
    for (let n = 17; n < 600; n += 7) {
      const m = nextFastSize(n, "complex");
      expect(m).toBeGreaterThanOrEqual(n);
      expect(pffftSupports(m, "complex")).toBe(true);
    }
    expect(nextFastSize(7 * 32, "real")).toBe(256); // 224 = 2^5·7 is not 5-smooth
  });
});
