/**
 * Every algorithm is accepted by name through parseDeconvolutionParams (the API's validation) and
 * through `refocus deconvolve` (main([...])); an out-of-range parameter is refused with a message
 * naming the parameter and its allowed range. Also: stopping rules and the progress record.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ALGORITHMS, parseDeconvolutionParams } from "../../../src/params/deconvolution-params.js";
import { main } from "../../../src/cli/main.js";
import type { CliIO } from "../../../src/cli/types.js";
import { writeTiff } from "../../../src/io/write-tiff.js";
import { readTiffVolume } from "../../../src/io/read-tiff.js";
import { deconvolve } from "../../../src/deconvolve.js";
import type { IterationProgress } from "../../../src/algorithms/context.js";
import type { Shape3, Volume } from "../../../src/volume.js";
import { gaussianBox, rng } from "../reference.js";

const catalogue = ["rl-accelerated", "rl-tv", "landweber", "landweber-nn", "van-cittert", "jansson-van-cittert", "tikhonov-miller", "ictm", "ista", "fista", "blind-rl"];

/** One out-of-range value per parameter, and the words its message must contain. */
const outOfRange: Array<[string, Record<string, unknown>, RegExp]> = [
  ["rl-tv", { lambda: 0.5 }, /lambda: lambda must be from 0 to 0\.1/],
  ["landweber", { gamma: 0 }, /gamma: gamma must be > 0 and at most 2/],
  ["landweber-nn", { gamma: 2.5 }, /gamma: gamma must be > 0 and at most 2/],
  ["van-cittert", { iterations: 0 }, /iterations: iterations must be an integer from 1 to 10000/],
  ["jansson-van-cittert", { lower: Number.POSITIVE_INFINITY }, /lower/],
  ["tikhonov-miller", { lambda: -1 }, /lambda: lambda must be from 0 to 1e3/],
  ["ictm", { tolerance: 2 }, /tolerance: tolerance must be from 0 to 1/],
  ["ista", { scales: 9 }, /scales: scales must be an integer from 1 to 8/],
  ["fista", { timeLimitSeconds: 0 }, /timeLimitSeconds: timeLimitSeconds must be > 0 and at most 604800/],
  ["blind-rl", { objectIterations: 0 }, /objectIterations: objectIterations must be an integer from 1 to 10000/],
  ["blind-rl", { psfIterations: 1.5 }, /psfIterations: psfIterations must be an integer from 1 to 1000/],
  ["rl-accelerated", { boundary: "wrap" }, /boundary/],
  ["rl", { timeLimitSeconds: -1 }, /timeLimitSeconds: timeLimitSeconds must be > 0/],
  ["landweber", { background: "none" }, /background: background must be a number ≥ 0 or "auto"/],
  ["rl", { background: -1 }, /background: background must be a number ≥ 0 or "auto"/],
];

describe("parameters: every algorithm by name, ranges named in the message", () => {
  it("accepts each catalogue algorithm with its defaults", () => {
    for (const a of catalogue) expect(ALGORITHMS).toContain(a);
    expect(parseDeconvolutionParams({ algorithm: "rl-tv" })).toMatchObject({ algorithm: "rl-tv", lambda: 0.002, iterations: 20, boundary: "periodic" });
    expect(parseDeconvolutionParams({ algorithm: "landweber" })).toMatchObject({ gamma: 1 });
    expect(parseDeconvolutionParams({ algorithm: "ista" })).toMatchObject({ gamma: 1, lambda: 0.01, scales: 3 });
    expect(parseDeconvolutionParams({ algorithm: "jansson-van-cittert", upper: 500 })).toMatchObject({ lower: 0, upper: 500 });
    expect(parseDeconvolutionParams({ algorithm: "blind-rl" })).toMatchObject({ iterations: 2, objectIterations: 200, psfIterations: 2 });
    expect(parseDeconvolutionParams({ algorithm: "ictm", boundary: "noncirculant", timeLimitSeconds: 5 })).toMatchObject({ boundary: "noncirculant", timeLimitSeconds: 5, lambda: 0.001 });
  });

  it("refuses out-of-range values naming the parameter and its range", () => {
    for (const [algorithm, bad, message] of outOfRange) {
      expect(() => parseDeconvolutionParams({ algorithm, ...bad }), `${algorithm} ${JSON.stringify(bad)}`).toThrow(message);
    }
    expect(() => parseDeconvolutionParams({ algorithm: "lucy" })).toThrow(/algorithm: must be one of "inverse", .*"rl-accelerated".*"blind-rl"/);
  });
});

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, isTTY: false };
  return { code: await main(argv, io), out, err };
}

const dir = mkdtempSync(path.join(tmpdir(), "refocus-catalogue-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problem(): { image: Volume; psf: Volume } {
  const shape: Shape3 = [6, 16, 16];
  const r = rng(12);
  const img = new Float32Array(6 * 16 * 16).map(() => 5 + (r() < 0.05 ? 200 : 0) + r());
  return { image: { data: img, shape }, psf: { data: gaussianBox([5, 7, 7], [1, 1.2, 1.2]), shape: [5, 7, 7] } };
}

describe("refocus deconvolve: every algorithm by name, flags derived from the schema", () => {
  const { image, psf } = problem();
  const inFile = path.join(dir, "in.tif"), psfFile = path.join(dir, "psf.tif");
  writeFileSync(inFile, writeTiff(image));
  writeFileSync(psfFile, writeTiff(psf));

  it("runs each catalogue algorithm with its own flags and records them in provenance", async () => {
    const flags: Record<string, string[]> = {
      "rl-tv": ["--lambda", "0.01"],
      landweber: ["--gamma", "1.5"],
      "jansson-van-cittert": ["--lower", "0", "--upper", "400"],
      ictm: ["--lambda", "0.002", "--boundary", "noncirculant"],
      fista: ["--scales", "2", "--lambda", "0.5"],
      "blind-rl": ["--object-iterations", "5", "--psf-iterations", "1"],
    };
    for (const a of catalogue) {
      const out = path.join(dir, `out-${a}.tif`);
      const res = await run(["deconvolve", inFile, "--psf", psfFile, "-o", out, "--algorithm", a, "--iterations", "3", "--json", ...(flags[a] ?? [])]);
      expect(res.err, a).toBe("");
      expect(res.code, a).toBe(0);
      const j = JSON.parse(res.out) as { provenance: { algorithm: string; params: Record<string, unknown>; iterations: { done: number } }; psfOutput?: string };
      expect(j.provenance.algorithm).toBe(a);
      expect(j.provenance.iterations.done).toBe(3);
      const v = await readTiffVolume(readFileSync(out));
      expect(v.shape).toEqual(image.shape);
      if (a === "blind-rl") {
        expect(j.psfOutput).toBe(path.join(dir, "out-blind-rl.psf.tif"));
        expect(existsSync(j.psfOutput as string)).toBe(true);
        expect((await readTiffVolume(readFileSync(j.psfOutput as string))).shape).toEqual(psf.shape);
      }
    }
    const j = JSON.parse((await run(["deconvolve", inFile, "--psf", psfFile, "-o", path.join(dir, "f.tif"), "--algorithm", "fista", "--scales", "2", "--json"])).out);
    expect(j.provenance.params).toMatchObject({ scales: 2, gamma: 1 });
  }, 600_000);

  it("an out-of-range flag exits 2 naming the parameter and its range; a flag of another algorithm is refused", async () => {
    const bad = await run(["deconvolve", inFile, "--psf", psfFile, "-o", path.join(dir, "x.tif"), "--algorithm", "ista", "--scales", "12"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/scales: scales must be an integer from 1 to 8/);
    const g = await run(["deconvolve", inFile, "--psf", psfFile, "-o", path.join(dir, "x.tif"), "--algorithm", "landweber", "--gamma", "3"]);
    expect(g.code).toBe(2);
    expect(g.err).toMatch(/gamma: gamma must be > 0 and at most 2/);
    const other = await run(["deconvolve", inFile, "--psf", psfFile, "-o", path.join(dir, "x.tif"), "--algorithm", "rl", "--gamma", "1"]);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/--gamma applies only to --algorithm landweber, landweber-nn, van-cittert/);
    const help = await run(["deconvolve", "--help"]);
    for (const f of ["--time-limit-seconds", "--object-iterations", "--gamma", "--scales", "noncirculant", "blind-rl"]) expect(help.out).toContain(f);
  });
});

describe("stopping rules and progress for the catalogue", () => {
  const { image, psf } = problem();
  it("reports every iteration; stops at the tolerance, and at the time limit", async () => {
    const seen: IterationProgress[] = [];
    const r = await deconvolve(image, psf, { algorithm: "rl-accelerated", iterations: 15 }, { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.iteration)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    for (const p of seen) {
      expect(p.iterations).toBe(15);
      expect(Number.isFinite(p.objective) && Number.isFinite(p.relativeChange)).toBe(true);
      expect(p.elapsedMs).toBeGreaterThanOrEqual(0);
    }
    // the I-divergence falls
    expect(seen[14].objective).toBeLessThan(seen[0].objective);
    expect(r.provenance.iterations).toEqual({ requested: 15, done: 15 });

    const tol = seen[5].relativeChange * 1.0001;
    const t = await deconvolve(image, psf, { algorithm: "rl-accelerated", iterations: 15, tolerance: tol });
    const firstBelow = seen.findIndex((p) => p.relativeChange < tol) + 1;
    expect(t.provenance.iterations.done).toBe(firstBelow);

    const timed = await deconvolve(image, psf, { algorithm: "landweber", iterations: 10000, timeLimitSeconds: 0.05 });
    expect(timed.provenance.iterations.done).toBeLessThan(10000);
    expect(timed.provenance.timings.algorithmMs).toBeLessThan(2000);
    // plain RL keeps its fused path under a time limit: it stops at the first iteration past it
    const rlSeen: IterationProgress[] = [];
    const rlTimed = await deconvolve(image, psf, { algorithm: "rl", iterations: 10000, timeLimitSeconds: 0.05 }, { onProgress: (p) => rlSeen.push(p) });
    expect(rlTimed.provenance.iterations.done).toBeLessThan(10000);
    expect(rlSeen.length).toBe(rlTimed.provenance.iterations.done);
    expect(rlSeen.at(-1)!.elapsedMs).toBeGreaterThanOrEqual(50);
    expect(rlSeen.slice(0, -1).every((p) => p.elapsedMs < 50)).toBe(true);
  });

  it("an abort stops a catalogue method with ABORTED", async () => {
    const ac = new AbortController();
    const p = deconvolve(image, psf, { algorithm: "fista", iterations: 10000 }, { signal: ac.signal, onProgress: (q) => { if (q.iteration === 3) ac.abort(); } });
    await expect(p).rejects.toMatchObject({ code: "ABORTED" });
  });
});
