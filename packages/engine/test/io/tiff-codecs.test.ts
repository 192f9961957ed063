import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { blockDecoderFor } from "../../src/io/tiff-codecs.js";
import { readTiff } from "../../src/io/read-tiff.js";
import { encodeTiff, packBitsEncode, rng } from "./tiff-fixture.js";

/** Packs codes MSB-first with TIFF LZW's code widths (9→12 bits, early change, reset on Clear). */
function packLzwCodes(codes: number[]): Uint8Array {
  const bytes: number[] = [];
  let acc = 0;
  let nbits = 0;
  let bits = 9;
  let next = 258;
  let first = true;
  for (const c of codes) {
    acc = (acc * 2 ** bits + c) % 2 ** 32;
    nbits += bits;
    while (nbits >= 8) {
      bytes.push(Math.floor(acc / 2 ** (nbits - 8)) & 0xff);
      nbits -= 8;
    }
    if (c === 256) { bits = 9; next = 258; first = true; continue; }
    if (!first && next < 4096) { next++; if (next + 1 >= 2 ** bits && bits < 12) bits++; }
    first = false;
  }
  if (nbits > 0) bytes.push((acc << (8 - nbits)) & 0xff);
  return Uint8Array.from(bytes);
}

/** A textbook LZW encoder (TIFF flavour) used as the independent reference. */
function lzwEncode(src: Uint8Array): Uint8Array {
  const codes: number[] = [256];
  let dict = new Map<string, number>();
  let next = 258;
  let w = "";
  for (const byte of src) {
    const wc = w + String.fromCharCode(byte);
    if (w === "" || dict.has(wc) || wc.length === 1) { w = wc; continue; }
    codes.push(w.length === 1 ? w.charCodeAt(0) : dict.get(w)!);
    dict.set(wc, next++);
    w = String.fromCharCode(byte);
    if (next === 4093) { codes.push(w.length === 1 ? w.charCodeAt(0) : dict.get(w)!, 256); dict = new Map(); next = 258; w = ""; }
  }
  if (w !== "") codes.push(w.length === 1 ? w.charCodeAt(0) : dict.get(w)!);
  codes.push(257);
  return packLzwCodes(codes);
}

describe("bounded TIFF decoders", () => {
  it("LZW decodes a textbook encoding of repetitive and random data, across table resets", async () => {
    const r = rng(3);
    const data = new Uint8Array(20000);
    for (let i = 0; i < data.length; i++) data[i] = i < 10000 ? Math.floor(r() * 4) : Math.floor(r() * 256);
    const decoded = await blockDecoderFor(5)!(lzwEncode(data), data.length);
    expect(decoded.length).toBe(data.length);
    expect(Buffer.from(decoded).equals(Buffer.from(data))).toBe(true);
  });

  it("regression: an LZW bomb (KwKwK chains, ~150 MB from ~100 kB) stops at the declared size", async () => {
    // geotiff 3.0.5 grows a JS array for the whole stream (~1.2 GB of heap); we must stop at `need`.
    const codes: number[] = [];
    for (let cycle = 0; cycle < 20; cycle++) {
      codes.push(256, 0);
      for (let c = 258; c < 4094; c++) codes.push(c);
    }
    codes.push(257);
    const bomb = packLzwCodes(codes);
    expect(bomb.length).toBeLessThan(120_000);
    const t0 = performance.now();
    const file = encodeTiff([{ width: 16, height: 16, bitsPerSample: 8, compression: 5, strips: [bomb] }]);
    const stack = await readTiff(file);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(Array.from(stack.volume().data).every((v) => v === 0)).toBe(true);
  });

  it("Deflate stops after the declared size even when the stream holds far more", async () => {
    const big = new Uint8Array(32 * 1024 * 1024);
    for (let i = 0; i < 256; i++) big[i] = i;
    const stream = deflateSync(big);
    const out = await blockDecoderFor(8)!(stream, 300);
    expect(out.length).toBe(300);
    expect(Array.from(out.subarray(0, 256))).toEqual(Array.from({ length: 256 }, (_, i) => i));
    expect(Array.from(out.subarray(256))).toEqual(new Array(44).fill(0));
  });

  it("PackBits honours the −128 no-op and stops at the declared size", async () => {
    const src = Uint8Array.from([1, 2, 3, 4, 5, 5, 5, 5, 9]);
    const enc = packBitsEncode(src);
    expect(Array.from(await blockDecoderFor(32773)!(enc, src.length))).toEqual(Array.from(src));
    // 0x80 (−128) then a 3-byte repeat: the no-op must not emit anything.
    expect(Array.from(await blockDecoderFor(32773)!(Uint8Array.from([0x80, 0xfe, 7]), 3))).toEqual([7, 7, 7]);
    expect(Array.from(await blockDecoderFor(32773)!(Uint8Array.from([0x81, 1]), 5))).toEqual([1, 1, 1, 1, 1]);
  });

  it("has no decoder for unsupported ids", () => {
    expect(blockDecoderFor(7)).toBeUndefined();
    expect(blockDecoderFor(50000)).toBeUndefined();
  });
});
