/**
 * `refocus metrics RESULT.tif --reference TRUTH.tif [--json]`: full-reference image quality of a
 * result against a ground truth: PSNR, SSIM (3D), NRMSE and Pearson r.
 */
import { readFile } from "node:fs/promises";
import { readTiffVolume } from "../../io/read-tiff.js";
import { psnr } from "../../metrics/psnr.js";
import { ssim } from "../../metrics/ssim.js";
import { nrmse } from "../../metrics/nrmse.js";
import { pearson } from "../../metrics/pearson.js";
import { referenceRange } from "../../metrics/compare.js";
import { formatShape } from "../../volume.js";
import { parseCommandArgs, parseNumber } from "../args.js";
import { UsageError, type CliCommand, type CliIO } from "../types.js";

const usage = `Usage: refocus metrics RESULT.tif --reference TRUTH.tif [options]

Scores RESULT against the ground truth TRUTH (same Z×Y×X shape):
  PSNR    peak signal-to-noise ratio in dB, range = max − min of TRUTH
  SSIM    structural similarity, 3D 7×7×7 window (2D for single images)
  NRMSE   ‖TRUTH − RESULT‖ / ‖TRUTH‖
  r       Pearson correlation

Options:
  -r, --reference FILE   ground truth TIFF (required)
  --channel N            channel to compare in both files (0-based; required if several)
  --frame N              time frame to compare in both files (0-based; required if several)
  --json                 print one JSON object instead of text
  -h, --help             show this help`;

export const metricsCommand: CliCommand = {
  name: "metrics",
  summary: "score a result against a ground truth: PSNR, SSIM, NRMSE, Pearson r",
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      args,
      { reference: { type: "string", short: "r" }, channel: { type: "string" }, frame: { type: "string" }, json: { type: "boolean" } },
      { min: 1, max: 1, names: "RESULT.tif" },
    );
    if (!values.reference) throw new UsageError("--reference TRUTH.tif is required");
    const selection = {
      channel: values.channel !== undefined ? parseNumber(values.channel, "channel", { integer: true, min: 0 }) : undefined,
      frame: values.frame !== undefined ? parseNumber(values.frame, "frame", { integer: true, min: 0 }) : undefined,
    };
    const [image, reference] = await Promise.all([
      readFile(positionals[0]).then((b) => readTiffVolume(b, selection)),
      readFile(values.reference).then((b) => readTiffVolume(b, selection)),
    ]);
    const result = {
      result: positionals[0],
      reference: values.reference,
      shape: image.shape,
      dataRange: referenceRange(reference),
      psnr: psnr(reference, image),
      ssim: ssim(reference, image),
      nrmse: nrmse(reference, image),
      pearson: pearson(reference, image),
    };
    if (values.json) {
      io.stdout(JSON.stringify(result, null, 2) + "\n");
      return 0;
    }
    io.stdout(
      [
        `${result.result} vs ${result.reference} (${formatShape(image.shape)})`,
        `  PSNR    ${result.psnr.toFixed(4)} dB (range ${Number(result.dataRange.toPrecision(6))})`,
        `  SSIM    ${result.ssim.toFixed(6)}`,
        `  NRMSE   ${result.nrmse.toFixed(6)}`,
        `  r       ${result.pearson.toFixed(6)}`,
      ].join("\n") + "\n",
    );
    return 0;
  },
};
