import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { CliIO } from "../../src/cli/types.js";
import { writeTiff } from "../../src/io/write-tiff.js";
import { createVolume } from "../../src/volume.js";
import { psnr } from "../../src/metrics/psnr.js";
import { ssim } from "../../src/metrics/ssim.js";
import { nrmse } from "../../src/metrics/nrmse.js";
import { pearson } from "../../src/metrics/pearson.js";
import { ENGINE_VERSION } from "../../src/version.js";
import { encodeSamples, encodeTiff, rng } from "../io/tiff-fixture.js";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

const dir = mkdtempSync(path.join(tmpdir(), "refocus-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shape: [number, number, number] = [8, 12, 10];
const r = rng(5);
const truth = createVolume(Float32Array.from({ length: 960 }, (_, i) => 100 + 50 * Math.sin(i / 7)), shape, { z: 0.3, y: 0.1, x: 0.1, unit: "µm" });
const result = createVolume(truth.data.map((v) => v + 10 * (r() - 0.5)), shape, truth.voxelSize);
const truthFile = path.join(dir, "truth.tif");
const resultFile = path.join(dir, "result.tif");
const provenance = { algorithm: "richardson-lucy", iterations: 20 };
writeFileSync(truthFile, writeTiff(truth));
writeFileSync(resultFile, writeTiff(result, { provenance }));

describe("refocus main", () => {
  it("--version prints ENGINE_VERSION", async () => {
    expect(await run(["--version"])).toEqual({ code: 0, out: `refocus ${ENGINE_VERSION}\n`, err: "" });
  });

  it("--help lists every command; no command is a usage error", async () => {
    const h = await run(["--help"]);
    expect(h.code).toBe(0);
    for (const c of ["deconvolve", "psf", "info", "metrics"]) expect(h.out).toMatch(new RegExp(`^  ${c}\\s+\\S`, "m"));
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/Usage: refocus COMMAND/);
  });

  it("unknown command exits 2", async () => {
    const u = await run(["deconvolv"]);
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/unknown command "deconvolv"/);
  });

  it("COMMAND --help prints the command's usage", async () => {
    const h = await run(["metrics", "--help"]);
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/^Usage: refocus metrics RESULT\.tif --reference TRUTH\.tif/);
  });

  it("wrong arguments print the message and the usage, exit 2", async () => {
    const a = await run(["info"]);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/^refocus info: missing argument: FILE\.tif\n\nUsage: refocus info/);
    const b = await run(["info", truthFile, "--bogus"]);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/Unknown option '--bogus'/);
    const c = await run(["metrics", resultFile]);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/--reference TRUTH\.tif is required/);
    const d = await run(["metrics", resultFile, "-r", truthFile, "--channel", "1.5"]);
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/--channel must be an integer, got "1\.5"/);
  });

  it("EngineError and missing files print `refocus: message`, exit 1", async () => {
    const notTiff = path.join(dir, "notes.txt");
    writeFileSync(notTiff, "not an image");
    expect(await run(["info", notTiff])).toEqual({ code: 1, out: "", err: "refocus: not a TIFF file: it does not start with the byte-order mark II or MM\n" });
    const missing = await run(["info", path.join(dir, "nope.tif")]);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(`refocus: cannot open ${path.join(dir, "nope.tif")}: no such file or directory\n`);
  });
});

describe("refocus info", () => {
  it("prints shape, type, voxel size, statistics and provenance", async () => {
    const { code, out } = await run(["info", resultFile]);
    expect(code).toBe(0);
    expect(out).toContain("shape        8 × 12 × 10 (Z × Y × X), 1 channel, 1 frame");
    expect(out).toContain("samples      float32, little-endian, compression none, classic TIFF");
    expect(out).toContain("voxel size   0.3 × 0.1 × 0.1 µm (Z × Y × X)");
    expect(out).toMatch(/"algorithm": "richardson-lucy"/);
  });

  it("--json gives numbers equal to an independent computation", async () => {
    const { code, out } = await run(["info", resultFile, "--json"]);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    let min = Infinity, max = -Infinity, sum = 0;
    for (const v of result.data) { min = Math.min(min, v); max = Math.max(max, v); sum += v; }
    expect(j).toMatchObject({ slices: 8, height: 12, width: 10, channels: 1, frames: 1, sampleType: "float32", bigTiff: false, provenance });
    expect(j.stats).toHaveLength(1);
    expect(j.stats[0].min).toBe(min);
    expect(j.stats[0].max).toBe(max);
    expect(j.stats[0].mean).toBeCloseTo(sum / result.data.length, 9);
  });

  it("lists each channel of a multi-channel file separately", async () => {
    const f = path.join(dir, "rgb.tif");
    const values = Array.from({ length: 4 * 3 * 3 }, (_, i) => (i % 3) * 100 + Math.floor(i / 3));
    writeFileSync(f, encodeTiff([{ width: 4, height: 3, bitsPerSample: 8, samplesPerPixel: 3, strips: [encodeSamples("uint8", values, true)] }]));
    const j = JSON.parse((await run(["info", f, "--json"])).out);
    expect(j.channels).toBe(3);
    expect(j.stats.map((s: { min: number; max: number }) => [s.min, s.max])).toEqual([[0, 11], [100, 111], [200, 211]]);
  });
});

describe("refocus metrics", () => {
  it("prints PSNR, SSIM, NRMSE and r equal to the library functions", async () => {
    const { code, out } = await run(["metrics", resultFile, "--reference", truthFile, "--json"]);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.psnr).toBeCloseTo(psnr(truth, result), 12);
    expect(j.ssim).toBeCloseTo(ssim(truth, result), 12);
    expect(j.nrmse).toBeCloseTo(nrmse(truth, result), 12);
    expect(j.pearson).toBeCloseTo(pearson(truth, result), 12);
    // Uniform noise of width 10 → MSE ≈ 100/12, range 100: PSNR ≈ 10 log10(100² · 12 / 100) ≈ 30.8 dB.
    expect(j.psnr).toBeGreaterThan(29.5);
    expect(j.psnr).toBeLessThan(32);
    const text = await run(["metrics", resultFile, "-r", truthFile]);
    expect(text.out).toContain(`PSNR    ${j.psnr.toFixed(4)} dB`);
    expect(text.out).toContain(`SSIM    ${j.ssim.toFixed(6)}`);
    expect(text.out).toContain(`r       ${j.pearson.toFixed(6)}`);
  });

  it("a shape mismatch is a clear error, exit 1", async () => {
    const other = path.join(dir, "other.tif");
    writeFileSync(other, writeTiff(createVolume(new Float32Array(8 * 12 * 9), [8, 12, 9])));
    const { code, err } = await run(["metrics", other, "--reference", truthFile]);
    expect(code).toBe(1);
    expect(err).toBe("refocus: PSNR: the image is 8×12×9 but the reference is 8×12×10 (Z×Y×X); they must match voxel for voxel\n");
  });
});

const engineRoot = fileURLToPath(new URL("../../", import.meta.url));
const bin = path.join(engineRoot, "bin/refocus.js");
const built = existsSync(path.join(engineRoot, "dist/cli/main.js"));

describe.skipIf(!built)(`the built bin${built ? "" : " (SKIPPED: run `npm run build -w @refocus/engine` first)"}`, () => {
  it("runs `refocus metrics` as a process with the right exit codes", () => {
    const ok = spawnSync(process.execPath, [bin, "metrics", resultFile, "--reference", truthFile, "--json"], { encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).psnr).toBeCloseTo(psnr(truth, result), 10);
    const bad = spawnSync(process.execPath, [bin, "info"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/missing argument/);
  });
});
