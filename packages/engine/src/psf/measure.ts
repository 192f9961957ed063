/**
 * PSF quality measures: FWHM along x, y, z through the peak, axial asymmetry, lateral
 * ellipticity, and the comparison of a measured PSF with a theoretical one, so a lab can see when
 * its objective or mounting medium drifted.
 *
 * Conventions: the peak is the brightest voxel; profiles are the lines through it. FWHMs use
 * `fwhm1d` (Gaussian fit with half-maximum fallback, see metrics/fwhm.ts) and are reported in
 * pixels and, when the voxel size is known, in nm.
 */
import { z } from "zod";
import { EngineError } from "../errors.js";
import { voxelSizeInNm, type Volume } from "../volume.js";
import { fwhm1d, ZFwhmMethod } from "../metrics/fwhm.js";

export const ZMeasurePsfOptions = z.object({ method: ZFwhmMethod.default("auto") });
export type TMeasurePsfOptions = z.input<typeof ZMeasurePsfOptions>;

export interface PsfMeasurement {
  /** Brightest voxel [z, y, x]. */
  peak: [number, number, number];
  /** Sub-voxel peak position [z, y, x] from the profile fits. */
  centre: [number, number, number];
  /** FWHM in voxels along z, y, x. */
  fwhmPixels: { z: number; y: number; x: number };
  /** FWHM in nm when the voxel size is known. */
  fwhmNm?: { z: number; y: number; x: number };
  /** How each FWHM was obtained. */
  fwhmMethod: { z: string; y: string; x: string };
  /**
   * Axial asymmetry in [−1, 1]: (Σ above − Σ below)/(Σ above + Σ below) of the background-
   * subtracted axial profile over the largest window symmetric about the peak; 0 = symmetric,
   * positive = more light at higher z (e.g. the tail of spherical aberration).
   */
  axialAsymmetry: number;
  /**
   * Lateral ellipticity 1 − √(λmin/λmax) of the second-moment matrix of the peak plane above half
   * maximum (background subtracted); 0 = round, independent of the ellipse's orientation.
   */
  lateralEllipticity: number;
}

function line(v: Volume, axis: 0 | 1 | 2, p: readonly [number, number, number]): Float64Array {
  const [nz, ny, nx] = v.shape;
  const n = v.shape[axis];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z0 = axis === 0 ? i : p[0];
    const y = axis === 1 ? i : p[1];
    const x = axis === 2 ? i : p[2];
    out[i] = v.data[(z0 * ny + y) * nx + x];
  }
  void nz;
  return out;
}

/**
 * Measures a PSF (theoretical or distilled).
 * @param psf volume, any normalisation; a background is tolerated (profiles use their minimum).
 * @returns peak, FWHM (pixels; nm when voxelSize is in a length unit), asymmetry, ellipticity.
 */
export function measurePsf(psf: Volume, options: TMeasurePsfOptions = {}): PsfMeasurement {
  const o = ZMeasurePsfOptions.parse(options);
  const [nz, ny, nx] = psf.shape;
  let arg = 0;
  for (let i = 1; i < psf.data.length; i++) if (psf.data[i] > psf.data[arg]) arg = i;
  if (!(psf.data[arg] > 0)) throw new EngineError("INVALID_PARAMETER", "measurePsf: the PSF has no positive voxel");
  const peak: [number, number, number] = [Math.floor(arg / (ny * nx)), Math.floor(arg / nx) % ny, arg % nx];
  const lz = line(psf, 0, peak);
  const fz = fwhm1d(lz, { method: o.method });
  const fy = fwhm1d(line(psf, 1, peak), { method: o.method });
  const fx = fwhm1d(line(psf, 2, peak), { method: o.method });
  const nm = voxelSizeInNm(psf.voxelSize);

  let bz = Infinity;
  for (const v of lz) bz = Math.min(bz, v);
  const D = Math.min(peak[0], nz - 1 - peak[0]);
  let above = 0;
  let below = 0;
  for (let d = 1; d <= D; d++) {
    above += lz[peak[0] + d] - bz;
    below += lz[peak[0] - d] - bz;
  }
  const axialAsymmetry = above + below > 0 ? (above - below) / (above + below) : 0;

  // second moments of the peak plane above half maximum
  const off = peak[0] * ny * nx;
  let base = Infinity;
  for (let i = 0; i < ny * nx; i++) base = Math.min(base, psf.data[off + i]);
  const half = base + 0.5 * (psf.data[arg] - base);
  let m0 = 0, my = 0, mx = 0;
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const w = psf.data[off + y * nx + x] - base;
    if (psf.data[off + y * nx + x] < half) continue;
    m0 += w; my += w * y; mx += w * x;
  }
  my /= m0; mx /= m0;
  let syy = 0, sxx = 0, sxy = 0;
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    if (psf.data[off + y * nx + x] < half) continue;
    const w = psf.data[off + y * nx + x] - base;
    syy += w * (y - my) ** 2; sxx += w * (x - mx) ** 2; sxy += w * (y - my) * (x - mx);
  }
  const tr = (sxx + syy) / 2;
  const det = Math.sqrt(((sxx - syy) / 2) ** 2 + sxy * sxy);
  const lmax = tr + det;
  const lmin = Math.max(0, tr - det);
  const lateralEllipticity = lmax > 0 ? 1 - Math.sqrt(lmin / lmax) : 0;

  return {
    peak,
    centre: [fz.centre, fy.centre, fx.centre],
    fwhmPixels: { z: fz.fwhm, y: fy.fwhm, x: fx.fwhm },
    ...(nm ? { fwhmNm: { z: fz.fwhm * nm.z, y: fy.fwhm * nm.y, x: fx.fwhm * nm.x } } : {}),
    fwhmMethod: { z: fz.method, y: fy.method, x: fx.method },
    axialAsymmetry,
    lateralEllipticity,
  };
}

export interface PsfComparison {
  /** Pearson correlation of the two PSFs over their common box, aligned on their peaks. */
  pearson: number;
  /** measured / theoretical FWHM along z, y, x (> 1: the measured PSF is wider). */
  fwhmRatio: { z: number; y: number; x: number };
  measured: PsfMeasurement;
  theoretical: PsfMeasurement;
}

/**
 * Compares a measured PSF with the theoretical one for the same microscope profile. Both must
 * have the same voxel size (in practice: generate the theoretical PSF on the measured grid). They
 * are aligned by putting their brightest voxels on top of each other (integer shift), and the
 * Pearson correlation is computed over the overlap.
 * @returns Pearson correlation, FWHM ratios and both measurements.
 */
export function comparePsfs(measured: Volume, theoretical: Volume): PsfComparison {
  const a = measurePsf(measured);
  const b = measurePsf(theoretical);
  const vm = voxelSizeInNm(measured.voxelSize);
  const vt = voxelSizeInNm(theoretical.voxelSize);
  if (vm && vt && (Math.abs(vm.x / vt.x - 1) > 0.01 || Math.abs(vm.z / vt.z - 1) > 0.01)) {
    throw new EngineError("SHAPE_MISMATCH", "comparePsfs: the PSFs have different voxel sizes; generate the theoretical PSF on the measured grid");
  }
  const [mz, my, mx] = measured.shape;
  const [tz, ty, tx] = theoretical.shape;
  const lo = [0, 1, 2].map((d) => Math.min(a.peak[d], b.peak[d]));
  const hi = [0, 1, 2].map((d) => Math.min(measured.shape[d] - a.peak[d], theoretical.shape[d] - b.peak[d]));
  let n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (let dz = -lo[0]; dz < hi[0]; dz++) for (let dy = -lo[1]; dy < hi[1]; dy++) for (let dx = -lo[2]; dx < hi[2]; dx++) {
    const u = measured.data[((a.peak[0] + dz) * my + a.peak[1] + dy) * mx + a.peak[2] + dx];
    const v = theoretical.data[((b.peak[0] + dz) * ty + b.peak[1] + dy) * tx + b.peak[2] + dx];
    n++; sa += u; sb += v; saa += u * u; sbb += v * v; sab += u * v;
  }
  void mz; void tz;
  const cov = sab - (sa * sb) / n;
  const pearson = cov / Math.sqrt((saa - (sa * sa) / n) * (sbb - (sb * sb) / n));
  return {
    pearson,
    fwhmRatio: { z: a.fwhmPixels.z / b.fwhmPixels.z, y: a.fwhmPixels.y / b.fwhmPixels.y, x: a.fwhmPixels.x / b.fwhmPixels.x },
    measured: a,
    theoretical: b,
  };
}
