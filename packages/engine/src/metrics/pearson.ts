/**
 * Pearson correlation coefficient between the voxels of two volumes:
 *
 *   r = Σ(a − ā)(b − b̄) / sqrt(Σ(a − ā)² · Σ(b − b̄)²)
 *
 * Insensitive to the intensity scale and offset of the image, so it compares structure when the
 * deconvolved image's units differ from the reference's.
 *
 * @param reference first volume (Z×Y×X).
 * @param image second volume, same shape.
 * @returns r in [−1, 1]; NaN when either volume is constant (correlation undefined).
 * @throws EngineError SHAPE_MISMATCH when shapes differ.
 *
 * Computed in two passes in double precision (means first) to avoid the cancellation of the
 * one-pass formula on large, bright volumes. Matches numpy.corrcoef / scipy.stats.pearsonr.
 * Reference: K. Pearson, "Notes on regression and inheritance in the case of two parents",
 * Proceedings of the Royal Society of London 58:240–242, 1895, doi:10.1098/rspl.1895.0041.
 */
import type { Volume } from "../volume.js";
import { assertSameShape } from "./compare.js";

export function pearson(reference: Volume, image: Volume): number {
  assertSameShape(reference, image, "Pearson correlation");
  const a = reference.data;
  const b = image.data;
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return NaN;
  return sab / Math.sqrt(saa * sbb);
}
