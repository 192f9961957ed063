/**
 * Provenance: everything needed to say how a result was made and to make it again — engine
 * version, algorithm and every parameter after defaults, checksums of the inputs, what
 * preprocessing resolved (background value, PSF shift), backend, FFT shape, iterations, timings.
 * `reproduce` reruns a record on the same inputs; the CPU backend gives the same bytes whatever
 * the thread count, so the output matches byte for byte.
 */
import type { Shape3, Volume, VoxelSize } from "./volume.js";
import type { TDeconvolutionParams } from "./params/deconvolution-params.js";

export interface ProvenanceInput {
  sha256: string;
  shape: Shape3;
  voxelSize?: VoxelSize;
}

export interface Provenance {
  engine: { name: "@refocus/engine"; version: string };
  algorithm: TDeconvolutionParams["algorithm"];
  /** Every parameter, defaults filled in. */
  params: TDeconvolutionParams;
  inputs: { image: ProvenanceInput; psf: ProvenanceInput };
  preprocessing: {
    /** Background value subtracted (resolved when "auto"). */
    background: number;
    /** Whole-voxel shift applied to centre the PSF, [dz, dy, dx]. */
    psfShift: [number, number, number];
    /** Set when the PSF was resampled to the image's voxel size: its new shape. */
    psfResampledTo?: Shape3;
  };
  /** mode and renderer: set by GPU backends (gpu.js mode, GL renderer string). */
  backend: { name: string; threads: number; mode?: string; renderer?: string };
  /** Working shape of the transforms (the padded shape for mirror/zero boundaries). */
  fftShape: Shape3;
  iterations: { requested: number; done: number };
  timings: { totalMs: number; preprocessMs: number; algorithmMs: number; perIterationMs?: number };
  /** Output checksum (sha256 of the float32 result). */
  outputSha256: string;
  createdAt: string;
}

/** The parts of a record that must match for a rerun to be a reproduction. */
export function describeInputs(image: Volume, psf: Volume, sha: (d: Float32Array) => string): { image: ProvenanceInput; psf: ProvenanceInput } {
  const one = (v: Volume): ProvenanceInput => ({ sha256: sha(v.data), shape: [v.shape[0], v.shape[1], v.shape[2]], ...(v.voxelSize ? { voxelSize: v.voxelSize } : {}) });
  return { image: one(image), psf: one(psf) };
}
