import { describe, expect, it } from "vitest";
import { createCpuBackend } from "../../src/backend/cpu/threaded-cpu-backend.js";
import { deconvolve } from "../../src/deconvolve.js";
import type { Shape3 } from "../../src/volume.js";
import { circularConvolve, gaussianBox, relL2, rng } from "../algorithms/reference.js";
import { rfftn } from "../../src/fft/real-fft-3d.js";

function problem(shape: Shape3, seed: number) {
  const n = shape[0] * shape[1] * shape[2];
  const r = rng(seed);
  const data = new Float32Array(n).map(() => (r() < 0.1 ? 100 * r() : 1) + r());
  const psf = gaussianBox([5, 9, 9], [1, 1.5, 1.5]);
  return { image: { data, shape }, psf: { data: psf, shape: [5, 9, 9] as Shape3 } };
}

describe("threaded CPU backend", () => {
  it("gives the same bytes on 1, 2 and 3 threads (RL, fused, with reductions)", async () => {
    const { image, psf } = problem([12, 48, 64], 11);
    const params = { algorithm: "rl", iterations: 4, boundary: "periodic", psfCentering: "none" } as const;
    const outs = [];
    const objectives: number[][] = [];
    for (const threads of [1, 2, 3]) {
      const obj: number[] = [];
      const backend = createCpuBackend({ threads });
      const r = await deconvolve(image, psf, params, { backend, onProgress: (p) => obj.push(p.objective) });
      expect(r.provenance.backend).toEqual({ name: "cpu", threads });
      outs.push(r.volume.data);
      objectives.push(obj);
    }
    expect(Buffer.from(outs[1].buffer).equals(Buffer.from(outs[0].buffer))).toBe(true);
    expect(Buffer.from(outs[2].buffer).equals(Buffer.from(outs[0].buffer))).toBe(true);
    expect(objectives[1]).toEqual(objectives[0]);
    expect(objectives[2]).toEqual(objectives[0]);
  });

  it("computes the same transform as the single-thread rfftn, on a generic (non-PFFFT) size too", async () => {
    for (const shape of [[8, 32, 64], [7, 20, 30]] as Shape3[]) {
      const r = rng(shape[1]);
      const x = new Float32Array(shape[0] * shape[1] * shape[2]).map(() => r());
      const backend = createCpuBackend({ threads: 2 });
      const s = await backend.createSession(shape);
      const a = await s.createReal(x);
      const sp = await s.createSpectrum();
      await s.rfft(a, sp);
      const got = await s.readSpectrum(sp);
      const back = await s.createReal();
      await s.irfft(sp, back);
      const roundTrip = await s.read(back);
      await s.dispose();
      const ref = await rfftn(x, shape);
      expect(Buffer.from(got.buffer).equals(Buffer.from(ref.buffer))).toBe(true);
      expect(relL2(roundTrip, x)).toBeLessThan(1e-6);
    }
  });

  it("RL on 2 threads matches the double-precision reference", async () => {
    const shape: Shape3 = [6, 10, 14];
    const r = rng(5);
    const psf = gaussianBox(shape, [1, 1, 1.3]);
    const truth = new Float64Array(6 * 10 * 14).map(() => (r() < 0.2 ? 80 : 3));
    const data = Float32Array.from(circularConvolve(truth, psf, shape));
    const { referenceRL } = await import("../algorithms/reference.js");
    const ref = referenceRL(data, psf, shape, 6);
    const { volume } = await deconvolve({ data, shape }, { data: psf, shape }, { algorithm: "rl", iterations: 6, psfCentering: "none" }, { backend: createCpuBackend({ threads: 2 }) });
    expect(relL2(volume.data, ref)).toBeLessThan(1e-4);
  });
});
