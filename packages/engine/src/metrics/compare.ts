/**
 * Shared checks for full-reference metrics (internal): same shape, and the reference's range.
 */
import { EngineError } from "../errors.js";
import { formatShape, type Volume } from "../volume.js";

export function assertSameShape(reference: Volume, image: Volume, metric: string): void {
  const a = reference.shape;
  const b = image.shape;
  if (a[0] !== b[0] || a[1] !== b[1] || a[2] !== b[2]) {
    throw new EngineError(
      "SHAPE_MISMATCH",
      `${metric}: the image is ${formatShape(b)} but the reference is ${formatShape(a)} (Z×Y×X); they must match voxel for voxel`,
    );
  }
}

/** max − min of the reference, the default data range of PSNR and SSIM. */
export function referenceRange(reference: Volume): number {
  let min = Infinity;
  let max = -Infinity;
  const d = reference.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max - min;
}

/** Mean squared difference, accumulated in double precision. */
export function meanSquaredError(reference: Volume, image: Volume): number {
  const a = reference.data;
  const b = image.data;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return s / a.length;
}
