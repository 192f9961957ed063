/**
 * The algorithm catalogue on the flowdec Hollow Bars (bars-25pct, 32×64×64): every method with
 * 25 iterations (the filters are direct), scored against the ground truth — PSNR, SSIM (3D,
 * uniform 7³ window) and NRMSE after scaling each volume to the flux of `actual` (the data is on
 * a ~24× larger scale) — and the best-of-3 wall time on one CPU thread. Prints a Markdown table.
 * Run directly: `npx tsx packages/engine/bench/algorithms.bench.ts`, or with `npm run bench`.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deconvolve } from "../src/deconvolve.js";
import { createSingleThreadCpuBackend } from "../src/backend/cpu/cpu-backend.js";
import { readTiffVolume } from "../src/io/read-tiff.js";
import { psnr } from "../src/metrics/psnr.js";
import { ssim } from "../src/metrics/ssim.js";
import { nrmse } from "../src/metrics/nrmse.js";
import type { Volume } from "../src/volume.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const data = path.resolve(here, "../../..", "../shared/data");
const files = ["data", "kernel", "actual"].map((n) => path.join(data, `flowdec-bars-25pct-${n}.tif`));
if (!files.every(existsSync)) {
  console.log(`algorithms.bench: skipped, the Hollow Bars files are missing from ${data}`);
  process.exit(0);
}
const [image, kernel, actual] = await Promise.all(files.map((f) => readTiffVolume(readFileSync(f))));
const REPEATS = Number(process.env.REPEATS ?? 3);
const ITER = 25;

const methods: Array<Record<string, unknown>> = [
  { algorithm: "rl" },
  { algorithm: "rl", boundary: "mirror" },
  { algorithm: "rl", boundary: "zero" },
  { algorithm: "rl", boundary: "noncirculant" },
  { algorithm: "rl-accelerated" },
  { algorithm: "rl-tv" },
  { algorithm: "landweber" },
  { algorithm: "landweber-nn" },
  { algorithm: "van-cittert" },
  { algorithm: "jansson-van-cittert" },
  { algorithm: "tikhonov-miller" },
  { algorithm: "ictm" },
  { algorithm: "ista" },
  { algorithm: "fista" },
  // 25 updates in all: one blind cycle of 23 object and 2 PSF updates
  { algorithm: "blind-rl", iterations: 1, objectIterations: 23, psfIterations: 2 },
  { algorithm: "tikhonov" },
  { algorithm: "wiener" },
  { algorithm: "inverse" },
];

const sum = (v: Float32Array) => v.reduce((s, x) => s + x, 0);
const flux = sum(actual.data);
const toFlux = (v: Volume): Volume => ({ ...v, data: v.data.map((x) => (x * flux) / sum(v.data)) });
const range = 65535;
const score = (v: Volume) => {
  const f = toFlux(v);
  return { psnr: psnr(actual, f, { dataRange: range }), ssim: ssim(actual, f, { dataRange: range }), nrmse: nrmse(actual, f) };
};

const backend = createSingleThreadCpuBackend();
const rows: string[] = [];
const raw = score(image);
rows.push(`| raw data | — | — | ${raw.psnr.toFixed(2)} | ${raw.ssim.toFixed(4)} | ${raw.nrmse.toFixed(4)} | — |`);
for (const m of methods) {
  const direct = ["tikhonov", "wiener", "inverse"].includes(m.algorithm as string);
  const params = { ...(direct ? {} : { iterations: ITER }), ...m };
  let best = Infinity;
  let out: Volume | undefined;
  for (let k = 0; k < REPEATS; k++) {
    const t = performance.now();
    const r = await deconvolve(image, kernel, params, { backend });
    best = Math.min(best, performance.now() - t);
    out = r.volume;
  }
  const s = score(out as Volume);
  const extra = Object.entries(m).filter(([k]) => k !== "algorithm" && k !== "boundary").map(([k, v]) => `${k} ${v}`).join(", ");
  rows.push(`| ${m.algorithm}${extra ? ` (${extra})` : ""} | ${(m.boundary as string) ?? "periodic"} | ${direct ? "—" : m.algorithm === "blind-rl" ? "23+2" : ITER} | ${s.psnr.toFixed(2)} | ${s.ssim.toFixed(4)} | ${s.nrmse.toFixed(4)} | ${(best / 1000).toFixed(2)} |`);
  console.error(`done ${m.algorithm} ${(m.boundary as string) ?? ""}`);
}
await backend.dispose();
console.log(`Hollow Bars 32×64×64, flux-matched to the ground truth; time = best of ${REPEATS}, one CPU thread (includes preprocessing)\n`);
console.log("| method | boundary | iterations | PSNR (dB) | SSIM | NRMSE | time (s) |");
console.log("|---|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
