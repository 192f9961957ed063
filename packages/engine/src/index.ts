/**
 * Public, universal API of the Refocus engine (runs in Node and in the browser).
 * Node-only pieces (worker threads, files) are in `./node.ts`. Named exports only.
 */

// volume and errors
export { createVolume, zeros, voxelCount, formatShape, voxelSizeInNm } from "./volume.js";
export type { Volume, VoxelSize, Shape3 } from "./volume.js";
export { EngineError, isEngineError } from "./errors.js";
export type { EngineErrorCode } from "./errors.js";
export { ENGINE_VERSION } from "./version.js";

// TIFF I/O (section owned by io/)
export { readTiff, readTiffVolume, inspectTiff } from "./io/read-tiff.js";
export { writeTiff, ZWriteTiffOptions } from "./io/write-tiff.js";
export type { TWriteTiffOptions } from "./io/write-tiff.js";
export { ZTiffSampleType, ZTiffLayout, ZReadTiffOptions, ZVolumeSelection } from "./io/tiff-stack.js";
export type { TiffInfo, TiffStack, TTiffSampleType, TTiffLayout, TReadTiffOptions, TVolumeSelection } from "./io/tiff-stack.js";

// metrics (section owned by metrics/)

// PSF models and tools (section owned by psf/)
export { gaussianPsf, gaussianPsfFromOptics, gaussianSigmasNm, ZGaussianPsfParams, ZGaussianOptics } from "./psf/gaussian.js";
export type { TGaussianPsfParams, TGaussianPsfParamsInput, TGaussianOpticsInput } from "./psf/gaussian.js";
export { ZPsfGrid, ZOptics, ZMicroscopePsfParams } from "./psf/optics.js";
export type { TPsfGrid, TPsfGridInput, TOptics, TOpticsInput, TMicroscopePsfParams, TMicroscopePsfParamsInput } from "./psf/optics.js";

// parameters, algorithms, backends, provenance (section owned by algorithms/, backend/, fft/)
