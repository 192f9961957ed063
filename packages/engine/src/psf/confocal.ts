/**
 * Point-scanning confocal PSF: excitation PSF × (emission PSF laterally convolved with the
 * pinhole disc), both from a widefield model (Gibson & Lanni by default, or Born & Wolf).
 *
 *   h(r, z) = h_ex(r, z; λ_ex) · [h_em(·, z; λ_em) ⊛_xy disc_P](r)
 *
 * The pinhole diameter P is given in Airy units projected into the sample: 1 AU = 1.22 λ_em/NA.
 * The disc convolution of a radially symmetric profile is again radially symmetric, so it is done
 * once per plane on the radial grid, by a fixed linear operator (polar quadrature over the disc
 * with linear interpolation in r), before the pixel integration; multiplying the profiles before
 * integrating over the voxel keeps the product exact at any pixel size. pinholeAu = 0 is the ideal
 * point pinhole (h = h_ex·h_em).
 *
 * Reference: T. Wilson, "Resolution and optical sectioning in the confocal microscope",
 * J. Microsc. 244(2), 113–121, 2011, doi:10.1111/j.1365-2818.2011.03549.x.
 */
import { z } from "zod";
import type { Volume } from "../volume.js";
import { parseParams } from "./optics.js";
import { axialSamples, finishPsf, radialGridFor, renderRadial, type RadialGrid } from "./radial-render.js";
import { widefieldProfiles, ZCompositeBaseParams } from "./widefield-profiles.js";

export const ZConfocalParams = ZCompositeBaseParams.extend({
  /** Pinhole diameter in Airy units (1 AU = 1.22 λ_em/NA in the sample). Default 1. */
  pinholeAu: z.number().min(0).max(20).default(1),
});
export type TConfocalParamsInput = z.input<typeof ZConfocalParams>;

/**
 * Sparse operator mapping a radial profile f(r_k) (k < nIn) to (f ⊛ disc_R)(r_i) (i < nOut),
 * with the disc of radius R (nm). Rows are normalised to the disc area. Internal.
 */
export function discConvolutionOperator(rg: RadialGrid, nIn: number, nOut: number, radiusNm: number): { cols: Int32Array; weights: Float64Array; band: number } {
  const { dr } = rg;
  const band = Math.ceil(radiusNm / dr) + 2;
  const width = 2 * band + 1;
  const cols = new Int32Array(nOut * width);
  const weights = new Float64Array(nOut * width);
  const ns = Math.max(8, 2 * Math.ceil(radiusNm / dr));
  const nphi = 64;
  const ds = radiusNm / ns;
  const dphi = Math.PI / nphi;
  for (let i = 0; i < nOut; i++) {
    const r = i * dr;
    const row = i * width;
    for (let j = 0; j < width; j++) cols[row + j] = Math.min(nIn - 1, Math.max(0, i - band + j));
    let total = 0;
    for (let a = 0; a < ns; a++) {
      const s = (a + 0.5) * ds;
      for (let b = 0; b < nphi; b++) {
        const phi = (b + 0.5) * dphi;
        const rho = Math.sqrt(Math.max(0, r * r + s * s - 2 * r * s * Math.cos(phi)));
        const t = rho / dr;
        const k = Math.floor(t);
        const f = t - k;
        const w = s; // area element s ds dφ (constant factors dropped: rows are normalised below)
        const j0 = k - (i - band);
        if (j0 >= 0 && j0 + 1 < width && k + 1 < nIn) {
          weights[row + j0] += w * (1 - f);
          weights[row + j0 + 1] += w * f;
        }
        total += w;
      }
    }
    for (let j = 0; j < width; j++) weights[row + j] /= total;
  }
  return { cols, weights, band };
}

/**
 * Confocal PSF on a voxel grid.
 * @param params optics and grid as for gibsonLanniPsf, plus excitationWavelengthNm (default: the
 *   emission wavelength, i.e. Stokes shift ignored), pinholeAu (default 1), base model.
 * @returns Volume with voxelSize in nm, centred at (nz//2, ny//2, nx//2) + offset, sum 1 by default.
 * @example confocalPsf({ shape: [32, 64, 64], na: 1.4, wavelengthNm: 520, excitationWavelengthNm: 488, pinholeAu: 1 })
 */
export function confocalPsf(params: TConfocalParamsInput): Volume {
  const p = parseParams(ZConfocalParams, params, "confocalPsf");
  const lambdaEx = p.excitationWavelengthNm ?? p.wavelengthNm;
  const rg = radialGridFor(p, Math.min(lambdaEx, p.wavelengthNm) / p.na);
  const zs = axialSamples(p);
  const ex = widefieldProfiles(p, lambdaEx, zs, rg);
  const radius = (0.5 * p.pinholeAu * 1.22 * p.wavelengthNm) / p.na;
  const nr = rg.nr;
  const out = new Float64Array(ex.length);
  if (radius < rg.dr / 4) {
    const em = widefieldProfiles(p, p.wavelengthNm, zs, rg);
    for (let i = 0; i < out.length; i++) out[i] = ex[i] * em[i];
  } else {
    const nIn = nr + Math.ceil(radius / rg.dr) + 3;
    const em = widefieldProfiles(p, p.wavelengthNm, zs, { dr: rg.dr, nr: nIn });
    const op = discConvolutionOperator(rg, nIn, nr, radius);
    const width = 2 * op.band + 1;
    zs.forEach((_, j) => {
      for (let i = 0; i < nr; i++) {
        let acc = 0;
        for (let c = 0; c < width; c++) acc += op.weights[i * width + c] * em[j * nIn + op.cols[i * width + c]];
        out[j * nr + i] = ex[j * nr + i] * acc;
      }
    });
  }
  return finishPsf(p, renderRadial(p, rg, out).data);
}
