import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readTiff } from "../../src/io/read-tiff.js";
import { EngineError, type EngineErrorCode } from "../../src/errors.js";
import { encodeTiff, encodeSamples, type FixturePage } from "./tiff-fixture.js";

const page = (o: Partial<FixturePage> = {}): FixturePage => ({ width: 8, height: 4, bitsPerSample: 16, strips: [new Uint8Array(64)], ...o });
const good = (o: Partial<FixturePage> = {}, pages = 1) => encodeTiff(Array.from({ length: pages }, () => page(o)));
const ascii = (s: string) => new TextEncoder().encode(s);

function patchU32(file: Uint8Array, at: number, value: number): Uint8Array {
  const out = file.slice();
  new DataView(out.buffer).setUint32(at, value, true);
  return out;
}

/** Offset of the value (or value pointer) field of `tag` in the first IFD of a little-endian classic TIFF. */
function fieldOf(file: Uint8Array, tag: number): number {
  const v = new DataView(file.buffer, file.byteOffset);
  const ifd = v.getUint32(4, true);
  const n = v.getUint16(ifd, true);
  for (let k = 0; k < n; k++) if (v.getUint16(ifd + 2 + 12 * k, true) === tag) return ifd + 2 + 12 * k + 8;
  throw new Error(`tag ${tag} not found`);
}

const cases: Array<{ name: string; file: () => Uint8Array; code: EngineErrorCode; message: RegExp; maxBytes?: number }> = [
  { name: "empty file", file: () => new Uint8Array(0), code: "TIFF_NOT_TIFF", message: /only 0 bytes/ },
  { name: "4-byte header stub", file: () => ascii("II*\0"), code: "TIFF_NOT_TIFF", message: /only 4 bytes/ },
  { name: "a text file", file: () => ascii("Hello, this is a README, not an image.\n".repeat(5)), code: "TIFF_NOT_TIFF", message: /byte-order mark/ },
  { name: "a PNG file", file: () => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), code: "TIFF_NOT_TIFF", message: /byte-order mark/ },
  { name: "wrong version number", file: () => { const f = good(); new DataView(f.buffer).setUint16(2, 41, true); return f; }, code: "TIFF_NOT_TIFF", message: /version number is 41/ },
  { name: "first IFD offset beyond the end", file: () => patchU32(good(), 4, 1_000_000), code: "TIFF_CORRUPT", message: /beyond the end/ },
  { name: "first IFD offset 0", file: () => patchU32(good(), 4, 0), code: "TIFF_CORRUPT", message: /no image/ },
  { name: "IFD with zero entries", file: () => { const f = good(); new DataView(f.buffer).setUint16(new DataView(f.buffer).getUint32(4, true), 0, true); return f; }, code: "TIFF_CORRUPT", message: /claims 0 entries/ },
  { name: "IFD claiming 4000 entries in a tiny file", file: () => { const f = good(); new DataView(f.buffer).setUint16(new DataView(f.buffer).getUint32(4, true), 4000, true); return f; }, code: "TIFF_CORRUPT", message: /beyond the end/ },
  { name: "IFD chain loops back to the first page", file: () => { const first = firstIfdOf(encodeTiff([page(), page(), page()])); return encodeTiff([page(), page(), page()], { next: (i, c) => (i === 2 ? first : c) }); }, code: "TIFF_CORRUPT", message: /loop/ },
  { name: "IFD pointing to itself", file: () => { const f = good(); const v = new DataView(f.buffer); const ifd = v.getUint32(4, true); v.setUint32(ifd + 2 + 12 * v.getUint16(ifd, true), ifd, true); return f; }, code: "TIFF_CORRUPT", message: /loop/ },
  { name: "strip offset beyond the end", file: () => { const f = good(); return patchU32(f, fieldOf(f, 273), 999_999); }, code: "TIFF_CORRUPT", message: /strip 0 of page 1.*beyond the end/ },
  { name: "truncated file (end cut off)", file: () => { const f = good({}, 3); return f.slice(0, f.length - 10); }, code: "TIFF_CORRUPT", message: /truncated or corrupt/ },
  { name: "strip running past the end of the file", file: () => { const f = good(); return patchU32(f, fieldOf(f, 273), f.length - 10); }, code: "TIFF_CORRUPT", message: /\(\+64\) lies beyond the end/ },
  { name: "100000×100000 uncompressed image in a 1 kB file", file: () => good({ width: 100_000, height: 100_000, strips: [new Uint8Array(900)] }), code: "TIFF_TOO_LARGE", message: /100000×100000/ },
  { name: "100000×100000 Deflate image in a 1 kB file (bomb claim)", file: () => good({ width: 100_000, height: 100_000, compression: 8, strips: [deflateSync(new Uint8Array(64))] }), code: "TIFF_TOO_LARGE", message: /limit/ },
  { name: "4000×4000 Deflate claimed by 40 bytes (impossible ratio)", file: () => good({ width: 4000, height: 4000, compression: 8, strips: [deflateSync(new Uint8Array(64))] }), code: "TIFF_CORRUPT", message: /cannot hold/ },
  { name: "JPEG compression", file: () => good({ compression: 7 }), code: "TIFF_UNSUPPORTED", message: /JPEG compression \(id 7\)/ },
  { name: "unknown compression id", file: () => good({ compression: 12345 }), code: "TIFF_UNSUPPORTED", message: /an unknown compression \(id 12345\)/ },
  { name: "Zstandard compression", file: () => good({ compression: 50000 }), code: "TIFF_UNSUPPORTED", message: /Zstandard/ },
  { name: "1-bit bilevel image", file: () => good({ bitsPerSample: 1 }), code: "TIFF_UNSUPPORTED", message: /1-bit unsigned integer/ },
  { name: "12-bit samples", file: () => good({ bitsPerSample: 12 }), code: "TIFF_UNSUPPORTED", message: /12-bit/ },
  { name: "float16 samples", file: () => good({ bitsPerSample: 16, sampleFormat: 3 }), code: "TIFF_UNSUPPORTED", message: /16-bit floating point/ },
  { name: "complex samples", file: () => good({ bitsPerSample: 32, sampleFormat: 6 }), code: "TIFF_UNSUPPORTED", message: /complex float/ },
  { name: "missing ImageWidth", file: () => good({ omit: [256] }), code: "TIFF_CORRUPT", message: /ImageWidth/ },
  { name: "missing StripOffsets", file: () => good({ omit: [273] }), code: "TIFF_CORRUPT", message: /no strip offsets/ },
  { name: "too few strip offsets for RowsPerStrip", file: () => good({ rowsPerStrip: 1 }), code: "TIFF_CORRUPT", message: /lists 1 strips but its size needs 4/ },
  { name: "tag values pointing beyond the end", file: () => good({ tags: [{ tag: 258, type: 3, values: [16, 16, 16], offset: 1 << 30 }] }), code: "TIFF_CORRUPT", message: /tag 258/ },
  { name: "garbage Deflate data", file: () => good({ compression: 8, strips: [Uint8Array.from({ length: 40 }, (_, i) => (i * 37 + 11) & 0xff)] }), code: "TIFF_CORRUPT", message: /Deflate block 0 cannot be decompressed/ },
  { name: "Deflate stream that decodes to too few bytes", file: () => good({ compression: 8, strips: [deflateSync(new Uint8Array(10))] }), code: "TIFF_CORRUPT", message: /decodes to 10 bytes, expected 64/ },
  { name: "PackBits literal run past the end", file: () => good({ compression: 32773, strips: [Uint8Array.from([100, 1, 2, 3])] }), code: "TIFF_CORRUPT", message: /PackBits block 0 cannot be decompressed/ },
  { name: "LZW stream starting with an undefined code", file: () => good({ compression: 5, strips: [Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])] }), code: "TIFF_CORRUPT", message: /LZW block 0/ },
  { name: "ImageJ description with more images than the file holds", file: () => good({ description: "ImageJ=1.54f\nimages=1000\nslices=1000\n" }), code: "TIFF_CORRUPT", message: /ImageJ stack of 1000 images/ },
  { name: "pages of different sizes", file: () => encodeTiff([page(), page({ width: 4, strips: [new Uint8Array(32)] })]), code: "TIFF_UNSUPPORTED", message: /pages differ/ },
  { name: "OME-XML size disagreeing with the pages", file: () => good({ description: '<OME><Image><Pixels SizeX="9" SizeY="4" SizeZ="1" SizeC="1" SizeT="1" DimensionOrder="XYZCT" Type="uint16"/></Image></OME>' }), code: "TIFF_CORRUPT", message: /OME-XML says 9×4/ },
  { name: "OME-XML with more planes than pages (multi-file)", file: () => good({ description: '<OME><Image><Pixels SizeX="8" SizeY="4" SizeZ="5" SizeC="1" SizeT="1" DimensionOrder="XYZCT" Type="uint16"/></Image></OME>' }), code: "TIFF_UNSUPPORTED", message: /needs 5 planes/ },
  { name: "BigTIFF header with offset size 4", file: () => { const f = encodeTiff([page()], { bigTiff: true }); new DataView(f.buffer).setUint16(4, 4, true); return f; }, code: "TIFF_CORRUPT", message: /offset size 4/ },
  { name: "BigTIFF first IFD offset past 2^53", file: () => { const f = encodeTiff([page()], { bigTiff: true }); new DataView(f.buffer).setBigUint64(8, 1n << 60n, true); return f; }, code: "TIFF_CORRUPT", message: /out of range/ },
  { name: "a valid file over the configured maxBytes", file: () => good({ width: 64, height: 64, strips: [new Uint8Array(64 * 64 * 2)] }), code: "TIFF_TOO_LARGE", message: /limit/, maxBytes: 1000 },
];

function firstIfdOf(f: Uint8Array): number {
  return new DataView(f.buffer).getUint32(4, true);
}

describe("readTiff refuses malformed files with a clear EngineError", () => {
  it("has at least 20 distinct cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });
  for (const c of cases) {
    it(c.name, async () => {
      const file = c.file();
      const t0 = performance.now();
      let error: unknown;
      try {
        await readTiff(file, c.maxBytes ? { maxBytes: c.maxBytes } : undefined);
      } catch (e) {
        error = e;
      }
      expect(error, "expected an EngineError").toBeInstanceOf(EngineError);
      expect((error as EngineError).code).toBe(c.code);
      expect((error as EngineError).message).toMatch(c.message);
      expect(performance.now() - t0).toBeLessThan(2000);
      if (process.env.SHOW_MESSAGES) console.log(`${c.name}: ${(error as Error).message}`);
    });
  }

  it("still reads the well-formed base file the cases are derived from", async () => {
    const values = Array.from({ length: 32 }, (_, i) => i * 1000);
    const stack = await readTiff(good({ strips: [encodeSamples("uint16", values, true)] }));
    expect(Array.from(stack.volume().data)).toEqual(values);
  });
});
