/**
 * `refocus psf`: theoretical PSFs (`--model ...`), PSFs distilled from bead images
 * (`psf distill`), and PSF quality measures (`psf measure`). Lengths are in nm, sizes Z×Y×X.
 */
import { readFile, writeFile } from "node:fs/promises";
import { readTiff } from "../../io/read-tiff.js";
import { writeTiff } from "../../io/write-tiff.js";
import { isEngineError } from "../../errors.js";
import { formatShape, voxelSizeInNm, type Volume } from "../../volume.js";
import { gaussianPsf } from "../../psf/gaussian.js";
import { generatePsf, PSF_MODELS, type TPsfModel } from "../../psf/generate.js";
import { distillPsf } from "../../psf/distill.js";
import { measurePsf, type PsfMeasurement } from "../../psf/measure.js";
import { parseChoice, parseCommandArgs, parseNumber, parseSize3, type OptionSpec } from "../args.js";
import { UsageError, type CliCommand, type CliIO } from "../types.js";

const MODELS = PSF_MODELS;
type Model = TPsfModel;

const usage = `Usage:
  refocus psf --model MODEL --size ZxYxX [optics] -o PSF.tif [--json]
  refocus psf distill BEADS.tif... [--bead-nm D] [--size ZxYxX] -o PSF.tif [--json]
  refocus psf measure PSF.tif [--json]

Theoretical PSF (lengths in nm; written as float32 TIFF with the voxel size, sum 1):
  --model M            ${MODELS.join(" | ")}
  --size ZxYxX         output size in voxels (required)
  --na N               numerical aperture (required except for gaussian with sigmas)
  --wavelength NM      emission wavelength (required except for gaussian with sigmas)
  --pixel NM           lateral pixel size (required except for gaussian with sigmas)
  --zstep NM           axial step (required except for gaussian with sigmas)
  --ni N               immersion index (default 1.5); --ni-design N (default = --ni)
  --ns N               sample index (default 1.33)
  --ng N               coverslip index (default 1.5); --ng-design N (default = --ng)
  --coverslip NM       coverslip thickness (default 170000); --coverslip-design NM (default = --coverslip)
  --working-distance NM  design immersion thickness (default 150000)
  --depth NM           particle depth below the coverslip (default 0)
  --oversampling S     sub-samples per voxel edge for pixel integration (default 3; 1 = point sampling)
  --normalise sum|max|none   (default sum)
  gaussian:    --sigma-xy PX --sigma-z PX  (widths in pixels; otherwise derived from NA, λ, ni)
  confocal:    --excitation NM (default = emission), --pinhole AU (default 1)
  two-photon:  --excitation NM laser wavelength (default 2 × emission)
  light-sheet: --sheet-fwhm NM, or --sheet-na N (default 0.1) with --excitation NM
  confocal, two-photon, light-sheet: --base gibson-lanni|born-wolf (default gibson-lanni)

Distill (beads → PSF):
  --bead-nm D          bead diameter for the bead-size correction (default 0: none)
  --size ZxYxX         crop size (default min(Z, 31)×21×21, odd)
  --threshold F        detection threshold, fraction of the typical bead height (default 0.2)
  --saturation V       saturation value (default: the integer sample type's maximum)

Measure: FWHM along x, y, z (nm when the voxel size is known, else pixels), axial asymmetry,
lateral ellipticity.
  --method auto|gaussian|half-max   FWHM method (default auto: Gaussian fit, half-max fallback)

Common:
  -o, --output FILE    output TIFF (generate, distill)
  --json               print one JSON object instead of text
  -h, --help           show this help`;

const generateOptions = {
  model: { type: "string" },
  size: { type: "string" },
  na: { type: "string" },
  wavelength: { type: "string" },
  excitation: { type: "string" },
  pixel: { type: "string" },
  zstep: { type: "string" },
  ni: { type: "string" },
  "ni-design": { type: "string" },
  ns: { type: "string" },
  ng: { type: "string" },
  "ng-design": { type: "string" },
  coverslip: { type: "string" },
  "coverslip-design": { type: "string" },
  "working-distance": { type: "string" },
  depth: { type: "string" },
  oversampling: { type: "string" },
  normalise: { type: "string" },
  "sigma-xy": { type: "string" },
  "sigma-z": { type: "string" },
  pinhole: { type: "string" },
  base: { type: "string" },
  "sheet-fwhm": { type: "string" },
  "sheet-na": { type: "string" },
  output: { type: "string", short: "o" },
  json: { type: "boolean" },
} satisfies Record<string, OptionSpec>;

/** Runs an engine call, turning INVALID_PARAMETER (bad physics in the arguments) into a usage error. */
function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isEngineError(e) && e.code === "INVALID_PARAMETER") throw new UsageError(e.message);
    throw e;
  }
}

function formatFwhm(m: PsfMeasurement): string {
  const f = m.fwhmNm ?? m.fwhmPixels;
  const unit = m.fwhmNm ? "nm" : "px";
  const r = (v: number): string => (Number.isFinite(v) ? v.toFixed(m.fwhmNm ? 1 : 2) : "n/a");
  return `FWHM x ${r(f.x)} ${unit}, y ${r(f.y)} ${unit}, z ${r(f.z)} ${unit}`;
}

async function generate(args: string[], io: CliIO): Promise<number> {
  const { values: v } = parseCommandArgs(args, generateOptions, { min: 0, max: 0 });
  if (!v.model) throw new UsageError("--model is required (or use `refocus psf distill` / `refocus psf measure`)");
  const model: Model = parseChoice(v.model, "model", MODELS);
  if (!v.size) throw new UsageError("--size ZxYxX is required");
  if (!v.output) throw new UsageError("-o PSF.tif is required");
  const shape = parseSize3(v.size, "size");
  const num = (name: keyof typeof v, limits: Parameters<typeof parseNumber>[2] = {}): number | undefined => {
    const s = v[name];
    return typeof s === "string" ? parseNumber(s, name, limits) : undefined;
  };
  const pos = { min: 0, exclusiveMin: true };
  let psf: Volume;
  let params: Record<string, unknown>;
  const sigmaXY = num("sigma-xy", pos);
  const sigmaZ = num("sigma-z", pos);
  if (model === "gaussian" && (sigmaXY !== undefined || sigmaZ !== undefined)) {
    if (sigmaXY === undefined || sigmaZ === undefined) throw new UsageError("--sigma-xy and --sigma-z go together");
    const px = num("pixel", pos);
    const dz = num("zstep", pos);
    params = { shape, sigmaXY, sigmaZ, ...(px && dz ? { voxelSize: { z: dz, y: px, x: px, unit: "nm" } } : {}) };
    psf = asUsage(() => gaussianPsf(params as Parameters<typeof gaussianPsf>[0]));
  } else {
    for (const req of ["na", "wavelength", "pixel", "zstep"] as const) {
      if (v[req] === undefined) throw new UsageError(`--${req} is required for --model ${model}${model === "gaussian" ? " without --sigma-xy/--sigma-z" : ""}`);
    }
    const common = {
      shape,
      na: num("na", pos),
      wavelengthNm: num("wavelength", pos),
      excitationWavelengthNm: num("excitation", pos),
      pixelNm: num("pixel", pos),
      zStepNm: num("zstep", pos),
      ni: num("ni", pos),
      niDesign: num("ni-design", pos),
      ns: num("ns", pos),
      ng: num("ng", pos),
      ngDesign: num("ng-design", pos),
      coverslipNm: num("coverslip", { min: 0 }),
      coverslipDesignNm: num("coverslip-design", { min: 0 }),
      workingDistanceNm: num("working-distance", { min: 0 }),
      particleDepthNm: num("depth", { min: 0 }),
      oversampling: num("oversampling", { min: 1, max: 15, integer: true }),
      normalise: v.normalise === undefined ? undefined : parseChoice(v.normalise, "normalise", ["sum", "max", "none"] as const),
      base: v.base === undefined ? undefined : parseChoice(v.base, "base", ["gibson-lanni", "born-wolf"] as const),
      pinholeAu: num("pinhole", { min: 0 }),
      sheetFwhmNm: num("sheet-fwhm", pos),
      sheetNa: num("sheet-na", pos),
    };
    const given = Object.fromEntries(Object.entries(common).filter(([, x]) => x !== undefined));
    params = given;
    psf = asUsage(() => generatePsf(model, given));
  }
  const provenance = { tool: "refocus psf", model, params };
  await writeFile(v.output, writeTiff(psf, { provenance }));
  const m = measurePsf(psf);
  if (v.json) {
    io.stdout(JSON.stringify({ output: v.output, model, shape: psf.shape, voxelSize: psf.voxelSize ?? null, params, measurement: m }, null, 2) + "\n");
  } else {
    io.stdout(`${model} PSF ${formatShape(psf.shape)}${psf.voxelSize ? ` at ${psf.voxelSize.z}×${psf.voxelSize.y}×${psf.voxelSize.x} ${psf.voxelSize.unit}` : ""} → ${v.output}\n  ${formatFwhm(m)}\n`);
  }
  return 0;
}

const SAMPLE_MAX: Record<string, number> = { uint8: 255, int8: 127, uint16: 65535, int16: 32767, uint32: 4294967295, int32: 2147483647 };

async function distill(args: string[], io: CliIO): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(
    args,
    { "bead-nm": { type: "string" }, size: { type: "string" }, threshold: { type: "string" }, saturation: { type: "string" }, output: { type: "string", short: "o" }, json: { type: "boolean" } },
    { min: 1, max: 1000, names: "BEADS.tif..." },
  );
  if (!v.output) throw new UsageError("-o PSF.tif is required");
  const stacks = await Promise.all(positionals.map(async (f) => readTiff(await readFile(f))));
  const images = stacks.map((s, i) => {
    if (s.channels > 1 || s.frames > 1) throw new UsageError(`${positionals[i]} has several channels or frames; give one Z stack per file`);
    return s.volume(0, 0);
  });
  const saturation = v.saturation !== undefined ? parseNumber(v.saturation, "saturation") : SAMPLE_MAX[stacks[0].sampleType];
  const options = {
    beadDiameterNm: v["bead-nm"] !== undefined ? parseNumber(v["bead-nm"], "bead-nm", { min: 0 }) : 0,
    ...(v.size ? { size: parseSize3(v.size, "size") } : {}),
    ...(v.threshold !== undefined ? { threshold: parseNumber(v.threshold, "threshold", { min: 0, max: 1, exclusiveMin: true }) } : {}),
    ...(saturation !== undefined ? { saturationValue: saturation } : {}),
  };
  const r = asUsage(() => distillPsf(images, options));
  await writeFile(v.output, writeTiff(r.psf, { provenance: { tool: "refocus psf distill", inputs: positionals, options, counts: r.counts } }));
  const m = measurePsf(r.psf);
  if (v.json) {
    io.stdout(JSON.stringify({ output: v.output, inputs: positionals, options, counts: r.counts, used: r.used, rejected: r.rejected, measurement: m }, null, 2) + "\n");
  } else {
    const c = r.counts;
    io.stdout(
      `distilled ${formatShape(r.psf.shape)} PSF from ${c.used} of ${c.detected} beads → ${v.output}\n` +
        `  rejected: ${c.edge} at the edge, ${c.saturated} saturated, ${c.touching} touching\n` +
        r.rejected.map((b) => `    image ${b.image} bead at z ${b.peak[0]}, y ${b.peak[1]}, x ${b.peak[2]}: ${b.reason}\n`).join("") +
        `  ${formatFwhm(m)}\n`,
    );
  }
  return 0;
}

async function measure(args: string[], io: CliIO): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(args, { method: { type: "string" }, json: { type: "boolean" } }, { min: 1, max: 1, names: "PSF.tif" });
  const method = v.method === undefined ? "auto" : parseChoice(v.method, "method", ["auto", "gaussian", "half-max"] as const);
  const stack = await readTiff(await readFile(positionals[0]));
  if (stack.channels > 1 || stack.frames > 1) throw new UsageError(`${positionals[0]} has several channels or frames; give one Z stack`);
  const psf = stack.volume(0, 0);
  const m = asUsage(() => measurePsf(psf, { method }));
  if (v.json) {
    io.stdout(JSON.stringify({ file: positionals[0], shape: psf.shape, voxelSizeNm: voxelSizeInNm(psf.voxelSize) ?? null, ...m }, null, 2) + "\n");
  } else {
    io.stdout(
      `${positionals[0]} (${formatShape(psf.shape)}), peak at z ${m.peak[0]}, y ${m.peak[1]}, x ${m.peak[2]}\n` +
        `  ${formatFwhm(m)}  [${m.fwhmMethod.x}/${m.fwhmMethod.y}/${m.fwhmMethod.z}]\n` +
        `  axial asymmetry ${m.axialAsymmetry.toFixed(3)}, lateral ellipticity ${m.lateralEllipticity.toFixed(3)}\n`,
    );
  }
  return 0;
}

export const psfCommand: CliCommand = {
  name: "psf",
  summary: "generate a theoretical PSF, distil one from beads, or measure one",
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    if (args[0] === "distill") return distill(args.slice(1), io);
    if (args[0] === "measure") return measure(args.slice(1), io);
    return generate(args, io);
  },
};
