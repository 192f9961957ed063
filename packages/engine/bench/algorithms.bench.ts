/**
 * The algorithm catalogue on the flowdec Hollow Bars (bars-25pct, 32×64×64): every method with
 * 25 iterations (the filters are direct), scored against the ground truth — PSNR, SSIM (3D,
 * uniform 7³ window) and NRMSE after scaling each volume to the flux of `actual` (the data is on
 * a ~24× larger scale) — and the best-of-3 wall time on one CPU thread. Prints a Markdown table.
 * The peer, measured in the same run on the same files: scikit-image's `richardson_lucy` (25
 * iterations, clip off, the PSF cropped to an odd centred box as it needs; it convolves with
 * zero boundaries and starts from 0.5), scored with the same metrics; the table ends with the
 * ratios of Refocus's RL to it.
 * Run directly: `npx tsx packages/engine/bench/algorithms.bench.ts`, or with `npm run bench`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
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
const toFlux = (v: Volume): Volume => {
  const k = flux / sum(v.data);
  return { ...v, data: v.data.map((x) => x * k) };
};
const range = 65535;
const score = (v: Volume) => {
  const f = toFlux(v);
  return { psnr: psnr(actual, f, { dataRange: range }), ssim: ssim(actual, f, { dataRange: range }), nrmse: nrmse(actual, f) };
};

const backend = createSingleThreadCpuBackend();
const rows: string[] = [];
let rlRow: { psnr: number; seconds: number } | undefined;
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
  if (m.algorithm === "rl" && !m.boundary) rlRow = { psnr: s.psnr, seconds: best / 1000 };
  const extra = Object.entries(m).filter(([k]) => k !== "algorithm" && k !== "boundary").map(([k, v]) => `${k} ${v}`).join(", ");
  rows.push(`| ${m.algorithm}${extra ? ` (${extra})` : ""} | ${(m.boundary as string) ?? "periodic"} | ${direct ? "—" : m.algorithm === "blind-rl" ? "23+2" : ITER} | ${s.psnr.toFixed(2)} | ${s.ssim.toFixed(4)} | ${s.nrmse.toFixed(4)} | ${(best / 1000).toFixed(2)} |`);
  console.error(`done ${m.algorithm} ${(m.boundary as string) ?? ""}`);
}
await backend.dispose();

/** scikit-image's RL on the same files in this run: its result (scored here) and best-of-N seconds, or why not. */
async function scikitImageRl(): Promise<{ volume: Volume; seconds: number } | string> {
  const python = "/usr/bin/python3";
  const probe = spawnSync(python, ["-c", "import skimage, tifffile"], { encoding: "utf8" });
  if (probe.status !== 0) return `scikit-image or tifffile missing for ${python} (apt-get install -y python3-skimage python3-tifffile)`;
  const dir = mkdtempSync(path.join(os.tmpdir(), "refocus-bench-"));
  const out = path.join(dir, "skimage-rl.tif");
  const script = [
    "import sys, time, numpy as np, tifffile, skimage",
    "from skimage.restoration import richardson_lucy",
    "d, k = (tifffile.imread(f).astype(np.float32) for f in sys.argv[1:3])",
    "c = [n // 2 for n in k.shape]",
    "k = k[tuple(slice(ci - (n - 1) // 2, ci + (n - 1) // 2 + 1) for ci, n in zip(c, k.shape))]",
    "k = k / k.sum()",
    "best = 1e9",
    "for _ in range(int(sys.argv[4])):",
    "    t = time.perf_counter(); r = richardson_lucy(d, k, " + ITER + ", clip=False); best = min(best, time.perf_counter() - t)",
    "tifffile.imwrite(sys.argv[3], r.astype(np.float32))",
    "print(best, skimage.__version__)",
  ].join("\n");
  try {
    const r = spawnSync(python, ["-c", script, files[0], files[1], out, String(REPEATS)], { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1" } });
    if (r.status !== 0) return `scikit-image failed: ${r.stderr.trim().split("\n").pop()}`;
    const [seconds] = r.stdout.trim().split(/\s+/).map(Number);
    return { volume: await readTiffVolume(readFileSync(out)), seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const peer = await scikitImageRl();
let peerLine: string;
if (typeof peer === "string") peerLine = `!! peer not measured in this run: ${peer}`;
else {
  const s = score(peer.volume);
  rows.push(`| scikit-image richardson_lucy (peer) | zero (linear) | ${ITER} | ${s.psnr.toFixed(2)} | ${s.ssim.toFixed(4)} | ${s.nrmse.toFixed(4)} | ${peer.seconds.toFixed(2)} |`);
  const rl = rlRow as { psnr: number; seconds: number };
  peerLine = `Refocus RL (periodic) ÷ scikit-image richardson_lucy, same run: time ${(rl.seconds / peer.seconds).toFixed(2)}×, PSNR ${(rl.psnr - s.psnr >= 0 ? "+" : "")}${(rl.psnr - s.psnr).toFixed(2)} dB`;
}
console.log(`Hollow Bars 32×64×64, flux-matched to the ground truth; time = best of ${REPEATS}, one CPU thread (includes preprocessing)\n`);
console.log("| method | boundary | iterations | PSNR (dB) | SSIM | NRMSE | time (s) |");
console.log("|---|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
console.log(`\n${peerLine}`);
