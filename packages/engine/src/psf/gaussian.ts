/**
 * Gaussian PSF: separable, exactly integrated over each voxel.
 *
 * Reference for the optics-derived widths: B. Zhang, J. Zerubia, J.-C. Olivo-Marin,
 * "Gaussian approximations of fluorescence microscope point-spread function models",
 * Applied Optics 46(10), 1819–1829, 2007, doi:10.1364/AO.46.001819 (Table 1, widefield,
 * non-paraxial).
 */
import { z } from "zod";
import { EngineError } from "../errors.js";
import { createVolume, type Volume } from "../volume.js";
import { gaussianMassBetween } from "./special-functions.js";
import { assertNaBelow, parseParams, ZMicroscopePsfParams, type TMicroscopePsfParamsInput } from "./optics.js";

const positiveInt = z.number().int().min(1).max(4096);

export const ZGaussianPsfParams = z.object({
  /** Output size [nz, ny, nx] in voxels. */
  shape: z.tuple([positiveInt, positiveInt, positiveInt]),
  /** Lateral standard deviation, pixels. */
  sigmaXY: z.number().positive(),
  /** Axial standard deviation, planes. */
  sigmaZ: z.number().positive(),
  /** Optional voxel size to attach to the result (e.g. { z: 250, y: 100, x: 100, unit: "nm" }). */
  voxelSize: z.object({ z: z.number().positive(), y: z.number().positive(), x: z.number().positive(), unit: z.string() }).optional(),
  /** Source position relative to voxel (nz//2, ny//2, nx//2), voxels [dz, dy, dx]. */
  offset: z.tuple([z.number(), z.number(), z.number()]).default([0, 0, 0]),
});
export type TGaussianPsfParams = z.output<typeof ZGaussianPsfParams>;
export type TGaussianPsfParamsInput = z.input<typeof ZGaussianPsfParams>;

/** Per-axis voxel weights: the mass of N(c, σ) inside [i − ½, i + ½]. */
function axisWeights(n: number, sigma: number, offset: number): Float64Array {
  const w = new Float64Array(n);
  const c = Math.floor(n / 2) + offset;
  for (let i = 0; i < n; i++) w[i] = gaussianMassBetween(i - c - 0.5, i - c + 0.5, sigma);
  return w;
}

/**
 * 3D Gaussian PSF, h(z, y, x) ∝ ∫_voxel exp(−(x²+y²)/(2σxy²) − z²/(2σz²)), integrated over each
 * voxel with the error function (so a sub-pixel σ still gives the right voxel masses, unlike
 * point sampling), centred on voxel (nz//2, ny//2, nx//2) plus `offset`, normalised to sum 1.
 *
 * @param params.shape [nz, ny, nx] voxels.
 * @param params.sigmaXY lateral standard deviation in pixels; params.sigmaZ axial in planes.
 * @returns Volume of the given shape, sum 1, carrying `voxelSize` when given.
 * @example gaussianPsf({ shape: [9, 33, 33], sigmaXY: 1.2, sigmaZ: 2 })
 */
export function gaussianPsf(params: TGaussianPsfParamsInput): Volume {
  const p = parseParams(ZGaussianPsfParams, params, "gaussianPsf");
  const [nz, ny, nx] = p.shape;
  const wz = axisWeights(nz, p.sigmaZ, p.offset[0]);
  const wy = axisWeights(ny, p.sigmaXY, p.offset[1]);
  const wx = axisWeights(nx, p.sigmaXY, p.offset[2]);
  const sum = wz.reduce((a, b) => a + b, 0) * wy.reduce((a, b) => a + b, 0) * wx.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) throw new EngineError("INVALID_PARAMETER", "gaussianPsf: the Gaussian lies entirely outside the grid");
  const data = new Float32Array(nz * ny * nx);
  for (let z0 = 0; z0 < nz; z0++) {
    for (let y = 0; y < ny; y++) {
      const wzy = (wz[z0] * wy[y]) / sum;
      const row = (z0 * ny + y) * nx;
      for (let x = 0; x < nx; x++) data[row + x] = wzy * wx[x];
    }
  }
  return createVolume(data, [nz, ny, nx], p.voxelSize);
}

export const ZGaussianOptics = z.object({
  na: z.number().positive().max(1.7),
  /** Emission wavelength in vacuum, nm. */
  wavelengthNm: z.number().positive(),
  /** Immersion refractive index (the medium the cone of light of half-angle asin(NA/n) is in). */
  ni: z.number().min(1).max(2).default(1.5),
});
export type TGaussianOpticsInput = z.input<typeof ZGaussianOptics>;

/**
 * Widefield Gaussian widths from the optics, Zhang, Zerubia & Olivo-Marin 2007, Table 1
 * (non-paraxial widefield), with k = 2π/λ and α = asin(NA/n):
 *   σr = (1/(n k)) · [(4 − 7c^{3/2} + 3c^{7/2}) / (7(1 − c^{3/2}))]^{−1/2},  c = cos α
 *   σz = 5√7 (1 − c^{3/2}) / (√6 n k [4c⁵ − 25c^{7/2} + 42c^{5/2} − 25c^{3/2} + 4]^{1/2})
 * which tend to the paraxial σr = √2/(k NA), σz = 2√6 n/(k NA²) at small NA.
 * @returns standard deviations in nm.
 */
export function gaussianSigmasNm(optics: TGaussianOpticsInput): { sigmaXYNm: number; sigmaZNm: number } {
  const o = parseParams(ZGaussianOptics, optics, "gaussianSigmasNm");
  assertNaBelow(o.na, o.ni, "immersion");
  const k = (2 * Math.PI) / o.wavelengthNm;
  const n = o.ni;
  const c = Math.cos(Math.asin(o.na / n));
  const c15 = c ** 1.5;
  const c25 = c ** 2.5;
  const c35 = c ** 3.5;
  const sigmaXYNm = (1 / (n * k)) * ((4 - 7 * c15 + 3 * c35) / (7 * (1 - c15))) ** -0.5;
  const sigmaZNm = (5 * Math.sqrt(7) * (1 - c15)) / (Math.sqrt(6) * n * k * Math.sqrt(4 * c ** 5 - 25 * c35 + 42 * c25 - 25 * c15 + 4));
  return { sigmaXYNm, sigmaZNm };
}

/**
 * Gaussian PSF on a microscope grid, widths from `gaussianSigmasNm` (NA, emission wavelength,
 * immersion index), converted to pixels with the grid's pixel size and z-step. The voxel
 * integration is exact (error function), so `oversampling` is not used; `normalise` "max" or
 * "none" (here the same as "sum": the Gaussian has no other natural scale) is honoured.
 * @returns Volume with voxelSize in nm, sum 1 (or max 1).
 */
export function gaussianPsfFromOptics(params: TMicroscopePsfParamsInput): Volume {
  const p = parseParams(ZMicroscopePsfParams, params, "gaussianPsfFromOptics");
  const s = gaussianSigmasNm({ na: p.na, wavelengthNm: p.wavelengthNm, ni: p.ni });
  const v = gaussianPsf({
    shape: p.shape,
    sigmaXY: s.sigmaXYNm / p.pixelNm,
    sigmaZ: s.sigmaZNm / p.zStepNm,
    offset: p.offset,
    voxelSize: { z: p.zStepNm, y: p.pixelNm, x: p.pixelNm, unit: "nm" },
  });
  // integration is exact here, so `oversampling` and `radialStepNm` do not apply; `normalise` does
  if (p.normalise === "sum") return v;
  let peak = 0;
  for (const x of v.data) peak = Math.max(peak, x);
  return { ...v, data: v.data.map((x) => x / peak) };
}
