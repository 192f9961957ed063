/**
 * Parameters of every deconvolution algorithm and the options they share, described once as zod
 * schemas: the API validates GraphQL input with them, the web app builds its forms from their
 * descriptions, ranges and defaults, and the CLI maps flags onto them.
 */
import { z } from "zod";
import { EngineError } from "../errors.js";

export const ZBackground = z
  .union([z.literal("auto"), z.number().finite().min(0, "background must be a number ≥ 0 or \"auto\"")])
  .default(0)
  .describe(
    'Constant subtracted from the image before deconvolution (values below 0 clip to 0). "auto" estimates it as the 1st percentile of the image.',
  );

export const ZBoundary = z
  .enum(["periodic", "mirror", "zero"])
  .default("periodic")
  .describe(
    "How the image continues past its edges: periodic (wraps, no padding, fastest), mirror (padded with its reflection, tapered), zero (padded with zeros). Padded modes crop back after.",
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
  nonNegative: z.boolean().default(true).describe("Clip the estimate at 0 after each update."),
  initialEstimate: z
    .enum(["observed", "mean"])
    .default("observed")
    .describe("Start from the (background-corrected) image, or from a constant equal to its mean."),
});

export const ZDeconvolutionParams = z.discriminatedUnion("algorithm", [ZInverseParams, ZWienerParams, ZTikhonovParams, ZRichardsonLucyParams]);

export type TInverseParams = z.infer<typeof ZInverseParams>;
export type TWienerParams = z.infer<typeof ZWienerParams>;
export type TTikhonovParams = z.infer<typeof ZTikhonovParams>;
export type TRichardsonLucyParams = z.infer<typeof ZRichardsonLucyParams>;
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
    if (path === "algorithm") return 'algorithm: must be one of "inverse", "wiener", "tikhonov", "rl"';
    return `${path}: ${i.message}`;
  });
  throw new EngineError("INVALID_PARAMETER", `Invalid deconvolution parameters — ${parts.join("; ")}`, { cause: r.error });
}
