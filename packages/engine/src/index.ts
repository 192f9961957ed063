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
export { psnr, ZPsnrOptions } from "./metrics/psnr.js";
export type { TPsnrOptions } from "./metrics/psnr.js";
export { ssim, ZSsimOptions } from "./metrics/ssim.js";
export type { TSsimOptions } from "./metrics/ssim.js";
export { nrmse } from "./metrics/nrmse.js";
export { pearson } from "./metrics/pearson.js";

// PSF models and tools (section owned by psf/)
export { gaussianPsf, gaussianPsfFromOptics, gaussianSigmasNm, ZGaussianPsfParams, ZGaussianOptics } from "./psf/gaussian.js";
export type { TGaussianPsfParams, TGaussianPsfParamsInput, TGaussianOpticsInput } from "./psf/gaussian.js";
export { ZPsfGrid, ZOptics, ZMicroscopePsfParams } from "./psf/optics.js";
export type { TPsfGrid, TPsfGridInput, TOptics, TOpticsInput, TMicroscopePsfParams, TMicroscopePsfParamsInput } from "./psf/optics.js";
export { bornWolfPsf, ZBornWolfParams } from "./psf/born-wolf.js";
export type { TBornWolfParamsInput } from "./psf/born-wolf.js";
export { gibsonLanniPsf, ZGibsonLanniParams, ZGibsonLanniNumerics } from "./psf/gibson-lanni.js";
export type { TGibsonLanniParams, TGibsonLanniParamsInput, TGibsonLanniNumerics } from "./psf/gibson-lanni.js";
export { confocalPsf, ZConfocalParams } from "./psf/confocal.js";
export type { TConfocalParamsInput } from "./psf/confocal.js";
export { twoPhotonPsf, ZTwoPhotonParams } from "./psf/two-photon.js";
export type { TTwoPhotonParamsInput } from "./psf/two-photon.js";
export { lightSheetPsf, sheetFwhmFromNa, ZLightSheetParams } from "./psf/light-sheet.js";
export type { TLightSheetParamsInput } from "./psf/light-sheet.js";
export { ZWidefieldBase } from "./psf/widefield-profiles.js";
export { distillPsf, ZDistillOptions } from "./psf/distill.js";
export type { DistillResult, BeadReport, BeadRejection, TDistillOptions, TDistillOptionsInput } from "./psf/distill.js";
export { measurePsf, comparePsfs, ZMeasurePsfOptions } from "./psf/measure.js";
export type { PsfMeasurement, PsfComparison, TMeasurePsfOptions } from "./psf/measure.js";
export { generatePsf, PSF_MODELS, ZPsfModel } from "./psf/generate.js";
export type { TPsfModel } from "./psf/generate.js";
export { fwhm1d, ZFwhmMethod } from "./metrics/fwhm.js";
export type { FwhmResult, TFwhmMethod } from "./metrics/fwhm.js";

// parameters, algorithms, backends, provenance (section owned by algorithms/, backend/, fft/)
export { deconvolve, reproduce } from "./deconvolve.js";
export type { DeconvolveOptions, DeconvolveResult } from "./deconvolve.js";
export {
  ZDeconvolutionParams, ZInverseParams, ZWienerParams, ZTikhonovParams, ZRichardsonLucyParams,
  ZBackground, ZBoundary, ZPsfCentering, ZBackendKind, parseDeconvolutionParams,
} from "./params/deconvolution-params.js";
export type {
  TDeconvolutionParams, TDeconvolutionParamsInput, TInverseParams, TWienerParams, TTikhonovParams, TRichardsonLucyParams, TAlgorithm,
} from "./params/deconvolution-params.js";
export type { Provenance, ProvenanceInput } from "./provenance.js";
export type { IterationProgress } from "./algorithms/context.js";
export type { Backend, BackendSession, RealBuffer, SpectrumBuffer, RichardsonLucyBuffers, RichardsonLucySums } from "./backend/types.js";
export { selectBackend, universalBackendFactories } from "./backend/select.js";
export type { BackendFactory, BackendFactories } from "./backend/select.js";
export { createSingleThreadCpuBackend } from "./backend/cpu/cpu-backend.js";
export { sha256Float32, sha256Hex } from "./backend/sha256.js";
export { rfftn, irfftn } from "./fft/real-fft-3d.js";
export { nextFastSize } from "./fft/sizes.js";
export { subtractBackground, estimateBackground } from "./preprocess/background.js";
export { centrePsf, normalisePsf, checkPsfFits, placeCentred, ifftshift } from "./preprocess/psf-prepare.js";
export { resamplePsfToImage } from "./preprocess/resample.js";
export { padImage, cropImage, workingShape } from "./preprocess/boundary.js";
export type { TBoundaryMode } from "./preprocess/boundary.js";
// algorithm catalogue: iterative, regularised and blind methods (schemas, one function each)
export {
  ALGORITHMS, ZRichardsonLucyAcceleratedParams, ZRichardsonLucyTvParams, ZLandweberParams, ZLandweberNonNegativeParams,
  ZVanCittertParams, ZJanssonVanCittertParams, ZTikhonovMillerParams, ZIctmParams, ZIstaParams, ZFistaParams, ZBlindRichardsonLucyParams,
} from "./params/deconvolution-params.js";
export type {
  TRichardsonLucyAcceleratedParams, TRichardsonLucyTvParams, TLandweberParams, TVanCittertParams, TJanssonVanCittertParams,
  TTikhonovMillerParams, TIstaParams, TBlindRichardsonLucyParams,
} from "./params/deconvolution-params.js";
export { fieldMask } from "./preprocess/boundary.js";
export { runCatalogueMethod } from "./algorithms/catalogue.js";
export type { TCatalogueParams } from "./algorithms/catalogue.js";
export { iterate } from "./algorithms/iterate.js";
export type { CatalogueContext, StoppingRule, StepSums } from "./algorithms/iterate.js";
export { richardsonLucyAccelerated } from "./algorithms/richardson-lucy-accelerated.js";
export { richardsonLucyTv } from "./algorithms/richardson-lucy-tv.js";
export { landweber } from "./algorithms/landweber.js";
export { vanCittert } from "./algorithms/van-cittert.js";
export { tikhonovMiller } from "./algorithms/tikhonov-miller.js";
export { ista } from "./algorithms/ista.js";
export type { IstaOptions } from "./algorithms/ista.js";
export { haarForward, haarInverse, haarSoftThreshold, haarApproximationBox } from "./algorithms/haar-wavelet.js";
export { blindRichardsonLucy, psfBoxFromWorking } from "./algorithms/blind-richardson-lucy.js";
export type { BlindContext, BlindResult } from "./algorithms/blind-richardson-lucy.js";
// GPU backend (gpu.js): createGpuBackend, its options, the hardware probe, the factory select.ts uses
export { createGpuBackend, ZGpuBackendOptions, ZGpuMode } from "./backend/gpu/gpu-backend.js";
export type { GpuBackend, TGpuBackendOptions, TGpuBackendOptionsInput } from "./backend/gpu/gpu-backend.js";
export { probeGpu, isSoftwareRenderer } from "./backend/gpu/probe.js";
export type { GpuProbe } from "./backend/gpu/probe.js";
export { gpuBackendFactory } from "./backend/select.js";
