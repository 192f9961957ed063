/**
 * Asks the environment whether a real GPU answers, without loading gpu.js: in a browser (or a
 * worker) a WebGL2 context and its renderer string (WEBGL_debug_renderer_info); in Node, the
 * optional `gl` package (headless-gl, WebGL 1) and its renderer. A software rasteriser
 * (SwiftShader, llvmpipe, softpipe, Microsoft Basic Render, ...) counts as no GPU: it runs the
 * kernels, but slower than the engine's CPU backend.
 */

export interface GpuProbe {
  /** The gpu.js backend that can run here ("webgl2", "webgl", "headlessgl"), or none. */
  api: "webgl2" | "webgl" | "headlessgl" | null;
  /** Renderer string as the driver reports it ("" when no context could be made). */
  renderer: string;
  /** True when the renderer is a software rasteriser. */
  software: boolean;
  /** GL_MAX_TEXTURE_SIZE (0 when no context). */
  maxTextureSize: number;
  /** Why there is no usable context, when there is none. */
  reason?: string;
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen|lavapipe|subzero/i;

/** True for renderer strings of software rasterisers. */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERERS.test(renderer);
}

interface GlLike {
  getExtension(name: string): unknown;
  getParameter(p: number): unknown;
  RENDERER: number;
  MAX_TEXTURE_SIZE: number;
}

function describe(gl: GlLike): { renderer: string; maxTextureSize: number } {
  const ext = gl.getExtension("WEBGL_debug_renderer_info") as { UNMASKED_RENDERER_WEBGL: number } | null;
  const renderer = String((ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : undefined) ?? gl.getParameter(gl.RENDERER) ?? "");
  return { renderer, maxTextureSize: Number(gl.getParameter(gl.MAX_TEXTURE_SIZE)) || 0 };
}

function browserContext(): { gl: GlLike; api: "webgl2" | "webgl" } | undefined {
  let canvas: { getContext(kind: string): unknown } | undefined;
  if (typeof OffscreenCanvas !== "undefined") canvas = new OffscreenCanvas(1, 1) as unknown as { getContext(kind: string): unknown };
  else if (typeof document !== "undefined") canvas = document.createElement("canvas");
  if (!canvas) return undefined;
  const gl2 = canvas.getContext("webgl2") as GlLike | null;
  if (gl2) return { gl: gl2, api: "webgl2" };
  const gl1 = canvas.getContext("webgl") as GlLike | null;
  return gl1 ? { gl: gl1, api: "webgl" } : undefined;
}

let cached: Promise<GpuProbe> | undefined;

/** Probes once per process (or page) and caches the answer. */
export function probeGpu(): Promise<GpuProbe> {
  cached ??= probeUncached();
  return cached;
}

async function probeUncached(): Promise<GpuProbe> {
  const isBrowser = typeof OffscreenCanvas !== "undefined" || typeof document !== "undefined";
  if (isBrowser) {
    const c = browserContext();
    if (!c) return { api: null, renderer: "", software: false, maxTextureSize: 0, reason: "this browser gives no WebGL context" };
    const d = describe(c.gl);
    // browsers cap live WebGL contexts (~16 per page): give the probe's back at once
    (c.gl.getExtension("WEBGL_lose_context") as { loseContext(): void } | null)?.loseContext();
    return { api: c.api, ...d, software: isSoftwareRenderer(d.renderer) };
  }
  // Node: headless-gl is an optional native package (see the GPU worker set-up in the README)
  const name = "gl";
  let create: ((w: number, h: number) => GlLike | null) | undefined;
  try {
    const m = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ /* @vite-ignore */ name)) as { default?: unknown };
    const f = (typeof m.default === "function" ? m.default : m) as unknown;
    if (typeof f === "function") create = f as (w: number, h: number) => GlLike | null;
  } catch (e) {
    return { api: null, renderer: "", software: false, maxTextureSize: 0, reason: `headless-gl (the "gl" package) is not installed: ${(e as Error).message.split("\n")[0]}` };
  }
  const gl = create?.(1, 1) ?? null;
  if (!gl) return { api: null, renderer: "", software: false, maxTextureSize: 0, reason: "headless-gl could not create a context (no GPU, or no display: see EGL/Xvfb in the README)" };
  const d = describe(gl);
  (gl.getExtension("STACKGL_destroy_context") as { destroy(): void } | null)?.destroy();
  return { api: "headlessgl", ...d, software: isSoftwareRenderer(d.renderer) };
}
