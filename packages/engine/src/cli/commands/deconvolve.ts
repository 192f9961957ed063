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
import type { z } from "zod";
import { ALGORITHMS, ZDeconvolutionParams, parseDeconvolutionParams, type TDeconvolutionParams } from "../../params/deconvolution-params.js";
import { deconvolve } from "../../node.js";
import { parseCommandArgs, parseNumber } from "../args.js";
import { createProgressBar } from "../progress.js";
import { UsageError, type CliCommand, type CliIO } from "../types.js";

/** The command's own flags; every other flag is a parameter of the shared schema. */
const fileOptions = {
  psf: { type: "string" },
  output: { type: "string", short: "o" },
  algorithm: { type: "string" },
  channel: { type: "string" },
  json: { type: "boolean" },
} as const;

type FlagKind = "boolean" | "number" | "number-or-word" | "word";

interface ParamFlag {
  key: string;
  flag: string;
  kind: FlagKind;
  description: string;
  /** Algorithms whose schema has this parameter, in schema order. */
  algorithms: string[];
}

function unwrap(s: z.ZodType): z.ZodType {
  let t = s;
  while (t.def.type === "default" || t.def.type === "optional") t = (t.def as unknown as { innerType: z.ZodType }).innerType;
  return t;
}

function kindOf(s: z.ZodType): FlagKind {
  const t = unwrap(s);
  if (t.def.type === "boolean") return "boolean";
  if (t.def.type === "number") return "number";
  if (t.def.type === "union") {
    const options = (t.def as unknown as { options: z.ZodType[] }).options;
    return options.some((o) => unwrap(o).def.type === "number") ? "number-or-word" : "word";
  }
  return "word";
}

/** Parameter flags derived from ZDeconvolutionParams: --kebab-case of each key, typed by its schema. */
const paramFlags: ParamFlag[] = (() => {
  const byKey = new Map<string, ParamFlag>();
  for (const member of ZDeconvolutionParams.options) {
    const algorithm = member.shape.algorithm.value;
    for (const [key, schema] of Object.entries(member.shape as Record<string, z.ZodType>)) {
      if (key === "algorithm") continue;
      const known = byKey.get(key);
      if (known) {
        known.algorithms.push(algorithm);
        continue;
      }
      const flag = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      byKey.set(key, { key, flag, kind: kindOf(schema), description: schema.description ?? "", algorithms: [algorithm] });
    }
  }
  return [...byKey.values()];
})();

const options: Record<string, { type: "string" | "boolean"; short?: string }> = { ...fileOptions };
for (const p of paramFlags) options[p.flag] = { type: p.kind === "boolean" ? "boolean" : "string" };

function usageText(): string {
  const all = ALGORITHMS.length;
  const lines = paramFlags.map((p) => {
    const arg = p.kind === "boolean" ? "" : p.kind === "number" ? " V" : " NAME";
    const where = p.algorithms.length === all ? "" : ` [${p.algorithms.join(", ")}]`;
    return `  --${p.flag}${arg}\n      ${p.description}${where}`;
  });
  return `Usage: refocus deconvolve IN.tif --psf PSF.tif -o OUT.tif [options]

Deconvolves IN (one Z stack) with the point spread function PSF and writes a float32 TIFF
with the provenance record embedded (blind-rl also writes the estimated PSF to OUT.psf.tif).

Options:
  --psf FILE              PSF image, centred in its box (required)
  -o, --output FILE       output TIFF (required)
  --algorithm NAME        ${ALGORITHMS.join(", ")} (default rl)
  --channel C             channel of IN and PSF to use (0-based; required if several)
  --json                  print one JSON line: output path, provenance, timings
  -h, --help              show this help

Parameters (ranges and defaults are the engine's; [..] lists the algorithms that take one):
${lines.join("\n")}`;
}

const usage = usageText();

/** Maps flags onto the shared parameter schema; a value the schema refuses is a usage error. */
function paramsFromFlags(v: Record<string, string | boolean | undefined>): TDeconvolutionParams {
  const algorithm = (v.algorithm as string | undefined) ?? "rl";
  const raw: Record<string, unknown> = { algorithm };
  if ((ALGORITHMS as readonly string[]).includes(algorithm)) {
    for (const p of paramFlags) {
      const value = v[p.flag];
      if (value === undefined) continue;
      if (!p.algorithms.includes(algorithm)) throw new UsageError(`--${p.flag} applies only to --algorithm ${p.algorithms.join(", ")}`);
      if (p.kind === "number") raw[p.key] = parseNumber(value as string, p.flag);
      else if (p.kind === "number-or-word") raw[p.key] = /^[-+.\d]/.test(value as string) ? parseNumber(value as string, p.flag) : value;
      else raw[p.key] = value;
    }
  }
  try {
    return parseDeconvolutionParams(raw);
  } catch (e) {
    if (isEngineError(e) && e.code === "INVALID_PARAMETER") throw new UsageError(e.message);
    throw e;
  }
}

export const deconvolveCommand: CliCommand = {
  name: "deconvolve",
  summary: "deconvolve a TIFF stack with a PSF (Richardson-Lucy and its variants, Landweber, Tikhonov-Miller, FISTA, blind, filters)",
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
    // blind deconvolution: the estimated PSF next to the result, for the PSF library
    const psfOut = result.psf ? values.output.replace(/(\.ome)?\.tiff?$/i, "") + ".psf.tif" : undefined;
    if (result.psf && psfOut) await writeFile(psfOut, writeTiff(result.psf, { sampleType: "float32", provenance: result.provenance }));
    const writeMs = performance.now() - tw;
    const p = result.provenance;
    if (values.json) {
      io.stdout(JSON.stringify({ output: values.output, ...(psfOut ? { psfOutput: psfOut } : {}), shape: result.volume.shape, provenance: p, timings: { ...p.timings, writeMs } }) + "\n");
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
