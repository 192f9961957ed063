import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTiffVolume } from "../../../src/io/read-tiff.js";
import { deconvolve } from "../../../src/deconvolve.js";
import { createSingleThreadCpuBackend } from "../../../src/backend/cpu/cpu-backend.js";
import { createGpuBackend, type GpuBackend } from "../../../src/backend/gpu/gpu-backend.js";
import type { Volume } from "../../../src/volume.js";
import { algorithmCases, relativeL2 } from "./algorithm-cases.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../..");
const dataDir = path.resolve(root, "../shared/data");
const files = ["data", "kernel"].map((n) => path.join(dataDir, `flowdec-bars-25pct-${n}.tif`));
const present = files.every((f) => existsSync(f));

describe.skipIf(!present)(`gpu.js kernels (cpu mode) vs the CPU backend on flowdec Hollow Bars 32×64×64 (${present ? dataDir : "MISSING: " + dataDir + " — skipped"})`, () => {
  let data: Volume, kernel: Volume, gpu: GpuBackend;
  beforeAll(async () => {
    [data, kernel] = await Promise.all(files.map(async (f) => readTiffVolume(await readFile(f))));
    gpu = await createGpuBackend({ mode: "cpu" });
  });
  afterAll(async () => gpu?.dispose());

  // gpu.js cpu mode runs the kernels as JavaScript, ~40× slower than the CPU backend: RL gets the
  // 50 iterations of the acceptance criterion, the other iterative methods 10 (50 in the browser test)
  for (const c of [...algorithmCases(50).filter((a) => a.algorithm === "rl"), ...algorithmCases(10).filter((a) => a.algorithm !== "rl")]) {
    it(`${c.algorithm} ${JSON.stringify(c.params)}: relative L2 difference < 1e-4 (or 3× the CPU's own FFT-to-FFT spread)`, async () => {
      const ref = await deconvolve(data, kernel, c.params, { backend: createSingleThreadCpuBackend() });
      // the same CPU algorithm with its other (generic JS) FFT: how much float32 rounding alone moves
      // this method; ill-conditioned ones (Biggs-Andrews extrapolation) move by more than 1e-4
      const alt = await deconvolve(data, kernel, c.params, { backend: createSingleThreadCpuBackend({ genericFft: true }) });
      const got = await deconvolve(data, kernel, c.params, { backend: gpu });
      const d = relativeL2(got.volume.data, ref.volume.data);
      const spread = relativeL2(alt.volume.data, ref.volume.data);
      const tol = Math.max(1e-4, 3 * spread);
      console.log(`${c.algorithm}: relative L2 ${d.toExponential(2)} (CPU FFT-to-FFT ${spread.toExponential(2)}, tolerance ${tol.toExponential(1)}); gpu.js cpu mode ${got.provenance.timings.algorithmMs.toFixed(0)} ms, CPU ${ref.provenance.timings.algorithmMs.toFixed(0)} ms`);
      expect(got.provenance.backend.name).toBe("gpu");
      expect(got.provenance.iterations.done).toBe(ref.provenance.iterations.done);
      expect(d).toBeLessThan(tol);
      if (c.algorithm === "rl") expect(d).toBeLessThan(1e-4);
    }, 600_000);
  }
});
