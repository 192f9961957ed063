/**
 * Light-sheet PSF: the detection objective's widefield PSF times the sheet's axial intensity
 * profile, a Gaussian in z (the detection axis), taken as uniform along the field of view (the
 * sheet's divergence over the PSF's extent is neglected).
 *
 *   h(x, y, z) = h_det(r, z; λ_em) · exp(−4 ln 2 · z² / FWHM_sheet²)
 *
 * The sheet FWHM is given directly, or from the illumination NA as a Gaussian beam:
 * waist w0 = λ_ex/(π NA_ill), intensity exp(−2z²/w0²), FWHM = w0 √(2 ln 2).
 *
 * Reference: J. Huisken, J. Swoger, F. Del Bene, J. Wittbrodt, E. H. K. Stelzer, "Optical
 * sectioning deep inside live embryos by selective plane illumination microscopy", Science
 * 305(5686), 1007–1009, 2004, doi:10.1126/science.1100035; Engelbrecht & Stelzer, Opt. Lett.
 * 31(10), 1477–1479, 2006, doi:10.1364/OL.31.001477 (resolution of light-sheet systems).
 */
import { z } from "zod";
import type { Volume } from "../volume.js";
import { parseParams } from "./optics.js";
import { axialSamples, finishPsf, radialGridFor, renderRadial } from "./radial-render.js";
import { widefieldProfiles, ZCompositeBaseParams } from "./widefield-profiles.js";

export const ZLightSheetParams = ZCompositeBaseParams.extend({
  /** Sheet thickness as the FWHM of its axial intensity profile, nm. Overrides sheetNa. */
  sheetFwhmNm: z.number().positive().optional(),
  /** Illumination NA forming the sheet (Gaussian beam), used when sheetFwhmNm is absent. Default 0.1. */
  sheetNa: z.number().positive().max(1).default(0.1),
});
export type TLightSheetParamsInput = z.input<typeof ZLightSheetParams>;

/** FWHM (nm) of a Gaussian sheet formed with illumination NA at wavelength λ (nm). */
export function sheetFwhmFromNa(sheetNa: number, wavelengthNm: number): number {
  return (wavelengthNm / (Math.PI * sheetNa)) * Math.sqrt(2 * Math.LN2);
}

/**
 * Light-sheet PSF on a voxel grid.
 * @param params optics and grid as for gibsonLanniPsf; sheetFwhmNm, or sheetNa with
 *   excitationWavelengthNm (default: the emission wavelength).
 * @returns Volume with voxelSize in nm, centred at (nz//2, ny//2, nx//2) + offset, sum 1 by default.
 */
export function lightSheetPsf(params: TLightSheetParamsInput): Volume {
  const p = parseParams(ZLightSheetParams, params, "lightSheetPsf");
  const fwhm = p.sheetFwhmNm ?? sheetFwhmFromNa(p.sheetNa, p.excitationWavelengthNm ?? p.wavelengthNm);
  const rg = radialGridFor(p, p.wavelengthNm / p.na);
  const zs = axialSamples(p);
  const prof = widefieldProfiles(p, p.wavelengthNm, zs, rg);
  zs.forEach((zNm, j) => {
    const s = Math.exp((-4 * Math.LN2 * zNm * zNm) / (fwhm * fwhm));
    for (let k = 0; k < rg.nr; k++) prof[j * rg.nr + k] *= s;
  });
  return finishPsf(p, renderRadial(p, rg, prof).data);
}
