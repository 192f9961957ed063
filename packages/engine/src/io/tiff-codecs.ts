/**
 * Bounded decoders for TIFF compressions, keyed by compression id (internal).
 *
 * Every decoder writes at most `need` bytes (the block's decoded size known from the tags) and
 * stops there, so a decompression bomb cannot make the engine allocate more than the image it
 * declares. geotiff 3.0.5's decoders were checked and not used for this reason: its LZW and
 * PackBits decoders grow a plain JS array without limit (8 bytes of heap per output byte) and its
 * Deflate decoder inflates the whole stream, so a 1 MB strip could allocate gigabytes; its PackBits
 * also treats the no-op header byte −128 as a 129-byte run.
 *
 * References: Adobe, "TIFF Revision 6.0", 1992, section 9 (PackBits) and section 13 (LZW, with
 * the "early change" code-width switch libtiff uses); P. Deutsch & J.-L. Gailly, "ZLIB Compressed
 * Data Format Specification 3.3", RFC 1950, 1996 (Deflate, ids 8 and 32946).
 */

export type BlockDecoder = (block: Uint8Array, need: number) => Promise<Uint8Array>;

/** PackBits: header n ≥ 0 copies n+1 literal bytes, −127 ≤ n ≤ −1 repeats the next byte 1−n times, −128 is a no-op. */
function packBits(src: Uint8Array, need: number): Uint8Array {
  const out = new Uint8Array(need);
  let o = 0;
  let i = 0;
  while (i < src.length && o < need) {
    const n = (src[i] << 24) >> 24;
    i++;
    if (n >= 0) {
      if (i + n + 1 > src.length) throw new Error("literal run past the end of the block");
      const k = Math.min(n + 1, need - o);
      out.set(src.subarray(i, i + k), o);
      o += k;
      i += n + 1;
    } else if (n !== -128) {
      if (i >= src.length) throw new Error("repeat run past the end of the block");
      const k = Math.min(1 - n, need - o);
      out.fill(src[i++], o, o + k);
      o += k;
    }
  }
  return out.subarray(0, o);
}

const CLEAR = 256;
const EOI = 257;

/**
 * TIFF LZW (MSB-first codes of 9–12 bits, early change). Table entries are kept as (start, length)
 * runs of the output itself: a new entry is always the previous string plus the next byte written,
 * which already sit contiguously in the output.
 */
function lzw(src: Uint8Array, need: number): Uint8Array {
  const out = new Uint8Array(need);
  const start = new Int32Array(4096);
  const length = new Int32Array(4096);
  let o = 0;
  let bits = 9;
  let next = 258;
  let prevStart = -1;
  let prevLength = 0;
  let bitPos = 0;
  const totalBits = src.length * 8;
  while (o < need && bitPos + bits <= totalBits) {
    // Read `bits` bits, most significant first.
    let code = 0;
    for (let b = 0; b < bits; b++) {
      const p = bitPos + b;
      code = (code << 1) | ((src[p >> 3] >> (7 - (p & 7))) & 1);
    }
    bitPos += bits;
    if (code === EOI) break;
    if (code === CLEAR) {
      bits = 9;
      next = 258;
      prevStart = -1;
      continue;
    }
    let s: number;
    let l: number;
    if (code < 256) {
      out[o] = code;
      s = o;
      l = 1;
    } else if (code < next && prevStart >= 0) {
      s = o;
      l = length[code];
      out.copyWithin(o, start[code], start[code] + Math.min(l, need - o));
    } else if (code === next && prevStart >= 0) {
      // The string being defined: previous string + its own first byte.
      s = o;
      l = prevLength + 1;
      out.copyWithin(o, prevStart, prevStart + Math.min(prevLength, need - o));
      if (o + prevLength < need) out[o + prevLength] = out[prevStart];
    } else {
      throw new Error(`invalid code ${code} (next free code ${next})`);
    }
    if (prevStart >= 0 && next < 4096) {
      start[next] = prevStart;
      length[next] = prevLength + 1;
      next++;
      if (next + 1 >= 1 << bits && bits < 12) bits++;
    }
    prevStart = s;
    prevLength = l;
    o += l;
  }
  return out.subarray(0, Math.min(o, need));
}

/** zlib stream (Deflate), inflated by the platform's DecompressionStream, stopping after `need` bytes. */
async function inflate(src: Uint8Array, need: number): Promise<Uint8Array> {
  const stream = new DecompressionStream("deflate");
  const writer = stream.writable.getWriter();
  // Errors surface on the reader; these promises only need their rejections observed.
  writer.write(new Uint8Array(src)).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const out = new Uint8Array(need);
  let o = 0;
  try {
    while (o < need) {
      const { done, value } = await reader.read();
      if (done) break;
      const k = Math.min(value.length, need - o);
      out.set(value.subarray(0, k), o);
      o += k;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return out.subarray(0, o);
}

const DECODERS: ReadonlyMap<number, BlockDecoder> = new Map<number, BlockDecoder>([
  [1, async (b) => b],
  [5, async (b, need) => lzw(b, need)],
  [8, inflate],
  [32946, inflate],
  [32773, async (b, need) => packBits(b, need)],
]);

/** The decoder for a compression id; undefined for ids this engine does not decode. */
export function blockDecoderFor(compression: number): BlockDecoder | undefined {
  return DECODERS.get(compression);
}
