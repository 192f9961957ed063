/**
 * Building blocks the catalogue methods share, written once against the backend interface:
 * convolution with the OTF, the (masked) residual, the start estimate and the non-circulant
 * Richardson-Lucy normalisation.
 */
import type { BackendSession, RealBuffer, SpectrumBuffer } from "../backend/types.js";
import type { CatalogueContext } from "./iterate.js";
import { extendNearest } from "../preprocess/boundary.js";

/** dst ← h ∗ src (or hᵀ ∗ src, the correlation, with `adjoint`); `spectrum` is scratch. */
export async function applyOtf(session: BackendSession, src: RealBuffer, otf: SpectrumBuffer, dst: RealBuffer, spectrum: SpectrumBuffer, adjoint = false): Promise<void> {
  await session.rfft(src, spectrum);
  await session.multiplySpectrum(spectrum, otf, adjoint);
  await session.irfft(spectrum, dst);
}

/** out ← M·(y − hx) (M = 1 without a mask); returns ‖out‖². out may be hx. */
export async function residual(ctx: CatalogueContext, hx: RealBuffer, out: RealBuffer): Promise<number> {
  const { session } = ctx;
  await session.combine(out, [{ buf: ctx.observed, coef: 1 }, { buf: hx, coef: -1 }]);
  if (ctx.mask) await session.multiplyUpdate(out, ctx.mask, false);
  return session.dot(out, out);
}

/** Margin start floor, relative to the field's mean: multiplicative updates cannot leave 0. */
const MARGIN_FLOOR = 1e-3;

/**
 * The start estimate. "observed": the observed image; in the non-circulant mode the margin
 * (unobserved, y = 0 there) starts as the nearest observed voxel, at least 1e-3 of the field's mean.
 * "mean": flat at the mean of the observed voxels (the field's, with a mask).
 */
export async function initialEstimate(ctx: CatalogueContext, start: "observed" | "mean" = "observed"): Promise<RealBuffer> {
  const { session } = ctx;
  const y = await session.read(ctx.observed);
  const m = ctx.mask ? await session.read(ctx.mask) : undefined;
  if (start === "observed" && !m) return session.createReal(y);
  let s = 0, n = 0;
  for (let i = 0; i < y.length; i++) if (!m || m[i] > 0) { s += y[i]; n++; }
  const mean = n > 0 ? s / n : 0;
  if (start === "mean") return session.createReal(y.fill(mean));
  const mask = m as Float32Array;
  extendNearest(y, mask, session.shape);
  for (let i = 0; i < y.length; i++) if (!(mask[i] > 0) && y[i] < MARGIN_FLOOR * mean) y[i] = MARGIN_FLOOR * mean;
  return session.createReal(y);
}

/** Below this fraction of its maximum, hᵀ∗M is taken as 0: such voxels do not reach the field. */
const WEIGHT_FLOOR = 1e-4;

/**
 * Bertero & Boccacci's normalisation for Richardson-Lucy on a larger field: w = 1/(hᵀ∗M), 0 where
 * hᵀ∗M < 1e-4·max (voxels the observed field does not see); undefined without a mask (w = 1).
 */
export async function richardsonLucyWeights(ctx: CatalogueContext, spectrum: SpectrumBuffer): Promise<RealBuffer | undefined> {
  if (!ctx.mask) return undefined;
  const { session } = ctx;
  const w = await session.createReal();
  await applyOtf(session, ctx.mask, ctx.otf, w, spectrum, true);
  const v = await session.read(w);
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, v[i]);
  for (let i = 0; i < v.length; i++) v[i] = v[i] > WEIGHT_FLOOR * max ? 1 / v[i] : 0;
  await session.write(w, v);
  return w;
}
