/**
 * Writes a Volume as an ImageJ-compatible TIFF Z stack that Fiji/ImageJ and tifffile open with the
 * right shape, sample type and voxel size.
 *
 * Layout: little endian, classic TIFF, uncompressed, one IFD per slice (for generic readers), and
 * all pixel data contiguous after the directories, because ImageJ reads only the first IFD of a
 * stack whose description says `images=N` and then reads N contiguous images. The first IFD carries
 * the ImageJ description (`ImageJ=1.11a`, images, slices, hyperstack, unit, spacing, min, max),
 * X/YResolution = 1/voxel size in the ImageJ unit with ResolutionUnit = none (as ImageJ writes),
 * and the ImageJ "Info" property (IJMetadata tag), which holds the free-text description and the
 * provenance as one line `refocus.provenance=<JSON>`; ImageJ keeps Info when re-saving and tifffile
 * exposes it as `imagej_metadata["Info"]`.
 *
 * uint16 output: each value v becomes round(v × scale) clamped to [0, 65535]; NaN becomes 0.
 * Files over 4 GiB would need BigTIFF, which ImageJ cannot read: they are refused (TIFF_TOO_LARGE).
 *
 * Reference: Adobe, "TIFF Revision 6.0", 1992; ImageJ ij/io/TiffEncoder.java (W. Rasband, NIH).
 */
import { z } from "zod";
import { EngineError } from "../errors.js";
import type { Volume } from "../volume.js";
import { TAG } from "./tiff-format.js";
import { buildImageJDescription, buildImageJInfoTags, PROVENANCE_KEY } from "./imagej-metadata.js";

export const ZWriteTiffOptions = z.object({
  /** Sample type of the file. float32 keeps values exactly; uint16 rounds and clamps. */
  sampleType: z.enum(["float32", "uint16"]).default("float32"),
  /** uint16 only: multiply values by this factor before rounding (default 1). */
  scale: z.number().positive().finite().default(1),
  /** Any JSON-serialisable value, stored in the ImageJ Info property and returned by readTiff. */
  provenance: z.unknown().optional(),
  /** Free text stored in the ImageJ Info property (shown by Fiji's Image › Show Info). */
  description: z.string().optional(),
});
export type TWriteTiffOptions = z.input<typeof ZWriteTiffOptions>;

interface Entry {
  tag: number;
  type: 1 | 2 | 3 | 4 | 5;
  /** Numbers for SHORT/LONG, [num, den] pairs for RATIONAL, raw bytes for BYTE/ASCII. */
  values: number[] | Uint8Array;
}

const TYPE_BYTES = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8 } as const;
const MAX_FILE = 2 ** 32 - 1;

function entryBytes(e: Entry): number {
  const count = e.type === 5 ? e.values.length / 2 : e.values.length;
  return TYPE_BYTES[e.type] * count;
}

/** x ≈ den/num with num a power of ten, so 1/resolution gives back x to ~1e-9 relative. */
function resolutionRational(x: number): [number, number] {
  let s = 1e9;
  while (s > 1 && x * s > MAX_FILE) s /= 10;
  return [s, Math.max(1, Math.round(x * s))];
}

/** ImageJ's ASCII description: "micron" for µm (what ImageJ itself understands best), \uXXXX otherwise. */
function asciiUnit(unit: string): string {
  if (["µm", "μm", "um", "micron", "microns"].includes(unit.trim())) return "micron";
  return unit.replace(/[^\x20-\x7e]/g, (ch) => "\\u" + ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0"));
}

/**
 * Encodes `volume` as a TIFF file.
 *
 * @param volume float32 Z stack; its voxelSize (if any) is written as ImageJ calibration.
 * @param options sample type (float32 | uint16, default float32), uint16 scale, provenance, description.
 * @returns the file bytes.
 */
export function writeTiff(volume: Volume, options: TWriteTiffOptions = {}): Uint8Array {
  const o = ZWriteTiffOptions.parse(options);
  const [nz, ny, nx] = volume.shape;
  const bps = o.sampleType === "uint16" ? 2 : 4;
  const sliceBytes = nx * ny * bps;

  // Convert first: min/max go into the description as ImageJ's display range.
  const pixels = new Uint8Array(nz * sliceBytes);
  const dv = new DataView(pixels.buffer);
  let min = Infinity;
  let max = -Infinity;
  const src = volume.data;
  if (o.sampleType === "uint16") {
    for (let i = 0; i < src.length; i++) {
      const r = Math.round(src[i] * o.scale);
      const v = Number.isNaN(r) ? 0 : r < 0 ? 0 : r > 65535 ? 65535 : r;
      dv.setUint16(2 * i, v, true);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  } else {
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      dv.setFloat32(4 * i, v, true);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!Number.isFinite(min)) { min = 0; max = 0; }

  const vs = volume.voxelSize;
  const unit = vs ? asciiUnit(vs.unit) : undefined;
  const description = buildImageJDescription({ slices: nz, spacing: vs?.z, unit, min, max });
  const infoLines: string[] = [];
  if (o.description) infoLines.push(o.description);
  if (o.provenance !== undefined) {
    const json = JSON.stringify(o.provenance);
    if (json === undefined) throw new EngineError("INVALID_PARAMETER", "provenance must be JSON-serialisable");
    infoLines.push(PROVENANCE_KEY + json);
  }
  const ij = infoLines.length > 0 ? buildImageJInfoTags(infoLines.join("\n")) : undefined;

  const ifdEntries = (z0: boolean, stripOffset: number): Entry[] => {
    const e: Entry[] = [
      { tag: TAG.NewSubfileType, type: 4, values: [0] },
      { tag: TAG.ImageWidth, type: 4, values: [nx] },
      { tag: TAG.ImageLength, type: 4, values: [ny] },
      { tag: TAG.BitsPerSample, type: 3, values: [bps * 8] },
      { tag: TAG.Compression, type: 3, values: [1] },
      { tag: TAG.PhotometricInterpretation, type: 3, values: [1] },
    ];
    if (z0) e.push({ tag: TAG.ImageDescription, type: 2, values: new TextEncoder().encode(description + "\0") });
    e.push(
      { tag: TAG.StripOffsets, type: 4, values: [stripOffset] },
      { tag: TAG.SamplesPerPixel, type: 3, values: [1] },
      { tag: TAG.RowsPerStrip, type: 4, values: [ny] },
      { tag: TAG.StripByteCounts, type: 4, values: [sliceBytes] },
    );
    if (vs) {
      e.push(
        { tag: TAG.XResolution, type: 5, values: resolutionRational(vs.x) },
        { tag: TAG.YResolution, type: 5, values: resolutionRational(vs.y) },
        { tag: TAG.ResolutionUnit, type: 3, values: [1] },
      );
    }
    e.push({ tag: TAG.SampleFormat, type: 3, values: [o.sampleType === "uint16" ? 1 : 3] });
    if (z0 && ij) {
      e.push(
        { tag: TAG.IJMetadataByteCounts, type: 4, values: ij.byteCounts },
        { tag: TAG.IJMetadata, type: 1, values: ij.data },
      );
    }
    return e;
  };

  // Pass 1: sizes. Each IFD is followed by its out-of-line values, word aligned.
  const ifdSize = (entries: Entry[]): number =>
    2 + 12 * entries.length + 4 + entries.reduce((s, e) => s + (entryBytes(e) > 4 ? (entryBytes(e) + 1) & ~1 : 0), 0);
  const size0 = ifdSize(ifdEntries(true, 0));
  const sizeN = ifdSize(ifdEntries(false, 0));
  const dataStart = (8 + size0 + (nz - 1) * sizeN + 15) & ~15;
  const total = dataStart + pixels.length;
  if (total > MAX_FILE) {
    throw new EngineError("TIFF_TOO_LARGE", `the TIFF would be ${(total / 2 ** 30).toFixed(1)} GiB; files over 4 GiB (BigTIFF) are not written`);
  }

  // Pass 2: write.
  const out = new Uint8Array(total);
  const w = new DataView(out.buffer);
  out.set([0x49, 0x49], 0);
  w.setUint16(2, 42, true);
  w.setUint32(4, 8, true);
  let at = 8;
  for (let zi = 0; zi < nz; zi++) {
    const entries = ifdEntries(zi === 0, dataStart + zi * sliceBytes);
    const ifdStart = at;
    let ext = ifdStart + 2 + 12 * entries.length + 4;
    w.setUint16(ifdStart, entries.length, true);
    entries.forEach((e, k) => {
      const p = ifdStart + 2 + 12 * k;
      const n = entryBytes(e);
      w.setUint16(p, e.tag, true);
      w.setUint16(p + 2, e.type, true);
      w.setUint32(p + 4, e.type === 5 ? e.values.length / 2 : e.values.length, true);
      let target = p + 8;
      if (n > 4) {
        w.setUint32(p + 8, ext, true);
        target = ext;
        ext += (n + 1) & ~1;
      }
      if (e.values instanceof Uint8Array) out.set(e.values, target);
      else {
        for (let i = 0; i < e.values.length; i++) {
          if (e.type === 3) w.setUint16(target + 2 * i, e.values[i], true);
          else w.setUint32(target + 4 * i, e.values[i], true);
        }
      }
    });
    at = ext;
    w.setUint32(ifdStart + 2 + 12 * entries.length, zi + 1 < nz ? at : 0, true);
  }
  out.set(pixels, dataStart);
  return out;
}
