/**
 * `refocus info FILE.tif [--json]`: what a TIFF holds (shape, channels, frames, sample type, byte
 * order, compression, BigTIFF, voxel size), intensity statistics per channel and frame, and the
 * provenance Refocus embedded, if any.
 */
import { readFile } from "node:fs/promises";
import { readTiff } from "../../io/read-tiff.js";
import type { TiffStack } from "../../io/tiff-stack.js";
import { parseCommandArgs } from "../args.js";
import type { CliCommand, CliIO } from "../types.js";

const usage = `Usage: refocus info FILE.tif [--json]

Describes a TIFF file: shape (Z×Y×X), channels, frames, sample type, byte order,
compression, BigTIFF, voxel size, min/max/mean of each channel and frame, and the
processing provenance embedded by Refocus.

Options:
  --json      print one JSON object instead of text
  -h, --help  show this help`;

export interface VolumeStats {
  channel: number;
  frame: number;
  min: number;
  max: number;
  mean: number;
}

function statsOf(stack: TiffStack): VolumeStats[] {
  const out: VolumeStats[] = [];
  for (let frame = 0; frame < stack.frames; frame++) {
    for (let channel = 0; channel < stack.channels; channel++) {
      const d = stack.volume(channel, frame).data;
      let min = Infinity, max = -Infinity, sum = 0;
      for (let i = 0; i < d.length; i++) {
        const v = d[i];
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
      }
      out.push({ channel, frame, min, max, mean: sum / d.length });
    }
  }
  return out;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString());

export const infoCommand: CliCommand = {
  name: "info",
  summary: "describe a TIFF: shape, sample type, voxel size, statistics, provenance",
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, { json: { type: "boolean" } }, { min: 1, max: 1, names: "FILE.tif" });
    const file = positionals[0];
    const stack = await readTiff(await readFile(file));
    const stats = statsOf(stack);
    const { volume: _volume, ...info } = stack;
    if (values.json) {
      io.stdout(JSON.stringify({ file, ...info, stats }, null, 2) + "\n");
      return 0;
    }
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
    const vs = stack.voxelSize;
    const lines = [
      file,
      `  shape        ${stack.slices} × ${stack.height} × ${stack.width} (Z × Y × X), ${plural(stack.channels, "channel")}, ${plural(stack.frames, "frame")}`,
      `  samples      ${stack.sampleType}, ${stack.littleEndian ? "little" : "big"}-endian, compression ${stack.compression}, ${stack.bigTiff ? "BigTIFF" : "classic TIFF"}`,
      `  layout       ${stack.layout === "imagej" ? "ImageJ" : stack.layout === "ome" ? "OME-TIFF" : "plain pages"}, ${plural(stack.pageCount, "page")}`,
      `  voxel size   ${vs ? `${fmt(vs.z)} × ${fmt(vs.y)} × ${fmt(vs.x)} ${vs.unit} (Z × Y × X)` : "not recorded"}`,
    ];
    for (const s of stats) {
      const where = stack.channels * stack.frames > 1 ? ` (channel ${s.channel}, frame ${s.frame})` : "";
      lines.push(`  intensity${where}  min ${fmt(s.min)}  max ${fmt(s.max)}  mean ${fmt(s.mean)}`);
    }
    if (stack.description) lines.push(`  description  ${stack.description.split("\n").join("\n               ")}`);
    lines.push(`  provenance   ${stack.provenance === undefined ? "none" : JSON.stringify(stack.provenance, null, 2).split("\n").join("\n               ")}`);
    io.stdout(lines.join("\n") + "\n");
    return 0;
  },
};
