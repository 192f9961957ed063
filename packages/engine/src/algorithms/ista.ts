/**
 * ISTA and FISTA ("ista", "fista") with a Haar-wavelet sparsity prior.
 *
 * Forward model y = M·(h ∗ x) + n. Minimises F(x) = ½‖M(y − h ∗ x)‖² + λ‖detail(W x)‖₁, W the
 * orthonormal Haar transform (haar-wavelet.ts). ISTA is the proximal-gradient step
 *     x_k+1 = Wᵀ soft( W( x_k + γ · hᵀ ∗ M(y − h ∗ x_k) ), γλ ),
 * FISTA takes the same step from an extrapolated point v_k:
 *     x_k = p(v_k),  t_k+1 = (1 + sqrt(1 + 4 t_k²)) / 2,  v_k+1 = x_k + ((t_k − 1)/t_k+1)(x_k − x_k−1),
 * (t_1 = 1, v_1 = x_0), which lowers F as O(1/k²) instead of O(1/k). Converges for 0 < γ ≤ 1/max|H|².
 * The wavelet step runs on the host between backend calls (no wavelet primitive on the backend):
 * one read and one write of the estimate per iteration. The objective reported is
 * ½‖M(y − h ∗ v_k)‖² + λ‖detail(W x_k)‖₁ (v = x for ISTA) — the gradient point's data term.
 *
 * Parameters: gamma γ ((0, 2], default 1), lambda λ (intensity units, default 0.01), scales
 * (Haar levels, 1–8, default 3); the stopping rules. Returns the estimate in the working shape.
 *
 * Reference: A. Beck, M. Teboulle, "A fast iterative shrinkage-thresholding algorithm for linear
 * inverse problems", SIAM J. Imaging Sciences 2(1), 183–202 (2009), DOI 10.1137/080716542;
 * I. Daubechies, M. Defrise, C. De Mol, Comm. Pure Appl. Math. 57(11), 1413–1457 (2004),
 * DOI 10.1002/cpa.20042.
 */
import type { AlgorithmResult } from "./context.js";
import { iterate, type CatalogueContext, type StoppingRule } from "./iterate.js";
import { applyOtf, initialEstimate, residual } from "./operators.js";
import { haarSoftThreshold } from "./haar-wavelet.js";

export interface IstaOptions extends StoppingRule {
  gamma: number;
  lambda: number;
  scales: number;
  /** FISTA's momentum (true) or plain ISTA (false). */
  fast: boolean;
}

export async function ista(ctx: CatalogueContext, o: IstaOptions): Promise<AlgorithmResult> {
  const { session } = ctx;
  const spectrum = await session.createSpectrum();
  const x = await initialEstimate(ctx);
  const v = o.fast ? await session.createReal(await session.read(x)) : x;
  const xPrev = await session.createReal();
  const tmp = await session.createReal();
  let t = 1;
  // ‖detail(W x_0)‖₁ for the first objective (a zero threshold changes nothing)
  let l1 = haarSoftThreshold(await session.read(x), session.shape, o.scales, 0);
  const r = await iterate(ctx, o, async () => {
    await applyOtf(session, v, ctx.otf, tmp, spectrum);
    const data = 0.5 * (await residual(ctx, tmp, tmp));
    const objective = data + o.lambda * l1;
    await applyOtf(session, tmp, ctx.otf, tmp, spectrum, true);
    await session.combine(tmp, [{ buf: v, coef: 1 }, { buf: tmp, coef: o.gamma }]);
    const z = await session.read(tmp);
    l1 = haarSoftThreshold(z, session.shape, o.scales, o.gamma * o.lambda);
    await session.write(tmp, z);
    await session.combine(xPrev, [{ buf: x, coef: 1 }]);
    const sums = await session.combine(x, [{ buf: tmp, coef: 1 }]);
    if (o.fast) {
      const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      const beta = (t - 1) / tNext;
      await session.combine(v, [{ buf: x, coef: 1 + beta }, { buf: xPrev, coef: -beta }]);
      t = tNext;
    }
    return { objective, ...sums };
  });
  return { estimate: x, ...r };
}
