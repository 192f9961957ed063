import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { CliIO } from "../../src/cli/types.js";
import { readTiffVolume } from "../../src/io/read-tiff.js";
import { writeTiff } from "../../src/io/write-tiff.js";
import { gaussianPsf, gaussianPsfFromOptics } from "../../src/psf/gaussian.js";
import { gibsonLanniPsf } from "../../src/psf/gibson-lanni.js";
import { createVolume } from "../../src/volume.js";

const dir = mkdtempSync(path.join(tmpdir(), "refocus-psf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

describe("refocus psf", () => {
  it("writes the Gaussian PSF from sigmas in pixels", async () => {
    const f = path.join(dir, "g.tif");
    const r = await run(["psf", "--model", "gaussian", "--sigma-xy", "1.5", "--sigma-z", "2", "--size", "9x17x15", "-o", f]);
    expect(r.code).toBe(0);
    const v = await readTiffVolume(readFileSync(f));
    const ref = gaussianPsf({ shape: [9, 17, 15], sigmaXY: 1.5, sigmaZ: 2 });
    expect(v.shape).toEqual([9, 17, 15]);
    for (let i = 0; i < ref.data.length; i++) expect(v.data[i]).toBe(ref.data[i]);
  });

  it("derives the Gaussian from NA and wavelength and stores the voxel size in nm", async () => {
    const f = path.join(dir, "g2.tif");
    const r = await run(["psf", "--model", "gaussian", "--na", "1.4", "--wavelength", "610", "--ni", "1.518", "--pixel", "100", "--zstep", "250", "--size", "9x17x17", "-o", f, "--json"]);
    expect(r.code).toBe(0);
    const v = await readTiffVolume(readFileSync(f));
    const ref = gaussianPsfFromOptics({ shape: [9, 17, 17], na: 1.4, wavelengthNm: 610, ni: 1.518, pixelNm: 100, zStepNm: 250 });
    for (let i = 0; i < ref.data.length; i++) expect(v.data[i]).toBe(ref.data[i]);
    expect(v.voxelSize!.x).toBeCloseTo(100, 6);
    expect(v.voxelSize!.z).toBeCloseTo(250, 6);
    expect(JSON.parse(r.out).measurement.fwhmNm.x).toBeGreaterThan(200);
  });

  it("generates Gibson & Lanni with the library's numbers", async () => {
    const f = path.join(dir, "gl.tif");
    const r = await run(["psf", "--model", "gibson-lanni", "--na", "1.4", "--wavelength", "610", "--ni", "1.518", "--ns", "1.33", "--pixel", "100", "--zstep", "250", "--size", "8x16x16", "--depth", "2000", "-o", f]);
    expect(r.code).toBe(0);
    const v = await readTiffVolume(readFileSync(f));
    const ref = gibsonLanniPsf({ shape: [8, 16, 16], na: 1.4, wavelengthNm: 610, ni: 1.518, ns: 1.33, pixelNm: 100, zStepNm: 250, particleDepthNm: 2000 });
    for (let i = 0; i < ref.data.length; i++) expect(v.data[i]).toBe(ref.data[i]);
  });

  it("turns wrong arguments into usage errors (exit 2)", async () => {
    const f = path.join(dir, "bad.tif");
    for (const args of [
      ["psf", "--model", "airy", "--size", "3x3x3", "-o", f],
      ["psf", "--model", "born-wolf", "--na", "1.4", "--wavelength", "610", "--pixel", "100", "--zstep", "250", "-o", f],
      ["psf", "--model", "born-wolf", "--na", "1.6", "--ni", "1.518", "--wavelength", "610", "--pixel", "100", "--zstep", "250", "--size", "4x8x8", "-o", f],
      ["psf", "--model", "gaussian", "--sigma-xy", "1", "--size", "3x3x3", "-o", f],
      ["psf", "--model", "gaussian", "--sigma-xy", "-1", "--sigma-z", "1", "--size", "3x3x3", "-o", f],
      ["psf", "measure"],
      ["psf", "distill", "-o", f],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toMatch(/refocus/);
    }
  });

  it("distills beads and measures the result", async () => {
    // three isolated beads and one touching pair, uint16 file, 65 nm × 200 nm voxels
    const shape: [number, number, number] = [25, 64, 64];
    const mean = new Float64Array(25 * 64 * 64).fill(50);
    const g = gaussianPsf({ shape: [25, 25, 25], sigmaXY: 1.4, sigmaZ: 2.2 });
    for (const [cy, cx] of [[16, 16], [16, 47], [47, 16], [45, 45], [49, 49]]) {
      for (let z = 0; z < 25; z++) for (let y = 0; y < 25; y++) for (let x = 0; x < 25; x++) {
        const yy = cy + y - 12, xx = cx + x - 12;
        if (yy < 0 || yy >= 64 || xx < 0 || xx >= 64) continue;
        mean[(z * 64 + yy) * 64 + xx] += 3e5 * g.data[(z * 25 + y) * 25 + x];
      }
    }
    const beads = path.join(dir, "beads.tif");
    writeFileSync(beads, writeTiff(createVolume(Float32Array.from(mean, Math.round), shape, { z: 200, y: 65, x: 65, unit: "nm" }), { sampleType: "uint16" }));
    const out = path.join(dir, "distilled.tif");
    const r = await run(["psf", "distill", beads, "--size", "21x15x15", "-o", out, "--json"]);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.counts).toEqual({ detected: 5, used: 3, edge: 0, saturated: 0, touching: 2 });
    const m = await run(["psf", "measure", out, "--json"]);
    const meas = JSON.parse(m.out);
    const k = 2 * Math.sqrt(2 * Math.LN2);
    // FWHM of the voxel-integrated Gaussian ≈ k·√(σ² + 1/12) px, in nm
    expect(meas.fwhmNm.x / (k * Math.sqrt(1.96 + 1 / 12) * 65)).toBeGreaterThan(0.97);
    expect(meas.fwhmNm.x / (k * Math.sqrt(1.96 + 1 / 12) * 65)).toBeLessThan(1.05);
    const text = await run(["psf", "measure", out]);
    expect(text.out).toMatch(/FWHM x [\d.]+ nm/);
  });
});
