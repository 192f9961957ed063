import { describe, expect, it } from "vitest";
import { CpuSession } from "../../src/backend/cpu/session.js";
import { createWasmDispatcher } from "../../src/backend/cpu/wasm-dispatcher.js";
import { spawnWasmWorker } from "../../src/backend/cpu/thread-pool.js";
import { createCpuBackend } from "../../src/backend/cpu/threaded-cpu-backend.js";
import { createSingleThreadCpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { compileWasmKernels, instantiateWasmKernels, WasmHeap, wasmKernelsSupport } from "../../src/fft/wasm-kernels.js";
import { deconvolve } from "../../src/deconvolve.js";
import type { Shape3 } from "../../src/volume.js";
import { circularConvolve, dft3, gaussianBox, referenceRL, relL2, rng } from "../algorithms/reference.js";

async function wasmSession(shape: Shape3, threads: number): Promise<CpuSession> {
  const d = await createWasmDispatcher(shape, threads, spawnWasmWorker);
  if (!d) throw new Error(`no wasm dispatcher for ${shape.join("×")}`);
  expect(d.threads).toBe(threads);
  return new CpuSession(shape, d);
}

/** Half spectrum (numpy layout) of the float64 DFT of x. */
function referenceHalfSpectrum(x: Float32Array, [nz, ny, nx]: Shape3): Float64Array {
  const [re, im] = dft3(Float64Array.from(x), new Float64Array(x.length), [nz, ny, nx], false);
  const nxh = Math.floor(nx / 2) + 1;
  const out = new Float64Array(nz * ny * nxh * 2);
  for (let r = 0; r < nz * ny; r++) for (let k = 0; k < nxh; k++) {
    out[2 * (r * nxh + k)] = re[r * nx + k];
    out[2 * (r * nxh + k) + 1] = im[r * nx + k];
  }
  return out;
}

describe("wasm CPU kernels (shared memory, PFFFT in the same module)", () => {
  it("takes PFFFT shapes only", () => {
    expect(wasmKernelsSupport([16, 48, 64])).toBe(true);
    expect(wasmKernelsSupport([1, 512, 512])).toBe(true);
    expect(wasmKernelsSupport([8, 32, 64])).toBe(false); // nz = 8: below PFFFT's complex minimum
    expect(wasmKernelsSupport([16, 48, 30])).toBe(false);
  });

  it("its logs match Math.log (double: 1e-11 relative; SIMD float32: 2e-7) over the float range", async () => {
    const heap = WasmHeap.create();
    if (!heap) throw new Error("no shared WebAssembly memory in Node?");
    const { exports: k } = await instantiateWasmKernels(await compileWasmKernels(), heap.memory, 0, () => 0);
    const r = rng(3);
    let worst = 0;
    for (let i = 0; i < 20000; i++) {
      const x = Math.exp((r() - 0.5) * 160); // 1e-35 … 1e35
      const ref = Math.log(x);
      worst = Math.max(worst, Math.abs(k.rf_log(x) - ref) / Math.max(Math.abs(ref), 1e-300));
    }
    for (const x of [1, 1 + 1e-7, 1 - 1e-7, 2, 0.5, Math.SQRT2, 1e-6 / 3]) worst = Math.max(worst, Math.abs(k.rf_log(x) - Math.log(x)) / Math.max(Math.abs(Math.log(x)), 1e-300));
    expect(worst).toBeLessThan(1e-11);
    expect(k.rf_log(1)).toBe(0);
    // the float32 SIMD log of the RL ratio step: relative to max(1, |ln x|), and relative near x = 1
    let worstF = 0, nearOne = 0;
    for (let i = 0; i < 20000; i++) {
      const x = Math.fround(Math.exp((r() - 0.5) * 160));
      worstF = Math.max(worstF, Math.abs(k.rf_logf(x) - Math.log(x)) / Math.max(1, Math.abs(Math.log(x))));
      const u = Math.fround(1 + (r() - 0.5) * 0.01);
      if (u !== 1) nearOne = Math.max(nearOne, Math.abs(k.rf_logf(u) - Math.log(u)) / Math.abs(Math.log(u)));
    }
    expect(worstF).toBeLessThan(2e-7);
    expect(nearOne).toBeLessThan(2e-7);
    expect(k.rf_logf(1)).toBe(0);
  });

  for (const threads of [1, 2]) {
    it(`rfft / irfft on ${threads} thread(s) match a plain double-precision DFT (3D and 2D, partial kx blocks)`, async () => {
      for (const shape of [[16, 48, 64], [1, 32, 96]] as Shape3[]) {
        const r = rng(shape[1] + threads);
        const x = new Float32Array(shape[0] * shape[1] * shape[2]).map(() => r() - 0.3);
        const s = await wasmSession(shape, threads);
        const a = await s.createReal(x);
        const sp = await s.createSpectrum();
        await s.rfft(a, sp);
        const got = await s.readSpectrum(sp);
        const back = await s.createReal();
        await s.irfft(sp, back);
        const roundTrip = await s.read(back);
        await s.dispose();
        expect(relL2(got, referenceHalfSpectrum(x, shape))).toBeLessThan(2e-6);
        expect(relL2(roundTrip, x)).toBeLessThan(1e-6);
      }
    });
  }

  it("fused RL on 2 threads matches the double-precision reference, objective matches a float64 I-divergence", async () => {
    const shape: Shape3 = [16, 16, 32];
    const n = shape[0] * shape[1] * shape[2];
    const r = rng(8);
    // a PSF with small support (the reference convolves by direct sums)
    const small = gaussianBox([5, 5, 5], [1, 1.2, 1.2]);
    const psf = new Float32Array(n);
    for (let z = 0; z < 5; z++) for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) psf[((z + 6) * 16 + y + 6) * 32 + x + 14] = small[(z * 5 + y) * 5 + x];
    const truth = new Float64Array(n).map(() => (r() < 0.15 ? 60 * r() : 2));
    const data = Float32Array.from(circularConvolve(truth, psf, shape));
    const ref = referenceRL(data, psf, shape, 5);
    const obj: number[] = [];
    const session = await wasmSession(shape, 2);
    const backend = { name: "cpu", threads: 2, createSession: async () => session, dispose: async () => {} };
    const { volume } = await deconvolve({ data, shape }, { data: psf, shape }, { algorithm: "rl", iterations: 5, psfCentering: "none", boundary: "periodic" }, { backend, onProgress: (p) => obj.push(p.objective) });
    expect(relL2(volume.data, ref)).toBeLessThan(1e-4);
    // the objective of the first iteration: the I-divergence of the data against H∗y, in float64
    const b = circularConvolve(data, psf, shape);
    let d0 = 0;
    for (let i = 0; i < n; i++) {
      const bb = Math.max(b[i], 1e-6);
      d0 += data[i] > 0 ? data[i] * Math.log(data[i] / bb) - data[i] + bb : bb - data[i];
    }
    expect(Math.abs(obj[0] - d0) / d0).toBeLessThan(1e-4);
    expect(obj[4]).toBeLessThan(obj[0]);
  });

  it("gives the same bytes and objectives on 1, 2 and 3 threads", async () => {
    const shape: Shape3 = [16, 32, 64];
    const n = shape[0] * shape[1] * shape[2];
    const r = rng(21);
    const data = new Float32Array(n).map(() => (r() < 0.1 ? 100 * r() : 1) + r());
    const psf = gaussianBox([5, 9, 9], [1, 1.5, 1.5]);
    const params = { algorithm: "rl", iterations: 4, boundary: "periodic", psfCentering: "none" } as const;
    const outs: Float32Array[] = [];
    const objectives: number[][] = [];
    for (const backend of [createSingleThreadCpuBackend(), createCpuBackend({ threads: 2 }), createCpuBackend({ threads: 3 })]) {
      const obj: number[] = [];
      const res = await deconvolve({ data, shape }, { data: psf, shape: [5, 9, 9] }, params, { backend, onProgress: (p) => obj.push(p.objective) });
      outs.push(res.volume.data);
      objectives.push(obj);
    }
    for (const o of outs.slice(1)) expect(Buffer.from(o.buffer, o.byteOffset, o.byteLength).equals(Buffer.from(outs[0].buffer, outs[0].byteOffset, outs[0].byteLength))).toBe(true);
    expect(objectives[1]).toEqual(objectives[0]);
    expect(objectives[2]).toEqual(objectives[0]);
  });
});
