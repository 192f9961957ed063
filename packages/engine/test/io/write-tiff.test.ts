import { describe, expect, it } from "vitest";
import { writeTiff } from "../../src/io/write-tiff.js";
import { readTiff, inspectTiff } from "../../src/io/read-tiff.js";
import { createVolume } from "../../src/volume.js";
import { rng } from "./tiff-fixture.js";

function randomVolume(shape: [number, number, number], seed: number, lo = -5, hi = 70000) {
  const r = rng(seed);
  const data = new Float32Array(shape[0] * shape[1] * shape[2]);
  for (let i = 0; i < data.length; i++) data[i] = lo + (hi - lo) * r();
  return createVolume(data, shape, { z: 0.3, y: 0.13, x: 0.065, unit: "µm" });
}

describe("writeTiff", () => {
  it("float32 round trip is exact, with voxel size, description and provenance", async () => {
    const v = randomVolume([4, 9, 11], 1);
    const provenance = { engine: "0.1.0", algorithm: "richardson-lucy", iterations: 20, psf: { na: 1.4, lambda: 520 }, note: "µ, ß, 😀\nline two" };
    const file = writeTiff(v, { sampleType: "float32", provenance, description: "deconvolved nuclei" });
    const s = await readTiff(file);
    expect(s).toMatchObject({ sampleType: "float32", littleEndian: true, bigTiff: false, compression: "none", slices: 4, height: 9, width: 11, channels: 1, frames: 1, layout: "imagej", pageCount: 4 });
    expect(s.provenance).toEqual(provenance);
    expect(s.description).toBe("deconvolved nuclei");
    expect(s.voxelSize?.unit).toBe("µm");
    expect(s.voxelSize?.x).toBeCloseTo(0.065, 9);
    expect(s.voxelSize?.y).toBeCloseTo(0.13, 9);
    expect(s.voxelSize?.z).toBe(0.3);
    expect(s.volume().data).toEqual(v.data);
    expect(s.imageDescription).toMatch(/^ImageJ=1\.11a\nimages=4\nslices=4\nhyperstack=true\n/);
    expect(s.imageDescription).toMatch(/\nunit=micron\n/);
    expect(s.imageDescription).toMatch(/\nspacing=0\.3\n/);
  });

  it("uint16 rounds, clamps to [0, 65535], maps NaN to 0 and applies the scale", async () => {
    const data = Float32Array.from([-3, 0.49, 0.5, 1.5, 2.5, 65534.6, 70000, NaN, 100.2, 7]);
    const v = createVolume(data, [1, 2, 5]);
    const s = await readTiff(writeTiff(v, { sampleType: "uint16" }));
    expect(s.sampleType).toBe("uint16");
    // Math.round: halves go up.
    expect(Array.from(s.volume().data)).toEqual([0, 0, 1, 2, 3, 65535, 65535, 0, 100, 7]);
    expect(s.voxelSize).toBeUndefined();
    const scaled = await readTiff(writeTiff(v, { sampleType: "uint16", scale: 10 }));
    expect(Array.from(scaled.volume().data)).toEqual([0, 5, 5, 15, 25, 65535, 65535, 0, 1002, 70]);
    expect(scaled.imageDescription).toMatch(/\nmin=0\nmax=65535\n/);
  });

  it("writes one IFD per slice and keeps all pixel data contiguous (ImageJ reads it as one block)", () => {
    const v = randomVolume([3, 4, 5], 2);
    const file = writeTiff(v);
    const view = new DataView(file.buffer);
    const offsets: number[] = [];
    let ifd = view.getUint32(4, true);
    while (ifd !== 0) {
      const n = view.getUint16(ifd, true);
      for (let k = 0; k < n; k++) {
        const e = ifd + 2 + 12 * k;
        if (view.getUint16(e, true) === 273) offsets.push(view.getUint32(e + 8, true));
      }
      ifd = view.getUint32(ifd + 2 + 12 * n, true);
    }
    expect(offsets).toHaveLength(3);
    expect(offsets[1] - offsets[0]).toBe(4 * 5 * 4);
    expect(offsets[2] - offsets[1]).toBe(4 * 5 * 4);
    expect(offsets[2] + 80).toBe(file.length);
  });

  it("writes a single 2D image without hyperstack keys", () => {
    const info = inspectTiff(writeTiff(randomVolume([1, 3, 3], 3)));
    expect(info.slices).toBe(1);
    expect(info.imageDescription).not.toMatch(/hyperstack/);
  });

  it("refuses provenance that is not JSON", () => {
    expect(() => writeTiff(randomVolume([1, 2, 2], 4), { provenance: () => 1 })).toThrow(/JSON-serialisable/);
  });
});
