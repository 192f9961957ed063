/** Locates /work/shared/data (the project's real test files) as `<repo root>/../shared/data`. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readTiffVolume } from "../../src/io/read-tiff.js";
import type { Volume } from "../../src/volume.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
export const sharedDataDir = path.resolve(repoRoot, "../shared/data");

export function sharedFile(name: string): string | undefined {
  const p = path.join(sharedDataDir, name);
  return existsSync(p) ? p : undefined;
}

export async function readSharedVolume(name: string): Promise<Volume> {
  const p = sharedFile(name);
  if (!p) throw new Error(`missing ${name} in ${sharedDataDir}`);
  return readTiffVolume(readFileSync(p));
}
