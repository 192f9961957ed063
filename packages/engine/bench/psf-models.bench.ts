/**
 * Time to generate each theoretical PSF model at 64×128×128 (Z×Y×X), default 3×3×3 pixel
 * integration, NA 1.4 oil, 610 nm emission, 100 nm pixels, 250 nm steps. Best of N runs (the
 * machine is shared, so the minimum is the least noisy estimate). Run: `npx tsx bench/psf-models.bench.ts`
 * from packages/engine, or through the root `npm run bench`.
 */
import { performance } from "node:perf_hooks";
import { gaussianPsfFromOptics } from "../src/psf/gaussian.js";
import { bornWolfPsf } from "../src/psf/born-wolf.js";
import { gibsonLanniPsf } from "../src/psf/gibson-lanni.js";
import { confocalPsf } from "../src/psf/confocal.js";
import { twoPhotonPsf } from "../src/psf/two-photon.js";
import { lightSheetPsf } from "../src/psf/light-sheet.js";
import type { Volume } from "../src/volume.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const shape: [number, number, number] = [64, 128, 128];
const optics = { shape, na: 1.4, wavelengthNm: 610, ni: 1.518, pixelNm: 100, zStepNm: 250 };

const models: [string, () => Volume][] = [
  ["gaussian", () => gaussianPsfFromOptics(optics)],
  ["born-wolf", () => bornWolfPsf(optics)],
  ["gibson-lanni", () => gibsonLanniPsf(optics)],
  ["confocal (1 AU)", () => confocalPsf({ ...optics, excitationWavelengthNm: 488, pinholeAu: 1 })],
  ["two-photon", () => twoPhotonPsf({ ...optics, excitationWavelengthNm: 920 })],
  ["light-sheet", () => lightSheetPsf({ ...optics, sheetFwhmNm: 1500 })],
];

const rows: string[] = [];
for (const [name, make] of models) {
  let best = Infinity;
  let sum = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const v = make();
    best = Math.min(best, performance.now() - t0);
    sum = v.data.reduce((a, b) => a + b, 0);
  }
  rows.push(`| ${name.padEnd(16)} | ${best.toFixed(0).padStart(8)} | ${sum.toFixed(6)} |`);
}
console.log(`PSF models at ${shape.join("×")} (Z×Y×X), oversampling 3, best of ${RUNS}, Node ${process.version}`);
console.log("| model            |  best ms | sum      |");
console.log("|------------------|----------|----------|");
for (const r of rows) console.log(r);
