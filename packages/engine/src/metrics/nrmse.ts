/**
 * Normalised root-mean-square error of an image against a reference:
 *
 *   NRMSE = sqrt(mean((reference − image)²)) / sqrt(mean(reference²))
 *
 * i.e. ‖reference − image‖₂ / ‖reference‖₂ (the "euclidean" normalisation). Lower is better; 0
 * for identical images.
 *
 * @param reference the ground truth (Z×Y×X), not all zero.
 * @param image the image to score, same shape.
 * @returns the dimensionless NRMSE.
 * @throws EngineError SHAPE_MISMATCH when shapes differ; INVALID_PARAMETER for an all-zero reference.
 *
 * Matches scikit-image `normalized_root_mse(reference, image, normalization="euclidean")`.
 * Reference: scikit-image, skimage.metrics.normalized_root_mse (van der Walt et al., "scikit-image:
 * image processing in Python", PeerJ 2:e453, 2014, doi:10.7717/peerj.453).
 */
import { EngineError } from "../errors.js";
import type { Volume } from "../volume.js";
import { assertSameShape, meanSquaredError } from "./compare.js";

export function nrmse(reference: Volume, image: Volume): number {
  assertSameShape(reference, image, "NRMSE");
  const r = reference.data;
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i] * r[i];
  const denom = Math.sqrt(s / r.length);
  if (!(denom > 0)) throw new EngineError("INVALID_PARAMETER", "NRMSE: the reference is all zero, so the error cannot be normalised");
  return Math.sqrt(meanSquaredError(reference, image)) / denom;
}
