import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readTiff } from "../../src/io/read-tiff.js";
import { SHARED_DATA, pythonMissing, runPython } from "./python.js";

const present = existsSync(SHARED_DATA);
const noPython = pythonMissing(["numpy", "tifffile"]);

/** Shapes and types from /work/shared/data/MANIFEST.md. */
const FILES: Array<{ file: string; shape: [number, number, number]; type: string; voxel?: { x: number; z: number; unit: string } }> = [
  { file: "flowdec-bars-25pct-data.tif", shape: [32, 64, 64], type: "float32" },
  { file: "flowdec-bars-25pct-kernel.tif", shape: [32, 64, 64], type: "float32" },
  { file: "flowdec-bars-25pct-actual.tif", shape: [32, 64, 64], type: "float32" },
  { file: "flowdec-psfs-psfgen1.tif", shape: [8, 16, 16], type: "float32", voxel: { x: 100, z: 250, unit: "nm" } },
  { file: "deconwolf-dapi_001.tif", shape: [40, 201, 101], type: "uint16" },
  { file: "redlionfish-PSF_RFI_8bit.tif", shape: [61, 32, 32], type: "uint8", voxel: { x: 300.03, z: 300, unit: "nm" } },
];

describe.skipIf(!present)(`real files in ${SHARED_DATA}${present ? "" : " (SKIPPED: folder missing)"}`, () => {
  for (const f of FILES) {
    it(`${f.file}: ${f.shape.join("×")} ${f.type}`, async () => {
      const bytes = readFileSync(path.join(SHARED_DATA, f.file));
      const s = await readTiff(bytes);
      expect(s.sampleType).toBe(f.type);
      const v = s.volume();
      expect(v.shape).toEqual(f.shape);
      if (f.voxel) {
        expect(s.voxelSize?.unit).toBe(f.voxel.unit);
        expect(s.voxelSize?.x).toBeCloseTo(f.voxel.x, 1);
        expect(s.voxelSize?.z).toBeCloseTo(f.voxel.z, 6);
      }
    });
    it.skipIf(noPython !== undefined)(`${f.file}: samples equal tifffile's${noPython ? ` (SKIPPED: ${noPython})` : ""}`, async () => {
      const v = (await readTiff(readFileSync(path.join(SHARED_DATA, f.file)))).volume();
      // Independent check: tifffile's sum, min, max and a few samples (float64 accumulation).
      const ref = JSON.parse(runPython(
        "import sys, json, tifffile, numpy as np; a = tifffile.imread(sys.argv[1]).astype(np.float64); " +
        "print(json.dumps([a.sum(), a.min(), a.max(), [a.flat[i] for i in (0, 1234, a.size // 2, a.size - 1)]]))",
        [path.join(SHARED_DATA, f.file)],
      )) as [number, number, number, number[]];
      let sum = 0, min = Infinity, max = -Infinity;
      for (const x of v.data) { sum += x; if (x < min) min = x; if (x > max) max = x; }
      expect(sum).toBeCloseTo(ref[0], 0);
      expect(min).toBe(ref[1]);
      expect(max).toBe(ref[2]);
      const n = v.data.length;
      expect([0, 1234, Math.floor(n / 2), n - 1].map((i) => v.data[i])).toEqual(ref[3].map((x) => Math.fround(x)));
    });
  }
});

if (!present) {
  describe("real files", () => {
    it.skip(`SKIPPED: ${SHARED_DATA} is missing (see MANIFEST.md)`, () => {});
  });
}
