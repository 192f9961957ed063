/**
 * Naive inverse filter.
 *
 * Forward model y = h ∗ x + n (circular convolution, h the PSF with sum 1). The estimate is
 * X = Y·conj(H) / max(|H|², (ε·max|H|)²) — i.e. Y/H wherever |H| ≥ ε·max|H|, and a damped
 * Y·conj(H)/(ε·max|H|)² where the PSF all but removes a frequency, so noise there is amplified by
 * at most 1/ε instead of without bound. Noise still dominates for small ε; use Wiener or
 * Tikhonov in practice.
 *
 * Parameters: epsilon (dimensionless, 0–1, default 1e-3).
 * Returns the estimate (same units as y) in the working shape.
 *
 * Reference: R. C. Gonzalez, R. E. Woods, "Digital Image Processing", 4th ed., Pearson (2018),
 * §5.7 "Inverse filtering". ISBN 978-0-13-335672-4.
 */
import type { AlgorithmContext, AlgorithmResult } from "./context.js";
import { otfMaxAbs } from "./otf-stats.js";

export async function inverseFilter(ctx: AlgorithmContext, params: { epsilon: number }): Promise<AlgorithmResult> {
  const { session } = ctx;
  const hmax = await otfMaxAbs(session, ctx.otf);
  const spec = await session.createSpectrum();
  await session.rfft(ctx.observed, spec);
  const floor = Math.max((params.epsilon * hmax) ** 2, Number.MIN_VALUE);
  await session.divideSpectrum(spec, ctx.otf, { lambda: 0, floor });
  const estimate = await session.createReal();
  await session.irfft(spec, estimate);
  return { estimate, iterations: 0 };
}
