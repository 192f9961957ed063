/**
 * The gpu.js kernels (run in gpu.js cpu mode) against direct double-precision references computed
 * here: a plain 3D DFT for the transforms (power-of-two, other and unit lengths), and elementwise
 * loops for every other primitive. Also: no texture outlives a 500-iteration loop.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGpuBackend, type GpuBackend } from "../../../src/backend/gpu/gpu-backend.js";
import type { GpuSession } from "../../../src/backend/gpu/gpu-session.js";
import type { Shape3 } from "../../../src/volume.js";
import { EngineError } from "../../../src/errors.js";
import { planFft } from "../../../src/backend/gpu/fft-plan.js";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function random(n: number, seed: number, lo = 0, hi = 1): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
}

/** Half spectrum (interleaved) of a real volume by the DFT definition, in float64. */
function dft3(x: Float32Array, [nz, ny, nx]: Shape3): Float64Array {
  const nxh = Math.floor(nx / 2) + 1;
  const out = new Float64Array(nz * ny * nxh * 2);
  for (let kz = 0; kz < nz; kz++)
    for (let ky = 0; ky < ny; ky++)
      for (let kx = 0; kx < nxh; kx++) {
        let re = 0, im = 0;
        for (let z = 0; z < nz; z++)
          for (let y = 0; y < ny; y++)
            for (let xx = 0; xx < nx; xx++) {
              const ph = -2 * Math.PI * ((kz * z) / nz + (ky * y) / ny + (kx * xx) / nx);
              const v = x[(z * ny + y) * nx + xx];
              re += v * Math.cos(ph);
              im += v * Math.sin(ph);
            }
        const o = ((kz * ny + ky) * nxh + kx) * 2;
        out[o] = re;
        out[o + 1] = im;
      }
  return out;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe("gpu.js backend kernels (gpu.js cpu mode) against double-precision references", () => {
  let backend: GpuBackend;
  beforeAll(async () => {
    backend = await createGpuBackend({ mode: "cpu" });
  });
  afterAll(async () => backend?.dispose());

  it("records its mode and renderer for provenance", () => {
    expect(backend.name).toBe("gpu");
    expect(backend.mode).toBe("cpu");
    expect(backend.renderer).toMatch(/gpu\.js cpu mode/);
  });

  const shapes: Shape3[] = [[4, 8, 16], [3, 5, 6], [1, 1, 8], [2, 6, 1], [5, 7, 9], [1, 12, 10], [2, 2, 2]];
  for (const shape of shapes) {
    it(`rfft matches the DFT and irfft inverts it, ${shape.join("×")}`, async () => {
      const s = await backend.createSession(shape);
      const n = shape[0] * shape[1] * shape[2];
      const x = random(n, 7 + n, -1, 2);
      const a = await s.createReal(x);
      const spec = await s.createSpectrum();
      await s.rfft(a, spec);
      const got = await s.readSpectrum(spec);
      const ref = dft3(x, shape);
      expect(got.length).toBe(ref.length);
      expect(maxDiff(got, ref) / maxAbs(ref)).toBeLessThan(2e-6);
      const back = await s.createReal();
      await s.irfft(spec, back);
      expect(maxDiff(await s.read(back), x) / maxAbs(x)).toBeLessThan(2e-6);
      // irfft leaves its input intact on this backend (the interface allows either)
      await s.dispose();
    });
  }

  it("spectrum products, regularised division and real-space steps match float64 loops", async () => {
    const shape: Shape3 = [2, 4, 6];
    const s = await backend.createSession(shape);
    const m = 2 * 4 * 4;
    const A = random(2 * m, 1, -1, 1), H = random(2 * m, 2, -1, 1), W = random(2 * m, 3, 0, 2);
    const a = await s.createSpectrum(), h = await s.createSpectrum(), w = await s.createSpectrum();
    await s.writeSpectrum(h, H);
    await s.writeSpectrum(w, W);
    for (const conj of [false, true]) {
      await s.writeSpectrum(a, A);
      await s.multiplySpectrum(a, h, conj);
      const got = await s.readSpectrum(a);
      const ref = new Float64Array(2 * m);
      for (let i = 0; i < m; i++) {
        const hr = H[2 * i], hi = conj ? -H[2 * i + 1] : H[2 * i + 1];
        ref[2 * i] = A[2 * i] * hr - A[2 * i + 1] * hi;
        ref[2 * i + 1] = A[2 * i] * hi + A[2 * i + 1] * hr;
      }
      expect(maxDiff(got, ref)).toBeLessThan(1e-6);
    }
    for (const o of [{ lambda: 0.3, floor: 1e-3 }, { lambda: 0.3, floor: 1e-3, weights: w }, { lambda: 0, floor: 0.5 }]) {
      await s.writeSpectrum(a, A);
      await s.divideSpectrum(a, h, o);
      const got = await s.readSpectrum(a);
      const ref = new Float64Array(2 * m);
      for (let i = 0; i < m; i++) {
        const hr = H[2 * i], hi = H[2 * i + 1];
        const den = Math.max(hr * hr + hi * hi + (o.weights ? o.lambda * W[2 * i] : o.lambda), o.floor);
        ref[2 * i] = (A[2 * i] * hr + A[2 * i + 1] * hi) / den;
        ref[2 * i + 1] = (A[2 * i + 1] * hr - A[2 * i] * hi) / den;
      }
      expect(maxDiff(got, ref) / maxAbs(ref)).toBeLessThan(1e-6);
    }

    const n = 48;
    const Y = random(n, 4, 0, 5), B = random(n, 5, -0.5, 4), X = random(n, 6, -1, 3), C = random(n, 8, -0.5, 2);
    Y[3] = 0;
    const y = await s.createReal(Y), b = await s.createReal(B), out = await s.createReal();
    const eps = 1e-3;
    const div = await s.divide(y, b, out, eps);
    let refDiv = 0;
    const refRatio = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const bb = Math.max(B[i], eps);
      refDiv += Y[i] > 0 ? Y[i] * Math.log(Y[i] / bb) - Y[i] + bb : bb - Y[i];
      refRatio[i] = Y[i] / bb;
    }
    expect(Math.abs(div - refDiv) / Math.abs(refDiv)).toBeLessThan(1e-6);
    expect(maxDiff(await s.read(out), refRatio) / maxAbs(refRatio)).toBeLessThan(1e-6);

    for (const nonNegative of [true, false]) {
      const x = await s.createReal(X), c = await s.createReal(C);
      const r = await s.multiplyUpdate(x, c, nonNegative);
      let ch = 0, nm = 0;
      const ref = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let v = Math.fround(X[i] * C[i]);
        if (nonNegative && v < 0) v = 0;
        ch += (v - X[i]) ** 2;
        nm += X[i] ** 2;
        ref[i] = v;
      }
      expect(maxDiff(await s.read(x), ref)).toBeLessThan(1e-6);
      expect(Math.abs(r.changeSq - ch) / ch).toBeLessThan(1e-6);
      expect(Math.abs(r.normSq - nm) / nm).toBeLessThan(1e-6);
    }

    const x = await s.createReal(X), c = await s.createReal(C), o = await s.createReal(Y);
    const r = await s.combine(o, [{ buf: x, coef: 1.5 }, { buf: c, coef: -0.25 }, { buf: o, coef: 0.5 }], { lower: 0, upper: 3 });
    let ch = 0, nm = 0;
    const ref = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = Math.min(Math.max(1.5 * X[i] - 0.25 * C[i] + 0.5 * Y[i], 0), 3);
      ch += (v - Y[i]) ** 2;
      nm += Y[i] ** 2;
      ref[i] = v;
    }
    expect(maxDiff(await s.read(o), ref)).toBeLessThan(2e-6);
    expect(Math.abs(r.changeSq - ch) / ch).toBeLessThan(1e-5);
    expect(Math.abs(r.normSq - nm) / nm).toBeLessThan(1e-6);

    // an inner product with heavy cancellation: the compensated row sums keep it to float32 input accuracy
    const P = random(n, 9, -1, 1), Q = random(n, 10, -1, 1);
    let dref = 0;
    for (let i = 0; i < n; i++) dref += P[i] * Q[i];
    const dp = await s.dot(await s.createReal(P), await s.createReal(Q));
    expect(Math.abs(dp - dref)).toBeLessThan(1e-6 * n);

    const cp = await s.createReal();
    await s.copy(x, cp);
    expect(maxDiff(await s.read(cp), X)).toBe(0);
    await s.dispose();
  });

  it("keeps a fixed number of live textures over 500 Richardson-Lucy iterations (no leak)", async () => {
    const shape: Shape3 = [2, 4, 8];
    const s = (await backend.createSession(shape)) as GpuSession;
    const n = 64;
    const y = await s.createReal(random(n, 11, 0.5, 2));
    const h = await s.createReal(random(n, 12, 0, 1));
    const otf = await s.createSpectrum();
    await s.rfft(h, otf);
    const x = await s.createReal(random(n, 13, 0.5, 2));
    const spec = await s.createSpectrum(), tmp = await s.createReal();
    const counts: number[] = [];
    for (let k = 0; k < 500; k++) {
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
      counts.push(s.liveTextures);
    }
    // 8 buffer textures (y, h, otf re+im, x, spec re+im, tmp), 2 twiddle tables, the shared zero plane
    expect(counts[0]).toBe(11);
    expect(counts[499]).toBe(counts[0]);
    expect(Math.max(...counts)).toBe(counts[0]);
    await s.dispose();
    expect(s.liveTextures).toBe(0);
  });

  it("refuses a non-power-of-two axis longer than the direct-DFT limit with GPU_SIZE_UNSUPPORTED", () => {
    expect(() => planFft([1, 1, 4097])).toThrow(EngineError);
    try {
      planFft([1, 4099, 8]);
    } catch (e) {
      expect((e as EngineError).code).toBe("GPU_SIZE_UNSUPPORTED");
      expect((e as Error).message).toMatch(/y lengths/);
    }
    expect(planFft([1, 1, 8192]).axes[0].passes.length).toBe(13);
  });
});
