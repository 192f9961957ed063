/**
 * gpu.js backend speed in the browser: ms per Richardson-Lucy iteration (periodic boundaries, 7³
 * box PSF, OTF precomputed) for the gpu.js backend on WebGL2 and the CPU backend (one thread,
 * PFFFT wasm) in the same headless Chromium page, on 64×256×256 — and on 128×512×512 only when the
 * renderer is a real GPU (on SwiftShader it would take many minutes per iteration).
 * Published GPU references to aim past: flowdec (TensorFlow), 25 RL iterations on 128×256×256 in
 * 0.39 s; RedLionfish (OpenCL), 10 iterations on 256³ in 3.3 s on an A100.
 * Run through `npm run bench` (scripts/bench.mjs), or `node --import tsx packages/engine/bench/gpu-browser.bench.ts`.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "@playwright/test";

// the harness lives in tests/gpu-harness (outside this package's TypeScript project): loaded by path
interface HarnessServer { url: string; close(): Promise<void> }
interface GpuHarness {
  info(): Promise<{ renderer: string; mode: string; probe: { software: boolean } }>;
  bench(shape: [number, number, number], iterations: number): Promise<{ gpuMsPerIteration?: number; cpuMsPerIteration?: number; relL2: number }>;
}
const serveModule = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../tests/gpu-harness/serve.ts")).href;
const { CHROMIUM_ARGS, startHarness } = (await import(serveModule)) as { CHROMIUM_ARGS: string[]; startHarness(): Promise<HarnessServer> };

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(executablePath)) {
  console.log(`skipped: no Chromium at ${executablePath} (set CHROMIUM_PATH)`);
  process.exit(0);
}

const server = await startHarness();
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => "refocusGpuHarness" in globalThis);
  const info = await page.evaluate(() => (globalThis as unknown as { refocusGpuHarness: GpuHarness }).refocusGpuHarness.info());
  console.log(`renderer: ${info.renderer} (${info.probe.software ? "software" : "hardware"}); gpu.js mode ${info.mode}`);
  const cases: { shape: [number, number, number]; iterations: number }[] = [{ shape: [64, 256, 256], iterations: info.probe.software ? 2 : 10 }];
  if (!info.probe.software) cases.push({ shape: [128, 512, 512], iterations: 10 });
  else console.log("128×512×512: skipped, no hardware GPU answers (software renderer)");
  console.log("shape          iterations  gpu.js ms/iter  CPU (1 thread, browser) ms/iter  rel. L2 gpu vs cpu");
  for (const c of cases) {
    page.setDefaultTimeout(0);
    const r = await page.evaluate(
      ([shape, it]) => (globalThis as unknown as { refocusGpuHarness: GpuHarness }).refocusGpuHarness.bench(shape, it),
      [c.shape, c.iterations] as const,
    );
    console.log(
      `${c.shape.join("×").padEnd(15)}${String(c.iterations).padEnd(12)}${(r.gpuMsPerIteration ?? NaN).toFixed(0).padEnd(16)}${(r.cpuMsPerIteration ?? NaN).toFixed(0).padEnd(33)}${r.relL2.toExponential(2)}`,
    );
  }
  console.log("references: flowdec 25 RL iterations on 128×256×256 in 0.39 s (~16 ms/iter); RedLionfish 10 iterations on 256³ in 3.3 s on an A100 (330 ms/iter)");
} finally {
  await browser.close();
  await server.close();
}
