import { describe, expect, it } from "vitest";
import { deconvolve } from "../../src/deconvolve.js";
import { createSingleThreadCpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import type { Shape3, Volume } from "../../src/volume.js";
import { circularConvolve, gaussianBox, referenceFilter, referenceRL, relL2, rng } from "./reference.js";

/** A blurred, noisy positive test object on `shape` with a Gaussian PSF box of the same shape. */
function problem(shape: Shape3, seed: number): { image: Volume; psf: Volume } {
  const n = shape[0] * shape[1] * shape[2];
  const r = rng(seed);
  const truth = new Float64Array(n).map(() => (r() < 0.15 ? 50 + 100 * r() : 2));
  const psf = gaussianBox(shape, [1.2, 1.0, 1.5]);
  const blurred = circularConvolve(truth, psf, shape);
  const data = new Float32Array(n).map((_, i) => Math.max(0, blurred[i] + (r() - 0.5) * 2));
  return { image: { data, shape }, psf: { data: psf, shape } };
}

const common = { psfCentering: "none", boundary: "periodic", background: 0 } as const;
const shapes: Shape3[] = [[6, 10, 14], [5, 7, 11], [1, 13, 17], [4, 16, 32]];

describe("algorithms against independent double-precision references (periodic, plain DFT / direct sums)", () => {
  for (const shape of shapes) {
    const { image, psf } = problem(shape, shape[2]);
    for (const unfused of [false, true]) {
      it(`Richardson-Lucy 8 iterations from the image, ${shape.join("×")}${unfused ? " (primitives path)" : " (fused)"}`, async () => {
        const ref = referenceRL(image.data, psf.data, shape, 8);
        const backend = createSingleThreadCpuBackend();
        const session = await backend.createSession(shape);
        // the unfused path: hide the fused iteration from the algorithm
        const { richardsonLucy } = await import("../../src/algorithms/richardson-lucy.js");
        const { ifftshift } = await import("../../src/preprocess/psf-prepare.js");
        const observed = await session.createReal(image.data);
        const pb = await session.createReal(ifftshift(psf));
        const otf = await session.createSpectrum();
        await session.rfft(pb, otf);
        const res = await richardsonLucy({ session, observed, otf }, { iterations: 8, nonNegative: true, initialEstimate: "observed", unfused });
        const out = await session.read(res.estimate);
        await session.dispose();
        expect(res.iterations).toBe(8);
        expect(relL2(out, ref)).toBeLessThan(1e-4);
      });
    }

    it(`Wiener (nsr 0.02) equals its closed form, ${shape.join("×")}`, async () => {
      const ref = referenceFilter(image.data, psf.data, shape, () => 0.02, 0);
      const { volume } = await deconvolve(image, psf, { algorithm: "wiener", nsr: 0.02, ...common });
      expect(relL2(volume.data, ref)).toBeLessThan(1e-4);
    });

    it(`Tikhonov with the Laplacian (λ 0.05) and with the identity equal their closed forms, ${shape.join("×")}`, async () => {
      const t = (k: number, n: number) => (n > 1 ? 2 * Math.cos((2 * Math.PI * k) / n) - 2 : 0);
      const lap = ([z, y, x]: [number, number, number]) => (t(z, shape[0]) + t(y, shape[1]) + t(x, shape[2])) ** 2;
      const ref = referenceFilter(image.data, psf.data, shape, (k) => 0.05 * lap(k), 0);
      const { volume } = await deconvolve(image, psf, { algorithm: "tikhonov", lambda: 0.05, ...common });
      expect(relL2(volume.data, ref)).toBeLessThan(1e-4);
      const refI = referenceFilter(image.data, psf.data, shape, () => 0.05, 0);
      const id = await deconvolve(image, psf, { algorithm: "tikhonov", lambda: 0.05, regularizer: "identity", ...common });
      expect(relL2(id.volume.data, refI)).toBeLessThan(1e-4);
    });

    it(`inverse filter (ε 0.05) equals its closed form, ${shape.join("×")}`, async () => {
      const ref = referenceFilter(image.data, psf.data, shape, () => 0, 0.05 ** 2);
      const { volume } = await deconvolve(image, psf, { algorithm: "inverse", epsilon: 0.05, ...common });
      expect(relL2(volume.data, ref)).toBeLessThan(1e-4);
    });
  }

  it("Richardson-Lucy through deconvolve() with a smaller PSF box matches the reference with the box padded", async () => {
    const shape: Shape3 = [6, 10, 14];
    const { image } = problem(shape, 3);
    const small: Shape3 = [3, 5, 5];
    const psf = { data: gaussianBox(small, [0.8, 1, 1.2]), shape: small };
    const { placeCentred } = await import("../../src/preprocess/psf-prepare.js");
    const full = placeCentred(psf, shape);
    const ref = referenceRL(image.data, full.data, shape, 5);
    const { volume, provenance } = await deconvolve(image, psf, { algorithm: "rl", iterations: 5, ...common });
    expect(relL2(volume.data, ref)).toBeLessThan(1e-4);
    expect(volume.shape).toEqual(shape);
    expect(provenance.iterations.done).toBe(5);
  });
});
