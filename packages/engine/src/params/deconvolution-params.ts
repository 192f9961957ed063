/**
 * Parameters of every deconvolution algorithm and the options they share, described once as zod
 * schemas: the API validates GraphQL input with them, the web app builds its forms from their
 * descriptions, ranges and defaults, and the CLI maps flags onto them.
 */
import { z } from "zod";
import { EngineError } from "../errors.js";

const BACKGROUND_RANGE = 'background must be a number ≥ 0 or "auto"';

export const ZBackground = z
  .union([z.literal("auto"), z.number().finite().min(0, BACKGROUND_RANGE)], { error: BACKGROUND_RANGE })
  .default(0)
  .describe(
    'Constant subtracted from the image before deconvolution (values below 0 clip to 0). "auto" estimates it as the 1st percentile of the image.',
  );

export const ZBoundary = z
  .enum(["periodic", "mirror", "zero", "noncirculant"])
  .default("periodic")
  .describe(
    "How the image continues past its edges: periodic (wraps, no padding, fastest), mirror (padded with its reflection, tapered), zero (padded with zeros), noncirculant (iterative methods estimate the object on a larger field and fit only the observed voxels, so objects cut by the border do not ring; direct methods treat it as zero). Padded modes crop back after.",
  );

export const ZPsfCentering = z
  .enum(["none", "peak", "centroid"])
  .default("peak")
  .describe("Move the PSF's brightest voxel (peak) or its centre of mass (centroid) to the centre of its box; none keeps it as given.");

export const ZBackendKind = z.enum(["auto", "cpu", "gpu"]).default("auto").describe("Compute backend: auto picks the GPU when one is usable, else the CPU.");

const common = {
  background: ZBackground,
  boundary: ZBoundary,
  psfCentering: ZPsfCentering,
  cropPsf: z.boolean().default(false).describe("Crop a PSF larger than the (padded) image instead of refusing it."),
  threads: z.number().int().min(1, "threads must be an integer from 1 to 256").max(256, "threads must be an integer from 1 to 256").optional().describe("CPU threads (default: all cores)."),
  backend: ZBackendKind,
};

export const ZInverseParams = z.object({
  algorithm: z.literal("inverse"),
  ...common,
  epsilon: z
    .number()
    .min(0, "epsilon must be from 0 to 1")
    .max(1, "epsilon must be from 0 to 1")
    .default(1e-3)
    .describe("Guard: |H|² is floored at (epsilon·max|H|)² so frequencies the PSF removes are not divided by ~0."),
});

export const ZWienerParams = z.object({
  algorithm: z.literal("wiener"),
  ...common,
  nsr: z
    .number()
    .min(0, "nsr must be from 0 to 1e6")
    .max(1e6, "nsr must be from 0 to 1e6")
    .default(0.01)
    .describe("Noise-to-signal power ratio K in conj(H)/(|H|² + K), relative to an OTF with H(0) = 1."),
});

export const ZTikhonovParams = z.object({
  algorithm: z.literal("tikhonov"),
  ...common,
  lambda: z
    .number()
    .min(0, "lambda must be from 0 to 1e6")
    .max(1e6, "lambda must be from 0 to 1e6")
    .default(0.01)
    .describe("Regularisation weight λ in conj(H)/(|H|² + λ|L|²)."),
  regularizer: z
    .enum(["laplacian", "identity"])
    .default("laplacian")
    .describe("L: the discrete Laplacian (penalises roughness) or the identity (penalises energy; then equal to Wiener with nsr = λ)."),
});

const ZTimeLimitSeconds = z
  .number()
  .gt(0, "timeLimitSeconds must be > 0 and at most 604800 (one week)")
  .max(604800, "timeLimitSeconds must be > 0 and at most 604800 (one week)")
  .optional()
  .describe("Stop after the iteration during which this much wall-clock time (seconds) has passed.");

export const ZRichardsonLucyParams = z.object({
  algorithm: z.literal("rl"),
  ...common,
  iterations: z
    .number()
    .int("iterations must be an integer from 1 to 10000")
    .min(1, "iterations must be an integer from 1 to 10000")
    .max(10000, "iterations must be an integer from 1 to 10000")
    .default(20)
    .describe("Number of Richardson-Lucy iterations (the most done when a tolerance is set)."),
  tolerance: z
    .number()
    .min(0, "tolerance must be from 0 to 1")
    .max(1, "tolerance must be from 0 to 1")
    .optional()
    .describe("Stop early once the relative change ‖x_k+1 − x_k‖/‖x_k‖ falls below this."),
  timeLimitSeconds: ZTimeLimitSeconds,
  nonNegative: z.boolean().default(true).describe("Clip the estimate at 0 after each update."),
  initialEstimate: z
    .enum(["observed", "mean"])
    .default("observed")
    .describe("Start from the (background-corrected) image, or from a constant equal to its mean."),
});

/** Stopping rules every iterative method shares (the first one met stops it). */
const iterative = {
  iterations: ZRichardsonLucyParams.shape.iterations.describe("Maximum number of iterations."),
  tolerance: ZRichardsonLucyParams.shape.tolerance,
  timeLimitSeconds: ZTimeLimitSeconds,
};

/** Gradient step γ of the additive methods; stable for γ·max|H|² < 2 (max|H| = 1 for a PSF of sum 1). */
const ZStep = z
  .number()
  .gt(0, "gamma must be > 0 and at most 2")
  .max(2, "gamma must be > 0 and at most 2")
  .default(1)
  .describe("Step size γ (dimensionless; the iteration converges for 0 < γ < 2 with a PSF of sum 1).");

export const ZRichardsonLucyAcceleratedParams = z.object({ algorithm: z.literal("rl-accelerated"), ...common, ...iterative });

export const ZRichardsonLucyTvParams = z.object({
  algorithm: z.literal("rl-tv"),
  ...common,
  ...iterative,
  lambda: z
    .number()
    .min(0, "lambda must be from 0 to 0.1")
    .max(0.1, "lambda must be from 0 to 0.1")
    .default(0.002)
    .describe("Total-variation weight λ (dimensionless) in x·hᵀ∗(y/h∗x) / (1 − λ·div(∇x/|∇x|)); 0 is plain Richardson-Lucy."),
});

export const ZLandweberParams = z.object({ algorithm: z.literal("landweber"), ...common, ...iterative, gamma: ZStep });
export const ZLandweberNonNegativeParams = z.object({ algorithm: z.literal("landweber-nn"), ...common, ...iterative, gamma: ZStep });
export const ZVanCittertParams = z.object({ algorithm: z.literal("van-cittert"), ...common, ...iterative, gamma: ZStep });

export const ZJanssonVanCittertParams = z.object({
  algorithm: z.literal("jansson-van-cittert"),
  ...common,
  ...iterative,
  gamma: ZStep,
  lower: z.number().finite().default(0).describe("Lower bound A of the object (intensity units)."),
  upper: z
    .number()
    .finite()
    .optional()
    .describe("Upper bound B of the object (intensity units, > lower); default twice the image maximum."),
});

const ZTmLambda = z
  .number()
  .min(0, "lambda must be from 0 to 1e3")
  .max(1e3, "lambda must be from 0 to 1e3")
  .default(0.001)
  .describe("Weight λ of the Laplacian roughness penalty ‖l∗x‖² (dimensionless); needs γ·(1 + λ·max|L|²) < 2.");
export const ZTikhonovMillerParams = z.object({ algorithm: z.literal("tikhonov-miller"), ...common, ...iterative, gamma: ZStep, lambda: ZTmLambda });
export const ZIctmParams = z.object({ algorithm: z.literal("ictm"), ...common, ...iterative, gamma: ZStep, lambda: ZTmLambda });

const wavelet = {
  gamma: ZStep,
  lambda: z
    .number()
    .min(0, "lambda must be from 0 to 1e6")
    .max(1e6, "lambda must be from 0 to 1e6")
    .default(0.01)
    .describe("Weight λ of the ℓ1 norm of the Haar detail coefficients (intensity units); the threshold is γ·λ."),
  scales: z
    .number()
    .int("scales must be an integer from 1 to 8")
    .min(1, "scales must be an integer from 1 to 8")
    .max(8, "scales must be an integer from 1 to 8")
    .default(3)
    .describe("Number of Haar wavelet levels."),
};
export const ZIstaParams = z.object({ algorithm: z.literal("ista"), ...common, ...iterative, ...wavelet });
export const ZFistaParams = z.object({ algorithm: z.literal("fista"), ...common, ...iterative, ...wavelet });

export const ZBlindRichardsonLucyParams = z.object({
  algorithm: z.literal("blind-rl"),
  ...common,
  ...iterative,
  iterations: z
    .number()
    .int("iterations must be an integer from 1 to 1000")
    .min(1, "iterations must be an integer from 1 to 1000")
    .max(1000, "iterations must be an integer from 1 to 1000")
    .default(2)
    .describe("Maximum number of blind (outer) iterations, each objectIterations object updates then psfIterations PSF updates."),
  objectIterations: z
    .number()
    .int("objectIterations must be an integer from 1 to 10000")
    .min(1, "objectIterations must be an integer from 1 to 10000")
    .max(10000, "objectIterations must be an integer from 1 to 10000")
    .default(200)
    .describe("Richardson-Lucy updates of the object per blind iteration (the object must be near convergence before the PSF is updated, or the PSF drifts narrow)."),
  psfIterations: z
    .number()
    .int("psfIterations must be an integer from 1 to 1000")
    .min(1, "psfIterations must be an integer from 1 to 1000")
    .max(1000, "psfIterations must be an integer from 1 to 1000")
    .default(2)
    .describe("Richardson-Lucy updates of the PSF per blind iteration."),
});

export const ZDeconvolutionParams = z.discriminatedUnion("algorithm", [
  ZInverseParams, ZWienerParams, ZTikhonovParams, ZRichardsonLucyParams,
  ZRichardsonLucyAcceleratedParams, ZRichardsonLucyTvParams, ZLandweberParams, ZLandweberNonNegativeParams, ZVanCittertParams,
  ZJanssonVanCittertParams, ZTikhonovMillerParams, ZIctmParams, ZIstaParams, ZFistaParams, ZBlindRichardsonLucyParams,
]);

/** Every algorithm name the schema accepts, in order. */
export const ALGORITHMS = ZDeconvolutionParams.options.map((o) => o.shape.algorithm.value);

export type TInverseParams = z.infer<typeof ZInverseParams>;
export type TWienerParams = z.infer<typeof ZWienerParams>;
export type TTikhonovParams = z.infer<typeof ZTikhonovParams>;
export type TRichardsonLucyParams = z.infer<typeof ZRichardsonLucyParams>;
export type TRichardsonLucyAcceleratedParams = z.infer<typeof ZRichardsonLucyAcceleratedParams>;
export type TRichardsonLucyTvParams = z.infer<typeof ZRichardsonLucyTvParams>;
export type TLandweberParams = z.infer<typeof ZLandweberParams>;
export type TVanCittertParams = z.infer<typeof ZVanCittertParams>;
export type TJanssonVanCittertParams = z.infer<typeof ZJanssonVanCittertParams>;
export type TTikhonovMillerParams = z.infer<typeof ZTikhonovMillerParams>;
export type TIstaParams = z.infer<typeof ZIstaParams>;
export type TBlindRichardsonLucyParams = z.infer<typeof ZBlindRichardsonLucyParams>;
/** Parameters after defaults (what provenance records). */
export type TDeconvolutionParams = z.infer<typeof ZDeconvolutionParams>;
/** Parameters as a caller may give them (defaults optional). */
export type TDeconvolutionParamsInput = z.input<typeof ZDeconvolutionParams>;
export type TAlgorithm = TDeconvolutionParams["algorithm"];

/**
 * Validates and fills in defaults. Throws EngineError "INVALID_PARAMETER" whose message names each
 * bad parameter and its allowed range, e.g. "iterations: iterations must be an integer from 1 to 10000".
 */
export function parseDeconvolutionParams(input: unknown): TDeconvolutionParams {
  const r = ZDeconvolutionParams.safeParse(input);
  if (r.success) return r.data;
  const parts = r.error.issues.map((i) => {
    const path = i.path.map(String).join(".") || "params";
    if (path === "algorithm") return `algorithm: must be one of ${ALGORITHMS.map((a) => `"${a}"`).join(", ")}`;
    return `${path}: ${i.message}`;
  });
  throw new EngineError("INVALID_PARAMETER", `Invalid deconvolution parameters — ${parts.join("; ")}`, { cause: r.error });
}
