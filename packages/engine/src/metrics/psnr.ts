/**
 * Peak signal-to-noise ratio of an image against a reference, in decibels:
 *
 *   PSNR = 10 · log10(R² / MSE),  MSE = mean((reference − image)²)
 *
 * @param reference the ground truth (Z×Y×X).
 * @param image the image to score, same shape.
 * @param options.dataRange R, the dynamic range; default max − min of the reference (pass it
 *   explicitly when comparing several images against one reference with a known range).
 * @returns PSNR in dB; +Infinity when the images are identical.
 * @throws EngineError SHAPE_MISMATCH when shapes differ; INVALID_PARAMETER when R ≤ 0.
 *
 * Matches scikit-image `peak_signal_noise_ratio(reference, image, data_range=R)`.
 * Reference: Z. Wang & A. C. Bovik, "Mean squared error: love it or leave it?", IEEE Signal
 * Processing Magazine 26(1):98–117, 2009, doi:10.1109/MSP.2008.930649.
 */
import { z } from "zod";
import { EngineError } from "../errors.js";
import type { Volume } from "../volume.js";
import { assertSameShape, meanSquaredError, referenceRange } from "./compare.js";

export const ZPsnrOptions = z.object({
  dataRange: z.number().positive().finite().optional(),
});
export type TPsnrOptions = z.input<typeof ZPsnrOptions>;

export function psnr(reference: Volume, image: Volume, options: TPsnrOptions = {}): number {
  const o = ZPsnrOptions.parse(options);
  assertSameShape(reference, image, "PSNR");
  const range = o.dataRange ?? referenceRange(reference);
  if (!(range > 0)) {
    throw new EngineError("INVALID_PARAMETER", "PSNR: the reference is constant (max = min), so give dataRange explicitly");
  }
  const mse = meanSquaredError(reference, image);
  return 10 * Math.log10((range * range) / mse);
}
