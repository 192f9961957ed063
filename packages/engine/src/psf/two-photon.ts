/**
 * Two-photon excitation PSF: the square of the excitation intensity PSF at the laser wavelength
 * (about twice the one-photon excitation wavelength); detection is non-descanned, so the emission
 * PSF does not enter.   h(r, z) = h_ex(r, z; λ_laser)²
 * The square is taken on the radial profile before the pixel integration.
 *
 * Reference: W. Denk, J. H. Strickler, W. W. Webb, "Two-photon laser scanning fluorescence
 * microscopy", Science 248(4951), 73–76, 1990, doi:10.1126/science.2321027; W. R. Zipfel,
 * R. M. Williams, W. W. Webb, Nat. Biotechnol. 21, 1369–1377, 2003, doi:10.1038/nbt899.
 */
import type { z } from "zod";
import type { Volume } from "../volume.js";
import { parseParams } from "./optics.js";
import { axialSamples, finishPsf, radialGridFor, renderRadial } from "./radial-render.js";
import { widefieldProfiles, ZCompositeBaseParams } from "./widefield-profiles.js";

export const ZTwoPhotonParams = ZCompositeBaseParams;
export type TTwoPhotonParamsInput = z.input<typeof ZTwoPhotonParams>;

/**
 * Two-photon PSF on a voxel grid.
 * @param params optics and grid as for gibsonLanniPsf; excitationWavelengthNm is the laser
 *   wavelength (e.g. 920 nm); when absent, 2 × wavelengthNm (emission) is used.
 * @returns Volume with voxelSize in nm, centred at (nz//2, ny//2, nx//2) + offset, sum 1 by default.
 */
export function twoPhotonPsf(params: TTwoPhotonParamsInput): Volume {
  const p = parseParams(ZTwoPhotonParams, params, "twoPhotonPsf");
  const laser = p.excitationWavelengthNm ?? 2 * p.wavelengthNm;
  const rg = radialGridFor(p, laser / p.na);
  const prof = widefieldProfiles(p, laser, axialSamples(p), rg);
  for (let i = 0; i < prof.length; i++) prof[i] *= prof[i];
  return finishPsf(p, renderRadial(p, rg, prof).data);
}
