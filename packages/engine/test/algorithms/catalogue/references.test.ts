/**
 * Every catalogue method against a direct float64 implementation of its published update equation
 * (direct circular sums, no FFT), on small volumes: relative L2 below 1e-4 after a fixed number of
 * iterations. The Haar prox of ISTA/FISTA reuses the engine's Haar transform, which haar.test.ts
 * checks on its own (orthonormality, explicit coefficients).
 */
import { describe, expect, it } from "vitest";
import { createSingleThreadCpuBackend } from "../../../src/backend/cpu/cpu-backend.js";
import { ifftshift } from "../../../src/preprocess/psf-prepare.js";
import type { Shape3 } from "../../../src/volume.js";
import type { AlgorithmResult } from "../../../src/algorithms/context.js";
import type { CatalogueContext } from "../../../src/algorithms/iterate.js";
import { richardsonLucyAccelerated } from "../../../src/algorithms/richardson-lucy-accelerated.js";
import { richardsonLucyTv } from "../../../src/algorithms/richardson-lucy-tv.js";
import { landweber } from "../../../src/algorithms/landweber.js";
import { vanCittert } from "../../../src/algorithms/van-cittert.js";
import { tikhonovMiller } from "../../../src/algorithms/tikhonov-miller.js";
import { ista } from "../../../src/algorithms/ista.js";
import { haarSoftThreshold } from "../../../src/algorithms/haar-wavelet.js";
import { blindRichardsonLucy, supportMask } from "../../../src/algorithms/blind-richardson-lucy.js";
import { circularConvolve, gaussianBox, relL2, rng } from "../reference.js";

type F = Float64Array<ArrayBuffer>;
const shape: Shape3 = [4, 6, 8];
const N = shape[0] * shape[1] * shape[2];
const psf = gaussianBox(shape, [0.9, 1.1, 1.3]);
const truth = (() => {
  const r = rng(7);
  return new Float64Array(N).map(() => (r() < 0.2 ? 40 + 60 * r() : 3));
})();
const observed = (() => {
  const r = rng(8);
  const b = circularConvolve(truth, psf, shape);
  return new Float32Array(N).map((_, i) => Math.max(0, b[i] + (r() - 0.5) * 2));
})();
const y = Float64Array.from(observed);
const conv = (x: ArrayLike<number>) => circularConvolve(x, psf, shape);
const corr = (x: ArrayLike<number>) => circularConvolve(x, psf, shape, true);
const map = (n: number, f: (i: number) => number) => new Float64Array(n).map((_, i) => f(i));

/** Runs a method on a CPU session holding `observed` and the OTF of `psf` (optionally a mask). */
async function run<R extends AlgorithmResult>(fn: (ctx: CatalogueContext) => Promise<R>, o: { data?: Float32Array; mask?: Float32Array; extra?: (ctx: CatalogueContext) => Promise<Partial<CatalogueContext>> } = {}): Promise<{ out: Float32Array; r: R }> {
  const backend = createSingleThreadCpuBackend();
  const session = await backend.createSession(shape);
  try {
    const obs = await session.createReal(o.data ?? observed);
    const pb = await session.createReal(ifftshift({ data: psf, shape }));
    const otf = await session.createSpectrum();
    await session.rfft(pb, otf);
    const ctx: CatalogueContext = { session, observed: obs, otf, ...(o.mask ? { mask: await session.createReal(o.mask) } : {}) };
    const r = await fn({ ...ctx, ...(o.extra ? await o.extra(ctx) : {}) });
    return { out: await session.read(r.estimate), r };
  } finally {
    await session.dispose();
    await backend.dispose();
  }
}

const K = 6;
const stop = { iterations: K };

function rlStep(x: F): F {
  const b = conv(x);
  const c = corr(map(N, (i) => y[i] / Math.max(b[i], 1e-6)));
  return map(N, (i) => Math.max(0, x[i] * c[i]));
}

/** Periodic forward differences → normalised gradient → backward-difference divergence. */
function tvFactor(x: F, lambda: number): F {
  const [nz, ny, nx] = shape;
  const at = (z: number, yy: number, xx: number) => (((z + nz) % nz) * ny + ((yy + ny) % ny)) * nx + ((xx + nx) % nx);
  const n: F[] = [new Float64Array(N), new Float64Array(N), new Float64Array(N)];
  for (let z = 0; z < nz; z++) for (let yy = 0; yy < ny; yy++) for (let xx = 0; xx < nx; xx++) {
    const i = at(z, yy, xx);
    const g = [x[at(z + 1, yy, xx)] - x[i], x[at(z, yy + 1, xx)] - x[i], x[at(z, yy, xx + 1)] - x[i]];
    const m = Math.sqrt(g[0] ** 2 + g[1] ** 2 + g[2] ** 2 + 1e-16);
    for (let a = 0; a < 3; a++) n[a][i] = g[a] / m;
  }
  return map(N, (i) => {
    const z = Math.floor(i / (ny * nx)), yy = Math.floor(i / nx) % ny, xx = i % nx;
    const div = n[0][i] - n[0][at(z - 1, yy, xx)] + n[1][i] - n[1][at(z, yy - 1, xx)] + n[2][i] - n[2][at(z, yy, xx - 1)];
    return 1 / (1 - lambda * div);
  });
}

/** The 7-point periodic Laplacian, applied directly. */
function laplacian(x: F): F {
  const [nz, ny, nx] = shape;
  const at = (z: number, yy: number, xx: number) => (((z + nz) % nz) * ny + ((yy + ny) % ny)) * nx + ((xx + nx) % nx);
  return map(N, (i) => {
    const z = Math.floor(i / (ny * nx)), yy = Math.floor(i / nx) % ny, xx = i % nx;
    return x[at(z + 1, yy, xx)] + x[at(z - 1, yy, xx)] + x[at(z, yy + 1, xx)] + x[at(z, yy - 1, xx)] + x[at(z, yy, xx + 1)] + x[at(z, yy, xx - 1)] - 6 * x[i];
  });
}

const landweberStep = (x: F, gamma: number): F => {
  const r = conv(x).map((b, i) => y[i] - b);
  const g = corr(r);
  return map(N, (i) => x[i] + gamma * g[i]);
};

function prox(z: F, t: number, scales: number): F {
  const f = Float32Array.from(z);
  haarSoftThreshold(f, shape, scales, t);
  return Float64Array.from(f);
}

describe("catalogue methods against direct float64 implementations of their update equations (periodic, 4×6×8)", () => {
  it("Richardson-Lucy accelerated (Biggs & Andrews 1997)", async () => {
    let x = Float64Array.from(y), xPrev = Float64Array.from(y);
    let g1: F | undefined, g2: F | undefined;
    for (let k = 1; k <= K; k++) {
      let alpha = 0;
      if (g1 && g2) {
        let num = 0, den = 0;
        for (let i = 0; i < N; i++) { num += g1[i] * g2[i]; den += g2[i] * g2[i]; }
        alpha = Math.min(Math.max(num / den, 0), 1);
      }
      const u = map(N, (i) => Math.max(0, x[i] + alpha * (x[i] - xPrev[i])));
      const xn = rlStep(u);
      g2 = g1;
      g1 = map(N, (i) => xn[i] - u[i]);
      xPrev = x;
      x = xn;
    }
    const { out, r } = await run((ctx) => richardsonLucyAccelerated(ctx, { ...stop, accelerate: true }));
    expect(r.iterations).toBe(K);
    expect(relL2(out, x)).toBeLessThan(1e-4);
    // and the extrapolation did something: plain RL differs
    let plain = Float64Array.from(y);
    for (let k = 0; k < K; k++) plain = rlStep(plain);
    expect(relL2(plain, x)).toBeGreaterThan(1e-3);
    const p = await run((ctx) => richardsonLucyAccelerated(ctx, { ...stop, accelerate: false }));
    expect(relL2(p.out, plain)).toBeLessThan(1e-4);
  });

  it("Richardson-Lucy with total variation (Dey et al. 2006), λ = 0.01", async () => {
    let x = Float64Array.from(y);
    for (let k = 0; k < K; k++) {
      const f = tvFactor(x, 0.01);
      const b = conv(x);
      const c = corr(map(N, (i) => y[i] / Math.max(b[i], 1e-6)));
      x = map(N, (i) => Math.max(0, x[i] * c[i] * f[i]));
    }
    const { out } = await run((ctx) => richardsonLucyTv(ctx, { ...stop, lambda: 0.01 }));
    expect(relL2(out, x)).toBeLessThan(1e-4);
  });

  for (const nonNegative of [false, true]) {
    it(`Landweber${nonNegative ? " projected on x ≥ 0" : ""}, γ = 1.5`, async () => {
      let x = Float64Array.from(y);
      for (let k = 0; k < K; k++) x = landweberStep(x, 1.5).map((v) => (nonNegative ? Math.max(0, v) : v));
      const { out } = await run((ctx) => landweber(ctx, { ...stop, gamma: 1.5, nonNegative }));
      expect(relL2(out, x)).toBeLessThan(1e-4);
    });
  }

  it("Van Cittert, γ = 0.8", async () => {
    let x = Float64Array.from(y);
    for (let k = 0; k < K; k++) {
      const b = conv(x);
      x = map(N, (i) => x[i] + 0.8 * (y[i] - b[i]));
    }
    const { out } = await run((ctx) => vanCittert(ctx, { ...stop, gamma: 0.8 }));
    expect(relL2(out, x)).toBeLessThan(1e-4);
  });

  it("Jansson-Van Cittert, γ = 1, bounds [0, 120]", async () => {
    const A = 0, B = 120;
    let x = Float64Array.from(y);
    for (let k = 0; k < K; k++) {
      const b = conv(x);
      x = map(N, (i) => {
        const r = 1 - (2 / (B - A)) * Math.abs(x[i] - (A + B) / 2);
        return Math.min(B, Math.max(A, x[i] + r * (y[i] - b[i])));
      });
    }
    const { out } = await run((ctx) => vanCittert(ctx, { ...stop, gamma: 1, bounds: { lower: A, upper: B } }));
    expect(relL2(out, x)).toBeLessThan(1e-4);
  });

  for (const nonNegative of [false, true]) {
    it(`${nonNegative ? "iterative constrained " : ""}Tikhonov-Miller, γ = 1, λ = 0.005`, async () => {
      let x = Float64Array.from(y);
      for (let k = 0; k < K; k++) {
        const g = corr(conv(x).map((b, i) => y[i] - b));
        const ll = laplacian(laplacian(x));
        x = map(N, (i) => x[i] + 1 * (g[i] - 0.005 * ll[i])).map((v) => (nonNegative ? Math.max(0, v) : v));
      }
      const { out } = await run((ctx) => tikhonovMiller(ctx, { ...stop, gamma: 1, lambda: 0.005, nonNegative }));
      expect(relL2(out, x)).toBeLessThan(1e-4);
    });
  }

  it("Tikhonov-Miller refuses a step that diverges, naming gamma and lambda", async () => {
    await expect(run((ctx) => tikhonovMiller(ctx, { ...stop, gamma: 1, lambda: 0.1, nonNegative: false }))).rejects.toThrow(/gamma, lambda: .*diverges/);
  });

  it("ISTA and FISTA (Beck & Teboulle 2009), γ = 1, λ = 2, Haar 2 scales", async () => {
    const gamma = 1, lambda = 2, scales = 2;
    let x = Float64Array.from(y);
    for (let k = 0; k < K; k++) x = prox(landweberStep(x, gamma), gamma * lambda, scales);
    const a = await run((ctx) => ista(ctx, { ...stop, gamma, lambda, scales, fast: false }));
    expect(relL2(a.out, x)).toBeLessThan(1e-4);

    let xf = Float64Array.from(y), v = Float64Array.from(y), t = 1;
    for (let k = 0; k < K; k++) {
      const xn = prox(landweberStep(v, gamma), gamma * lambda, scales);
      const tn = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      v = map(N, (i) => xn[i] + ((t - 1) / tn) * (xn[i] - xf[i]));
      xf = xn;
      t = tn;
    }
    const f = await run((ctx) => ista(ctx, { ...stop, gamma, lambda, scales, fast: true }));
    expect(relL2(f.out, xf)).toBeLessThan(1e-4);
    expect(relL2(xf, x)).toBeGreaterThan(1e-3);
  });

  it("blind Richardson-Lucy (Fish et al. 1995): object and PSF, with a support box of 3×5×5", async () => {
    const box: Shape3 = [3, 5, 5];
    const support = supportMask(shape, box);
    // the initial PSF: a wider Gaussian on the support, origin-centred, sum 1
    const h0 = ifftshift({ data: gaussianBox(shape, [1.2, 1.5, 1.7]), shape });
    let h = map(N, (i) => (support[i] ? h0[i] : 0));
    let s = h.reduce((a, b) => a + b, 0);
    h = h.map((v) => v / s);
    // direct circular convolution with an origin-centred kernel
    const cconv = (x: F, k: F, adjoint = false) => {
      const [nz, ny, nx] = shape;
      const out = new Float64Array(N);
      for (let i = 0; i < N; i++) {
        const z = Math.floor(i / (ny * nx)), yy = Math.floor(i / nx) % ny, xx = i % nx;
        let acc = 0;
        for (let j = 0; j < N; j++) {
          if (k[j] === 0) continue;
          const kz = Math.floor(j / (ny * nx)), ky = Math.floor(j / nx) % ny, kx = j % nx;
          const sg = adjoint ? -1 : 1;
          acc += k[j] * x[((((z - sg * kz) % nz) + nz) % nz) * ny * nx + ((((yy - sg * ky) % ny) + ny) % ny) * nx + ((((xx - sg * kx) % nx) + nx) % nx)];
        }
        out[i] = acc;
      }
      return out;
    };
    let x = Float64Array.from(y);
    for (let k = 0; k < 4; k++) {
      const b = cconv(x, h);
      const c = cconv(map(N, (i) => y[i] / Math.max(b[i], 1e-6)), h, true);
      x = map(N, (i) => Math.max(0, x[i] * c[i]));
      const b2 = cconv(h, x);
      const c2 = cconv(map(N, (i) => y[i] / Math.max(b2[i], 1e-6)), x, true);
      h = map(N, (i) => (support[i] ? Math.max(0, h[i] * c2[i]) : 0));
      s = h.reduce((a, b) => a + b, 0);
      h = h.map((v) => v / s);
    }
    const res = await run(
      async (ctx) => blindRichardsonLucy(ctx as Parameters<typeof blindRichardsonLucy>[0], { iterations: 4, objectIterations: 1, psfIterations: 1 }),
      {
        extra: async (ctx) => {
          const hb = await ctx.session.createReal(Float32Array.from(h0.map((v, i) => (support[i] ? v : 0))));
          // the blind method overwrites ctx.otf from its PSF; start both from the supported Gaussian
          const otf = await ctx.session.createSpectrum();
          const hh = Float32Array.from(map(N, (i) => (support[i] ? h0[i] : 0)));
          const sum = hh.reduce((a, b) => a + b, 0);
          await ctx.session.write(hb, hh.map((v) => v / sum));
          await ctx.session.rfft(hb, otf);
          return { otf, psf: hb, psfBox: box } as Partial<CatalogueContext>;
        },
      },
    );
    expect(relL2(res.out, x)).toBeLessThan(1e-4);
    expect(relL2(res.r.psf, h)).toBeLessThan(1e-4);
    expect(res.r.psf.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it("non-circulant Richardson-Lucy (Bertero & Boccacci 2005): masked ratio and 1/(hᵀ∗M) weights", async () => {
    // field: the central 2×4×6 of the 4×6×8 working volume; y = 0 on the margin
    const mask = map(N, (i) => {
      const z = Math.floor(i / 48), yy = Math.floor(i / 8) % 6, xx = i % 8;
      return z >= 1 && z < 3 && yy >= 1 && yy < 5 && xx >= 1 && xx < 7 ? 1 : 0;
    });
    const ym = map(N, (i) => y[i] * mask[i]);
    const w0 = corr(mask);
    const wmax = Math.max(...w0);
    const w = w0.map((v) => (v > 1e-4 * wmax ? 1 / v : 0));
    // the margin starts as the nearest field voxel (coordinates clamped to the field box), floored at 1e-3 of the field mean
    const nearest = (i: number) => {
      const z = Math.min(2, Math.max(1, Math.floor(i / 48))), yy = Math.min(4, Math.max(1, Math.floor(i / 8) % 6)), xx = Math.min(6, Math.max(1, i % 8));
      return ym[z * 48 + yy * 8 + xx];
    };
    let fieldMean = 0, cnt = 0;
    for (let i = 0; i < N; i++) if (mask[i]) { fieldMean += ym[i]; cnt++; }
    fieldMean /= cnt;
    const start = (i: number) => (mask[i] ? ym[i] : Math.max(nearest(i), 1e-3 * fieldMean));
    let x = map(N, start);
    for (let k = 0; k < K; k++) {
      const b = conv(x);
      const c = corr(map(N, (i) => ym[i] / Math.max(b[i], 1e-6)));
      x = map(N, (i) => Math.max(0, x[i] * w[i] * c[i]));
    }
    const { out } = await run((ctx) => richardsonLucyAccelerated(ctx, { ...stop, accelerate: false }), { data: Float32Array.from(ym), mask: Float32Array.from(mask) });
    expect(relL2(out, x)).toBeLessThan(1e-4);
    // the same from a flat start at the field mean ("rl" with initialEstimate "mean")
    let xm = map(N, () => fieldMean);
    for (let k = 0; k < K; k++) {
      const b = conv(xm);
      const c = corr(map(N, (i) => ym[i] / Math.max(b[i], 1e-6)));
      xm = map(N, (i) => Math.max(0, xm[i] * w[i] * c[i]));
    }
    const fromMean = await run((ctx) => richardsonLucyAccelerated(ctx, { ...stop, accelerate: false, start: "mean" }), { data: Float32Array.from(ym), mask: Float32Array.from(mask) });
    expect(relL2(fromMean.out, xm)).toBeLessThan(1e-4);
    expect(relL2(fromMean.out, x)).toBeGreaterThan(1e-3);
    // masked Landweber: x + γ hᵀ∗(M(y − h∗x)), same start
    let xl = map(N, start);
    for (let k = 0; k < K; k++) {
      const r = conv(xl).map((b, i) => mask[i] * (ym[i] - b));
      const g = corr(r);
      xl = map(N, (i) => xl[i] + g[i]);
    }
    const l = await run((ctx) => landweber(ctx, { ...stop, gamma: 1, nonNegative: false }), { data: Float32Array.from(ym), mask: Float32Array.from(mask) });
    expect(relL2(l.out, xl)).toBeLessThan(1e-4);
  });
});
