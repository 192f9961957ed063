/**
 * Gibson & Lanni widefield PSF, with refractive-index mismatch (immersion, coverslip, sample)
 * and particle depth, evaluated by the fast Bessel-series method of Li, Xue & Blu.
 *
 * References:
 * - S. F. Gibson, F. Lanni, "Experimental test of an analytical model of aberration in an
 *   oil-immersion objective lens used in three-dimensional light microscopy", JOSA A 8(10),
 *   1601–1613, 1991, doi:10.1364/JOSAA.8.001601.
 * - J. Li, F. Xue, T. Blu, "Fast and accurate three-dimensional point spread function
 *   computation for fluorescence microscopy", JOSA A 34(6), 1029–1034, 2017,
 *   doi:10.1364/JOSAA.34.001029 (eq. 5; implemented the same way by MicroscPSF and flowdec).
 */
import { z } from "zod";
import type { Volume } from "../volume.js";
import { besselJ0, besselJ1 } from "./special-functions.js";
import { RidgeLeastSquares } from "./least-squares.js";
import { assertNaBelow, parseParams, resolveOptics, ZMicroscopePsfParams, type ResolvedOptics } from "./optics.js";
import { axialSamples, finishPsf, radialGridFor, renderRadial, type RadialGrid } from "./radial-render.js";

/** Numerical settings of the Bessel-series evaluation (Li et al. defaults). */
export const ZGibsonLanniNumerics = z.object({
  /** Number of Bessel basis functions fitting the pupil phase. */
  numBasis: z.number().int().min(10).max(400).default(100),
  /** Pupil samples for the least-squares fit. */
  numSamples: z.number().int().min(100).max(20000).default(1000),
  /** Shortest wavelength the basis is scaled for, nm (436 in Li et al.). */
  minWavelengthNm: z.number().positive().default(436),
});
export type TGibsonLanniNumerics = z.output<typeof ZGibsonLanniNumerics>;

export const ZGibsonLanniParams = ZMicroscopePsfParams.extend(ZGibsonLanniNumerics.shape);
export type TGibsonLanniParams = z.output<typeof ZGibsonLanniParams>;
export type TGibsonLanniParamsInput = z.input<typeof ZGibsonLanniParams>;

/**
 * Intensity profiles I(r_k, z_j) (row j = one defocus z_j, nm; r_k = k·dr) of the Gibson & Lanni
 * model at one wavelength. The stage defocus z changes the immersion layer to ti = ti0 + z − pz·ni/ns.
 * Optical path difference (Li et al., eq. 2), ρ ∈ [0, a] the normalised pupil radius:
 *   W(ρ) = pz√(ns² − NA²ρ²) + ti√(ni² − NA²ρ²) − ti0√(ni0² − NA²ρ²)
 *        + tg√(ng² − NA²ρ²) − tg0√(ng0² − NA²ρ²)
 * with a = min(NA, ns, ni, ni0, ng, ng0)/NA (rays beyond a layer's critical angle do not pass).
 * exp(ikW) is fitted by Σ_m c_m J0(σ_m ρ), σ_m = NA(3m − 2)λmin/λ, and the PSF is
 *   I(r, z) = |Σ_m c_m R_m(r)|², R_m = a[σ_m J1(σ_m a) J0(β a) − β J0(σ_m a) J1(β a)]/(σ_m² − β²),
 * β = k NA r — the closed form of ∫₀ᵃ J0(σ_m ρ) J0(β ρ) ρ dρ. Internal helper.
 */
export function gibsonLanniProfiles(o: ResolvedOptics, wavelengthNm: number, zs: readonly number[], rg: RadialGrid, num: TGibsonLanniNumerics): Float64Array {
  const { na } = o;
  const k = (2 * Math.PI) / wavelengthNm;
  const a = Math.min(na, o.ns, o.ni, o.niDesign, o.ng, o.ngDesign) / na;
  const M = num.numSamples;
  const B = num.numBasis;
  const sigma = new Float64Array(B);
  for (let m = 0; m < B; m++) sigma[m] = (na * (3 * (m + 1) - 2) * num.minWavelengthNm) / wavelengthNm;

  const basis = new Float64Array(M * B);
  const rho = new Float64Array(M);
  for (let i = 0; i < M; i++) {
    rho[i] = (a * i) / (M - 1);
    for (let m = 0; m < B; m++) basis[i * B + m] = besselJ0(sigma[m] * rho[i]);
  }
  // √μ = 1e-9 of the largest column norm: far below the fit residual, but it bounds the
  // coefficients when the basis is over-complete (low NA: σ_m closer than the ρ-resolution).
  const lsq = new RidgeLeastSquares(basis, M, B, 1e-9);

  // z-independent parts of the OPD and the basis integrals R_m(r)
  const sq = (n: number, r: number): number => Math.sqrt(Math.max(0, n * n - na * na * r * r));
  const opdFixed = new Float64Array(M);
  const sqI = new Float64Array(M);
  for (let i = 0; i < M; i++) {
    const p = rho[i];
    sqI[i] = sq(o.ni, p);
    opdFixed[i] =
      o.particleDepthNm * sq(o.ns, p) +
      o.workingDistanceNm * (sqI[i] - sq(o.niDesign, p)) +
      o.coverslipNm * sq(o.ng, p) -
      o.coverslipDesignNm * sq(o.ngDesign, p);
  }
  const { nr, dr } = rg;
  const R = new Float64Array(nr * B);
  const j0s = sigma.map((s) => besselJ0(s * a));
  const j1s = sigma.map((s) => besselJ1(s * a));
  for (let kr = 0; kr < nr; kr++) {
    const beta = k * na * kr * dr;
    const j0b = besselJ0(beta * a);
    const j1b = besselJ1(beta * a);
    for (let m = 0; m < B; m++) {
      const s = sigma[m];
      const den = s * s - beta * beta;
      R[kr * B + m] =
        Math.abs(den) > 1e-9 * s * s
          ? (a * (s * j1s[m] * j0b - beta * j0s[m] * j1b)) / den
          : ((a * a) / 2) * (j0s[m] * j0s[m] + j1s[m] * j1s[m]); // β → σ limit
    }
  }

  // Defocus is measured from the particle's paraxial image plane, not the coverslip's, so a deep
  // particle's PSF stays centred: the ρ² terms of pz·√(ns² − …) and z·√(ni² − …) cancel at
  // z = −pz·ni/ns. What remains is the aberration's own (non-paraxial) focal shift and asymmetry.
  const zShift = (o.particleDepthNm * o.ni) / o.ns;
  const out = new Float64Array(zs.length * nr);
  const re = new Float64Array(M);
  const im = new Float64Array(M);
  zs.forEach((zNm, j) => {
    for (let i = 0; i < M; i++) {
      const w = k * (opdFixed[i] + (zNm - zShift) * sqI[i]);
      re[i] = Math.cos(w);
      im[i] = Math.sin(w);
    }
    const cr = lsq.solve(re);
    const ci = lsq.solve(im);
    for (let kr = 0; kr < nr; kr++) {
      let sr = 0;
      let si = 0;
      const row = kr * B;
      for (let m = 0; m < B; m++) {
        sr += R[row + m] * cr[m];
        si += R[row + m] * ci[m];
      }
      out[j * nr + kr] = sr * sr + si * si;
    }
  });
  return out;
}

/**
 * Gibson & Lanni PSF on a voxel grid.
 * @param params optics (lengths in nm; PSF Generator defaults), grid (shape [nz, ny, nx], pixelNm,
 *   zStepNm, offset, oversampling, radialStepNm, normalise) and the series settings.
 * @returns Volume with voxelSize in nm, source at (nz//2, ny//2, nx//2) + offset, sum 1 by default.
 * @example gibsonLanniPsf({ shape: [8, 16, 16], na: 1.4, wavelengthNm: 610, pixelNm: 100, zStepNm: 250 })
 */
export function gibsonLanniPsf(params: TGibsonLanniParamsInput): Volume {
  const p = parseParams(ZGibsonLanniParams, params, "gibsonLanniPsf");
  assertNaBelow(p.na, p.ni, "immersion");
  const o = resolveOptics(p);
  const rg = radialGridFor(p, p.wavelengthNm / p.na);
  const prof = gibsonLanniProfiles(o, p.wavelengthNm, axialSamples(p), rg, p);
  return finishPsf(p, renderRadial(p, rg, prof).data);
}
