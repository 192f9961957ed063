/**
 * Resamples a PSF measured or modelled at another voxel size onto the image's voxel grid, by
 * trilinear interpolation. The PSF's centre voxel (floor(n/2)) stays the centre, the new box covers
 * the same physical extent, and the result is renormalised later (normalisePsf) — interpolation
 * does not preserve the sum. Trilinear smooths a PSF sampled much finer than the image only
 * slightly; for large downsampling factors prefer a PSF generated at the image's voxel size.
 */
import type { Volume, VoxelSize } from "../volume.js";
import { voxelSizeInNm } from "../volume.js";

/**
 * @returns the PSF on the image's grid, and whether anything changed (both voxel sizes known in
 * physical units and differing by more than 0.1 %).
 */
export function resamplePsfToImage(psf: Volume, imageVoxel: VoxelSize | undefined): { volume: Volume; resampled: boolean } {
  const a = voxelSizeInNm(psf.voxelSize);
  const b = voxelSizeInNm(imageVoxel);
  if (!a || !b) return { volume: psf, resampled: false };
  // an axis the PSF does not extend along (n = 1, a 2D PSF) has nothing to resample
  const f = [a.z / b.z, a.y / b.y, a.x / b.x].map((r, i) => (psf.shape[i] === 1 ? 1 : r));
  if (f.every((r) => Math.abs(r - 1) < 1e-3) || f.some((r) => !(r > 0) || !Number.isFinite(r))) return { volume: psf, resampled: false };
  const [pz, py, px] = psf.shape;
  // new half-extent in image voxels, keeping the centre voxel at floor(n/2)
  const size = (n: number, r: number) => (n === 1 ? 1 : 2 * Math.max(1, Math.floor((Math.floor(n / 2) * r))) + 1);
  const nz = size(pz, f[0]), ny = size(py, f[1]), nx = size(px, f[2]);
  const out = new Float32Array(nz * ny * nx);
  const cz = Math.floor(pz / 2), cy = Math.floor(py / 2), cx = Math.floor(px / 2);
  const oz = Math.floor(nz / 2), oy = Math.floor(ny / 2), ox = Math.floor(nx / 2);
  const at = (z: number, y: number, x: number) => (z < 0 || y < 0 || x < 0 || z >= pz || y >= py || x >= px ? 0 : psf.data[(z * py + y) * px + x]);
  for (let z = 0; z < nz; z++) {
    const sz = pz === 1 ? 0 : cz + (z - oz) / f[0];
    const z0 = Math.floor(sz), tz = sz - z0;
    for (let y = 0; y < ny; y++) {
      const sy = cy + (y - oy) / f[1];
      const y0 = Math.floor(sy), ty = sy - y0;
      for (let x = 0; x < nx; x++) {
        const sx = cx + (x - ox) / f[2];
        const x0 = Math.floor(sx), tx = sx - x0;
        let v = 0;
        for (let dz = 0; dz < 2; dz++)
          for (let dy = 0; dy < 2; dy++)
            for (let dx = 0; dx < 2; dx++) {
              const w = (dz ? tz : 1 - tz) * (dy ? ty : 1 - ty) * (dx ? tx : 1 - tx);
              if (w !== 0) v += w * at(z0 + dz, y0 + dy, x0 + dx);
            }
        out[(z * ny + y) * nx + x] = v;
      }
    }
  }
  return { volume: { data: out, shape: [nz, ny, nx], ...(imageVoxel ? { voxelSize: imageVoxel } : {}) }, resampled: true };
}
