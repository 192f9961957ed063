/**
 * Background subtraction before deconvolution. The Poisson model behind Richardson-Lucy assumes
 * the image is blurred signal only; a camera offset or autofluorescence floor left in would be
 * treated as signal and sharpened into ringing.
 */
import type { Volume } from "../volume.js";

/** Percentile used by `auto`: low enough to sit in the background of a sparse fluorescence image. */
export const AUTO_BACKGROUND_PERCENTILE = 1;

/**
 * Estimates the background as the 1st percentile of the voxel values (nearest rank). Robust to
 * hot pixels and to the few dark voxels that noise produces, and cheap.
 * @returns the background value, in the image's intensity units
 */
export function estimateBackground(image: Volume): number {
  const sorted = Float32Array.from(image.data).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((AUTO_BACKGROUND_PERCENTILE / 100) * sorted.length) - 1));
  return sorted[rank];
}

/**
 * Subtracts a constant background (or the `auto` estimate) and clips at 0.
 * @param background value ≥ 0 in intensity units, or "auto" (estimateBackground)
 * @returns the corrected image and the value subtracted
 */
export function subtractBackground(image: Volume, background: number | "auto"): { volume: Volume; background: number } {
  const b = background === "auto" ? estimateBackground(image) : background;
  // nothing to subtract and nothing to clip: share the data rather than hold a second copy
  if (b === 0 && image.data.every((v) => v >= 0)) return { volume: image, background: 0 };
  const out = new Float32Array(image.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = image.data[i] - b;
    out[i] = v > 0 ? v : 0;
  }
  return { volume: { data: out, shape: image.shape, ...(image.voxelSize ? { voxelSize: image.voxelSize } : {}) }, background: b };
}
