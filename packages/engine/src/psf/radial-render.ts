/**
 * Turns a radially symmetric PSF, computed as profiles I(r, z) on a fine radial grid, into a
 * voxel volume integrated over each voxel by oversampling. Internal helper shared by the
 * diffraction models (Born & Wolf, Gibson & Lanni, and those built on them).
 *
 * Geometry: the source sits at voxel (nz//2, ny//2, nx//2) + offset. Voxel i along an axis
 * covers [i − ½, i + ½]; with oversampling s its sub-samples are at i − ½ + (j + ½)/s.
 * Profiles are interpolated linearly in r (as PSF Generator and MicroscPSF do), so the radial
 * step must be fine compared with the PSF's structure (default min(pixel/(2s), λ/(50 NA))).
 */
import { EngineError } from "../errors.js";
import { createVolume, type Volume } from "../volume.js";
import { gridVoxelSize, type TPsfGrid } from "./optics.js";

export interface RadialGrid {
  /** Radial step, nm. */
  dr: number;
  /** Number of radii: r_k = k·dr for k < nr. */
  nr: number;
}

/** Sub-sample offsets inside a voxel, in voxel units relative to its centre. */
export function subOffsets(s: number): number[] {
  return Array.from({ length: s }, (_, j) => -0.5 + (j + 0.5) / s);
}

/**
 * The radial grid covering every sub-sample of the grid, with one spare step for interpolation.
 * @param lambdaOverNaNm the model's shortest λ/NA, nm, which bounds the default step.
 */
export function radialGridFor(g: TPsfGrid, lambdaOverNaNm: number): RadialGrid {
  // default step: fine against both the voxel sub-samples and the PSF's own structure (λ/NA),
  // so linear interpolation of the profile (or of a product of profiles) stays below ~1e-4
  const dr = g.radialStepNm ?? Math.min(g.pixelNm / (2 * g.oversampling), lambdaOverNaNm / 50);
  const extraPixels = 0;
  const [, ny, nx] = g.shape;
  const hy = Math.max(Math.floor(ny / 2), ny - 1 - Math.floor(ny / 2)) + Math.abs(g.offset[1]) + 0.5 + extraPixels;
  const hx = Math.max(Math.floor(nx / 2), nx - 1 - Math.floor(nx / 2)) + Math.abs(g.offset[2]) + 0.5 + extraPixels;
  const rMax = Math.hypot(hy, hx) * g.pixelNm;
  const nr = Math.ceil(rMax / dr) + 2;
  if (nr > 200_000) throw new EngineError("PSF_TOO_LARGE", `radial profile of ${nr} samples: choose a coarser radialStepNm`);
  return { dr, nr };
}

/** Axial sample positions (nm, relative to the source) of every plane's sub-samples, plane-major. */
export function axialSamples(g: TPsfGrid): number[] {
  const nz = g.shape[0];
  const cz = Math.floor(nz / 2) + g.offset[0];
  const subs = subOffsets(g.oversampling);
  const out: number[] = [];
  for (let i = 0; i < nz; i++) for (const s of subs) out.push((i + s - cz) * g.zStepNm);
  return out;
}

/**
 * Renders profiles (one per axial sample of `axialSamples(g)`, each `nr` long, concatenated)
 * onto the voxel grid: per plane, the axial sub-sample profiles are averaged (the rendering is
 * linear, so averaging first is exact), then each voxel averages s×s lateral sub-samples.
 * @param padPixels renders a laterally larger grid (ny + 2p, nx + 2p), e.g. for a later convolution.
 * @returns raw (unnormalised) float64 intensities, Z, Y, X order.
 */
export function renderRadial(g: TPsfGrid, rg: RadialGrid, profiles: Float64Array, padPixels = 0): { data: Float64Array; shape: [number, number, number] } {
  const [nz, ny0, nx0] = g.shape;
  const ny = ny0 + 2 * padPixels;
  const nx = nx0 + 2 * padPixels;
  const s = g.oversampling;
  const cy = Math.floor(ny0 / 2) + g.offset[1] + padPixels;
  const cx = Math.floor(nx0 / 2) + g.offset[2] + padPixels;
  const subs = subOffsets(s);
  const { dr, nr } = rg;
  if (profiles.length !== nz * s * nr) throw new RangeError("renderRadial: profile count does not match the grid");
  const out = new Float64Array(nz * ny * nx);
  const plane = new Float64Array(nr);
  // squared distances per sub-sample column/row, in nm², reused for every plane
  const dy2 = new Float64Array(ny * s);
  const dx2 = new Float64Array(nx * s);
  for (let y = 0; y < ny; y++) for (let j = 0; j < s; j++) dy2[y * s + j] = ((y + subs[j] - cy) * g.pixelNm) ** 2;
  for (let x = 0; x < nx; x++) for (let j = 0; j < s; j++) dx2[x * s + j] = ((x + subs[j] - cx) * g.pixelNm) ** 2;
  const inv = 1 / (s * s);
  for (let z = 0; z < nz; z++) {
    plane.fill(0);
    for (let j = 0; j < s; j++) {
      const off = (z * s + j) * nr;
      for (let k = 0; k < nr; k++) plane[k] += profiles[off + k] / s;
    }
    for (let y = 0; y < ny; y++) {
      const row = (z * ny + y) * nx;
      for (let x = 0; x < nx; x++) {
        let acc = 0;
        for (let jy = 0; jy < s; jy++) {
          const a = dy2[y * s + jy];
          for (let jx = 0; jx < s; jx++) {
            const t = Math.sqrt(a + dx2[x * s + jx]) / dr;
            const k = Math.floor(t);
            const f = t - k;
            acc += k + 1 < nr ? plane[k] * (1 - f) + plane[k + 1] * f : 0;
          }
        }
        out[row + x] = acc * inv;
      }
    }
  }
  return { data: out, shape: [nz, ny, nx] };
}

/**
 * Applies the grid's normalisation ("sum" → sum 1, "max" → max 1, "none") and wraps the result
 * as a Volume with voxelSize in nm.
 */
export function finishPsf(g: TPsfGrid, data: Float64Array): Volume {
  let scale = 1;
  if (g.normalise !== "none") {
    let acc = 0;
    for (let i = 0; i < data.length; i++) acc = g.normalise === "sum" ? acc + data[i] : Math.max(acc, data[i]);
    if (!(acc > 0) || !Number.isFinite(acc)) throw new EngineError("INVALID_PARAMETER", "the PSF is zero or not finite on this grid");
    scale = 1 / acc;
  }
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] * scale;
  return createVolume(out, g.shape, gridVoxelSize(g));
}
