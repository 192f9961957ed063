import { describe, expect, it } from "vitest";
import { parseCommandArgs, parseNumber, parseSize3, parseTriple, parseChoice } from "../../src/cli/args.js";
import { createProgressBar, formatProgress } from "../../src/cli/progress.js";
import { UsageError, type CliIO } from "../../src/cli/types.js";

describe("cli args", () => {
  const spec = { out: { type: "string", short: "o" }, iterations: { type: "string" }, json: { type: "boolean" } } as const;

  it("parses typed options and positionals", () => {
    const p = parseCommandArgs(["in.tif", "-o", "out.tif", "--iterations=20", "--json"], spec, { min: 1, max: 1 });
    expect(p.positionals).toEqual(["in.tif"]);
    expect(p.values).toEqual({ out: "out.tif", iterations: "20", json: true });
  });

  it("turns parse failures into UsageError naming the problem", () => {
    expect(() => parseCommandArgs(["--nope"], spec, { min: 0, max: 1 })).toThrow(UsageError);
    expect(() => parseCommandArgs(["--nope"], spec, { min: 0, max: 1 })).toThrow(/Unknown option '--nope'/);
    expect(() => parseCommandArgs(["-o"], spec, { min: 0, max: 1 })).toThrow(/argument missing/);
    expect(() => parseCommandArgs([], spec, { min: 1, max: 1, names: "IMAGE.tif" })).toThrow("missing argument: IMAGE.tif");
    expect(() => parseCommandArgs(["a", "b"], spec, { min: 1, max: 1 })).toThrow('unexpected argument "b"');
  });

  it("parses numbers with bounds and names the option when wrong", () => {
    expect(parseNumber("2.5e-3", "tolerance")).toBe(0.0025);
    expect(parseNumber(" 20 ", "iterations", { integer: true, min: 1 })).toBe(20);
    expect(() => parseNumber("abc", "iterations")).toThrow('--iterations must be a number, got "abc"');
    expect(() => parseNumber("", "iterations")).toThrow(/must be a number/);
    expect(() => parseNumber("2.5", "iterations", { integer: true })).toThrow(/--iterations must be an integer/);
    expect(() => parseNumber("0", "na", { min: 0, exclusiveMin: true })).toThrow("--na must be > 0, got 0");
    expect(() => parseNumber("2", "na", { max: 1.7 })).toThrow("--na must be ≤ 1.7, got 2");
  });

  it("parses Z×Y×X sizes and voxel sizes", () => {
    expect(parseSize3("32x64x128", "size")).toEqual([32, 64, 128]);
    expect(parseSize3("32×64×128", "size")).toEqual([32, 64, 128]);
    expect(parseSize3("16", "size")).toEqual([16, 16, 16]);
    expect(parseTriple("0.3x0.1x0.1", "voxel", { positive: true })).toEqual([0.3, 0.1, 0.1]);
    expect(parseTriple("0.3, 0.1, 0.1", "voxel")).toEqual([0.3, 0.1, 0.1]);
    expect(() => parseSize3("32x64", "size")).toThrow(/--size must be Z×Y×X/);
    expect(() => parseSize3("32x64x1.5", "size")).toThrow(/--size must be whole numbers/);
    expect(() => parseSize3("32x0x4", "size")).toThrow(/--size must be positive/);
    expect(() => parseTriple("axbxc", "voxel")).toThrow(/--voxel must be Z×Y×X numbers/);
    expect(parseChoice("rl", "algorithm", ["rl", "wiener"] as const)).toBe("rl");
    expect(() => parseChoice("x", "algorithm", ["rl", "wiener"] as const)).toThrow('--algorithm must be one of rl, wiener, got "x"');
  });
});

describe("cli progress", () => {
  it("formats iteration, relative change and elapsed time", () => {
    expect(formatProgress({ iteration: 5, total: 20, relativeChange: 0.001234 }, 2500, 10)).toBe("███░░░░░░░  5/20  Δ 1.23e-3  2.5 s");
    expect(formatProgress({ iteration: 20, total: 20 }, 125_000, 4)).toBe("████ 20/20  2 min 05 s");
  });

  it("draws on a TTY with carriage returns, throttled, and stays silent otherwise", () => {
    let err = "";
    let t = 0;
    const io: CliIO = { stdout: () => {}, stderr: (s) => { err += s; }, isTTY: true };
    const bar = createProgressBar(io, "rl", () => t);
    bar.update({ iteration: 1, total: 3 });
    t = 50;
    bar.update({ iteration: 2, total: 3 }); // within 100 ms: skipped
    t = 60;
    bar.update({ iteration: 3, total: 3 }); // last iteration: always drawn
    bar.done();
    expect(err.split("\r").filter(Boolean)).toHaveLength(2);
    expect(err).toContain("rl ");
    expect(err).toContain("3/3");
    expect(err.endsWith("\n")).toBe(true);
    let quiet = "";
    const off = createProgressBar({ stdout: () => {}, stderr: (s) => { quiet += s; }, isTTY: false }, "rl");
    off.update({ iteration: 1, total: 2 });
    off.done();
    expect(quiet).toBe("");
  });
});
