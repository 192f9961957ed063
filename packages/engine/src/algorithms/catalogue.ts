/**
 * Dispatch of the iterative catalogue (everything beyond the core inverse/Wiener/Tikhonov/fused RL)
 * from validated parameters to the one function that implements each method. deconvolve() calls
 * it; "rl" comes here too on the non-circulant field, whose weights the fused path lacks.
 */
import type { Volume } from "../volume.js";
import type { TDeconvolutionParams } from "../params/deconvolution-params.js";
import { psfForOtf } from "../preprocess/psf-prepare.js";
import type { AlgorithmResult } from "./context.js";
import type { CatalogueContext } from "./iterate.js";
import { richardsonLucyAccelerated } from "./richardson-lucy-accelerated.js";
import { richardsonLucyTv } from "./richardson-lucy-tv.js";
import { landweber } from "./landweber.js";
import { vanCittert } from "./van-cittert.js";
import { tikhonovMiller } from "./tikhonov-miller.js";
import { ista } from "./ista.js";
import { blindRichardsonLucy, psfBoxFromWorking } from "./blind-richardson-lucy.js";

/** Parameters of the methods this file dispatches. */
export type TCatalogueParams = Exclude<TDeconvolutionParams, { algorithm: "inverse" | "wiener" | "tikhonov" }>;

/**
 * Runs method p.algorithm. `psf` is the prepared PSF box (centred, not yet normalised), needed by
 * blind deconvolution, whose estimated PSF comes back as a box of the same shape (sum 1).
 */
export async function runCatalogueMethod(ctx: CatalogueContext, p: TCatalogueParams, psf: Volume): Promise<AlgorithmResult & { psf?: Volume }> {
  const stop = { iterations: p.iterations, tolerance: p.tolerance, timeLimitSeconds: p.timeLimitSeconds };
  switch (p.algorithm) {
    case "rl":
      return richardsonLucyAccelerated(ctx, { ...stop, accelerate: false, nonNegative: p.nonNegative, start: p.initialEstimate });
    case "rl-accelerated":
      return richardsonLucyAccelerated(ctx, { ...stop, accelerate: true });
    case "rl-tv":
      return richardsonLucyTv(ctx, { ...stop, lambda: p.lambda });
    case "landweber":
    case "landweber-nn":
      return landweber(ctx, { ...stop, gamma: p.gamma, nonNegative: p.algorithm === "landweber-nn" });
    case "van-cittert":
      return vanCittert(ctx, { ...stop, gamma: p.gamma });
    case "jansson-van-cittert":
      return vanCittert(ctx, { ...stop, gamma: p.gamma, bounds: { lower: p.lower, upper: p.upper } });
    case "tikhonov-miller":
    case "ictm":
      return tikhonovMiller(ctx, { ...stop, gamma: p.gamma, lambda: p.lambda, nonNegative: p.algorithm === "ictm" });
    case "ista":
    case "fista":
      return ista(ctx, { ...stop, gamma: p.gamma, lambda: p.lambda, scales: p.scales, fast: p.algorithm === "fista" });
    case "blind-rl": {
      const { session } = ctx;
      const h = await session.createReal(psfForOtf(psf, session.shape));
      const r = await blindRichardsonLucy({ ...ctx, psf: h, psfBox: psf.shape }, { ...stop, objectIterations: p.objectIterations, psfIterations: p.psfIterations });
      const box = psfBoxFromWorking(r.psf, session.shape, psf.shape);
      return { ...r, psf: { data: box, shape: [Math.min(psf.shape[0], session.shape[0]), Math.min(psf.shape[1], session.shape[1]), Math.min(psf.shape[2], session.shape[2])], ...(psf.voxelSize ? { voxelSize: psf.voxelSize } : {}) } };
    }
  }
}
