/**
 * Richardson-Lucy with Biggs & Andrews vector extrapolation ("rl-accelerated"), and the plain
 * Richardson-Lucy iteration on the non-circulant field ("rl" then runs here
 * with `accelerate: false`).
 *
 * Forward model y ~ Poisson(M·(h ∗ x)), M the observed field (all ones unless the boundary is
 * non-circulant). With ψ(u) = u · w · hᵀ ∗ (M·y / max(h ∗ u, ε)) the Richardson-Lucy map
 * (ε = 1e-6, w = 1/(hᵀ∗M), w = 1 without a mask — Bertero & Boccacci 2005), each iteration is
 *     u_k   = max(x_k + α_k (x_k − x_{k−1}), 0)          (prediction)
 *     x_k+1 = ψ(u_k),   g_k = x_k+1 − u_k                 (correction and its step)
 *     α_k+1 = clamp(Σ g_k·g_k−1 / Σ g_k−1·g_k−1, 0, 1)   (α_1 = α_2 = 0)
 * which follows the RL path with far fewer iterations (typically 2–4×). The objective reported is
 * the Csiszár I-divergence over the observed field at u_k. Parameters: the stopping rules only.
 * Returns the estimate in the working shape.
 *
 * References: D. S. C. Biggs, M. Andrews, "Acceleration of iterative image restoration
 * algorithms", Applied Optics 36(8), 1766–1775 (1997), DOI 10.1364/AO.36.001766; W. H. Richardson,
 * J. Opt. Soc. Am. 62(1), 55–59 (1972), DOI 10.1364/JOSA.62.000055; M. Bertero, P. Boccacci,
 * A&A 437, 369–374 (2005), DOI 10.1051/0004-6361:20052717.
 */
import type { RealBuffer, SpectrumBuffer } from "../backend/types.js";
import type { AlgorithmResult } from "./context.js";
import { iterate, type CatalogueContext, type StoppingRule } from "./iterate.js";
import { applyOtf, initialEstimate, richardsonLucyWeights } from "./operators.js";
import { RL_EPSILON } from "./richardson-lucy.js";

export interface RichardsonLucyAcceleratedOptions extends StoppingRule {
  /** Biggs-Andrews extrapolation (true) or the plain Richardson-Lucy map (false). */
  accelerate: boolean;
  /** Plain map only ("rl" on the non-circulant field): clip at 0 (default true) and the start. */
  nonNegative?: boolean;
  start?: "observed" | "mean";
}

/**
 * tmp ← w·hᵀ∗(y/max(h∗u, ε)) for the estimate u; returns the I-divergence over the observed field.
 * `outside` (1 − M) removes the margin's share Σ h∗u from the divergence.
 */
export async function richardsonLucyCorrection(
  ctx: CatalogueContext,
  u: RealBuffer,
  tmp: RealBuffer,
  parts: { spectrum: SpectrumBuffer; weights?: RealBuffer; outside?: RealBuffer },
): Promise<number> {
  const { session } = ctx;
  await applyOtf(session, u, ctx.otf, tmp, parts.spectrum);
  const margin = parts.outside ? await session.dot(tmp, parts.outside) : 0;
  const objective = (await session.divide(ctx.observed, tmp, tmp, RL_EPSILON)) - margin;
  await applyOtf(session, tmp, ctx.otf, tmp, parts.spectrum, true);
  if (parts.weights) await session.multiplyUpdate(tmp, parts.weights, false);
  return objective;
}

/** 1 − M as a buffer (the margin of the non-circulant field), or undefined without a mask. */
export async function marginOf(ctx: CatalogueContext): Promise<RealBuffer | undefined> {
  if (!ctx.mask) return undefined;
  const out = await ctx.session.createReal(new Float32Array(ctx.session.shape[0] * ctx.session.shape[1] * ctx.session.shape[2]).fill(1));
  await ctx.session.combine(out, [{ buf: out, coef: 1 }, { buf: ctx.mask, coef: -1 }]);
  return out;
}

export async function richardsonLucyAccelerated(ctx: CatalogueContext, o: RichardsonLucyAcceleratedOptions): Promise<AlgorithmResult> {
  const { session } = ctx;
  const spectrum = await session.createSpectrum();
  const parts = { spectrum, weights: await richardsonLucyWeights(ctx, spectrum), outside: await marginOf(ctx) };
  const x = await initialEstimate(ctx, o.start);
  const tmp = await session.createReal();
  if (!o.accelerate) {
    const r = await iterate(ctx, o, async () => {
      const objective = await richardsonLucyCorrection(ctx, x, tmp, parts);
      return { objective, ...(await session.multiplyUpdate(x, tmp, o.nonNegative ?? true)) };
    });
    return { estimate: x, ...r };
  }
  const xPrev = await session.createReal();
  const u = await session.createReal();
  let g = await session.createReal(), gPrev = await session.createReal(), gPrev2 = await session.createReal();
  const r = await iterate(ctx, o, async (k) => {
    let alpha = 0;
    if (k >= 3) {
      const den = await session.dot(gPrev2, gPrev2);
      alpha = den > 0 ? Math.min(Math.max((await session.dot(gPrev, gPrev2)) / den, 0), 1) : 0;
    }
    if (alpha > 0) await session.combine(u, [{ buf: x, coef: 1 + alpha }, { buf: xPrev, coef: -alpha }], { lower: 0 });
    else await session.combine(u, [{ buf: x, coef: 1 }]);
    const objective = await richardsonLucyCorrection(ctx, u, tmp, parts);
    await session.combine(xPrev, [{ buf: x, coef: 1 }]);
    await session.combine(x, [{ buf: u, coef: 1 }]);
    await session.multiplyUpdate(x, tmp, true);
    await session.combine(g, [{ buf: x, coef: 1 }, { buf: u, coef: -1 }]);
    [gPrev2, gPrev, g] = [gPrev, g, gPrev2];
    await session.combine(tmp, [{ buf: x, coef: 1 }, { buf: xPrev, coef: -1 }]);
    return { objective, changeSq: await session.dot(tmp, tmp), normSq: await session.dot(xPrev, xPrev) };
  });
  return { estimate: x, ...r };
}
