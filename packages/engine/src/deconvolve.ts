/**
 * The one entry point every caller uses (API worker, web app, CLI): validates parameters,
 * preprocesses (background, PSF resampling/centring/normalisation, boundary padding), computes the
 * OTF once, runs the algorithm on the selected backend, crops, and records provenance.
 */
import { EngineError } from "./errors.js";
import { ENGINE_VERSION } from "./version.js";
import { createVolume, formatShape, type Volume } from "./volume.js";
import { parseDeconvolutionParams, type TDeconvolutionParams } from "./params/deconvolution-params.js";
import { selectBackend, type BackendFactories } from "./backend/select.js";
import type { Backend } from "./backend/types.js";
import { sha256Float32 } from "./backend/sha256.js";
import { subtractBackground } from "./preprocess/background.js";
import { centrePsf, checkPsfFits, psfForOtf } from "./preprocess/psf-prepare.js";
import { resamplePsfToImage } from "./preprocess/resample.js";
import { cropImage, fieldMask, padImage, workingShape } from "./preprocess/boundary.js";
import type { AlgorithmContext, AlgorithmResult, IterationProgress } from "./algorithms/context.js";
import { throwIfAborted } from "./algorithms/abort.js";
import { inverseFilter } from "./algorithms/inverse-filter.js";
import { wienerFilter } from "./algorithms/wiener.js";
import { tikhonovFilter } from "./algorithms/tikhonov.js";
import { richardsonLucy } from "./algorithms/richardson-lucy.js";
import { runCatalogueMethod } from "./algorithms/catalogue.js";
import type { CatalogueContext } from "./algorithms/iterate.js";
import { describeInputs, type Provenance } from "./provenance.js";

export interface DeconvolveOptions {
  onProgress?: (p: IterationProgress) => void;
  signal?: AbortSignal;
  /** A backend to use (the caller keeps ownership); otherwise one is selected from params.backend. */
  backend?: Backend;
  /** Backend factories for selection (the Node entry passes threaded CPU). */
  factories?: BackendFactories;
  /** Checksum function for provenance (default: the pure-JS SHA-256). */
  sha256?: (data: Float32Array) => string;
}

export interface DeconvolveResult {
  volume: Volume;
  /** Blind deconvolution only: the estimated PSF (the given PSF's box, centred, sum 1), for the PSF library. */
  psf?: Volume;
  provenance: Provenance;
}

function checkVolume(v: Volume, name: string): void {
  if (!v || !(v.data instanceof Float32Array) || !Array.isArray(v.shape) || v.shape.length !== 3) {
    throw new EngineError("INVALID_PARAMETER", `${name}: expected a float32 Volume with shape [nz, ny, nx]`);
  }
  if (v.data.length !== v.shape[0] * v.shape[1] * v.shape[2]) {
    throw new EngineError("SHAPE_MISMATCH", `${name}: ${v.data.length} samples do not fill shape ${formatShape(v.shape)}`);
  }
}

/**
 * Deconvolves `image` with `psf`.
 * @param image observed volume (any float values; background-corrected here)
 * @param psf point spread function as an image, its centre at floor(n/2) (or centred here)
 * @param params parameters (validated with ZDeconvolutionParams; bad ones throw INVALID_PARAMETER)
 * @returns the restored volume (image shape and voxel size) and its provenance record
 */
export async function deconvolve(image: Volume, psf: Volume, params: unknown, options: DeconvolveOptions = {}): Promise<DeconvolveResult> {
  const t0 = performance.now();
  const p: TDeconvolutionParams = parseDeconvolutionParams(params);
  checkVolume(image, "image");
  checkVolume(psf, "psf");
  throwIfAborted(options.signal);
  const sha = options.sha256 ?? sha256Float32;
  const inputs = describeInputs(image, psf, sha);

  const bg = subtractBackground(image, p.background);
  let k = psf;
  const resampled = resamplePsfToImage(k, image.voxelSize);
  k = resampled.volume;
  const centred = centrePsf(k, p.psfCentering);
  k = checkPsfFits(centred.volume, image.shape, p.cropPsf);
  const work = workingShape(image.shape, k.shape, p.boundary);
  const padded = padImage(bg.volume, work, p.boundary);

  const backend = options.backend ?? (await selectBackend(p.backend, { threads: p.threads, factories: options.factories, shape: work }));
  const session = await backend.createSession(work);
  let result: AlgorithmResult;
  let estimatedPsf: Volume | undefined;
  let out: Float32Array;
  let tAlg0 = 0, tAlg1 = 0;
  try {
    // the PSF passes through the buffer that then holds the image: one working-size buffer less
    const observed = await session.createReal(psfForOtf(k, work));
    const otf = await session.createSpectrum();
    await session.rfft(observed, otf);
    await session.write(observed, padded.volume.data);
    // non-circulant boundary: iterative methods fit only the observed voxels (y is 0 on the margin)
    const mask = p.boundary === "noncirculant" ? await session.createReal(fieldMask(work, padded.offset, image.shape)) : undefined;
    const ctx: CatalogueContext = { session, observed, otf, onProgress: options.onProgress, signal: options.signal, ...(mask ? { mask } : {}) };
    tAlg0 = performance.now();
    switch (p.algorithm) {
      case "inverse":
        result = await inverseFilter(ctx, { epsilon: p.epsilon });
        break;
      case "wiener":
        result = await wienerFilter(ctx, { nsr: p.nsr });
        break;
      case "tikhonov":
        result = await tikhonovFilter(ctx, { lambda: p.lambda, regularizer: p.regularizer });
        break;
      case "rl":
        // the fused path has no non-circulant weights
        if (p.boundary === "noncirculant") {
          result = await runCatalogueMethod(ctx, p, k);
          break;
        }
        result = await richardsonLucy(ctx, { iterations: p.iterations, tolerance: p.tolerance, timeLimitSeconds: p.timeLimitSeconds, nonNegative: p.nonNegative, initialEstimate: p.initialEstimate });
        break;
      default: {
        const r = await runCatalogueMethod(ctx, p, k);
        result = r;
        if (r.psf) estimatedPsf = r.psf;
      }
    }
    tAlg1 = performance.now();
    out = cropImage(await session.read(result.estimate), work, padded.offset, image.shape);
  } finally {
    await session.dispose();
    if (!options.backend) await backend.dispose();
  }
  const volume = createVolume(out, image.shape, image.voxelSize);
  const totalMs = performance.now() - t0;
  const provenance: Provenance = {
    engine: { name: "@refocus/engine", version: ENGINE_VERSION },
    algorithm: p.algorithm,
    params: p,
    inputs,
    preprocessing: {
      background: bg.background,
      psfShift: centred.shift,
      ...(resampled.resampled ? { psfResampledTo: resampled.volume.shape } : {}),
    },
    backend: { name: backend.name, threads: backend.threads, ...(backend.mode ? { mode: backend.mode } : {}), ...(backend.renderer ? { renderer: backend.renderer } : {}) },
    fftShape: work,
    iterations: { requested: "iterations" in p ? p.iterations : 0, done: result.iterations },
    timings: {
      totalMs,
      preprocessMs: tAlg0 - t0,
      algorithmMs: tAlg1 - tAlg0,
      ...(result.iterations > 0 ? { perIterationMs: (tAlg1 - tAlg0) / result.iterations } : {}),
    },
    outputSha256: sha(out),
    createdAt: new Date().toISOString(),
  };
  return { volume, provenance, ...(estimatedPsf ? { psf: estimatedPsf } : {}) };
}

/**
 * Runs a provenance record again on the same inputs. Refuses inputs whose checksums differ from
 * the record's (EngineError "INVALID_PARAMETER"), since the result could not be the same.
 */
export async function reproduce(record: Provenance, image: Volume, psf: Volume, options: DeconvolveOptions = {}): Promise<DeconvolveResult> {
  const sha = options.sha256 ?? sha256Float32;
  if (sha(image.data) !== record.inputs.image.sha256) throw new EngineError("INVALID_PARAMETER", "image: its checksum differs from the provenance record's");
  if (sha(psf.data) !== record.inputs.psf.sha256) throw new EngineError("INVALID_PARAMETER", "psf: its checksum differs from the provenance record's");
  return deconvolve(image, psf, record.params, options);
}
