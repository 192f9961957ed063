/**
 * Wiener filter with a constant noise-to-signal ratio.
 *
 * Forward model y = h ∗ x + n, n white noise uncorrelated with x. The linear estimate minimising
 * E‖x − x̂‖² is X̂ = Y·conj(H) / (|H|² + S_n/S_x); with the ratio of noise to signal power taken as
 * one constant K (nsr) this is X̂ = Y·conj(H) / (|H|² + K). K = 0 gives the inverse filter.
 *
 * Parameters: nsr K ≥ 0 (dimensionless, relative to H(0) = 1; default 0.01).
 * Returns the estimate in the working shape.
 *
 * Reference: N. Wiener, "Extrapolation, Interpolation, and Smoothing of Stationary Time Series",
 * MIT Press (1949). DOI 10.7551/mitpress/2946.001.0001. Gonzalez & Woods, "Digital Image
 * Processing", 4th ed. (2018), §5.8.
 */
import type { AlgorithmContext, AlgorithmResult } from "./context.js";

export async function wienerFilter(ctx: AlgorithmContext, params: { nsr: number }): Promise<AlgorithmResult> {
  const { session } = ctx;
  const spec = await session.createSpectrum();
  await session.rfft(ctx.observed, spec);
  await session.divideSpectrum(spec, ctx.otf, { lambda: params.nsr, floor: Number.MIN_VALUE });
  const estimate = await session.createReal();
  await session.irfft(spec, estimate);
  return { estimate, iterations: 0 };
}
