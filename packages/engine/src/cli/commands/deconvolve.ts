/**
 * `refocus deconvolve IN.tif --psf PSF.tif -o OUT.tif [options]`: deconvolves one Z stack with the
 * engine's deconvolve() (Node entry: all CPU cores), writes a float32 TIFF with the provenance
 * record embedded, and prints a summary (or one JSON line with --json).
 */
import { readFile, writeFile } from "node:fs/promises";
import { readTiffVolume } from "../../io/read-tiff.js";
import { writeTiff } from "../../io/write-tiff.js";
import { isEngineError } from "../../errors.js";
import { formatShape } from "../../volume.js";
import { parseDeconvolutionParams, type TDeconvolutionParams } from "../../params/deconvolution-params.js";
import { deconvolve } from "../../node.js";
import { parseCommandArgs, parseNumber } from "../args.js";
import { createProgressBar } from "../progress.js";
import { UsageError, type CliCommand, type CliIO } from "../types.js";

const usage = `Usage: refocus deconvolve IN.tif --psf PSF.tif -o OUT.tif [options]

Deconvolves IN (one Z stack) with the point spread function PSF and writes a float32 TIFF
with the provenance record embedded.

Options:
  --psf FILE              PSF image, centred in its box (required)
  -o, --output FILE       output TIFF (required)
  --algorithm NAME        rl (Richardson-Lucy, default), wiener, tikhonov, inverse
  --iterations N          rl: iterations, 1–10000 (default 20)
  --tolerance V           rl: stop when the relative change falls below V (0–1)
  --nsr V                 wiener: noise-to-signal ratio (default 0.01)
  --lambda V              tikhonov: regularisation weight (default 0.01)
  --regularizer NAME      tikhonov: laplacian (default) or identity
  --epsilon V             inverse: guard on |H| relative to its maximum (default 1e-3)
  --background auto|V     subtract a constant background first (default 0; auto = 1st percentile)
  --boundary MODE         periodic (default), mirror, zero
  --psf-centering MODE    peak (default), centroid, none
  --crop-psf              crop a PSF larger than the image instead of refusing it
  --threads T             CPU threads (default: all cores)
  --backend NAME          auto (default), cpu, gpu
  --channel C             channel of IN and PSF to use (0-based; required if several)
  --json                  print one JSON line: output path, provenance, timings
  -h, --help              show this help`;

const options = {
  psf: { type: "string" },
  output: { type: "string", short: "o" },
  algorithm: { type: "string" },
  iterations: { type: "string" },
  tolerance: { type: "string" },
  nsr: { type: "string" },
  lambda: { type: "string" },
  regularizer: { type: "string" },
  epsilon: { type: "string" },
  background: { type: "string" },
  boundary: { type: "string" },
  "psf-centering": { type: "string" },
  "crop-psf": { type: "boolean" },
  threads: { type: "string" },
  backend: { type: "string" },
  channel: { type: "string" },
  json: { type: "boolean" },
} as const;

/** Maps flags onto the shared parameter schema; a value the schema refuses is a usage error. */
function paramsFromFlags(v: Partial<Record<keyof typeof options, string | boolean>>): TDeconvolutionParams {
  const algorithm = (v.algorithm as string | undefined) ?? "rl";
  const num = (name: keyof typeof options, integer = false) =>
    v[name] === undefined ? undefined : parseNumber(v[name] as string, name, { integer });
  const onlyFor = (name: keyof typeof options, algo: string) => {
    if (v[name] !== undefined && algorithm !== algo) throw new UsageError(`--${name} applies only to --algorithm ${algo}`);
  };
  onlyFor("iterations", "rl");
  onlyFor("tolerance", "rl");
  onlyFor("nsr", "wiener");
  onlyFor("lambda", "tikhonov");
  onlyFor("regularizer", "tikhonov");
  onlyFor("epsilon", "inverse");
  const raw: Record<string, unknown> = {
    algorithm,
    iterations: num("iterations", true),
    tolerance: num("tolerance"),
    nsr: num("nsr"),
    lambda: num("lambda"),
    regularizer: v.regularizer,
    epsilon: num("epsilon"),
    background: v.background === undefined || v.background === "auto" ? v.background : parseNumber(v.background as string, "background"),
    boundary: v.boundary,
    psfCentering: v["psf-centering"],
    cropPsf: v["crop-psf"],
    threads: num("threads", true),
    backend: v.backend,
  };
  for (const k of Object.keys(raw)) if (raw[k] === undefined) delete raw[k];
  try {
    return parseDeconvolutionParams(raw);
  } catch (e) {
    if (isEngineError(e) && e.code === "INVALID_PARAMETER") throw new UsageError(e.message);
    throw e;
  }
}

export const deconvolveCommand: CliCommand = {
  name: "deconvolve",
  summary: "deconvolve a TIFF stack with a PSF (Richardson-Lucy, Wiener, Tikhonov, inverse)",
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, options, { min: 1, max: 1, names: "IN.tif" });
    if (!values.psf) throw new UsageError("--psf PSF.tif is required");
    if (!values.output) throw new UsageError("-o OUT.tif is required");
    const params = paramsFromFlags(values);
    const channel = values.channel !== undefined ? parseNumber(values.channel, "channel", { integer: true, min: 0 }) : undefined;
    const [image, psf] = await Promise.all([
      readFile(positionals[0]).then((b) => readTiffVolume(b, { channel })),
      // a one-channel PSF serves every channel; a multi-channel PSF file gives the same channel
      readFile(values.psf).then((b) =>
        readTiffVolume(b).catch((e: unknown) => {
          if (channel !== undefined && isEngineError(e) && e.code === "INVALID_PARAMETER") return readTiffVolume(b, { channel });
          throw e;
        }),
      ),
    ]);
    const bar = createProgressBar(io, params.algorithm);
    let result;
    try {
      result = await deconvolve(image, psf, params, {
        onProgress: (p) => bar.update({ iteration: p.iteration, total: p.iterations, relativeChange: p.relativeChange }),
      });
    } finally {
      bar.done();
    }
    const tw = performance.now();
    await writeFile(values.output, writeTiff(result.volume, { sampleType: "float32", provenance: result.provenance }));
    const writeMs = performance.now() - tw;
    const p = result.provenance;
    if (values.json) {
      io.stdout(JSON.stringify({ output: values.output, shape: result.volume.shape, provenance: p, timings: { ...p.timings, writeMs } }) + "\n");
      return 0;
    }
    io.stdout(
      [
        `${positionals[0]} (${formatShape(image.shape)}) ⊛⁻¹ ${values.psf} (${formatShape(psf.shape)}) → ${values.output}`,
        `  ${p.algorithm}${p.iterations.done ? `, ${p.iterations.done} iterations` : ""} on ${p.backend.name} × ${p.backend.threads} thread${p.backend.threads > 1 ? "s" : ""}, FFT ${formatShape(p.fftShape)}`,
        `  ${(p.timings.totalMs / 1000).toFixed(2)} s${p.timings.perIterationMs ? ` (${p.timings.perIterationMs.toFixed(1)} ms per iteration)` : ""}, background ${p.preprocessing.background}`,
      ].join("\n") + "\n",
    );
    return 0;
  },
};
