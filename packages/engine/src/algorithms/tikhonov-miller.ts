/**
 * Tikhonov-Miller iteration ("tikhonov-miller") and iterative constrained Tikhonov-Miller
 * ("ictm"), as in DeconvolutionLab2.
 *
 * Forward model y = M·(h ∗ x) + n. Gradient descent on ½‖M(y − h ∗ x)‖² + ½λ‖l ∗ x‖², l the
 * discrete Laplacian (tikhonov.ts):
 *     x_k+1 = P( x_k + γ · ( hᵀ ∗ M·(y − h ∗ x_k) − λ · lᵀ ∗ l ∗ x_k ) ),
 * P the identity (tikhonov-miller) or max(·, 0) (ictm, the non-negativity constraint). Stable for
 * γ·(max|H|² + λ·max|L|²) < 2, checked before iterating (max|L|² = 144 in 3D). The objective
 * reported is the data term ½‖M(y − h ∗ x_k)‖². Six real FFTs per iteration.
 *
 * Parameters: gamma γ ((0, 2], default 1), lambda λ (≥ 0, default 0.001); the stopping rules.
 * Returns the estimate in the working shape.
 *
 * References: K. S. Miller, "Least squares methods for ill-posed problems with a prescribed
 * bound", SIAM J. Math. Anal. 1(1), 52–74 (1970), DOI 10.1137/0501006; G. M. P. van Kempen,
 * L. J. van Vliet, P. J. Verveer, H. T. M. van der Voort, "A quantitative comparison of image
 * restoration methods for confocal microscopy", J. Microscopy 185(3), 354–365 (1997),
 * DOI 10.1046/j.1365-2818.1997.d01-629.x; D. Sage et al., Methods 115, 28–41 (2017),
 * DOI 10.1016/j.ymeth.2016.12.015.
 */
import { EngineError } from "../errors.js";
import type { AlgorithmResult } from "./context.js";
import { iterate, type CatalogueContext, type StoppingRule } from "./iterate.js";
import { applyOtf, initialEstimate, residual } from "./operators.js";
import { otfMaxAbs } from "./otf-stats.js";
import { laplacianPowerSpectrum } from "./tikhonov.js";

export async function tikhonovMiller(ctx: CatalogueContext, o: StoppingRule & { gamma: number; lambda: number; nonNegative: boolean }): Promise<AlgorithmResult> {
  const { session } = ctx;
  const lap = laplacianPowerSpectrum(session.shape);
  let lmax = 0;
  for (let i = 0; i < lap.length; i += 2) {
    lmax = Math.max(lmax, lap[i]);
    lap[i] *= o.lambda;
  }
  const hmax = await otfMaxAbs(session, ctx.otf);
  const bound = o.gamma * (hmax * hmax + o.lambda * lmax);
  if (bound >= 2) {
    throw new EngineError(
      "INVALID_PARAMETER",
      `gamma, lambda: the iteration diverges when gamma·(max|H|² + lambda·max|L|²) ≥ 2 (here ${bound.toPrecision(3)}); lower gamma below ${(2 / (hmax * hmax + o.lambda * lmax)).toPrecision(3)} or lambda`,
    );
  }
  const weights = await session.createSpectrum();
  await session.writeSpectrum(weights, lap);
  const spectrum = await session.createSpectrum();
  const x = await initialEstimate(ctx);
  const tmp = await session.createReal();
  const reg = await session.createReal();
  const r = await iterate(ctx, o, async () => {
    await applyOtf(session, x, ctx.otf, tmp, spectrum);
    const objective = 0.5 * (await residual(ctx, tmp, tmp));
    await applyOtf(session, tmp, ctx.otf, tmp, spectrum, true);
    // λ|L|² is real, so multiplying by it (conjugate or not) applies λ·lᵀ∗l
    await applyOtf(session, x, weights, reg, spectrum);
    const sums = await session.combine(x, [{ buf: x, coef: 1 }, { buf: tmp, coef: o.gamma }, { buf: reg, coef: -o.gamma }], o.nonNegative ? { lower: 0 } : undefined);
    return { objective, ...sums };
  });
  return { estimate: x, ...r };
}
