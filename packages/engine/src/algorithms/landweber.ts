/**
 * Landweber iteration (linear least squares, "landweber") and its projected, non-negative variant
 * ("landweber-nn", DeconvolutionLab2's NNLS).
 *
 * Forward model y = M·(h ∗ x) + n, n Gaussian. Gradient descent on ½‖M(y − h ∗ x)‖²:
 *     x_k+1 = P( x_k + γ · hᵀ ∗ (M·(y − h ∗ x_k)) ),
 * P the identity (landweber) or max(·, 0) (landweber-nn). Converges for 0 < γ < 2/max|H|²
 * (max|H| = 1 for a PSF of sum 1); iterating is the regularisation (stop early). The objective
 * reported is ½‖M(y − h ∗ x_k)‖². Four real FFTs per iteration.
 *
 * Parameters: gamma γ (dimensionless, (0, 2], default 1), nonNegative; the stopping rules.
 * Returns the estimate in the working shape.
 *
 * References: L. Landweber, "An iteration formula for Fredholm integral equations of the first
 * kind", American Journal of Mathematics 73(3), 615–624 (1951), DOI 10.2307/2372313; D. Sage et
 * al., "DeconvolutionLab2: An open-source software for deconvolution microscopy", Methods 115,
 * 28–41 (2017), DOI 10.1016/j.ymeth.2016.12.015.
 */
import type { AlgorithmResult } from "./context.js";
import { iterate, type CatalogueContext, type StoppingRule } from "./iterate.js";
import { applyOtf, initialEstimate, residual } from "./operators.js";

export async function landweber(ctx: CatalogueContext, o: StoppingRule & { gamma: number; nonNegative: boolean }): Promise<AlgorithmResult> {
  const { session } = ctx;
  const spectrum = await session.createSpectrum();
  const x = await initialEstimate(ctx);
  const tmp = await session.createReal();
  const r = await iterate(ctx, o, async () => {
    await applyOtf(session, x, ctx.otf, tmp, spectrum);
    const objective = 0.5 * (await residual(ctx, tmp, tmp));
    await applyOtf(session, tmp, ctx.otf, tmp, spectrum, true);
    const sums = await session.combine(x, [{ buf: x, coef: 1 }, { buf: tmp, coef: o.gamma }], o.nonNegative ? { lower: 0 } : undefined);
    return { objective, ...sums };
  });
  return { estimate: x, ...r };
}
