/**
 * One TIFF page (image directory): its pixel layout, validation against the file, and decoding of
 * its strips or tiles into raw sample bytes (internal).
 *
 * Blocks are decompressed by the bounded decoders of tiff-codecs.ts. Predictors are applied here,
 * in the file's byte order (geotiff 3.0.5 applies them in the host's byte order, which is wrong
 * for big-endian files).
 *
 * Reference: Adobe, "TIFF Revision 6.0", 1992 (sections 9 PackBits, 13 LZW, 14 Predictor, 15
 * Tiles); Adobe, "TIFF Technical Note 3", 2005 (floating-point predictor 3).
 */
import { EngineError } from "../errors.js";
import { TAG, SUPPORTED_COMPRESSIONS, COMPRESSION_NAMES, compressionName } from "./tiff-format.js";
import { type Ifd, type TiffBytes, tagNumber, tagNumbers } from "./tiff-directory.js";
import { blockDecoderFor } from "./tiff-codecs.js";
import type { TTiffSampleType } from "./tiff-stack.js";

export interface TiffPage {
  width: number;
  height: number;
  sampleType: TTiffSampleType;
  bytesPerSample: number;
  samplesPerPixel: number;
  /** 1: samples interleaved per pixel (chunky); 2: one plane per sample. */
  planar: 1 | 2;
  compression: number;
  predictor: number;
  tiled: boolean;
  blockWidth: number;
  blockHeight: number;
  offsets: number[];
  byteCounts: number[];
  /** True for reduced-resolution or thumbnail pages, which are not part of the stack. */
  reduced: boolean;
}

/** Upper bound on decompression ratio (LZW's worst case is ~2730:1, Deflate's 1032:1). */
const MAX_RATIO = 4096;

function sampleTypeOf(bits: number, format: number): TTiffSampleType | undefined {
  if (format === 3) return bits === 32 ? "float32" : bits === 64 ? "float64" : undefined;
  const signed = format === 2;
  if (format !== 1 && format !== 2 && format !== 4) return undefined;
  switch (bits) {
    case 8: return signed ? "int8" : "uint8";
    case 16: return signed ? "int16" : "uint16";
    case 32: return signed ? "int32" : "uint32";
    default: return undefined;
  }
}

const SAMPLE_FORMAT_NAMES: Record<number, string> = { 1: "unsigned integer", 2: "signed integer", 3: "floating point", 5: "complex integer", 6: "complex float" };

/** Reads the layout tags of one page and refuses what the engine cannot decode, with the reason. */
export function describePage(t: TiffBytes, ifd: Ifd, index: number): TiffPage {
  const where = `page ${index + 1}`;
  const width = tagNumber(t, ifd, TAG.ImageWidth);
  const height = tagNumber(t, ifd, TAG.ImageLength);
  if (!width || !height || !Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new EngineError("TIFF_CORRUPT", `TIFF ${where} has no valid ImageWidth/ImageLength`);
  }
  const spp = tagNumber(t, ifd, TAG.SamplesPerPixel) ?? 1;
  if (!Number.isInteger(spp) || spp < 1 || spp > 64) throw new EngineError("TIFF_CORRUPT", `TIFF ${where} has SamplesPerPixel=${spp}`);
  const bitsList = tagNumbers(t, ifd, TAG.BitsPerSample) ?? [1];
  const bits = bitsList[0];
  if (bitsList.some((b) => b !== bits)) {
    throw new EngineError("TIFF_UNSUPPORTED", `TIFF ${where} mixes bit depths per sample (${bitsList.join(", ")})`);
  }
  const format = tagNumbers(t, ifd, TAG.SampleFormat)?.[0] ?? 1;
  const sampleType = sampleTypeOf(bits, format);
  if (!sampleType) {
    throw new EngineError(
      "TIFF_UNSUPPORTED",
      `TIFF ${where} has ${bits}-bit ${SAMPLE_FORMAT_NAMES[format] ?? `sample format ${format}`} samples; supported are 8/16/32-bit integers and 32/64-bit floats`,
    );
  }
  const compression = tagNumber(t, ifd, TAG.Compression) ?? 1;
  if (!SUPPORTED_COMPRESSIONS.has(compression)) {
    throw new EngineError(
      "TIFF_UNSUPPORTED",
      `TIFF ${where} uses ${COMPRESSION_NAMES[compression] ?? "an unknown"} compression (id ${compression}); supported are none, LZW, Deflate and PackBits`,
    );
  }
  const predictor = tagNumber(t, ifd, TAG.Predictor) ?? 1;
  if (predictor !== 1 && predictor !== 2 && predictor !== 3) {
    throw new EngineError("TIFF_UNSUPPORTED", `TIFF ${where} uses unknown predictor ${predictor}`);
  }
  if (predictor === 3 && format !== 3) throw new EngineError("TIFF_CORRUPT", `TIFF ${where} uses the floating-point predictor on integer samples`);
  const planarTag = tagNumber(t, ifd, TAG.PlanarConfiguration) ?? 1;
  const planar: 1 | 2 = planarTag === 2 && spp > 1 ? 2 : 1;
  const tiled = ifd.entries.has(TAG.TileOffsets);
  let blockWidth: number;
  let blockHeight: number;
  let offsets: number[] | undefined;
  let byteCounts: number[] | undefined;
  if (tiled) {
    blockWidth = tagNumber(t, ifd, TAG.TileWidth) ?? 0;
    blockHeight = tagNumber(t, ifd, TAG.TileLength) ?? 0;
    if (!Number.isInteger(blockWidth) || !Number.isInteger(blockHeight) || blockWidth < 1 || blockHeight < 1) {
      throw new EngineError("TIFF_CORRUPT", `TIFF ${where} is tiled but has no valid TileWidth/TileLength`);
    }
    offsets = tagNumbers(t, ifd, TAG.TileOffsets);
    byteCounts = tagNumbers(t, ifd, TAG.TileByteCounts);
  } else {
    blockWidth = width;
    const rps = tagNumber(t, ifd, TAG.RowsPerStrip);
    blockHeight = rps === undefined || !Number.isFinite(rps) || rps < 1 || rps > height ? height : Math.floor(rps);
    offsets = tagNumbers(t, ifd, TAG.StripOffsets);
    byteCounts = tagNumbers(t, ifd, TAG.StripByteCounts);
  }
  if (!offsets) throw new EngineError("TIFF_CORRUPT", `TIFF ${where} has no ${tiled ? "tile" : "strip"} offsets`);
  const bytesPerSample = bits / 8;
  const blocks = Math.ceil(width / blockWidth) * Math.ceil(height / blockHeight) * (planar === 2 ? spp : 1);
  if (offsets.length < blocks) {
    throw new EngineError("TIFF_CORRUPT", `TIFF ${where} lists ${offsets.length} ${tiled ? "tiles" : "strips"} but its size needs ${blocks}`);
  }
  if (!byteCounts) {
    // Some old writers omit StripByteCounts for uncompressed single-strip images.
    if (compression !== 1 || blocks !== 1) throw new EngineError("TIFF_CORRUPT", `TIFF ${where} has no byte counts`);
    byteCounts = [width * height * spp * bytesPerSample];
  }
  if (byteCounts.length < blocks) {
    throw new EngineError("TIFF_CORRUPT", `TIFF ${where} lists ${byteCounts.length} byte counts but needs ${blocks}`);
  }
  const subfile = tagNumber(t, ifd, TAG.NewSubfileType) ?? 0;
  return {
    width, height, sampleType, bytesPerSample, samplesPerPixel: spp, planar, compression, predictor, tiled,
    blockWidth, blockHeight, offsets: offsets.slice(0, blocks), byteCounts: byteCounts.slice(0, blocks),
    reduced: (subfile & 1) === 1,
  };
}

/** Bytes of all samples of a page once decoded. */
export function pageBytes(p: TiffPage): number {
  return p.width * p.height * p.samplesPerPixel * p.bytesPerSample;
}

/** Decoded size of block i (the last strip may be short; tiles are always full). */
function blockBytes(p: TiffPage, i: number): number {
  const sppInBlock = p.planar === 2 ? 1 : p.samplesPerPixel;
  if (p.tiled) return p.blockWidth * p.blockHeight * sppInBlock * p.bytesPerSample;
  const stripsPerPlane = Math.ceil(p.height / p.blockHeight);
  const row0 = (i % stripsPerPlane) * p.blockHeight;
  const rows = Math.min(p.blockHeight, p.height - row0);
  return rows * p.width * sppInBlock * p.bytesPerSample;
}

/**
 * Checks every block against the file before anything is allocated: offsets inside the file,
 * uncompressed blocks complete, compressed blocks not claiming an impossible ratio.
 */
export function validatePage(t: TiffBytes, p: TiffPage, index: number): void {
  for (let i = 0; i < p.offsets.length; i++) {
    const off = p.offsets[i];
    const count = p.byteCounts[i];
    const need = blockBytes(p, i);
    t.check(off, p.compression === 1 ? need : count, `${p.tiled ? "tile" : "strip"} ${i} of page ${index + 1}`);
    if (p.compression !== 1 && (!Number.isFinite(count) || count < 1 || need > count * MAX_RATIO)) {
      throw new EngineError(
        "TIFF_CORRUPT",
        `TIFF page ${index + 1} is corrupt: ${compressionName(p.compression)} block ${i} of ${count} bytes cannot hold ${need} bytes of pixels`,
      );
    }
  }
}

/** Undoes horizontal differencing (predictor 2) on one row, sample by sample, in file byte order. */
function undoPredictor2(view: DataView, start: number, samples: number, stride: number, bps: number, le: boolean): void {
  for (let s = stride; s < samples; s++) {
    const o = start + s * bps;
    const prev = o - stride * bps;
    if (bps === 1) view.setUint8(o, (view.getUint8(o) + view.getUint8(prev)) & 0xff);
    else if (bps === 2) view.setUint16(o, (view.getUint16(o, le) + view.getUint16(prev, le)) & 0xffff, le);
    else if (bps === 4) view.setUint32(o, (view.getUint32(o, le) + view.getUint32(prev, le)) >>> 0, le);
    else view.setBigUint64(o, BigInt.asUintN(64, view.getBigUint64(o, le) + view.getBigUint64(prev, le)), le);
  }
}

/**
 * Undoes the floating-point predictor (3) on one row: byte-wise differencing, then the bytes of
 * each sample come back from planes ordered most-significant first. Output is big endian.
 */
function undoPredictor3(row: Uint8Array, samples: number, stride: number, bps: number): void {
  for (let i = stride; i < row.length; i++) row[i] = (row[i] + row[i - stride]) & 0xff;
  const tmp = row.slice();
  for (let s = 0; s < samples; s++) {
    for (let b = 0; b < bps; b++) row[s * bps + b] = tmp[b * samples + s];
  }
}

export interface DecodedPage {
  /** Samples of the whole page: chunky (pixel-interleaved) or one plane per sample when planar. */
  bytes: Uint8Array;
  littleEndian: boolean;
}

/** Decodes a validated page. Uncompressed contiguous pages are returned as views, without copying. */
export async function decodePage(t: TiffBytes, p: TiffPage, index: number): Promise<DecodedPage> {
  const total = pageBytes(p);
  if (p.compression === 1 && p.predictor === 1 && !p.tiled) {
    let contiguous = true;
    for (let i = 1; i < p.offsets.length && contiguous; i++) contiguous = p.offsets[i] === p.offsets[i - 1] + blockBytes(p, i - 1);
    if (contiguous) return { bytes: t.bytes.subarray(p.offsets[0], p.offsets[0] + total), littleEndian: t.littleEndian };
  }
  const decode = blockDecoderFor(p.compression);
  if (!decode) throw new EngineError("TIFF_UNSUPPORTED", `TIFF page ${index + 1} uses ${compressionName(p.compression)} compression`);
  const out = new Uint8Array(total);
  const sppInBlock = p.planar === 2 ? 1 : p.samplesPerPixel;
  const across = Math.ceil(p.width / p.blockWidth);
  const down = Math.ceil(p.height / p.blockHeight);
  const rowBytes = p.blockWidth * sppInBlock * p.bytesPerSample;
  let littleEndian = t.littleEndian;
  for (let i = 0; i < p.offsets.length; i++) {
    const need = blockBytes(p, i);
    const raw = t.bytes.subarray(p.offsets[i], p.offsets[i] + (p.compression === 1 ? need : p.byteCounts[i]));
    let block: Uint8Array;
    try {
      block = await decode(raw, need);
    } catch (e) {
      throw new EngineError(
        "TIFF_CORRUPT",
        `TIFF page ${index + 1} is corrupt: ${compressionName(p.compression)} block ${i} cannot be decompressed (${e instanceof Error ? e.message : String(e)})`,
        { cause: e },
      );
    }
    if (block.byteLength < need) {
      throw new EngineError(
        "TIFF_CORRUPT",
        `TIFF page ${index + 1} is truncated: block ${i} decodes to ${block.byteLength} bytes, expected ${need}`,
      );
    }
    if (p.predictor !== 1) {
      block = block === raw ? block.slice(0, need) : block;
      const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
      const rows = need / rowBytes;
      for (let r = 0; r < rows; r++) {
        if (p.predictor === 2) undoPredictor2(view, r * rowBytes, p.blockWidth * sppInBlock, sppInBlock, p.bytesPerSample, t.littleEndian);
        else undoPredictor3(block.subarray(r * rowBytes, (r + 1) * rowBytes), p.blockWidth * sppInBlock, sppInBlock, p.bytesPerSample);
      }
      if (p.predictor === 3) littleEndian = false;
    }
    // Place the block: plane (planar only), block row and column, clipped at the image edge.
    const blocksPerPlane = across * down;
    const plane = p.planar === 2 ? Math.floor(i / blocksPerPlane) : 0;
    const j = i % blocksPerPlane;
    const bx = (j % across) * p.blockWidth;
    const by = Math.floor(j / across) * p.blockHeight;
    const planeOffset = plane * p.width * p.height * p.bytesPerSample;
    const imageRowBytes = p.width * sppInBlock * p.bytesPerSample;
    const copyBytes = (Math.min(p.blockWidth, p.width - bx)) * sppInBlock * p.bytesPerSample;
    const rowsHere = Math.min(p.blockHeight, p.height - by);
    for (let r = 0; r < rowsHere; r++) {
      const src = r * rowBytes;
      const dst = planeOffset + (by + r) * imageRowBytes + bx * sppInBlock * p.bytesPerSample;
      out.set(block.subarray(src, src + copyBytes), dst);
    }
  }
  return { bytes: out, littleEndian };
}

/**
 * Converts one sample (channel) of a decoded page to float32, writing width×height values at
 * `target[offset...]`.
 */
export function pageSampleToFloat32(p: TiffPage, page: DecodedPage, sample: number, target: Float32Array, offset: number): void {
  const n = p.width * p.height;
  const bps = p.bytesPerSample;
  const step = p.planar === 2 ? bps : bps * p.samplesPerPixel;
  const start = p.planar === 2 ? sample * n * bps : sample * bps;
  const b = page.bytes;
  const le = page.littleEndian;
  // Fast path: file order equals host order, aligned, one sample per pixel → typed-array copy.
  if (le === HOST_LITTLE_ENDIAN && step === bps && (b.byteOffset + start) % bps === 0) {
    const src = typedView(p.sampleType, b.buffer, b.byteOffset + start, n);
    for (let i = 0; i < n; i++) target[offset + i] = Number(src[i]);
    return;
  }
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const get = getter(p.sampleType, view, le);
  for (let i = 0; i < n; i++) target[offset + i] = get(start + i * step);
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type NumericArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

function typedView(type: TTiffSampleType, buffer: ArrayBufferLike, byteOffset: number, length: number): NumericArray {
  switch (type) {
    case "uint8": return new Uint8Array(buffer, byteOffset, length);
    case "int8": return new Int8Array(buffer, byteOffset, length);
    case "uint16": return new Uint16Array(buffer, byteOffset, length);
    case "int16": return new Int16Array(buffer, byteOffset, length);
    case "uint32": return new Uint32Array(buffer, byteOffset, length);
    case "int32": return new Int32Array(buffer, byteOffset, length);
    case "float32": return new Float32Array(buffer, byteOffset, length);
    case "float64": return new Float64Array(buffer, byteOffset, length);
  }
}

function getter(type: TTiffSampleType, v: DataView, le: boolean): (o: number) => number {
  switch (type) {
    case "uint8": return (o) => v.getUint8(o);
    case "int8": return (o) => v.getInt8(o);
    case "uint16": return (o) => v.getUint16(o, le);
    case "int16": return (o) => v.getInt16(o, le);
    case "uint32": return (o) => v.getUint32(o, le);
    case "int32": return (o) => v.getInt32(o, le);
    case "float32": return (o) => v.getFloat32(o, le);
    case "float64": return (o) => v.getFloat64(o, le);
  }
}
