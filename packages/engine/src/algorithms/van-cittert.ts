/**
 * Van Cittert ("van-cittert") and Jansson-Van Cittert ("jansson-van-cittert") iterations.
 *
 * Forward model y = M·(h ∗ x) + n. Van Cittert adds the (masked) residual back:
 *     x_k+1 = x_k + γ · M·(y − h ∗ x_k),
 * which converges where Re H > 0 (it needs a symmetric PSF) and amplifies noise with iterations.
 * Jansson's variant relaxes the step by the distance to the bounds [A, B] and keeps x in them:
 *     x_k+1 = clamp( x_k + γ · r(x_k) · M·(y − h ∗ x_k), A, B ),  r(x) = 1 − 2|x − (A+B)/2| / (B − A),
 * so values near a bound move slowly. B defaults to twice the image maximum. r is computed on the
 * host between backend calls (one read and one write per iteration). The objective reported is
 * ½‖M(y − h ∗ x_k)‖². Two real FFTs per iteration.
 *
 * Parameters: gamma γ (dimensionless, (0, 2], default 1); Jansson: lower A (default 0), upper B
 * (intensity units, > A); the stopping rules. Returns the estimate in the working shape.
 *
 * References: P. H. van Cittert, "Zum Einfluß der Spaltbreite auf die Intensitätsverteilung in
 * Spektrallinien II", Zeitschrift für Physik 69, 298–308 (1931), DOI 10.1007/BF01391351;
 * P. A. Jansson, R. H. Hunt, E. K. Plyler, "Resolution enhancement of spectra", J. Opt. Soc. Am.
 * 60(5), 596–599 (1970), DOI 10.1364/JOSA.60.000596; P. A. Jansson (ed.), "Deconvolution of Images
 * and Spectra", 2nd ed., Academic Press (1997).
 */
import { EngineError } from "../errors.js";
import type { RealBuffer } from "../backend/types.js";
import type { AlgorithmResult } from "./context.js";
import { iterate, type CatalogueContext, type StoppingRule } from "./iterate.js";
import { applyOtf, initialEstimate, residual } from "./operators.js";

export async function vanCittert(ctx: CatalogueContext, o: StoppingRule & { gamma: number; bounds?: { lower: number; upper?: number } }): Promise<AlgorithmResult> {
  const { session } = ctx;
  const spectrum = await session.createSpectrum();
  const x = await initialEstimate(ctx);
  const tmp = await session.createReal();
  let jansson: { lower: number; upper: number; relax: RealBuffer; r: Float32Array } | undefined;
  if (o.bounds) {
    let upper = o.bounds.upper;
    if (upper === undefined) {
      const y = await session.read(ctx.observed);
      let m = 0;
      for (let i = 0; i < y.length; i++) m = Math.max(m, y[i]);
      upper = 2 * m;
    }
    if (!(upper > o.bounds.lower)) throw new EngineError("INVALID_PARAMETER", `upper: the upper bound (${upper}) must be greater than lower (${o.bounds.lower})`);
    jansson = { lower: o.bounds.lower, upper, relax: await session.createReal(), r: new Float32Array(session.shape[0] * session.shape[1] * session.shape[2]) };
  }
  const r = await iterate(ctx, o, async () => {
    await applyOtf(session, x, ctx.otf, tmp, spectrum);
    const objective = 0.5 * (await residual(ctx, tmp, tmp));
    if (!jansson) return { objective, ...(await session.combine(x, [{ buf: x, coef: 1 }, { buf: tmp, coef: o.gamma }])) };
    const { lower, upper, relax, r: rv } = jansson;
    const xv = await session.read(x);
    const mid = (lower + upper) / 2, half = (upper - lower) / 2;
    for (let i = 0; i < xv.length; i++) rv[i] = o.gamma * (1 - Math.abs(xv[i] - mid) / half);
    await session.write(relax, rv);
    await session.multiplyUpdate(tmp, relax, false);
    return { objective, ...(await session.combine(x, [{ buf: x, coef: 1 }, { buf: tmp, coef: 1 }], { lower, upper })) };
  });
  return { estimate: x, ...r };
}
