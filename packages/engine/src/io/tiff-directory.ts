/**
 * Defensive parser for the TIFF header and image file directories (IFDs) (internal).
 *
 * Every offset and count read from the file is checked against the file length before use, IFD
 * chains are followed with loop detection and a page limit, so a hostile file can only produce an
 * EngineError, never a hang or a huge allocation. Pixel data is not touched here.
 *
 * Reference: Adobe, "TIFF Revision 6.0", 1992; "BigTIFF File Format Proposal", libtiff, 2007.
 */
import { EngineError } from "../errors.js";
import { TYPE_SIZE } from "./tiff-format.js";

export interface TiffHeader {
  littleEndian: boolean;
  bigTiff: boolean;
  firstIfdOffset: number;
}

export interface IfdEntry {
  tag: number;
  type: number;
  count: number;
  /** Absolute file offset of the value bytes (inline values point inside the entry). */
  valueOffset: number;
}

export interface Ifd {
  offset: number;
  entries: Map<number, IfdEntry>;
}

/** Hard caps that keep a malicious file from making us loop or allocate without bound. */
const MAX_PAGES = 1_000_000;
const MAX_ENTRIES_PER_IFD = 4096;

/** Random access to the file bytes with bounds-checked reads in the file's byte order. */
export class TiffBytes {
  readonly view: DataView;
  readonly bytes: Uint8Array;
  littleEndian = true;
  bigTiff = false;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.byteLength;
  }

  check(offset: number, size: number, what: string): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || size < 0 || offset + size > this.length) {
      throw new EngineError(
        "TIFF_CORRUPT",
        `TIFF is truncated or corrupt: ${what} at byte ${offset} (+${size}) lies beyond the end of the ${this.length}-byte file`,
      );
    }
  }

  u16(o: number): number {
    this.check(o, 2, "a 16-bit field");
    return this.view.getUint16(o, this.littleEndian);
  }

  u32(o: number): number {
    this.check(o, 4, "a 32-bit field");
    return this.view.getUint32(o, this.littleEndian);
  }

  u64(o: number): number {
    this.check(o, 8, "a 64-bit field");
    const v = this.view.getBigUint64(o, this.littleEndian);
    // Offsets past 2^53 cannot address any file we could hold in memory.
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new EngineError("TIFF_CORRUPT", `TIFF is corrupt: 64-bit value ${v} is out of range`);
    }
    return Number(v);
  }

  /** An offset-sized field: 4 bytes in classic TIFF, 8 in BigTIFF. */
  offset(o: number): number {
    return this.bigTiff ? this.u64(o) : this.u32(o);
  }
}

export function parseHeader(t: TiffBytes): TiffHeader {
  if (t.length < 8) {
    throw new EngineError("TIFF_NOT_TIFF", `not a TIFF file: only ${t.length} bytes (a TIFF header needs 8)`);
  }
  const b0 = t.bytes[0];
  const b1 = t.bytes[1];
  if (b0 === 0x49 && b1 === 0x49) t.littleEndian = true;
  else if (b0 === 0x4d && b1 === 0x4d) t.littleEndian = false;
  else {
    throw new EngineError("TIFF_NOT_TIFF", "not a TIFF file: it does not start with the byte-order mark II or MM");
  }
  const magic = t.u16(2);
  if (magic === 42) {
    t.bigTiff = false;
    return { littleEndian: t.littleEndian, bigTiff: false, firstIfdOffset: t.u32(4) };
  }
  if (magic === 43) {
    if (t.length < 16) throw new EngineError("TIFF_CORRUPT", "BigTIFF header is truncated (needs 16 bytes)");
    const offsetSize = t.u16(4);
    if (offsetSize !== 8 || t.u16(6) !== 0) {
      throw new EngineError("TIFF_CORRUPT", `BigTIFF header declares offset size ${offsetSize}; only 8 is defined`);
    }
    t.bigTiff = true;
    return { littleEndian: t.littleEndian, bigTiff: true, firstIfdOffset: t.u64(8) };
  }
  throw new EngineError("TIFF_NOT_TIFF", `not a TIFF file: version number is ${magic}, expected 42 (TIFF) or 43 (BigTIFF)`);
}

function readIfd(t: TiffBytes, offset: number): { ifd: Ifd; next: number } {
  const countSize = t.bigTiff ? 8 : 2;
  const entrySize = t.bigTiff ? 20 : 12;
  const n = t.bigTiff ? t.u64(offset) : t.u16(offset);
  if (n === 0 || n > MAX_ENTRIES_PER_IFD) {
    throw new EngineError("TIFF_CORRUPT", `TIFF is corrupt: image directory at byte ${offset} claims ${n} entries`);
  }
  const nextAt = offset + countSize + n * entrySize;
  t.check(offset, countSize + n * entrySize + (t.bigTiff ? 8 : 4), `an image directory of ${n} entries`);
  const entries = new Map<number, IfdEntry>();
  for (let i = 0; i < n; i++) {
    const e = offset + countSize + i * entrySize;
    const tag = t.u16(e);
    const type = t.u16(e + 2);
    const count = t.bigTiff ? t.u64(e + 4) : t.u32(e + 4);
    const size = TYPE_SIZE[type];
    // Unknown field types are skipped, as the TIFF spec asks readers to do.
    if (size === undefined) continue;
    const inlineSize = t.bigTiff ? 8 : 4;
    const valueField = e + (t.bigTiff ? 12 : 8);
    const total = size * count;
    const valueOffset = total <= inlineSize ? valueField : t.offset(valueField);
    entries.set(tag, { tag, type, count, valueOffset });
  }
  return { ifd: { offset, entries }, next: t.offset(nextAt) };
}

/** Walks the IFD chain from the header, refusing loops and chains longer than the page cap. */
export function readIfds(t: TiffBytes, header: TiffHeader): Ifd[] {
  const ifds: Ifd[] = [];
  const seen = new Set<number>();
  let offset = header.firstIfdOffset;
  if (offset === 0) throw new EngineError("TIFF_CORRUPT", "TIFF contains no image (first directory offset is 0)");
  while (offset !== 0) {
    if (seen.has(offset)) {
      throw new EngineError("TIFF_CORRUPT", `TIFF is corrupt: image directories form a loop (byte ${offset} is visited twice)`);
    }
    if (ifds.length >= MAX_PAGES) throw new EngineError("TIFF_TOO_LARGE", `TIFF has more than ${MAX_PAGES} pages`);
    seen.add(offset);
    const { ifd, next } = readIfd(t, offset);
    ifds.push(ifd);
    offset = next;
  }
  return ifds;
}

/** Reads all numeric values of a tag; rationals become numerator/denominator. */
export function tagNumbers(t: TiffBytes, ifd: Ifd, tag: number): number[] | undefined {
  const e = ifd.entries.get(tag);
  if (!e) return undefined;
  const size = TYPE_SIZE[e.type];
  t.check(e.valueOffset, size * e.count, `the values of tag ${tag}`);
  const out = new Array<number>(e.count);
  const le = t.littleEndian;
  const v = t.view;
  for (let i = 0; i < e.count; i++) {
    const o = e.valueOffset + i * size;
    switch (e.type) {
      case 1: case 2: case 7: out[i] = v.getUint8(o); break;
      case 6: out[i] = v.getInt8(o); break;
      case 3: out[i] = v.getUint16(o, le); break;
      case 8: out[i] = v.getInt16(o, le); break;
      case 4: case 13: out[i] = v.getUint32(o, le); break;
      case 9: out[i] = v.getInt32(o, le); break;
      case 5: { const d = v.getUint32(o + 4, le); out[i] = d === 0 ? NaN : v.getUint32(o, le) / d; break; }
      case 10: { const d = v.getInt32(o + 4, le); out[i] = d === 0 ? NaN : v.getInt32(o, le) / d; break; }
      case 11: out[i] = v.getFloat32(o, le); break;
      case 12: out[i] = v.getFloat64(o, le); break;
      case 16: case 18: out[i] = t.u64(o); break;
      case 17: out[i] = Number(v.getBigInt64(o, le)); break;
      default: out[i] = NaN;
    }
  }
  return out;
}

export function tagNumber(t: TiffBytes, ifd: Ifd, tag: number): number | undefined {
  const e = ifd.entries.get(tag);
  if (!e || e.count < 1) return undefined;
  return tagNumbers(t, { offset: ifd.offset, entries: new Map([[tag, { ...e, count: 1 }]]) }, tag)?.[0];
}

/** ASCII (or UTF-8, as ImageJ and OME write) text of a tag, without the trailing NULs. */
export function tagString(t: TiffBytes, ifd: Ifd, tag: number): string | undefined {
  const e = ifd.entries.get(tag);
  if (!e) return undefined;
  const size = TYPE_SIZE[e.type];
  if (size !== 1) return undefined;
  t.check(e.valueOffset, e.count, `the text of tag ${tag}`);
  let end = e.valueOffset + e.count;
  while (end > e.valueOffset && t.bytes[end - 1] === 0) end--;
  return new TextDecoder("utf-8").decode(t.bytes.subarray(e.valueOffset, end));
}

/** Raw bytes of a tag value (for IJMetadata), bounds-checked, not copied. */
export function tagBytes(t: TiffBytes, ifd: Ifd, tag: number): Uint8Array | undefined {
  const e = ifd.entries.get(tag);
  if (!e) return undefined;
  const n = TYPE_SIZE[e.type] * e.count;
  t.check(e.valueOffset, n, `the bytes of tag ${tag}`);
  return t.bytes.subarray(e.valueOffset, e.valueOffset + n);
}
