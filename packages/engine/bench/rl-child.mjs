/**
 * One Refocus Richardson-Lucy timing in its own process (so its peak resident memory is its own),
 * plain JS on the built engine (no TypeScript loader inflating the memory):
 *   node rl-child.mjs SHAPE THREADS ITERS [DATA_DIR]
 * DATA_DIR holds peer_bench.py's blurred.raw and psf.raw (float32, C order); without it a seeded
 * synthetic image is made here. Prints one JSON line.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createCpuBackend, deconvolve } from "@refocus/engine/node";

const [shapeArg, threadsArg, itersArg, dataDir] = process.argv.slice(2);
const dims = shapeArg.split("x").map(Number);
const shape = dims.length === 2 ? [1, dims[0], dims[1]] : dims;
const n = shape[0] * shape[1] * shape[2];
const threads = Number(threadsArg);
const iterations = Number(itersArg);

function load(name) {
  const b = readFileSync(path.join(dataDir, name));
  // large files get their own, aligned ArrayBuffer: view it instead of copying
  return b.byteOffset % 4 === 0 ? new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4) : new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

let image;
let psf;
if (dataDir) {
  image = load("blurred.raw");
  psf = load("psf.raw");
} else {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  image = new Float32Array(n).map(() => 10 + 100 * rnd());
  psf = new Float32Array(n);
  const c = [Math.floor(shape[0] / 2), Math.floor(shape[1] / 2), Math.floor(shape[2] / 2)];
  for (let z = 0; z < shape[0]; z++) for (let y = 0; y < shape[1]; y++) for (let x = 0; x < shape[2]; x++)
    psf[(z * shape[1] + y) * shape[2] + x] = Math.exp(-0.5 * (((z - c[0]) / 4) ** 2 + ((y - c[1]) / 2) ** 2 + ((x - c[2]) / 2) ** 2));
}
if (image.length !== n || psf.length !== n) throw new Error(`data do not match shape ${shapeArg}`);

const backend = createCpuBackend({ threads });
const params = { algorithm: "rl", iterations, boundary: "periodic", psfCentering: "none" };
let best = Infinity;
let total = Infinity;
for (let rep = 0; rep < 3; rep++) {
  // collect the previous repeat's buffers first, so the peak RSS is that of one run (bench passes --expose-gc)
  globalThis.gc?.();
  const intervals = [];
  let last = 0;
  const r = await deconvolve({ data: image, shape }, { data: psf, shape }, params, {
    backend,
    onProgress: (p) => {
      intervals.push(p.elapsedMs - last);
      last = p.elapsedMs;
    },
  });
  // the first iteration also reorders the OTF and transforms the estimate once: time the steady state
  const steady = intervals.length > 2 ? intervals.slice(1) : intervals;
  best = Math.min(best, steady.reduce((a, b) => a + b, 0) / steady.length);
  total = Math.min(total, r.provenance.timings.totalMs);
}
await backend.dispose();
const maxRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ method: `refocus_cpu_t${threads}`, shape, threads, iters: iterations, msPerIter: best, totalMs: total, maxRssMB }));
