/**
 * Blind deconvolution by alternating Richardson-Lucy updates of the object and of the PSF
 * ("blind-rl").
 *
 * Forward model y ~ Poisson(M·(h ∗ x)) with both x and h unknown, h ≥ 0, Σh = 1, h zero outside
 * a support S (the box of the PSF given, centred). Each blind iteration does `objectIterations`
 * Richardson-Lucy updates of the object with the current PSF, then `psfIterations` of the PSF
 * with the current object (the roles of x and h swap):
 *     x ← x · w · hᵀ ∗ (M·y / max(h ∗ x, ε))
 *     h ← P_S( h · x̃ ∗ (M·y / max(h ∗ x, ε)) ),   P_S: zero outside S, max(·, 0), then Σh = 1,
 * x̃ the mirrored object (correlation); Σx normalisation of the PSF step is absorbed by P_S.
 * ε = 1e-6, w as in richardson-lucy-accelerated.ts. The PSF projection runs on the host between
 * backend calls (one read and one write of the PSF per PSF update). The objective reported is
 * the I-divergence over the field at the estimate entering the object updates.
 *
 * The alternation is biased: a PSF update from an object that still holds some blur explains
 * that blur away with a narrower PSF, and repeated short cycles drift to the trivial pair
 * (h = δ, x = y). So each cycle first brings the object close to convergence (many object
 * updates), then moves the PSF a little (few updates), for few cycles: on beads blurred by a
 * Gaussian, started 30 % too wide, 2 cycles of 200 + 2 recover the FWHM to ~5 %, while 20 cycles
 * of 20 + 1 collapse it to ~1.4 voxels (test/algorithms/catalogue/blind.test.ts).
 *
 * Parameters: objectIterations (1–10000, default 200) and psfIterations (1–1000, default 2) per
 * blind iteration; the stopping rules (on blind iterations, default 2; the relative change is the
 * object's). Returns the object estimate and the PSF (working shape, origin-centred like the
 * OTF's input).
 *
 * References: D. A. Fish, A. M. Brinicombe, E. R. Pike, J. G. Walker, "Blind deconvolution by
 * means of the Richardson-Lucy algorithm", J. Opt. Soc. Am. A 12(1), 58–65 (1995),
 * DOI 10.1364/JOSAA.12.000058; G. R. Ayers, J. C. Dainty, Opt. Lett. 13(7), 547–549 (1988),
 * DOI 10.1364/OL.13.000547.
 */
import type { Shape3 } from "../volume.js";
import type { RealBuffer } from "../backend/types.js";
import type { AlgorithmResult } from "./context.js";
import { iterate, type CatalogueContext, type StoppingRule } from "./iterate.js";
import { applyOtf, initialEstimate, richardsonLucyWeights } from "./operators.js";
import { marginOf, richardsonLucyCorrection } from "./richardson-lucy-accelerated.js";
import { RL_EPSILON } from "./richardson-lucy.js";

export interface BlindContext extends CatalogueContext {
  /** The initial PSF in the working shape, ifftshift-ed (the OTF's input); ctx.otf is its transform and is overwritten. */
  psf: RealBuffer;
  /** The PSF box [nz, ny, nx] given by the caller: the support S, centred on the origin. */
  psfBox: Shape3;
}

export interface BlindResult extends AlgorithmResult {
  /** The estimated PSF in the working shape, origin-centred (sum 1). */
  psf: Float32Array;
}

/** 1 where a voxel of the origin-centred working volume lies inside the centred box, else 0. */
export function supportMask(shape: Shape3, box: Shape3): Uint8Array {
  const [nz, ny, nx] = shape;
  const out = new Uint8Array(nz * ny * nx);
  const inside = (i: number, n: number, b: number) => {
    const d = i <= n / 2 ? i : i - n; // signed offset from the origin
    const c = Math.floor(Math.min(b, n) / 2);
    return d >= -c && d < Math.min(b, n) - c;
  };
  for (let z = 0; z < nz; z++) {
    if (!inside(z, nz, box[0])) continue;
    for (let y = 0; y < ny; y++) {
      if (!inside(y, ny, box[1])) continue;
      for (let x = 0; x < nx; x++) if (inside(x, nx, box[2])) out[(z * ny + y) * nx + x] = 1;
    }
  }
  return out;
}

export async function blindRichardsonLucy(ctx: BlindContext, o: StoppingRule & { objectIterations: number; psfIterations: number }): Promise<BlindResult> {
  const { session } = ctx;
  const spectrum = await session.createSpectrum();
  const objectSpectrum = await session.createSpectrum();
  const outside = await marginOf(ctx);
  const support = supportMask(session.shape, ctx.psfBox);
  const x = await initialEstimate(ctx);
  const tmp = await session.createReal();
  const xOld = await session.createReal();
  const h = ctx.psf;
  let h64 = await session.read(h);
  const r = await iterate(ctx, o, async () => {
    // the Bertero-Boccacci weights depend on the PSF, so they follow it
    const parts = { spectrum, weights: await richardsonLucyWeights(ctx, spectrum), outside };
    await session.combine(xOld, [{ buf: x, coef: 1 }]);
    let objective = 0;
    for (let j = 0; j < o.objectIterations; j++) {
      const d = await richardsonLucyCorrection(ctx, x, tmp, parts);
      if (j === 0) objective = d;
      await session.multiplyUpdate(x, tmp, true);
    }
    for (let j = 0; j < o.psfIterations; j++) {
      await session.rfft(x, objectSpectrum);
      await applyOtf(session, h, objectSpectrum, tmp, spectrum);
      await session.divide(ctx.observed, tmp, tmp, RL_EPSILON);
      await applyOtf(session, tmp, objectSpectrum, tmp, spectrum, true);
      await session.multiplyUpdate(h, tmp, true);
      h64 = await session.read(h);
      let s = 0;
      for (let i = 0; i < h64.length; i++) {
        if (!support[i] || !(h64[i] > 0)) h64[i] = 0;
        s += h64[i];
      }
      if (s > 0) for (let i = 0; i < h64.length; i++) h64[i] /= s;
      await session.write(h, h64);
      await session.rfft(h, ctx.otf);
    }
    await session.combine(tmp, [{ buf: x, coef: 1 }, { buf: xOld, coef: -1 }]);
    return { objective, changeSq: await session.dot(tmp, tmp), normSq: await session.dot(xOld, xOld) };
  });
  return { estimate: x, ...r, psf: h64 };
}

/** Cuts the centred box `box` out of an origin-centred working volume (the inverse of placeCentred + ifftshift). */
export function psfBoxFromWorking(data: Float32Array, shape: Shape3, box: Shape3): Float32Array {
  const [nz, ny, nx] = shape;
  const b: Shape3 = [Math.min(box[0], nz), Math.min(box[1], ny), Math.min(box[2], nx)];
  const out = new Float32Array(b[0] * b[1] * b[2]);
  const c = b.map((n) => Math.floor(n / 2));
  const wrap = (i: number, n: number) => ((i % n) + n) % n;
  for (let z = 0; z < b[0]; z++)
    for (let y = 0; y < b[1]; y++)
      for (let x = 0; x < b[2]; x++)
        out[(z * b[1] + y) * b[2] + x] = data[(wrap(z - c[0], nz) * ny + wrap(y - c[1], ny)) * nx + wrap(x - c[2], nx)];
  return out;
}
