#!/usr/bin/env node
// `npm run bench`: builds the engine when its dist/ is older than its sources, then runs every
// packages/engine/bench/*.bench.ts (through tsx) one after another. Benchmarks stay out of `npm test`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const engine = path.join(root, "packages/engine");

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const built = path.join(engine, "dist/node.js");
if (!existsSync(built) || statSync(built).mtimeMs < newest(path.join(engine, "src"))) {
  console.log("building @refocus/engine ...");
  const b = spawnSync("npm", ["run", "build", "-w", "@refocus/engine"], { cwd: root, stdio: "inherit" });
  // tsc still emits on type errors (e.g. someone's work in progress): go on if the entry was built
  if (b.status !== 0 && !existsSync(built)) process.exit(b.status ?? 1);
  if (b.status !== 0) console.log("!! the engine build reported type errors; benchmarking the JavaScript it emitted");
}

const only = process.argv.slice(2);
const benches = readdirSync(path.join(engine, "bench"))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const f of benches) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(engine, "bench", f)], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
