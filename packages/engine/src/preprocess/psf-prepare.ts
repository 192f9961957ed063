/**
 * Puts a PSF into the form the FFT convention (src/fft/convention.ts) expects: centred in its box,
 * summing to 1, and the size of the working volume.
 */
import { EngineError } from "../errors.js";
import { formatShape, type Shape3, type Volume } from "../volume.js";

/**
 * Shifts the PSF (by whole voxels, zero fill) so that its peak, or its centroid rounded to the
 * nearest voxel, lands on the box centre (floor(n/2) on each axis).
 * @returns the shifted PSF and the shift applied [dz, dy, dx] in voxels
 */
export function centrePsf(psf: Volume, mode: "none" | "peak" | "centroid"): { volume: Volume; shift: [number, number, number] } {
  const [nz, ny, nx] = psf.shape;
  if (mode === "none") return { volume: psf, shift: [0, 0, 0] };
  let cz = 0, cy = 0, cx = 0;
  if (mode === "peak") {
    let best = -Infinity, bi = 0;
    for (let i = 0; i < psf.data.length; i++) if (psf.data[i] > best) { best = psf.data[i]; bi = i; }
    cz = Math.floor(bi / (ny * nx)); cy = Math.floor(bi / nx) % ny; cx = bi % nx;
  } else {
    let s = 0, sz = 0, sy = 0, sx = 0;
    for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
      const v = Math.max(0, psf.data[(z * ny + y) * nx + x]);
      s += v; sz += v * z; sy += v * y; sx += v * x;
    }
    if (s > 0) { cz = Math.round(sz / s); cy = Math.round(sy / s); cx = Math.round(sx / s); }
    else { cz = Math.floor(nz / 2); cy = Math.floor(ny / 2); cx = Math.floor(nx / 2); }
  }
  const shift: [number, number, number] = [Math.floor(nz / 2) - cz, Math.floor(ny / 2) - cy, Math.floor(nx / 2) - cx];
  if (shift[0] === 0 && shift[1] === 0 && shift[2] === 0) return { volume: psf, shift };
  const out = new Float32Array(psf.data.length);
  for (let z = 0; z < nz; z++) {
    const sz = z - shift[0];
    if (sz < 0 || sz >= nz) continue;
    for (let y = 0; y < ny; y++) {
      const sy = y - shift[1];
      if (sy < 0 || sy >= ny) continue;
      for (let x = 0; x < nx; x++) {
        const sx = x - shift[2];
        if (sx >= 0 && sx < nx) out[(z * ny + y) * nx + x] = psf.data[(sz * ny + sy) * nx + sx];
      }
    }
  }
  return { volume: { ...psf, data: out }, shift };
}

/** Scales the PSF to sum 1 so deconvolution preserves total intensity. Errors when the sum is not positive. */
export function normalisePsf(psf: Volume): Volume {
  let s = 0;
  for (let i = 0; i < psf.data.length; i++) s += psf.data[i];
  if (!(s > 0) || !Number.isFinite(s)) throw new EngineError("INVALID_PARAMETER", `psf: the PSF must have a positive, finite sum (got ${s})`);
  const out = new Float32Array(psf.data.length);
  for (let i = 0; i < out.length; i++) out[i] = psf.data[i] / s;
  return { ...psf, data: out };
}

/**
 * Refuses (or with `crop`, centre-crops) a PSF larger than the image on any axis.
 * @throws EngineError "PSF_TOO_LARGE"
 */
export function checkPsfFits(psf: Volume, imageShape: Shape3, crop: boolean): Volume {
  const fits = psf.shape.every((n, i) => n <= imageShape[i]);
  if (fits) return psf;
  if (!crop) {
    throw new EngineError(
      "PSF_TOO_LARGE",
      `The PSF (${formatShape(psf.shape)}) is larger than the image (${formatShape(imageShape)}) on at least one axis; crop the PSF or pass cropPsf: true to crop it around its centre.`,
    );
  }
  const target = psf.shape.map((n, i) => Math.min(n, imageShape[i])) as unknown as Shape3;
  return placeCentred(psf, target);
}

/**
 * Copies the PSF into a box of `shape` so that its centre voxel (floor(n/2)) lands on the new box's
 * centre; parts outside are dropped, the rest is zero.
 */
export function placeCentred(psf: Volume, shape: Shape3): Volume {
  const [pz, py, px] = psf.shape;
  const [nz, ny, nx] = shape;
  const out = new Float32Array(nz * ny * nx);
  const oz = Math.floor(nz / 2) - Math.floor(pz / 2), oy = Math.floor(ny / 2) - Math.floor(py / 2), ox = Math.floor(nx / 2) - Math.floor(px / 2);
  for (let z = 0; z < pz; z++) {
    const tz = z + oz;
    if (tz < 0 || tz >= nz) continue;
    for (let y = 0; y < py; y++) {
      const ty = y + oy;
      if (ty < 0 || ty >= ny) continue;
      for (let x = 0; x < px; x++) {
        const tx = x + ox;
        if (tx >= 0 && tx < nx) out[(tz * ny + ty) * nx + tx] = psf.data[(z * py + y) * px + x];
      }
    }
  }
  return { data: out, shape: [nz, ny, nx] };
}

/** Moves voxel (floor(nz/2), floor(ny/2), floor(nx/2)) to (0, 0, 0), circularly (numpy's ifftshift). */
export function ifftshift(v: Volume): Float32Array {
  const [nz, ny, nx] = v.shape;
  const out = new Float32Array(v.data.length);
  const cz = Math.floor(nz / 2), cy = Math.floor(ny / 2), cx = Math.floor(nx / 2);
  for (let z = 0; z < nz; z++) {
    const tz = (z - cz + nz) % nz;
    for (let y = 0; y < ny; y++) {
      const ty = (y - cy + ny) % ny;
      for (let x = 0; x < nx; x++) out[(tz * ny + ty) * nx + ((x - cx + nx) % nx)] = v.data[(z * ny + y) * nx + x];
    }
  }
  return out;
}

/**
 * The OTF's input in one pass and one allocation: the PSF scaled to sum 1, placed centred in the
 * working shape and ifftshift-ed (equal to ifftshift(placeCentred(normalisePsf(psf), shape))).
 * Saves two working-size temporaries on large volumes.
 */
export function psfForOtf(psf: Volume, shape: Shape3): Float32Array {
  let sum = 0;
  for (let i = 0; i < psf.data.length; i++) sum += psf.data[i];
  if (!(sum > 0) || !Number.isFinite(sum)) throw new EngineError("INVALID_PARAMETER", `psf: the PSF must have a positive, finite sum (got ${sum})`);
  const [pz, py, px] = psf.shape;
  const [nz, ny, nx] = shape;
  const out = new Float32Array(nz * ny * nx);
  // PSF voxel p sits at p − floor(pn/2) relative to the centre, which goes to index 0 (mod n)
  const wrap = (d: number, n: number) => ((d % n) + n) % n;
  for (let z = 0; z < pz; z++) {
    const dz = z - Math.floor(pz / 2);
    if (dz < -Math.floor(nz / 2) || dz >= nz - Math.floor(nz / 2)) continue;
    const tz = wrap(dz, nz);
    for (let y = 0; y < py; y++) {
      const dy = y - Math.floor(py / 2);
      if (dy < -Math.floor(ny / 2) || dy >= ny - Math.floor(ny / 2)) continue;
      const ty = wrap(dy, ny);
      for (let x = 0; x < px; x++) {
        const dx = x - Math.floor(px / 2);
        if (dx < -Math.floor(nx / 2) || dx >= nx - Math.floor(nx / 2)) continue;
        out[(tz * ny + ty) * nx + wrap(dx, nx)] = psf.data[(z * py + y) * px + x] / sum;
      }
    }
  }
  return out;
}
