/**
 * Runs the system Python (Debian packages numpy, scipy, scikit-image, tifffile) as an independent
 * reference. Tests that need it skip with a message when a module is missing.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PYTHON = process.env.REFOCUS_PYTHON ?? "/usr/bin/python3";

/** Why Python cannot be used for these modules, or undefined when it can. */
export function pythonMissing(modules: string[]): string | undefined {
  const r = spawnSync(PYTHON, ["-c", modules.map((m) => `import ${m}`).join("; ")], { encoding: "utf8" });
  if (r.status === 0) return undefined;
  return `${PYTHON} with ${modules.join(", ")} is not available (${(r.stderr || String(r.error ?? "")).trim().split("\n").pop()}); ` +
    "install with: apt-get install -y --no-install-recommends python3-numpy python3-scipy python3-skimage python3-tifffile";
}

/** Runs a Python script with arguments; returns stdout, throws with stderr on failure. */
export function runPython(script: string, args: string[] = []): string {
  const r = spawnSync(PYTHON, ["-c", script, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The shared real-data folder (../shared/data from the repository root), per MANIFEST.md. */
export const SHARED_DATA = path.resolve(fileURLToPath(new URL("../../../../", import.meta.url)), "../shared/data");
