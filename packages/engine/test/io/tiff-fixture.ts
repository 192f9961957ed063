/**
 * A tiny, independent TIFF encoder for tests: writes any tags the test asks for, so tests can make
 * valid files of every sample type, byte order and BigTIFF, and deliberately broken ones.
 * It trusts its input completely (that is the point).
 */

export type SampleType = "uint8" | "int8" | "uint16" | "int16" | "uint32" | "int32" | "float32" | "float64";

export const SAMPLE_BITS: Record<SampleType, number> = {
  uint8: 8, int8: 8, uint16: 16, int16: 16, uint32: 32, int32: 32, float32: 32, float64: 64,
};
export const SAMPLE_FORMAT: Record<SampleType, number> = {
  uint8: 1, int8: 2, uint16: 1, int16: 2, uint32: 1, int32: 2, float32: 3, float64: 3,
};

/** Encodes numbers as samples of `type` in the given byte order. */
export function encodeSamples(type: SampleType, values: ArrayLike<number>, littleEndian: boolean): Uint8Array {
  const size = SAMPLE_BITS[type] / 8;
  const out = new Uint8Array(values.length * size);
  const v = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const o = i * size;
    const x = values[i];
    switch (type) {
      case "uint8": v.setUint8(o, x); break;
      case "int8": v.setInt8(o, x); break;
      case "uint16": v.setUint16(o, x, littleEndian); break;
      case "int16": v.setInt16(o, x, littleEndian); break;
      case "uint32": v.setUint32(o, x, littleEndian); break;
      case "int32": v.setInt32(o, x, littleEndian); break;
      case "float32": v.setFloat32(o, x, littleEndian); break;
      case "float64": v.setFloat64(o, x, littleEndian); break;
    }
  }
  return out;
}

export interface RawTag {
  tag: number;
  /** TIFF field type: 1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL, 16 LONG8. */
  type: number;
  /** Numbers (RATIONAL as num, den pairs) or raw bytes. */
  values: number[] | Uint8Array;
  /** Override the count written in the entry (to lie about it). */
  count?: number;
  /** Override the value offset written in the entry (to point anywhere). */
  offset?: number;
}

export interface FixturePage {
  width: number;
  height: number;
  /** Strips (already compressed if compression != 1); one strip unless several given. */
  strips: Uint8Array[];
  rowsPerStrip?: number;
  bitsPerSample?: number;
  sampleFormat?: number;
  samplesPerPixel?: number;
  compression?: number;
  predictor?: number;
  description?: string;
  /** Replace or add tags (by tag number), applied last. */
  tags?: RawTag[];
  /** Remove these tags. */
  omit?: number[];
}

export interface FixtureOptions {
  littleEndian?: boolean;
  bigTiff?: boolean;
  /** Override where each IFD's "next" pointer points: (pageIndex, computedNext) → value. */
  next?: (page: number, computed: number) => number;
  /** Override the first-IFD offset in the header. */
  firstIfd?: number;
}

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 16: 8 };

/** Encodes pages into a TIFF: header, then for each page its strips, its IFD and the IFD's values. */
export function encodeTiff(pages: FixturePage[], o: FixtureOptions = {}): Uint8Array {
  const le = o.littleEndian ?? true;
  const big = o.bigTiff ?? false;
  const chunks: Uint8Array[] = [];
  let size = big ? 16 : 8;
  const patches: Array<(v: DataView) => void> = [];
  const push = (b: Uint8Array): number => {
    const at = size;
    chunks.push(b);
    size += b.length;
    if (size % 2) { chunks.push(new Uint8Array(1)); size += 1; }
    return at;
  };
  const ifdOffsets: number[] = [];
  const nextFieldAt: number[] = [];
  for (const p of pages) {
    const stripOffsets = p.strips.map((s) => push(s));
    const bits = p.bitsPerSample ?? 8;
    const spp = p.samplesPerPixel ?? 1;
    let tags: RawTag[] = [
      { tag: 256, type: 4, values: [p.width] },
      { tag: 257, type: 4, values: [p.height] },
      { tag: 258, type: 3, values: new Array(spp).fill(bits) },
      { tag: 259, type: 3, values: [p.compression ?? 1] },
      { tag: 262, type: 3, values: [1] },
      { tag: 273, type: big ? 16 : 4, values: stripOffsets },
      { tag: 277, type: 3, values: [spp] },
      { tag: 278, type: 4, values: [p.rowsPerStrip ?? p.height] },
      { tag: 279, type: big ? 16 : 4, values: p.strips.map((s) => s.length) },
      { tag: 339, type: 3, values: new Array(spp).fill(p.sampleFormat ?? 1) },
    ];
    if (p.predictor) tags.push({ tag: 317, type: 3, values: [p.predictor] });
    if (p.description !== undefined) tags.push({ tag: 270, type: 2, values: new TextEncoder().encode(p.description + "\0") });
    for (const t of p.tags ?? []) tags = tags.filter((x) => x.tag !== t.tag).concat([t]);
    tags = tags.filter((t) => !(p.omit ?? []).includes(t.tag)).sort((a, b) => a.tag - b.tag);

    const entrySize = big ? 20 : 12;
    const inline = big ? 8 : 4;
    const head = big ? 8 : 2;
    const ifdSize = head + tags.length * entrySize + (big ? 8 : 4);
    // Values that do not fit inline go right after the IFD.
    const valueBytes = tags.map((t) => {
      const n = t.values instanceof Uint8Array ? t.values.length : (t.type === 5 ? t.values.length / 2 : t.values.length) * TYPE_SIZE[t.type];
      return n;
    });
    const extSize = valueBytes.reduce((s, n) => s + (n > inline ? n + (n % 2) : 0), 0);
    const block = new Uint8Array(ifdSize + extSize);
    const ifdAt = size;
    const v = new DataView(block.buffer);
    if (big) v.setBigUint64(0, BigInt(tags.length), le); else v.setUint16(0, tags.length, le);
    let ext = ifdSize;
    tags.forEach((t, k) => {
      const e = head + k * entrySize;
      const n = valueBytes[k];
      const count = t.count ?? (t.values instanceof Uint8Array ? t.values.length : t.type === 5 ? t.values.length / 2 : t.values.length);
      v.setUint16(e, t.tag, le);
      v.setUint16(e + 2, t.type, le);
      if (big) v.setBigUint64(e + 4, BigInt(count), le); else v.setUint32(e + 4, count, le);
      const field = e + (big ? 12 : 8);
      let target = field;
      if (n > inline) {
        target = ext;
        ext += n + (n % 2);
      }
      const abs = t.offset ?? ifdAt + target;
      if (n > inline || t.offset !== undefined) {
        if (big) v.setBigUint64(field, BigInt(abs), le); else v.setUint32(field, abs, le);
      }
      if (t.values instanceof Uint8Array) block.set(t.values, target);
      else {
        const sz = TYPE_SIZE[t.type];
        t.values.forEach((x, i) => {
          if (t.type === 3) v.setUint16(target + i * 2, x, le);
          else if (t.type === 4 || t.type === 5) v.setUint32(target + i * 4, x, le);
          else if (t.type === 16) v.setBigUint64(target + i * 8, BigInt(x), le);
          else v.setUint8(target + i * sz, x);
        });
      }
    });
    ifdOffsets.push(push(block));
    nextFieldAt.push(ifdAt + head + tags.length * entrySize);
  }
  const out = new Uint8Array(size);
  let at = big ? 16 : 8;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  const v = new DataView(out.buffer);
  out.set(le ? [0x49, 0x49] : [0x4d, 0x4d], 0);
  v.setUint16(2, big ? 43 : 42, le);
  const first = o.firstIfd ?? ifdOffsets[0];
  if (big) { v.setUint16(4, 8, le); v.setUint16(6, 0, le); v.setBigUint64(8, BigInt(first), le); }
  else v.setUint32(4, first, le);
  ifdOffsets.forEach((_, i) => {
    const computed = i + 1 < ifdOffsets.length ? ifdOffsets[i + 1] : 0;
    const next = o.next ? o.next(i, computed) : computed;
    if (big) v.setBigUint64(nextFieldAt[i], BigInt(next), le); else v.setUint32(nextFieldAt[i], next, le);
  });
  for (const p of patches) p(v);
  return out;
}

/** A deterministic pseudo-random generator (mulberry32) for fixture data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values spanning the range of a sample type, including its extremes. */
export function sampleValues(type: SampleType, n: number, seed: number): number[] {
  const r = rng(seed);
  const range: Record<SampleType, [number, number]> = {
    uint8: [0, 255], int8: [-128, 127], uint16: [0, 65535], int16: [-32768, 32767],
    uint32: [0, 4294967295], int32: [-2147483648, 2147483647], float32: [-1e6, 1e6], float64: [-1e6, 1e6],
  };
  const [lo, hi] = range[type];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 0) out.push(lo);
    else if (i === 1) out.push(hi);
    else if (type.startsWith("float")) out.push(Math.fround(lo + (hi - lo) * r()));
    else out.push(Math.floor(lo + (hi - lo + 1) * r()));
  }
  return out;
}

/** PackBits encoder (TIFF 6.0 §9): runs of ≥3 equal bytes as repeats, the rest as literals. */
export function packBitsEncode(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < src.length) {
    let run = 1;
    while (i + run < src.length && run < 128 && src[i + run] === src[i]) run++;
    if (run >= 3) {
      out.push((1 - run) & 0xff, src[i]);
      i += run;
      continue;
    }
    const start = i;
    while (i < src.length && i - start < 128) {
      if (i + 2 < src.length && src[i] === src[i + 1] && src[i] === src[i + 2]) break;
      i++;
    }
    out.push(i - start - 1, ...src.subarray(start, i));
  }
  // A -128 no-op byte that decoders must skip (geotiff 3.0.5 does not).
  out.push(0x80);
  return Uint8Array.from(out);
}

/** Horizontal differencing (predictor 2) of a chunky block, in place, in the given byte order. */
export function applyPredictor2(block: Uint8Array, width: number, spp: number, bytesPerSample: number, littleEndian: boolean): Uint8Array {
  const out = block.slice();
  const v = new DataView(out.buffer);
  const src = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const rowBytes = width * spp * bytesPerSample;
  for (let r = 0; r * rowBytes < block.length; r++) {
    for (let s = spp; s < width * spp; s++) {
      const o = r * rowBytes + s * bytesPerSample;
      const p = o - spp * bytesPerSample;
      if (bytesPerSample === 1) v.setUint8(o, (src.getUint8(o) - src.getUint8(p)) & 0xff);
      else if (bytesPerSample === 2) v.setUint16(o, (src.getUint16(o, littleEndian) - src.getUint16(p, littleEndian)) & 0xffff, littleEndian);
      else v.setUint32(o, (src.getUint32(o, littleEndian) - src.getUint32(p, littleEndian)) >>> 0, littleEndian);
    }
  }
  return out;
}

/** Floating-point predictor (3, TIFF Tech Note 3) of float32 rows given as numbers. */
export function applyPredictor3(values: ArrayLike<number>, width: number, bytesPerSample: 4 | 8): Uint8Array {
  const rows = values.length / width;
  const out = new Uint8Array(values.length * bytesPerSample);
  for (let r = 0; r < rows; r++) {
    const be = encodeSamples(bytesPerSample === 4 ? "float32" : "float64", Array.from(values).slice(r * width, (r + 1) * width), false);
    const row = new Uint8Array(be.length);
    // Byte planes, most significant first.
    for (let s = 0; s < width; s++) for (let b = 0; b < bytesPerSample; b++) row[b * width + s] = be[s * bytesPerSample + b];
    for (let i = row.length - 1; i >= 1; i--) row[i] = (row[i] - row[i - 1]) & 0xff;
    out.set(row, r * row.length);
  }
  return out;
}
