/**
 * The microscope/optics parameter set shared by every theoretical PSF model, described once as
 * zod schemas so the API, the web forms and the CLI validate the same way.
 *
 * Units: all lengths in nanometres; refractive indices dimensionless; sizes in voxels, Z, Y, X.
 * Defaults follow EPFL's PSF Generator (Kirshner et al., J. Microsc. 2013, doi:10.1111/j.1365-2818.2012.03675.x)
 * for Gibson & Lanni: ni = ni0 = 1.5, ns = 1.33, ng = ng0 = 1.5, tg = tg0 = 170 µm, ti0 = 150 µm.
 */
import { z } from "zod";
import { EngineError } from "../errors.js";
import type { VoxelSize } from "../volume.js";

const positiveInt = z.number().int().min(1).max(4096);

/** The sampling grid a PSF is generated on. */
export const ZPsfGrid = z.object({
  /** Output size in voxels, [nz, ny, nx]. */
  shape: z.tuple([positiveInt, positiveInt, positiveInt]),
  /** Lateral pixel size (object space), nm. */
  pixelNm: z.number().positive().default(100),
  /** Axial step between planes, nm. */
  zStepNm: z.number().positive().default(250),
  /**
   * Position of the point source relative to voxel (nz//2, ny//2, nx//2), in voxels [dz, dy, dx].
   * Default 0: the PSF peaks on the centre voxel. (−0.5, −0.5, −0.5) on an even grid reproduces
   * tools that centre on (n−1)/2, such as PSF Generator.
   */
  offset: z.tuple([z.number(), z.number(), z.number()]).default([0, 0, 0]),
  /**
   * Sub-samples per voxel edge (laterally and axially) averaged to integrate the PSF over each
   * voxel; 1 = point sampling at voxel centres. Default 3 (3×3×3), enough for pixels at or
   * below Nyquist and for coarse pixels alike.
   */
  oversampling: z.number().int().min(1).max(15).default(3),
  /**
   * Step of the radial profile that radially symmetric models compute before interpolating
   * linearly onto the voxel grid, nm. Default min(pixelNm / (2 · oversampling), λ/(50 NA)).
   */
  radialStepNm: z.number().positive().optional(),
  /**
   * "sum" (default): the voxels sum to 1, as deconvolution needs. "max": the brightest voxel is 1
   * (PSF Generator's display normalisation). "none": the model's raw intensity.
   */
  normalise: z.enum(["sum", "max", "none"]).default("sum"),
});
export type TPsfGrid = z.output<typeof ZPsfGrid>;
export type TPsfGridInput = z.input<typeof ZPsfGrid>;

/** Objective, immersion, coverslip and sample. `...Design` values default to the actual ones. */
export const ZOptics = z.object({
  /** Numerical aperture of the objective. */
  na: z.number().positive().max(1.7).default(1.4),
  /** Emission (detection) wavelength in vacuum, nm. */
  wavelengthNm: z.number().min(150).max(2000).default(610),
  /** Excitation wavelength in vacuum, nm (confocal, two-photon; two-photon uses the laser's). */
  excitationWavelengthNm: z.number().min(150).max(2500).optional(),
  /** Immersion medium index, actual (ni) and design (ni0). */
  ni: z.number().min(1).max(2).default(1.5),
  niDesign: z.number().min(1).max(2).optional(),
  /** Sample (specimen) index ns. */
  ns: z.number().min(1).max(2).default(1.33),
  /** Coverslip index, actual (ng) and design (ng0). */
  ng: z.number().min(1).max(2.5).default(1.5),
  ngDesign: z.number().min(1).max(2.5).optional(),
  /** Coverslip thickness, actual (tg) and design (tg0), nm. */
  coverslipNm: z.number().min(0).default(170_000),
  coverslipDesignNm: z.number().min(0).optional(),
  /** Working distance: design immersion layer thickness ti0, nm. */
  workingDistanceNm: z.number().min(0).default(150_000),
  /** Depth of the emitter below the coverslip (pz), nm. */
  particleDepthNm: z.number().min(0).default(0),
});
export type TOptics = z.output<typeof ZOptics>;
export type TOpticsInput = z.input<typeof ZOptics>;

/** Grid plus optics: what a theoretical widefield model needs. */
export const ZMicroscopePsfParams = ZOptics.extend(ZPsfGrid.shape);
export type TMicroscopePsfParams = z.output<typeof ZMicroscopePsfParams>;
export type TMicroscopePsfParamsInput = z.input<typeof ZMicroscopePsfParams>;

/** Optics with the design values filled in from the actual ones. */
export interface ResolvedOptics extends TOptics {
  niDesign: number;
  ngDesign: number;
  coverslipDesignNm: number;
}

export function resolveOptics(o: TOptics): ResolvedOptics {
  return {
    ...o,
    niDesign: o.niDesign ?? o.ni,
    ngDesign: o.ngDesign ?? o.ng,
    coverslipDesignNm: o.coverslipDesignNm ?? o.coverslipNm,
  };
}

/**
 * Parses with a zod schema, turning failures into EngineError("INVALID_PARAMETER") with
 * every issue listed, so callers see one error type. Internal helper.
 */
export function parseParams<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw new EngineError("INVALID_PARAMETER", `${what}: ${z.prettifyError(r.error).replace(/\n/g, "; ")}`);
  }
  return r.data;
}

/** Voxel size in nm of a PSF grid. */
export function gridVoxelSize(g: TPsfGrid): VoxelSize {
  return { z: g.zStepNm, y: g.pixelNm, x: g.pixelNm, unit: "nm" };
}

/** NA must be below every index the light crosses in the pupil for the sine condition to hold. */
export function assertNaBelow(na: number, n: number, name: string): void {
  if (!(na < n)) {
    throw new EngineError("INVALID_PARAMETER", `NA ${na} must be below the ${name} refractive index ${n}`);
  }
}
