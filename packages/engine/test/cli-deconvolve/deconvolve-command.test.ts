import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { writeTiff } from "../../src/io/write-tiff.js";
import { readTiff } from "../../src/io/read-tiff.js";
import type { CliIO } from "../../src/cli/types.js";
import { circularConvolve, gaussianBox, referenceRL, relL2, rng } from "../algorithms/reference.js";
import type { Shape3 } from "../../src/volume.js";

function capture(): CliIO & { out: string; err: string } {
  const io = { out: "", err: "", isTTY: false, stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}

describe("refocus deconvolve", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "refocus-cli-"));
  const shape: Shape3 = [4, 16, 20];
  const psf = gaussianBox(shape, [0.8, 1.2, 1.2]);
  const r = rng(2);
  const truth = new Float64Array(4 * 16 * 20).map(() => (r() < 0.1 ? 200 : 5));
  const blurred = Float32Array.from(circularConvolve(truth, psf, shape));
  const inPath = path.join(dir, "in.tif");
  const psfPath = path.join(dir, "psf.tif");
  writeFileSync(inPath, writeTiff({ data: blurred, shape }));
  writeFileSync(psfPath, writeTiff({ data: psf, shape }));

  it("writes a float32 TIFF equal to the reference RL, with provenance, and one JSON line", async () => {
    const out = path.join(dir, "out.tif");
    const io = capture();
    const code = await main(["deconvolve", inPath, "--psf", psfPath, "--algorithm", "rl", "--iterations", "6", "--psf-centering", "none", "--threads", "2", "-o", out, "--json"], io);
    expect(io.err).toBe("");
    expect(code).toBe(0);
    const lines = io.out.trim().split("\n");
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0]);
    expect(j.output).toBe(out);
    expect(j.provenance.params).toMatchObject({ algorithm: "rl", iterations: 6, threads: 2 });
    expect(j.timings.totalMs).toBeGreaterThan(0);
    const stack = await readTiff(readFileSync(out));
    expect(stack.sampleType).toBe("float32");
    const v = stack.volume(0, 0);
    expect(v.shape).toEqual(shape);
    expect(relL2(v.data, referenceRL(blurred, psf, shape, 6))).toBeLessThan(1e-4);
    expect(stack.provenance).toMatchObject({ algorithm: "rl", outputSha256: j.provenance.outputSha256 });
  });

  it.each([
    [["deconvolve", "in.tif", "-o", "x.tif"], /--psf/],
    [["deconvolve", "in.tif", "--psf", "p.tif"], /-o/],
    [["deconvolve", "in.tif", "--psf", "p.tif", "-o", "x.tif", "--iterations", "0"], /iterations/],
    [["deconvolve", "in.tif", "--psf", "p.tif", "-o", "x.tif", "--algorithm", "wiener", "--iterations", "5"], /--iterations applies only to --algorithm rl/],
    [["deconvolve", "in.tif", "--psf", "p.tif", "-o", "x.tif", "--boundary", "wrap"], /boundary/],
    [["deconvolve", "in.tif", "--psf", "p.tif", "-o", "x.tif", "--bogus"], /bogus/],
  ])("exits 2 with a usage message for %j", async (args, message) => {
    const io = capture();
    const code = await main(args, io);
    expect(code).toBe(2);
    expect(io.err).toMatch(message);
  });
});
