import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Screenshots are kept under tests/output/screenshots for people to look at. */
export const screenshotDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../output/screenshots");
fs.mkdirSync(screenshotDir, { recursive: true });

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}@lab.test`;
}
