/**
 * Richardson-Lucy with total-variation regularisation ("rl-tv").
 *
 * Forward model y ~ Poisson(M·(h ∗ x)); minimises the I-divergence plus λ·TV(x), TV(x) = Σ|∇x|.
 * Update (Dey et al. 2006, eq. 9):
 *     x_k+1 = x_k · w · hᵀ ∗ (M·y / max(h ∗ x_k, ε)) / (1 − λ · div(∇x_k / |∇x_k|))
 * with ∇ forward differences and div backward differences, both periodic on the working volume,
 * |∇x| = sqrt(Σ_a (∂_a x)² + 1e-16) (so flat regions give 0, not 0/0), ε = 1e-6 and w = 1/(hᵀ∗M)
 * as in richardson-lucy-accelerated.ts. |div| ≤ 6 in 3D, so λ ≤ 0.1 keeps the denominator ≥ 0.4.
 * The objective reported is the I-divergence over the field plus λ·TV(x_k).
 * The TV factor is computed on the host between backend calls (the backend has no stencil
 * primitive): one read and one write of the estimate per iteration.
 *
 * Parameters: lambda λ (dimensionless, 0–0.1, default 0.002); the stopping rules.
 * Returns the estimate in the working shape.
 *
 * Reference: N. Dey, L. Blanc-Féraud, C. Zimmer, P. Roux, Z. Kam, J.-C. Olivo-Marin, J. Zerubia,
 * "Richardson-Lucy algorithm with total variation regularization for 3D confocal microscope
 * deconvolution", Microscopy Research and Technique 69(4), 260–266 (2006), DOI 10.1002/jemt.20294.
 */
import type { Shape3 } from "../volume.js";
import type { AlgorithmResult } from "./context.js";
import { iterate, type CatalogueContext, type StoppingRule } from "./iterate.js";
import { initialEstimate, richardsonLucyWeights } from "./operators.js";
import { marginOf, richardsonLucyCorrection } from "./richardson-lucy-accelerated.js";

const TV_EPSILON_SQ = 1e-16;

/**
 * factor ← 1/(1 − λ·div(∇x/|∇x|)) (periodic differences); returns TV(x) = Σ|∇x|.
 * Internal to rl-tv; exported for its test.
 */
export function totalVariationFactor(x: Float32Array, [nz, ny, nx]: Shape3, lambda: number, factor: Float32Array): number {
  const n = x.length;
  const strides = [nx * ny, nx, 1];
  const lens = [nz, ny, nx];
  const normed = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const coord = (i: number, a: number) => Math.floor(i / strides[a]) % lens[a];
  let tv = 0;
  for (let i = 0; i < n; i++) {
    let s = TV_EPSILON_SQ;
    const g = [0, 0, 0];
    for (let a = 0; a < 3; a++) {
      if (lens[a] === 1) continue;
      const c = coord(i, a);
      const j = c === lens[a] - 1 ? i - c * strides[a] : i + strides[a];
      g[a] = x[j] - x[i];
      s += g[a] * g[a];
    }
    const mag = Math.sqrt(s);
    tv += mag;
    for (let a = 0; a < 3; a++) normed[a][i] = g[a] / mag;
  }
  for (let i = 0; i < n; i++) {
    let div = 0;
    for (let a = 0; a < 3; a++) {
      if (lens[a] === 1) continue;
      const c = coord(i, a);
      const j = c === 0 ? i + (lens[a] - 1) * strides[a] : i - strides[a];
      div += normed[a][i] - normed[a][j];
    }
    factor[i] = 1 / (1 - lambda * div);
  }
  return tv;
}

export async function richardsonLucyTv(ctx: CatalogueContext, o: StoppingRule & { lambda: number }): Promise<AlgorithmResult> {
  const { session } = ctx;
  const spectrum = await session.createSpectrum();
  const parts = { spectrum, weights: await richardsonLucyWeights(ctx, spectrum), outside: await marginOf(ctx) };
  const x = await initialEstimate(ctx);
  const tmp = await session.createReal();
  const tvBuf = await session.createReal();
  const factor = new Float32Array(session.shape[0] * session.shape[1] * session.shape[2]);
  const r = await iterate(ctx, o, async () => {
    let tv = 0;
    if (o.lambda > 0) {
      tv = totalVariationFactor(await session.read(x), session.shape, o.lambda, factor);
      await session.write(tvBuf, factor);
    }
    const divergence = await richardsonLucyCorrection(ctx, x, tmp, parts);
    if (o.lambda > 0) await session.multiplyUpdate(tmp, tvBuf, false);
    return { objective: divergence + o.lambda * tv, ...(await session.multiplyUpdate(x, tmp, true)) };
  });
  return { estimate: x, ...r };
}
