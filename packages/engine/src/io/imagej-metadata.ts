/**
 * ImageJ's TIFF metadata (internal): the `ImageJ=` ImageDescription (hyperstack dimensions in
 * XYCZT order, z spacing, unit) and the IJMetadata tag pair that holds the "Info" property.
 *
 * The formats are defined by ImageJ's ij/io/TiffEncoder.java and TiffDecoder.java (W. Rasband,
 * NIH); tifffile (C. Gohlke) reads and writes the same layout (`imagej_description`,
 * `imagej_metadata_tag`).
 */

export interface ImageJDescription {
  images: number;
  channels: number;
  slices: number;
  frames: number;
  spacing?: number;
  unit?: string;
  /** Every key=value line, for callers that need more. */
  entries: Record<string, string>;
}

export function isImageJDescription(text: string | undefined): boolean {
  return text !== undefined && text.startsWith("ImageJ=");
}

function positiveInt(v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

/** ImageJ escapes µ as the literal text "\u00B5" in the unit field. */
function unescapeUnit(u: string): string {
  return u.replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export function parseImageJDescription(text: string): ImageJDescription {
  const entries: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf("=");
    if (i > 0) entries[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  const channels = positiveInt(entries.channels, 1);
  const frames = positiveInt(entries.frames, 1);
  const images = positiveInt(entries.images, 1);
  // Old ImageJ stacks have only `images=`: then every image is a slice.
  const slices = positiveInt(entries.slices, entries.slices === undefined ? Math.max(1, Math.floor(images / (channels * frames))) : 1);
  const spacing = entries.spacing !== undefined && Number.isFinite(Number(entries.spacing)) ? Number(entries.spacing) : undefined;
  const unit = entries.unit !== undefined ? unescapeUnit(entries.unit) : undefined;
  return { images, channels, slices, frames, spacing, unit, entries };
}

/** Builds the ImageDescription ImageJ writes for a single-channel Z stack. */
export function buildImageJDescription(o: { slices: number; spacing?: number; unit?: string; min: number; max: number }): string {
  const lines = ["ImageJ=1.11a", `images=${o.slices}`];
  if (o.slices > 1) lines.push(`slices=${o.slices}`, "hyperstack=true", "mode=grayscale");
  if (o.unit !== undefined) lines.push(`unit=${o.unit}`);
  if (o.spacing !== undefined && o.slices > 1) lines.push(`spacing=${o.spacing}`);
  lines.push("loop=false", `min=${o.min}`, `max=${o.max}`);
  return lines.join("\n") + "\n";
}

const INFO = 0x696e666f; // "info"

/** Extracts the Info property from the IJMetadata / IJMetadataByteCounts tags, if present. */
export function parseImageJInfo(data: Uint8Array, byteCounts: number[], littleEndian: boolean): string | undefined {
  if (byteCounts.length < 2 || data.length < 4) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const magic = view.getUint32(0, false);
  // "IJIJ" in big-endian files, "JIJI" in little-endian ones.
  if (magic !== 0x494a494a && magic !== 0x4a494a49) return undefined;
  const headerSize = byteCounts[0];
  if (headerSize > data.length || (headerSize - 4) % 8 !== 0) return undefined;
  let bodyOffset = headerSize;
  let countIndex = 1;
  for (let h = 4; h + 8 <= headerSize; h += 8) {
    const type = view.getUint32(h, littleEndian);
    const n = view.getUint32(h + 4, littleEndian);
    for (let k = 0; k < n; k++) {
      const size = byteCounts[countIndex++];
      if (size === undefined || bodyOffset + size > data.length) return undefined;
      if (type === INFO && k === 0) {
        return decodeUtf16(data.subarray(bodyOffset, bodyOffset + size), littleEndian);
      }
      bodyOffset += size;
    }
  }
  return undefined;
}

function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string {
  return new TextDecoder(littleEndian ? "utf-16le" : "utf-16be").decode(bytes);
}

/** Encodes the IJMetadata + IJMetadataByteCounts values holding one Info string, little endian. */
export function buildImageJInfoTags(info: string): { data: Uint8Array; byteCounts: number[] } {
  const body = new Uint8Array(info.length * 2);
  const bv = new DataView(body.buffer);
  for (let i = 0; i < info.length; i++) bv.setUint16(2 * i, info.charCodeAt(i), true);
  const header = new Uint8Array(12);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, 0x4a494a49, false); // "JIJI"
  hv.setUint32(4, INFO, true);
  hv.setUint32(8, 1, true);
  const data = new Uint8Array(header.length + body.length);
  data.set(header, 0);
  data.set(body, header.length);
  return { data, byteCounts: [header.length, body.length] };
}

/** The line of the Info property that carries Refocus provenance as one line of JSON. */
export const PROVENANCE_KEY = "refocus.provenance=";

export function splitProvenance(info: string): { text: string; provenance?: unknown } {
  const kept: string[] = [];
  let provenance: unknown;
  for (const line of info.split("\n")) {
    if (provenance === undefined && line.startsWith(PROVENANCE_KEY)) {
      try {
        provenance = JSON.parse(line.slice(PROVENANCE_KEY.length));
        continue;
      } catch {
        // A damaged line stays visible as text rather than being dropped.
      }
    }
    kept.push(line);
  }
  return { text: kept.join("\n").trim(), provenance };
}
