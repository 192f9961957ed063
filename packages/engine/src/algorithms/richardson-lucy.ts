/**
 * Richardson-Lucy deconvolution.
 *
 * Forward model y ~ Poisson(h ∗ x) (photon counts; h the PSF with sum 1, circular convolution on
 * the working volume). The multiplicative update
 *     x_{k+1} = x_k · hᵀ ∗ ( y / max(h ∗ x_k, ε) ),   ε = 1e-6 (intensity units),
 * is the EM algorithm for that model: it lowers the Csiszár I-divergence
 *     D(y ‖ h∗x) = Σ y·ln(y / h∗x) − y + h∗x
 * (the negative Poisson log-likelihood up to a constant), which is the `objective` reported for the
 * estimate entering each iteration. It keeps x ≥ 0 and the total intensity (for y, x_0 ≥ 0).
 * Four real FFTs per iteration, OTF computed once.
 *
 * Parameters: iterations (1–10000, default 20); tolerance (optional: stop once
 * ‖x_{k+1} − x_k‖/‖x_k‖ < tolerance); timeLimitSeconds (optional: stop after the iteration that
 * reaches it); nonNegative (clip at 0 after each update, default true);
 * initial estimate: the observed (background-corrected) image, or its mean.
 * Progress after every iteration; an AbortSignal stops it before the next (EngineError "ABORTED").
 *
 * References: W. H. Richardson, "Bayesian-based iterative method of image restoration", J. Opt.
 * Soc. Am. 62(1), 55–59 (1972), DOI 10.1364/JOSA.62.000055; L. B. Lucy, "An iterative technique
 * for the rectification of observed distributions", Astron. J. 79, 745–754 (1974),
 * DOI 10.1086/111605.
 */
import type { RealBuffer } from "../backend/types.js";
import type { AlgorithmContext, AlgorithmResult } from "./context.js";
import { throwIfAborted, yieldToEventLoop } from "./abort.js";
import { initialEstimate } from "./operators.js";

/** Lower clamp of h ∗ x before dividing (as in the scipy reference of /work/shared/peers). */
export const RL_EPSILON = 1e-6;

export interface RichardsonLucyOptions {
  iterations: number;
  tolerance?: number;
  timeLimitSeconds?: number;
  nonNegative: boolean;
  initialEstimate: "observed" | "mean";
  /** Use the primitive-by-primitive path even when the backend has a fused iteration (tests). */
  unfused?: boolean;
}

export async function richardsonLucy(ctx: AlgorithmContext, o: RichardsonLucyOptions): Promise<AlgorithmResult> {
  const { session } = ctx;
  let estimate: RealBuffer;
  if (o.initialEstimate === "mean") {
    estimate = await initialEstimate(ctx, "mean");
  } else {
    estimate = await session.createReal();
    await session.copy(ctx.observed, estimate);
  }
  const spectrum = await session.createSpectrum();
  const fused = !o.unfused && session.richardsonLucyIteration ? session.richardsonLucyIteration.bind(session) : undefined;
  let scratch: RealBuffer | undefined;
  if (!fused) scratch = await session.createReal();
  const t0 = performance.now();
  let done = 0;
  let lastObjective: number | undefined;
  for (let k = 1; k <= o.iterations; k++) {
    throwIfAborted(ctx.signal);
    let sums;
    if (fused) {
      sums = await fused({ observed: ctx.observed, estimate, spectrum, otf: ctx.otf, eps: RL_EPSILON, nonNegative: o.nonNegative, first: k === 1 });
    } else {
      const tmp = scratch as RealBuffer;
      await session.rfft(estimate, spectrum);
      await session.multiplySpectrum(spectrum, ctx.otf, false);
      await session.irfft(spectrum, tmp);
      const objective = await session.divide(ctx.observed, tmp, tmp, RL_EPSILON);
      await session.rfft(tmp, spectrum);
      await session.multiplySpectrum(spectrum, ctx.otf, true);
      await session.irfft(spectrum, tmp);
      sums = { objective, ...(await session.multiplyUpdate(estimate, tmp, o.nonNegative)) };
    }
    done = k;
    lastObjective = sums.objective;
    const relativeChange = sums.normSq > 0 ? Math.sqrt(sums.changeSq / sums.normSq) : 0;
    const elapsedMs = performance.now() - t0;
    ctx.onProgress?.({ iteration: k, iterations: o.iterations, relativeChange, objective: sums.objective, elapsedMs });
    if (o.tolerance !== undefined && relativeChange < o.tolerance) break;
    if (o.timeLimitSeconds !== undefined && elapsedMs >= o.timeLimitSeconds * 1000) break;
    if (k < o.iterations) await yieldToEventLoop();
  }
  throwIfAborted(ctx.signal);
  return { estimate, iterations: done, lastObjective };
}
