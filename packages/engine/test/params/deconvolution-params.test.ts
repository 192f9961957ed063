import { describe, expect, it } from "vitest";
import { parseDeconvolutionParams, ZDeconvolutionParams } from "../../src/params/deconvolution-params.js";
import { deconvolve } from "../../src/deconvolve.js";
import { EngineError } from "../../src/errors.js";

describe("deconvolution parameters", () => {
  it("fills in documented defaults", () => {
    expect(parseDeconvolutionParams({ algorithm: "rl" })).toEqual({
      algorithm: "rl", iterations: 20, nonNegative: true, initialEstimate: "observed",
      background: 0, boundary: "periodic", psfCentering: "peak", cropPsf: false, backend: "auto",
    });
    expect(parseDeconvolutionParams({ algorithm: "wiener" })).toMatchObject({ nsr: 0.01 });
    expect(parseDeconvolutionParams({ algorithm: "tikhonov" })).toMatchObject({ lambda: 0.01, regularizer: "laplacian" });
    expect(parseDeconvolutionParams({ algorithm: "inverse" })).toMatchObject({ epsilon: 1e-3 });
  });

  it.each([
    [{ algorithm: "rl", iterations: 0 }, /iterations: .*1 to 10000/],
    [{ algorithm: "rl", iterations: 2.5 }, /iterations: .*integer/],
    [{ algorithm: "wiener", nsr: -1 }, /nsr: .*0 to 1e6/],
    [{ algorithm: "tikhonov", lambda: "big" }, /lambda: /],
    [{ algorithm: "rl", threads: 0 }, /threads: .*1 to 256/],
    [{ algorithm: "rl", background: -3 }, /background/],
    [{ algorithm: "rl", boundary: "reflect" }, /boundary/],
    [{ algorithm: "lucy" }, /algorithm: must be one of/],
  ])("refuses %j naming the parameter and its range", (input, message) => {
    expect(() => parseDeconvolutionParams(input)).toThrow(message);
    try {
      parseDeconvolutionParams(input);
    } catch (e) {
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).code).toBe("INVALID_PARAMETER");
    }
  });

  it("describes every field for forms (descriptions present)", () => {
    for (const option of ZDeconvolutionParams.options) {
      for (const [key, field] of Object.entries(option.shape)) {
        if (key === "algorithm") continue;
        expect((field as { description?: string }).description, key).toBeTruthy();
      }
    }
  });

  it("deconvolve() refuses a PSF larger than the image with PSF_TOO_LARGE, and crops it when asked", async () => {
    const image = { data: new Float32Array(4 * 8 * 8).fill(1), shape: [4, 8, 8] as const };
    const psf = { data: new Float32Array(5 * 8 * 8).fill(1), shape: [5, 8, 8] as const };
    await expect(deconvolve(image, psf, { algorithm: "wiener" })).rejects.toMatchObject({ code: "PSF_TOO_LARGE", message: expect.stringMatching(/5×8×8.*larger than the image \(4×8×8\)/) });
    const r = await deconvolve(image, psf, { algorithm: "wiener", cropPsf: true });
    expect(r.volume.shape).toEqual([4, 8, 8]);
  });

  it("deconvolve() refuses bad parameters before any work", async () => {
    const v = { data: new Float32Array(8), shape: [1, 2, 4] as const };
    await expect(deconvolve(v, v, { algorithm: "rl", iterations: -5 })).rejects.toMatchObject({ code: "INVALID_PARAMETER", message: expect.stringContaining("iterations") });
  });
});
