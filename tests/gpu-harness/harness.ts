/**
 * Browser harness for the gpu.js backend: bundled by ./serve.ts with esbuild from the engine's
 * sources and loaded in headless Chromium by tests/e2e/gpu-backend.spec.ts and
 * packages/engine/bench/gpu-browser.bench.ts. Everything runs in the page; the spec only asserts.
 */
import { createGpuBackend } from "../../packages/engine/src/backend/gpu/gpu-backend.js";
import { probeGpu } from "../../packages/engine/src/backend/gpu/probe.js";
import type { GpuSession } from "../../packages/engine/src/backend/gpu/gpu-session.js";
import { createSingleThreadCpuBackend } from "../../packages/engine/src/backend/cpu/cpu-backend.js";
import { selectBackend, universalBackendFactories } from "../../packages/engine/src/backend/select.js";
import { deconvolve } from "../../packages/engine/src/deconvolve.js";
import { readTiffVolume } from "../../packages/engine/src/io/read-tiff.js";
import type { Backend } from "../../packages/engine/src/backend/types.js";
import type { Shape3, Volume } from "../../packages/engine/src/volume.js";
import { algorithmCases, relativeL2 } from "../../packages/engine/test/backend/gpu/algorithm-cases.js";

async function load(name: string): Promise<Volume> {
  const r = await fetch(`/data/${name}`);
  if (!r.ok) throw new Error(`GET /data/${name}: ${r.status}`);
  return readTiffVolume(new Uint8Array(await r.arrayBuffer()));
}

export interface AlgorithmComparison {
  algorithm: string;
  params: Record<string, unknown>;
  relL2: number;
  /** CPU backend (PFFFT) against the CPU backend with its generic JS FFT: float32 rounding alone. */
  cpuSpread: number;
  gpuMs: number;
  cpuMs: number;
  iterations: number;
  provenanceBackend: unknown;
}

/** Counts WebGL textures created and deleted through every WebGL2 context of the page. */
const glTextures = { created: 0, deleted: 0 };
{
  const proto = WebGL2RenderingContext.prototype;
  const create = proto.createTexture;
  const del = proto.deleteTexture;
  proto.createTexture = function (this: WebGL2RenderingContext) {
    glTextures.created++;
    return create.call(this);
  };
  proto.deleteTexture = function (this: WebGL2RenderingContext, t: WebGLTexture | null) {
    if (t) glTextures.deleted++;
    return del.call(this, t);
  };
}

function random(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return 0.5 + s / 2 ** 32;
  });
}

const harness = {
  async info() {
    const probe = await probeGpu();
    const gpu = await createGpuBackend({ mode: "webgl2" });
    const info = { probe, mode: gpu.mode, renderer: gpu.renderer };
    await gpu.dispose();
    let auto: string;
    try {
      const b = await selectBackend("auto");
      auto = b.name;
      await b.dispose();
    } catch (e) {
      auto = `error: ${(e as Error).message}`;
    }
    return { ...info, autoPicks: auto, hasGpuFactory: Boolean(universalBackendFactories.gpu) };
  },

  /** Every algorithm on the flowdec bars, gpu.js WebGL2 against the CPU backend. */
  async compare(iterations: number, only?: string[]): Promise<AlgorithmComparison[]> {
    const [data, kernel] = await Promise.all([load("flowdec-bars-25pct-data.tif"), load("flowdec-bars-25pct-kernel.tif")]);
    const gpu = await createGpuBackend({ mode: "webgl2" });
    const cpu: Backend = createSingleThreadCpuBackend();
    const generic: Backend = createSingleThreadCpuBackend({ genericFft: true });
    const out: AlgorithmComparison[] = [];
    try {
      for (const c of algorithmCases(iterations)) {
        if (only && !only.includes(c.algorithm)) continue;
        const ref = await deconvolve(data, kernel, c.params, { backend: cpu });
        const alt = await deconvolve(data, kernel, c.params, { backend: generic });
        const got = await deconvolve(data, kernel, c.params, { backend: gpu });
        out.push({
          algorithm: c.algorithm,
          params: c.params,
          relL2: relativeL2(got.volume.data, ref.volume.data),
          cpuSpread: relativeL2(alt.volume.data, ref.volume.data),
          gpuMs: got.provenance.timings.algorithmMs,
          cpuMs: ref.provenance.timings.algorithmMs,
          iterations: got.provenance.iterations.done,
          provenanceBackend: got.provenance.backend,
        });
      }
    } finally {
      await gpu.dispose();
    }
    return out;
  },

  /** GL textures alive (created − deleted) after 1 and after `iterations` RL iterations, and after dispose. */
  async leak(iterations: number) {
    const before = glTextures.created - glTextures.deleted;
    const gpu = await createGpuBackend({ mode: "webgl2" });
    const shape: Shape3 = [4, 16, 16];
    const s = (await gpu.createSession(shape)) as GpuSession;
    const n = shape[0] * shape[1] * shape[2];
    const y = await s.createReal(random(n, 1));
    const h = await s.createReal(random(n, 2));
    const otf = await s.createSpectrum();
    await s.rfft(h, otf);
    const x = await s.createReal(random(n, 3));
    const spec = await s.createSpectrum(), tmp = await s.createReal();
    const alive: number[] = [];
    const session: number[] = [];
    for (let k = 0; k < iterations; k++) {
      await s.rfft(x, spec);
      await s.multiplySpectrum(spec, otf, false);
      await s.irfft(spec, tmp);
      await s.divide(y, tmp, tmp, 1e-6);
      await s.rfft(tmp, spec);
      await s.multiplySpectrum(spec, otf, true);
      await s.irfft(spec, tmp);
      await s.multiplyUpdate(x, tmp, true);
      await s.combine(tmp, [{ buf: x, coef: 1 }]);
      await s.dot(x, tmp);
      alive.push(glTextures.created - glTextures.deleted - before);
      session.push(s.liveTextures);
    }
    const result = await s.read(x);
    await s.dispose();
    await gpu.dispose();
    return { afterFirst: alive[0], afterTenth: alive[9], maxAfterTenth: Math.max(...alive.slice(9)), afterLast: alive[alive.length - 1], max: Math.max(...alive), sessionFirst: session[0], sessionLast: session[session.length - 1], afterDispose: glTextures.created - glTextures.deleted - before, finite: result.every(Number.isFinite) };
  },

  /** ms per RL iteration on a random volume of `shape`: gpu.js WebGL2 and the CPU backend. */
  async bench(shape: Shape3, iterations: number) {
    const n = shape[0] * shape[1] * shape[2];
    const image: Volume = { data: random(n, 5), shape };
    const psf: Volume = { data: new Float32Array(7 * 7 * 7).fill(1 / 343), shape: [7, 7, 7] };
    const params = { algorithm: "rl", iterations };
    const gpu = await createGpuBackend({ mode: "webgl2" });
    const cpu = createSingleThreadCpuBackend();
    const g = await deconvolve(image, psf, params, { backend: gpu });
    const c = await deconvolve(image, psf, params, { backend: cpu });
    await gpu.dispose();
    return {
      shape, iterations, renderer: gpu.renderer, mode: gpu.mode,
      gpuMsPerIteration: g.provenance.timings.perIterationMs, cpuMsPerIteration: c.provenance.timings.perIterationMs,
      relL2: relativeL2(g.volume.data, c.volume.data),
    };
  },
};

(globalThis as unknown as { refocusGpuHarness: typeof harness }).refocusGpuHarness = harness;
export type GpuHarness = typeof harness;
