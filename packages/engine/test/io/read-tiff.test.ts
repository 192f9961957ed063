import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { inspectTiff, readTiff, readTiffVolume } from "../../src/io/read-tiff.js";
import { EngineError } from "../../src/errors.js";
import {
  type SampleType, SAMPLE_BITS, SAMPLE_FORMAT, encodeSamples, encodeTiff, sampleValues, packBitsEncode,
  applyPredictor2, applyPredictor3, type FixturePage,
} from "./tiff-fixture.js";

const TYPES: SampleType[] = ["uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "float64"];
const W = 5;
const H = 7;
const Z = 3;

function pagesOf(type: SampleType, le: boolean, values: number[], extra: Partial<FixturePage> = {}, encode?: (raw: Uint8Array) => Uint8Array[]): FixturePage[] {
  const pages: FixturePage[] = [];
  for (let z = 0; z < Z; z++) {
    const raw = encodeSamples(type, values.slice(z * W * H, (z + 1) * W * H), le);
    pages.push({
      width: W, height: H, bitsPerSample: SAMPLE_BITS[type], sampleFormat: SAMPLE_FORMAT[type],
      strips: encode ? encode(raw) : [raw], ...extra,
    });
  }
  return pages;
}

/** Splits one page's raw bytes into strips of `rows` rows. */
function strips(raw: Uint8Array, rows: number, compress: (b: Uint8Array) => Uint8Array = (b) => b): Uint8Array[] {
  const rowBytes = raw.length / H;
  const out: Uint8Array[] = [];
  for (let r = 0; r < H; r += rows) out.push(compress(raw.subarray(r * rowBytes, Math.min(H, r + rows) * rowBytes)));
  return out;
}

function expectSamples(actual: Float32Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== Math.fround(expected[i])) throw new Error(`sample ${i}: got ${actual[i]}, expected ${Math.fround(expected[i])}`);
  }
}

describe("readTiff: sample types, byte orders, BigTIFF", () => {
  for (const type of TYPES) {
    for (const le of [true, false]) {
      for (const bigTiff of [false, true]) {
        it(`${type} ${le ? "little" : "big"}-endian ${bigTiff ? "BigTIFF" : "TIFF"}, 3 strips per page`, async () => {
          const values = sampleValues(type, W * H * Z, 7);
          const file = encodeTiff(pagesOf(type, le, values, { rowsPerStrip: 3 }, (raw) => strips(raw, 3)), { littleEndian: le, bigTiff });
          const stack = await readTiff(file);
          expect(stack).toMatchObject({ sampleType: type, littleEndian: le, bigTiff, compression: "none", width: W, height: H, slices: Z, channels: 1, frames: 1, layout: "pages" });
          const v = stack.volume();
          expect(v.shape).toEqual([Z, H, W]);
          expectSamples(v.data, values);
        });
      }
    }
  }
});

describe("readTiff: compressions and predictors", () => {
  const cases: Array<{ name: string; compression: number; type: SampleType; le: boolean; predictor?: number; enc: (raw: Uint8Array, type: SampleType, le: boolean, values: number[]) => Uint8Array[]; expectName: string }> = [
    { name: "Deflate (8)", compression: 8, type: "uint16", le: true, enc: (raw) => strips(raw, 2, (b) => deflateSync(b)), expectName: "Deflate" },
    { name: "Adobe Deflate (32946) big-endian", compression: 32946, type: "int32", le: false, enc: (raw) => strips(raw, 4, (b) => deflateSync(b)), expectName: "Deflate (Adobe legacy id)" },
    { name: "PackBits with a -128 no-op byte", compression: 32773, type: "uint8", le: true, enc: (raw) => strips(raw, 3, packBitsEncode), expectName: "PackBits" },
    { name: "PackBits int16 big-endian", compression: 32773, type: "int16", le: false, enc: (raw) => strips(raw, 7, packBitsEncode), expectName: "PackBits" },
    { name: "Deflate + horizontal predictor, uint16 big-endian", compression: 8, type: "uint16", le: false, predictor: 2, enc: (raw, _t, le) => [deflateSync(applyPredictor2(raw, W, 1, 2, le))], expectName: "Deflate" },
    { name: "Deflate + horizontal predictor, int8", compression: 8, type: "int8", le: true, predictor: 2, enc: (raw, _t, le) => [deflateSync(applyPredictor2(raw, W, 1, 1, le))], expectName: "Deflate" },
    { name: "uncompressed + horizontal predictor, uint32", compression: 1, type: "uint32", le: true, predictor: 2, enc: (raw, _t, le) => [applyPredictor2(raw, W, 1, 4, le)], expectName: "none" },
    { name: "Deflate + floating-point predictor, float32 little-endian", compression: 8, type: "float32", le: true, predictor: 3, enc: (_r, _t, _le, v) => [deflateSync(applyPredictor3(v, W, 4))], expectName: "Deflate" },
    { name: "Deflate + floating-point predictor, float64 big-endian", compression: 8, type: "float64", le: false, predictor: 3, enc: (_r, _t, _le, v) => [deflateSync(applyPredictor3(v, W, 8))], expectName: "Deflate" },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const values = sampleValues(c.type, W * H * Z, 11);
      const pages: FixturePage[] = [];
      for (let z = 0; z < Z; z++) {
        const slice = values.slice(z * W * H, (z + 1) * W * H);
        const raw = encodeSamples(c.type, slice, c.le);
        const s = c.enc(raw, c.type, c.le, slice);
        pages.push({
          width: W, height: H, bitsPerSample: SAMPLE_BITS[c.type], sampleFormat: SAMPLE_FORMAT[c.type],
          strips: s, rowsPerStrip: Math.ceil(H / s.length), compression: c.compression, predictor: c.predictor,
        });
      }
      const stack = await readTiff(encodeTiff(pages, { littleEndian: c.le }));
      expect(stack.compression).toBe(c.expectName);
      expectSamples(stack.volume().data, values);
    });
  }
});

describe("readTiff: tiles and samples per pixel", () => {
  it("reads a tiled page whose tiles overhang the image edge", async () => {
    const tw = 16, th = 16, w = 20, h = 18; // 2×2 tiles, clipped
    const values = sampleValues("uint16", w * h, 3);
    const tiles: Uint8Array[] = [];
    for (let ty = 0; ty < 2; ty++) for (let tx = 0; tx < 2; tx++) {
      const tile = new Array<number>(tw * th).fill(0);
      for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) {
        const gx = tx * tw + x, gy = ty * th + y;
        if (gx < w && gy < h) tile[y * tw + x] = values[gy * w + gx];
      }
      tiles.push(deflateSync(encodeSamples("uint16", tile, true)));
    }
    const file = encodeTiff([{
      width: w, height: h, bitsPerSample: 16, compression: 8, strips: [],
      omit: [273, 278, 279],
      tags: [
        { tag: 322, type: 3, values: [tw] }, { tag: 323, type: 3, values: [th] },
        // Tile data is placed by hand below.
        { tag: 324, type: 4, values: [0, 0, 0, 0] }, { tag: 325, type: 4, values: tiles.map((t) => t.length) },
      ],
    }]);
    // Append the tiles and patch TileOffsets.
    const total = file.length + tiles.reduce((s, t) => s + t.length, 0);
    const out = new Uint8Array(total);
    out.set(file);
    const offsets: number[] = [];
    let at = file.length;
    for (const t of tiles) { offsets.push(at); out.set(t, at); at += t.length; }
    // Before patching, the tile offsets (0) with these byte counts run past the end: refused.
    expect(() => inspectTiff(file)).toThrow(/tile 0 of page 1/);
    const v = new DataView(out.buffer);
    const n = v.getUint16(8, true);
    for (let k = 0; k < n; k++) {
      const e = 10 + 12 * k;
      if (v.getUint16(e, true) === 324) {
        const valuesAt = v.getUint32(e + 8, true);
        offsets.forEach((o, i) => v.setUint32(valuesAt + 4 * i, o, true));
      }
    }
    const stack = await readTiff(out);
    expectSamples(stack.volume().data, values);
  });

  it("splits interleaved RGB-style samples into channels, never mixing them", async () => {
    const values = sampleValues("uint8", W * H * 3, 5);
    const file = encodeTiff([{ width: W, height: H, bitsPerSample: 8, samplesPerPixel: 3, strips: [encodeSamples("uint8", values, true)] }]);
    const stack = await readTiff(file);
    expect(stack.channels).toBe(3);
    for (let c = 0; c < 3; c++) expectSamples(stack.volume(c).data, values.filter((_, i) => i % 3 === c));
    await expect(readTiffVolume(file)).rejects.toThrow(/3 channels: choose one/);
    expectSamples((await readTiffVolume(file, { channel: 2 })).data, values.filter((_, i) => i % 3 === 2));
    expect(() => stack.volume(3)).toThrow(/channel 3 does not exist/);
  });
});

describe("readTiff: ImageJ hyperstacks", () => {
  const C = 2, S = 3, T = 2;
  const desc = (extra = "") => `ImageJ=1.54f\nimages=${C * S * T}\nchannels=${C}\nslices=${S}\nframes=${T}\nhyperstack=true\nunit=micron\nspacing=0.25\n${extra}`;
  // Pixel value encodes (c, z, t) so any mix-up shows.
  const plane = (c: number, z: number, t: number) => Array.from({ length: W * H }, (_, i) => 1000 * t + 100 * z + 10 * c + (i % 10));

  function checkPlanes(stack: Awaited<ReturnType<typeof readTiff>>): void {
    expect(stack).toMatchObject({ layout: "imagej", channels: C, slices: S, frames: T, width: W, height: H });
    expect(stack.voxelSize).toEqual({ x: 0.5, y: 0.5, z: 0.25, unit: "µm" });
    for (let c = 0; c < C; c++) for (let t = 0; t < T; t++) {
      const v = stack.volume(c, t);
      expect(v.shape).toEqual([S, H, W]);
      for (let z = 0; z < S; z++) expectSamples(v.data.subarray(z * W * H, (z + 1) * W * H), plane(c, z, t));
    }
  }
  const res = [{ tag: 282, type: 5, values: [2, 1] }, { tag: 283, type: 5, values: [2, 1] }, { tag: 296, type: 3, values: [1] }];

  it("maps pages in XYCZT order to (channel, frame) Z stacks, with calibration", async () => {
    const pages: FixturePage[] = [];
    for (let t = 0; t < T; t++) for (let z = 0; z < S; z++) for (let c = 0; c < C; c++) {
      pages.push({ width: W, height: H, bitsPerSample: 16, strips: [encodeSamples("uint16", plane(c, z, t), false)], ...(pages.length === 0 ? { description: desc(), tags: res } : {}) });
    }
    checkPlanes(await readTiff(encodeTiff(pages, { littleEndian: false })));
  });

  it("reads ImageJ's one-directory stacks (images=N, contiguous data after the first image)", async () => {
    const all: number[] = [];
    for (let t = 0; t < T; t++) for (let z = 0; z < S; z++) for (let c = 0; c < C; c++) all.push(...plane(c, z, t));
    const raw = encodeSamples("uint16", all, true);
    const file = encodeTiff([{
      width: W, height: H, bitsPerSample: 16, description: desc(), strips: [raw],
      // StripByteCounts covers only the first image, as ImageJ writes it.
      tags: [...res, { tag: 279, type: 4, values: [W * H * 2] }],
    }]);
    const stack = await readTiff(file);
    expect(stack.pageCount).toBe(1);
    checkPlanes(stack);
    await expect(readTiffVolume(file)).rejects.toThrow(/2 channels/);
    await expect(readTiffVolume(file, { channel: 1 })).rejects.toThrow(/2 time frames/);
  });

  it("returns the Info property as description and its provenance line as JSON", async () => {
    const info = "Acquired on scope 3\nrefocus.provenance={\"algorithm\":\"rl\",\"iterations\":20}";
    const body = new Uint8Array(info.length * 2);
    for (let i = 0; i < info.length; i++) new DataView(body.buffer).setUint16(2 * i, info.charCodeAt(i), false);
    const header = new Uint8Array([0x49, 0x4a, 0x49, 0x4a, 0x69, 0x6e, 0x66, 0x6f, 0, 0, 0, 1]); // IJIJ info ×1, big-endian
    const data = new Uint8Array([...header, ...body]);
    const file = encodeTiff([{
      width: W, height: H, bitsPerSample: 8, description: "ImageJ=1.54f\nimages=1\n", strips: [new Uint8Array(W * H)],
      tags: [{ tag: 50838, type: 4, values: [12, body.length] }, { tag: 50839, type: 1, values: data }],
    }], { littleEndian: false });
    const info2 = inspectTiff(file);
    expect(info2.description).toBe("Acquired on scope 3");
    expect(info2.provenance).toEqual({ algorithm: "rl", iterations: 20 });
  });
});

describe("readTiff: OME-TIFF", () => {
  const C = 2, S = 3, T = 2;
  const plane = (c: number, z: number, t: number) => Array.from({ length: W * H }, (_, i) => 1000 * t + 100 * z + 10 * c + (i % 7));
  for (const order of ["XYZCT", "XYCZT", "XYTZC", "XYCTZ"]) {
    it(`maps planes in DimensionOrder ${order}`, async () => {
      const xml = `<?xml version="1.0" encoding="UTF-8"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0"><Pixels ID="Pixels:0" DimensionOrder="${order}" Type="float" SizeX="${W}" SizeY="${H}" SizeZ="${S}" SizeC="${C}" SizeT="${T}" PhysicalSizeX="65" PhysicalSizeXUnit="nm" PhysicalSizeY="0.065" PhysicalSizeYUnit="µm" PhysicalSizeZ="0.2"><TiffData/></Pixels></Image></OME>`;
      const sizes: Record<string, number> = { Z: S, C, T };
      const [a, b, d] = order.slice(2).split("");
      const pages: FixturePage[] = [];
      for (let k = 0; k < C * S * T; k++) {
        const idx: Record<string, number> = { [a]: k % sizes[a], [b]: Math.floor(k / sizes[a]) % sizes[b], [d]: Math.floor(k / (sizes[a] * sizes[b])) };
        pages.push({ width: W, height: H, bitsPerSample: 32, sampleFormat: 3, strips: [encodeSamples("float32", plane(idx.C, idx.Z, idx.T), true)], ...(k === 0 ? { description: xml } : {}) });
      }
      const stack = await readTiff(encodeTiff(pages));
      expect(stack).toMatchObject({ layout: "ome", channels: C, slices: S, frames: T });
      expect(stack.voxelSize?.unit).toBe("nm");
      expect(stack.voxelSize?.x).toBe(65);
      expect(stack.voxelSize?.y).toBeCloseTo(65, 9);
      expect(stack.voxelSize?.z).toBeCloseTo(200, 9);
      for (let c = 0; c < C; c++) for (let t = 0; t < T; t++) {
        const v = stack.volume(c, t);
        for (let z = 0; z < S; z++) expectSamples(v.data.subarray(z * W * H, (z + 1) * W * H), plane(c, z, t));
      }
    });
  }
});

describe("readTiff: input buffers", () => {
  it("regression: a small Node Buffer (a view into Node's shared pool) decodes and is not modified", async () => {
    const values = sampleValues("uint16", W * H, 21);
    const raw = encodeSamples("uint16", values, true);
    const file = encodeTiff([{ width: W, height: H, bitsPerSample: 16, compression: 8, predictor: 2, strips: [deflateSync(applyPredictor2(raw, W, 1, 2, true))] }]);
    // Buffer.from(string) of a small file lands at a non-zero offset of the 8 kB pool.
    const pooled = Buffer.from(Buffer.from(file).toString("latin1"), "latin1");
    expect(pooled.byteOffset).toBeGreaterThan(0);
    const before = Buffer.from(pooled);
    const stack = await readTiff(pooled);
    expectSamples(stack.volume().data, values);
    expect(pooled.equals(before)).toBe(true);
  });

  it("accepts an ArrayBuffer", async () => {
    const values = sampleValues("float32", W * H * Z, 22);
    const file = encodeTiff(pagesOf("float32", true, values));
    const copy = file.slice().buffer;
    expectSamples((await readTiff(copy)).volume().data, values);
  });
});
