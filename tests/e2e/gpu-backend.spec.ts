/**
 * The gpu.js backend in headless Chromium on WebGL2 (SwiftShader here; a real GPU where present),
 * against the CPU backend in the same page. Self-contained: serves its own harness
 * (tests/gpu-harness), needs none of the platform's servers.
 * Run: CHROMIUM_PATH=/usr/bin/chromium npx playwright test -c tests/playwright.config.ts tests/e2e/gpu-backend.spec.ts
 */
import { chromium, expect, test, type Browser, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, sharedDataDir, sharedDataPresent, startHarness } from "../gpu-harness/serve.js";
import type { AlgorithmComparison, GpuHarness } from "../gpu-harness/harness.js";
import { algorithmCases } from "../../packages/engine/test/backend/gpu/algorithm-cases.js";

const FIRST = ["rl", "inverse", "wiener", "tikhonov"];

let browser: Browser;
let page: Page;
let server: Awaited<ReturnType<typeof startHarness>>;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  server = await startHarness();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => "refocusGpuHarness" in globalThis);
});

test.afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function harness<T>(fn: (h: GpuHarness, arg: unknown) => Promise<T>, arg?: unknown): Promise<T> {
  return page.evaluate(
    ([src, a]) => {
      const h = (globalThis as unknown as { refocusGpuHarness: GpuHarness }).refocusGpuHarness;
      return (new Function("h", "a", `return (${src})(h, a)`) as (h: GpuHarness, a: unknown) => Promise<T>)(h, a);
    },
    [fn.toString(), arg] as const,
  );
}

test("WebGL2 answers; a software renderer runs the kernels but auto keeps the CPU backend", async () => {
  const info = await harness((h) => h.info());
  console.log(JSON.stringify(info));
  expect(info.mode).toBe("webgl2");
  expect(info.probe.api).toBe("webgl2");
  expect(info.renderer.length).toBeGreaterThan(0);
  expect(info.hasGpuFactory).toBe(true);
  expect(info.autoPicks).toBe(info.probe.software ? "cpu" : "gpu");
});

function report(rows: AlgorithmComparison[]): void {
  for (const r of rows) console.log(`${r.algorithm} (${r.iterations} it.): relative L2 ${r.relL2.toExponential(2)} (CPU FFT-to-FFT ${r.cpuSpread.toExponential(2)}), gpu.js WebGL2 ${r.gpuMs.toFixed(0)} ms, CPU ${r.cpuMs.toFixed(0)} ms`);
}

test.describe(`flowdec Hollow Bars 32×64×64 (${sharedDataPresent() ? sharedDataDir : "MISSING: " + sharedDataDir + " — skipped"})`, () => {
  test.skip(!sharedDataPresent(), `shared data missing at ${sharedDataDir}`);

  test("Richardson-Lucy (50 iterations) and the direct methods match the CPU backend to 1e-4", async () => {
    test.setTimeout(600_000);
    const rows = await harness((h, a) => h.compare(50, a as string[]), FIRST);
    report(rows);
    expect(rows.map((r) => r.algorithm).sort()).toEqual(["inverse", "rl", "tikhonov", "wiener"]);
    for (const r of rows) {
      expect(r.relL2, r.algorithm).toBeLessThan(1e-4);
      expect(r.provenanceBackend).toMatchObject({ name: "gpu", mode: "webgl2" });
    }
    expect(rows.find((r) => r.algorithm === "rl")?.iterations).toBe(50);
  });

  // every other algorithm the engine offers (read from its parameter schemas, so new ones join)
  for (const c of algorithmCases(10).filter((a) => !FIRST.includes(a.algorithm))) {
    test(`${c.algorithm} ${JSON.stringify(c.params)} matches the CPU backend to 1e-4, or 3× the CPU's own FFT-to-FFT spread`, async () => {
      test.setTimeout(600_000);
      const rows = await harness((h, a) => h.compare(10, [a as string]), c.algorithm);
      report(rows);
      expect(rows).toHaveLength(1);
      expect(rows[0].relL2).toBeLessThan(Math.max(1e-4, 3 * rows[0].cpuSpread));
    });
  }
});

test("no GL texture leaks over 500 Richardson-Lucy iterations", async () => {
  test.setTimeout(600_000);
  const r = await harness((h) => h.leak(500));
  console.log(JSON.stringify(r));
  expect(r.finite).toBe(true);
  // gpu.js settles its per-kernel recycled outputs within the first iterations; after that the
  // count of live GL textures must not move
  expect(r.afterLast).toBe(r.afterTenth);
  expect(r.maxAfterTenth).toBe(r.afterTenth);
  expect(r.afterLast).toBeLessThan(r.afterFirst + 5);
  expect(r.sessionLast).toBe(r.sessionFirst);
  expect(r.afterDispose).toBeLessThanOrEqual(0);
});
