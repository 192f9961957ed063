// Builds what the platform runs: the engine (tsc → dist) always (seconds), the web app when its
// sources changed since the last build.
import fs from "node:fs";
import path from "node:path";
import { npmBin, root, run } from "./platform.mjs";

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === ".next" || entry.name === "dist" || entry.name === "gql") continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export async function buildEngine() {
  await run(npmBin, ["run", "build", "-w", "@refocus/engine"]);
}

export async function buildWeb({ force = false } = {}) {
  const stamp = path.join(root, "apps/web/.next/BUILD_ID");
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(path.join(root, "apps/web")),
    newestMtime(path.join(root, "apps/api/src")), // the GraphQL schema the web app's types come from
    newestMtime(path.join(root, "packages/engine/src")),
  );
  if (!force && built > sources) {
    console.log("[build] web app is up to date");
    return;
  }
  await run(npmBin, ["run", "build", "-w", "@refocus/web"], { env: { NEXT_TELEMETRY_DISABLED: "1" } });
}
