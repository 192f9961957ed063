import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deconvolve, reproduce } from "../../src/node.js";
import { sha256Float32, sha256Hex } from "../../src/backend/sha256.js";
import { ENGINE_VERSION } from "../../src/version.js";
import { gaussianBox, rng } from "../algorithms/reference.js";

describe("provenance", () => {
  it("pure-JS SHA-256 equals node:crypto on edge lengths", () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const b = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 255);
      expect(sha256Hex(b)).toBe(createHash("sha256").update(b).digest("hex"));
    }
  });

  it("records every parameter after defaults, checksums, backend and timings; reproduce() gives the same bytes", async () => {
    const r = rng(9);
    const image = { data: new Float32Array(6 * 32 * 32).map(() => 10 + 100 * r()), shape: [6, 32, 32] as const };
    const psf = { data: gaussianBox([5, 9, 9], [1, 1.2, 1.2]), shape: [5, 9, 9] as const };
    const a = await deconvolve(image, psf, { algorithm: "rl", iterations: 5, background: "auto", boundary: "mirror", threads: 2 });
    const p = a.provenance;
    expect(p.engine).toEqual({ name: "@refocus/engine", version: ENGINE_VERSION });
    expect(p.params).toMatchObject({ algorithm: "rl", iterations: 5, background: "auto", boundary: "mirror", nonNegative: true, psfCentering: "peak", threads: 2 });
    expect(p.inputs.image.sha256).toBe(createHash("sha256").update(new Uint8Array(image.data.buffer)).digest("hex"));
    expect(p.inputs.psf.sha256).toBe(sha256Float32(psf.data));
    expect(p.backend).toEqual({ name: "cpu", threads: 2 });
    expect(p.fftShape[2]).toBeGreaterThanOrEqual(32 + 9);
    expect(p.iterations.done).toBe(5);
    expect(p.preprocessing.background).toBeGreaterThan(10);
    expect(p.timings.totalMs).toBeGreaterThan(0);
    expect(p.outputSha256).toBe(sha256Float32(a.volume.data));
    // the record survives JSON (as stored in TIFFs and the database) and runs again on one thread
    const record = JSON.parse(JSON.stringify(p));
    const b = await reproduce({ ...record, params: { ...record.params, threads: 1 } }, image, psf);
    expect(b.provenance.backend.threads).toBe(1);
    expect(Buffer.from(b.volume.data.buffer).equals(Buffer.from(a.volume.data.buffer))).toBe(true);
    const other = { ...image, data: image.data.map((v) => v + 1) };
    await expect(reproduce(record, other, psf)).rejects.toMatchObject({ code: "INVALID_PARAMETER" });
  });
});
