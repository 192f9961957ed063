/**
 * Serves the GPU browser harness without the platform: bundles ./harness.ts (and the engine's
 * sources it imports) for the browser with esbuild, and serves it, the PFFFT wasm the CPU backend
 * fetches next to it, and the two flowdec files from /work/shared/data, on a free local port.
 */
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../..");
export const sharedDataDir = path.resolve(repoRoot, "../shared/data");
const DATA_FILES = ["flowdec-bars-25pct-data.tif", "flowdec-bars-25pct-kernel.tif"];

export function sharedDataPresent(): boolean {
  return DATA_FILES.every((f) => existsSync(path.join(sharedDataDir, f)));
}

/** Chromium flags: WebGL2 on SwiftShader where no GPU is present. */
export const CHROMIUM_ARGS = ["--no-sandbox", "--enable-unsafe-swiftshader", "--use-angle=swiftshader", "--ignore-gpu-blocklist", "--enable-webgl"];

export async function startHarness(): Promise<{ url: string; close(): Promise<void> }> {
  const bundle = await build({
    entryPoints: [path.join(here, "harness.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    sourcemap: "inline",
    logLevel: "error",
    // the engine's Node paths (worker threads, optional headless-gl) are never reached in a page
    external: ["node:*", "module", "fs", "path", "url", "worker_threads", "gl"],
  });
  const js = bundle.outputFiles[0].contents;
  const wasm = await readFile(path.join(repoRoot, "node_modules/@echogarden/pffft-wasm/dist/simd/pffft.wasm"));
  const html = `<!doctype html><meta charset="utf-8"><title>Refocus GPU harness</title><script type="module" src="/harness.js"></script>`;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    try {
      if (url.pathname === "/") res.writeHead(200, { "content-type": "text/html" }).end(html);
      else if (url.pathname === "/harness.js") res.writeHead(200, { "content-type": "text/javascript" }).end(js);
      else if (url.pathname.endsWith("/pffft.wasm")) res.writeHead(200, { "content-type": "application/wasm" }).end(wasm);
      else if (url.pathname.startsWith("/data/") && DATA_FILES.includes(url.pathname.slice(6))) {
        res.writeHead(200, { "content-type": "image/tiff" }).end(await readFile(path.join(sharedDataDir, url.pathname.slice(6))));
      } else res.writeHead(404).end();
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((r) => server.close(() => r())) };
}
