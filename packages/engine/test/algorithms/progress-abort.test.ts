import { describe, expect, it } from "vitest";
import { deconvolve } from "../../src/deconvolve.js";
import { EngineError } from "../../src/errors.js";
import type { IterationProgress } from "../../src/algorithms/context.js";
import type { Shape3 } from "../../src/volume.js";
import { circularConvolve, gaussianBox, rng } from "./reference.js";

function problem(shape: Shape3) {
  const r = rng(3);
  const n = shape[0] * shape[1] * shape[2];
  const psf = gaussianBox(shape, [1, 1.5, 1.5]);
  const truth = new Float64Array(n).map(() => (r() < 0.1 ? 100 : 1));
  const data = Float32Array.from(circularConvolve(truth, psf, shape));
  return { image: { data, shape }, psf: { data: psf, shape } };
}

describe("Richardson-Lucy progress, tolerance and abort", () => {
  const { image, psf } = problem([4, 12, 16]);

  it("reports every iteration with a decreasing I-divergence and a finite relative change", async () => {
    const seen: IterationProgress[] = [];
    const r = await deconvolve(image, psf, { algorithm: "rl", iterations: 12, psfCentering: "none" }, { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.iteration)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(seen.every((p) => p.iterations === 12 && p.relativeChange > 0 && Number.isFinite(p.objective) && p.elapsedMs >= 0)).toBe(true);
    // EM never increases the I-divergence (noise-free data: strictly decreasing)
    for (let k = 1; k < seen.length; k++) expect(seen[k].objective).toBeLessThan(seen[k - 1].objective);
    expect(r.provenance.iterations).toEqual({ requested: 12, done: 12 });
  });

  it("stops at the tolerance", async () => {
    const seen: IterationProgress[] = [];
    const r = await deconvolve(image, psf, { algorithm: "rl", iterations: 500, tolerance: 0.01 }, { onProgress: (p) => seen.push(p) });
    const k = r.provenance.iterations.done;
    expect(k).toBeLessThan(500);
    expect(seen[k - 1].relativeChange).toBeLessThan(0.01);
    expect(seen[k - 2].relativeChange).toBeGreaterThanOrEqual(0.01);
  });

  it("an AbortSignal stops the run within one iteration with EngineError ABORTED", async () => {
    const ac = new AbortController();
    const seen: number[] = [];
    const run = deconvolve(image, psf, { algorithm: "rl", iterations: 1000 }, {
      signal: ac.signal,
      onProgress: (p) => {
        seen.push(p.iteration);
        if (p.iteration === 3) ac.abort();
      },
    });
    await expect(run).rejects.toSatisfy((e: unknown) => e instanceof EngineError && e.code === "ABORTED");
    expect(seen).toEqual([1, 2, 3]);
  });

  it("an already aborted signal refuses to start", async () => {
    await expect(deconvolve(image, psf, { algorithm: "wiener" }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: "ABORTED" });
  });
});
