/** The selection rule for the GPU backend, on a machine without headless-gl (CI, this machine). */
import { describe, expect, it } from "vitest";
import { selectBackend, universalBackendFactories } from "../../../src/backend/select.js";
import { nodeBackendFactories, deconvolve } from "../../../src/node.js";
import { isSoftwareRenderer, probeGpu } from "../../../src/backend/gpu/probe.js";
import { createGpuBackend } from "../../../src/backend/gpu/gpu-backend.js";
import { EngineError } from "../../../src/errors.js";

describe("GPU backend selection", () => {
  it("knows software renderers from hardware ones", () => {
    expect(isSoftwareRenderer("ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)")).toBe(true);
    expect(isSoftwareRenderer("llvmpipe (LLVM 15.0.6, 256 bits)")).toBe(true);
    expect(isSoftwareRenderer("Mesa softpipe")).toBe(true);
    expect(isSoftwareRenderer("Microsoft Basic Render Driver")).toBe(true);
    expect(isSoftwareRenderer("NVIDIA H100 80GB HBM3/PCIe/SSE2")).toBe(false);
    expect(isSoftwareRenderer("ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0, D3D11)")).toBe(false);
    expect(isSoftwareRenderer("Apple M2")).toBe(false);
  });

  const hasGl = probeGpu().then((p) => p.api !== null && !p.software);

  it("auto picks the CPU where no hardware GPU answers; gpu runs the gpu.js kernels in cpu mode", async () => {
    if (await hasGl) return expect((await selectBackend("auto", { factories: nodeBackendFactories })).name).toBe("gpu");
    const probe = await probeGpu();
    expect(probe.api).toBeNull();
    expect(probe.reason).toMatch(/headless-gl/);
    for (const f of [universalBackendFactories, nodeBackendFactories]) {
      const auto = await selectBackend("auto", { factories: f });
      expect(auto.name).toBe("cpu");
      await auto.dispose();
      const gpu = await selectBackend("gpu", { factories: f });
      expect(gpu.name).toBe("gpu");
      expect(gpu.mode).toBe("cpu");
      await gpu.dispose();
    }
    await expect(createGpuBackend({ mode: "headlessgl" })).rejects.toThrow(EngineError);
    await expect(createGpuBackend({ requireHardware: true })).rejects.toMatchObject({ code: "BACKEND_UNAVAILABLE" });
  });

  it("auto leaves a working shape the GPU cannot transform to the CPU; gpu says why", async () => {
    // a GPU factory that always answers (gpu.js cpu mode), as a hardware GPU would
    const f = { cpu: universalBackendFactories.cpu, gpu: () => createGpuBackend({ mode: "cpu" }) };
    const odd: [number, number, number] = [1, 1, 4099]; // prime, longer than the direct-DFT limit
    const fits = await selectBackend("auto", { factories: f, shape: [1, 8, 8] });
    expect(fits.name).toBe("gpu");
    expect(fits.unsupported?.(odd)).toMatch(/4099/);
    await fits.dispose();
    const auto = await selectBackend("auto", { factories: f, shape: odd });
    expect(auto.name).toBe("cpu");
    await auto.dispose();
    const gpu = await selectBackend("gpu", { factories: f, shape: odd });
    await expect(gpu.createSession(odd)).rejects.toMatchObject({ code: "GPU_SIZE_UNSUPPORTED" });
    await gpu.dispose();
    const image = { data: Float32Array.from({ length: 4099 }, (_, i) => 1 + (i % 7)), shape: odd };
    const psf = { data: Float32Array.from([0.25, 0.5, 0.25]), shape: [1, 1, 3] as [number, number, number] };
    const r = await deconvolve(image, psf, { algorithm: "rl", iterations: 2, backend: "auto" }, { factories: f });
    expect(r.provenance.backend.name).toBe("cpu");
  });

  it("records backend, gpu.js mode and renderer in provenance", async () => {
    const n = 4 * 8 * 8;
    const image = { data: Float32Array.from({ length: n }, (_, i) => 1 + (i % 5)), shape: [4, 8, 8] as const };
    const psf = { data: new Float32Array(27).fill(1 / 27), shape: [3, 3, 3] as const };
    const r = await deconvolve(image, psf, { algorithm: "rl", iterations: 3, backend: "gpu" });
    expect(r.provenance.backend).toMatchObject({ name: "gpu", threads: 1, mode: "cpu", renderer: "JavaScript (gpu.js cpu mode)" });
    const c = await deconvolve(image, psf, { algorithm: "rl", iterations: 3, backend: "cpu" });
    expect(c.provenance.backend.mode).toBeUndefined();
    let d = 0, m = 0;
    for (let i = 0; i < n; i++) {
      d = Math.max(d, Math.abs(r.volume.data[i] - c.volume.data[i]));
      m = Math.max(m, Math.abs(c.volume.data[i]));
    }
    expect(d / m).toBeLessThan(1e-5);
  });
});
