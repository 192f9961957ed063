/**
 * Richardson-Lucy speed and memory against the peers, measured in the same run:
 * milliseconds per iteration (periodic boundaries, OTF precomputed) for Refocus's CPU backend on 1
 * thread and on all threads, scipy float32 FFT RL on all threads and on 1, and scikit-image's
 * richardson_lucy, on 2D 512×512 and 3D 64×256×256 — all on the data peer_bench.py makes; then
 * PSNR/SSIM on the flowdec Hollow Bars for RL (10 iterations) and Wiener.
 * Run through `npm run bench` (scripts/bench.mjs), which builds the engine first.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deconvolve } from "@refocus/engine/node";
import { psnr, ssim, readTiffVolume, type Volume } from "@refocus/engine";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const shared = path.resolve(root, "../shared");
const python = "/usr/bin/python3";
const peerScript = path.join(shared, "peers/peer_bench.py");
const allThreads = Math.max(1, typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length);

const cases = [
  { shape: "512x512", iters: 20 },
  { shape: "64x256x256", iters: 10 },
];

function peersAvailable(): string | undefined {
  if (!existsSync(peerScript)) return `peer script missing (${peerScript})`;
  const r = spawnSync(python, ["-c", "import numpy, scipy, skimage, tifffile"], { encoding: "utf8" });
  if (r.status !== 0) return `Python peers missing: ${python} cannot import numpy/scipy/skimage/tifffile (apt-get install -y --no-install-recommends python3-numpy python3-scipy python3-skimage python3-tifffile)`;
  return undefined;
}

interface Row { method: string; msPerIter?: number; maxRssMB?: number }

function runPeers(shape: string, iters: number, outdir: string): Row[] {
  const r = spawnSync(python, [peerScript, "--shape", shape, "--iters", String(iters), "--methods", "rl_scipy_f32_wall,rl_scipy_f32_w1,skimage_rl", "--repeats", "3", "--outdir", outdir, "--no-save"], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`peer_bench.py failed: ${r.stderr}`);
  return r.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { method: string; time_per_iter_s?: number })
    .filter((d) => d.time_per_iter_s !== undefined)
    .map((d) => ({ method: d.method, msPerIter: (d.time_per_iter_s as number) * 1000 }));
}

function runRefocus(shape: string, threads: number, iters: number, dataDir?: string): Row {
  const args = ["--expose-gc", path.join(here, "rl-child.mjs"), shape, String(threads), String(iters), ...(dataDir ? [dataDir] : [])];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", cwd: root, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`rl-child failed: ${r.stderr}`);
  const line = r.stdout.split("\n").find((l) => l.startsWith("{"));
  if (!line) throw new Error(`rl-child printed no result: ${r.stdout}`);
  return JSON.parse(line) as Row;
}

const pad = (s: string, n: number) => s.padEnd(n);
const missing = peersAvailable();
if (missing) console.log(`!! ${missing} — peers are NOT measured in this run; Refocus runs on synthetic data.`);

for (const c of cases) {
  const dims = c.shape.split("x").map(Number);
  const inputMB = (dims.reduce((a, b) => a * b, 1) * 4) / 2 ** 20;
  const dataDir = missing ? undefined : mkdtempSync(path.join(os.tmpdir(), `refocus-bench-${c.shape}-`));
  const peers = dataDir ? runPeers(c.shape, c.iters, dataDir) : [];
  const ours = [runRefocus(c.shape, 1, c.iters, dataDir), ...(allThreads > 1 ? [runRefocus(c.shape, allThreads, c.iters, dataDir)] : [])];
  const scipyAll = peers.find((p) => p.method === "rl_scipy_f32_wall")?.msPerIter;
  console.log(`\nRichardson-Lucy ${c.shape}, ${c.iters} iterations, periodic — ms per iteration (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)})`);
  console.log(`${pad("method", 34)} ${"ms/iter".padStart(9)} ${"÷ scipy all".padStart(12)} ${"peak RSS".padStart(10)}`);
  for (const row of [...ours, ...peers]) {
    const ratio = scipyAll && row.msPerIter ? (row.msPerIter / scipyAll).toFixed(2) : "-";
    const rss = row.maxRssMB !== undefined ? `${row.maxRssMB.toFixed(0)} MB` : "";
    console.log(`${pad(row.method, 34)} ${row.msPerIter!.toFixed(1).padStart(9)} ${ratio.padStart(12)} ${rss.padStart(10)}`);
  }
  const limit = 100 + 10 * inputMB;
  const peak = Math.max(...ours.map((o) => o.maxRssMB ?? 0));
  console.log(`memory: Refocus peak ${peak.toFixed(0)} MB, limit 100 MB + 10 × ${inputMB.toFixed(0)} MB input = ${limit.toFixed(0)} MB → ${peak <= limit ? "OK" : "OVER"}`);
}

// quality on the flowdec Hollow Bars
const bars = ["data", "kernel", "actual"].map((k) => path.join(shared, "data", `flowdec-bars-25pct-${k}.tif`));
if (bars.every((f) => existsSync(f))) {
  const [data, kernel, actual] = await Promise.all(bars.map((f) => readTiffVolume(readFileSync(f))));
  // the data are ~24× brighter than the ground truth: compare at equal total intensity
  const flux = (v: Volume): Volume => {
    let a = 0, b = 0;
    for (let i = 0; i < v.data.length; i++) { a += actual.data[i]; b += v.data[i]; }
    return { ...v, data: v.data.map((x) => (x * a) / b) };
  };
  console.log("\nflowdec Hollow Bars 25 % (32×64×64), scored against the ground truth at equal total intensity");
  const show = (name: string, v: Volume) => console.log(`${pad(name, 34)} PSNR ${psnr(actual, flux(v)).toFixed(2)} dB  SSIM ${ssim(actual, flux(v)).toFixed(3)}`);
  show("raw data", data);
  show("Richardson-Lucy, 10 iterations", (await deconvolve(data, kernel, { algorithm: "rl", iterations: 10 })).volume);
  show("Wiener, nsr 1e-3", (await deconvolve(data, kernel, { algorithm: "wiener", nsr: 1e-3 })).volume);
} else {
  console.log(`\nflowdec Hollow Bars not found under ${path.join(shared, "data")}: quality section skipped`);
}
