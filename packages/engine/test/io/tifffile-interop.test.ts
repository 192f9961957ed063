import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readTiff } from "../../src/io/read-tiff.js";
import { writeTiff } from "../../src/io/write-tiff.js";
import { createVolume } from "../../src/volume.js";
import { pythonMissing, runPython } from "./python.js";
import { rng } from "./tiff-fixture.js";

const missing = pythonMissing(["numpy", "tifffile", "PIL"]);
const dir = mkdtempSync(path.join(tmpdir(), "refocus-tiff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Writes reference files with tifffile (and PIL/libtiff for LZW and PackBits, which tifffile
 * cannot encode without imagecodecs). Each case stores its data as float64 in T, C, Z, Y, X order.
 */
const GENERATE = String.raw`
import sys, json, os, numpy as np, tifffile
from PIL import Image
out = sys.argv[1]
rs = np.random.RandomState(42)
cases = []
def save(name, arr_tczyx, layout, **expect):
    arr_tczyx.astype(np.float64).tofile(os.path.join(out, name + '.f64'))
    cases.append(dict(name=name, shape=list(arr_tczyx.shape), layout=layout, **expect))
def rand(dtype, shape):
    info = np.iinfo(dtype) if np.dtype(dtype).kind in 'iu' else None
    if info is None: return (rs.standard_normal(shape) * 1000).astype(dtype)
    a = rs.randint(info.min, info.max, size=shape, dtype=np.int64).astype(dtype)
    a.flat[0] = info.min; a.flat[1] = info.max
    return a
for dt in ['uint8','int8','uint16','int16','uint32','int32','float32','float64']:
    for bo in '<>':
        for comp in [None, 'zlib']:
            a = rand(dt, (3, 10, 7))
            name = f'{dt}{bo=="<" and "le" or "be"}{comp or "raw"}.tif'
            tifffile.imwrite(os.path.join(out, name), a, byteorder=bo, compression=comp, rowsperstrip=4, photometric='minisblack')
            save(name, a[None, None], 'pages', sampleType=dt, littleEndian=bo == '<', compression=comp and 'Deflate' or 'none')
a = rand('float32', (4, 9, 8)); tifffile.imwrite(os.path.join(out, 'bigtiff.tif'), a, bigtiff=True, photometric='minisblack')
save('bigtiff.tif', a[None, None], 'pages', bigTiff=True)
a = rand('uint16', (3, 40, 36)); tifffile.imwrite(os.path.join(out, 'tiled.tif'), a, tile=(16, 16), compression='zlib', photometric='minisblack')
save('tiled.tif', a[None, None], 'pages')
a = rand('uint16', (2, 12, 9)); tifffile.imwrite(os.path.join(out, 'predictor.tif'), a, compression='zlib', predictor='horizontal', byteorder='>', photometric='minisblack')
save('predictor.tif', a[None, None], 'pages')
a = rand('int16', (2, 3, 2, 11, 6))  # T Z C Y X
tifffile.imwrite(os.path.join(out, 'imagej.tif'), a, imagej=True, resolution=(1 / 0.065, 1 / 0.065), metadata={'axes': 'TZCYX', 'spacing': 0.2, 'unit': 'um'})
save('imagej.tif', a.transpose(0, 2, 1, 3, 4).astype(np.int16), 'imagej', voxel=[0.2, 0.065, 0.065, 'µm'])
a = rand('float32', (2, 2, 3, 10, 8))  # T C Z Y X
tifffile.imwrite(os.path.join(out, 'ome.ome.tif'), a, ome=True, metadata={'axes': 'TCZYX', 'PhysicalSizeX': 0.1, 'PhysicalSizeY': 0.1, 'PhysicalSizeZ': 0.3})
save('ome.ome.tif', a, 'ome', voxel=[0.3, 0.1, 0.1, 'µm'])
for comp, tag in [('tiff_lzw', 'LZW'), ('packbits', 'PackBits'), ('tiff_adobe_deflate', 'Deflate')]:
    for mode, dt in [('I;16', 'uint16'), ('F', 'float32'), ('L', 'uint8')]:
        a = rand(dt, (3, 33, 27)) if dt != 'uint8' else (np.arange(3 * 33 * 27) // 40 % 256).astype('uint8').reshape(3, 33, 27)
        ims = [Image.fromarray(s, mode=mode) if mode != 'F' else Image.fromarray(s.astype(np.float32), mode='F') for s in a]
        name = f'pil-{comp}-{dt}.tif'
        ims[0].save(os.path.join(out, name), save_all=True, append_images=ims[1:], compression=comp)
        save(name, a[None, None], 'pages', compression=tag)
print(json.dumps(cases))
`;

const CHECK_WRITTEN = String.raw`
import sys, json, tifffile, numpy as np
with tifffile.TiffFile(sys.argv[1]) as t:
    s = t.series[0]
    a = s.asarray()
    md = t.imagej_metadata or {}
    xr = t.pages[0].tags['XResolution'].value
    print(json.dumps(dict(shape=list(s.shape), dtype=str(s.dtype), axes=s.axes, imagej=t.is_imagej, pages=len(t.pages),
        spacing=md.get('spacing'), unit=md.get('unit'), info=md.get('Info'), xres=xr[0] / xr[1],
        sum=float(a.astype(np.float64).sum()), first=float(a.flat[0]), last=float(a.flat[-1]))))
`;

describe.skipIf(missing !== undefined)(`interoperability with tifffile${missing ? ` (SKIPPED: ${missing})` : ""}`, () => {
  it("tifffile opens writeTiff's float32 and uint16 files as Z stacks with spacing, resolution and provenance", () => {
    const r = rng(9);
    const data = new Float32Array(5 * 12 * 10).map(() => 1000 * r());
    const v = createVolume(data, [5, 12, 10], { z: 0.25, y: 0.1, x: 0.1, unit: "µm" });
    const provenance = { algorithm: "rl", iterations: 25, psf: "born-wolf" };
    for (const sampleType of ["float32", "uint16"] as const) {
      const file = path.join(dir, `written-${sampleType}.tif`);
      writeFileSync(file, writeTiff(v, { sampleType, provenance }));
      const got = JSON.parse(runPython(CHECK_WRITTEN, [file]));
      expect(got).toMatchObject({ shape: [5, 12, 10], dtype: sampleType, axes: "ZYX", imagej: true, pages: 5, spacing: 0.25, unit: "micron" });
      expect(got.xres).toBeCloseTo(10, 6);
      expect(got.info).toBe(`refocus.provenance=${JSON.stringify(provenance)}`);
      let sum = 0;
      for (const x of data) sum += sampleType === "uint16" ? Math.round(x) : x;
      expect(got.sum).toBeCloseTo(sum, sampleType === "uint16" ? 6 : 0);
      expect(got.first).toBe(sampleType === "uint16" ? Math.round(data[0]) : data[0]);
      expect(got.last).toBe(sampleType === "uint16" ? Math.round(data[data.length - 1]) : data[data.length - 1]);
    }
  });

  describe("readTiff matches tifffile/libtiff-written files sample for sample", () => {
    const cases = missing ? [] : (JSON.parse(runPython(GENERATE, [dir])) as Array<{
      name: string; shape: [number, number, number, number, number]; layout: string; sampleType?: string;
      littleEndian?: boolean; compression?: string; bigTiff?: boolean; voxel?: [number, number, number, string];
    }>);
    it("generated the cases", () => expect(cases.length).toBeGreaterThanOrEqual(40));
    for (const c of cases) {
      it(c.name, async () => {
        const s = await readTiff(readFileSync(path.join(dir, c.name)));
        const [T, C, Z, Y, X] = c.shape;
        expect(s).toMatchObject({ frames: T, channels: C, slices: Z, height: Y, width: X, layout: c.layout });
        if (c.sampleType) expect(s.sampleType).toBe(c.sampleType);
        if (c.littleEndian !== undefined) expect(s.littleEndian).toBe(c.littleEndian);
        if (c.compression) expect(s.compression).toBe(c.compression);
        if (c.bigTiff) expect(s.bigTiff).toBe(true);
        if (c.voxel) {
          expect(s.voxelSize?.unit).toBe(c.voxel[3]);
          expect(s.voxelSize?.z).toBeCloseTo(c.voxel[0], 9);
          expect(s.voxelSize?.y).toBeCloseTo(c.voxel[1], 6);
          expect(s.voxelSize?.x).toBeCloseTo(c.voxel[2], 6);
        }
        const raw = readFileSync(path.join(dir, c.name + ".f64"));
        const ref = new Float64Array(raw.buffer, raw.byteOffset, raw.byteLength / 8);
        const n = Z * Y * X;
        for (let t = 0; t < T; t++) for (let ch = 0; ch < C; ch++) {
          const v = s.volume(ch, t).data;
          const base = (t * C + ch) * n;
          for (let i = 0; i < n; i++) {
            if (v[i] !== Math.fround(ref[base + i])) throw new Error(`t=${t} c=${ch} sample ${i}: got ${v[i]}, tifffile ${ref[base + i]}`);
          }
        }
      });
    }
  });
});
