/**
 * The gpu.js backend: the engine's operations as gpu.js kernels (./kernel-sources.ts) over
 * textures that stay on the GPU (./gpu-session.ts).
 *
 * Modes (ZGpuBackendOptions.mode):
 * - "gpu" (default): the GL backend this environment has — WebGL2 (or WebGL) in a browser,
 *   headless-gl in Node — and gpu.js's own `cpu` mode (the same kernels run as JavaScript, slowly)
 *   where none answers. This is how machines without a GPU check the kernels.
 * - "webgl2", "headlessgl": that gpu.js backend or an error.
 * - "cpu": gpu.js's `cpu` mode.
 * With `requireHardware`, creation fails (EngineError "BACKEND_UNAVAILABLE") unless a GPU that is
 * not a software rasteriser answers: the rule `backend: "auto"` uses (src/backend/select.ts).
 *
 * The backend records which gpu.js mode ran and the renderer string, for provenance.
 * gpu.js is imported lazily, on the first backend created, so the engine's other users never load it.
 */
import { z } from "zod";
import type { GPU } from "gpu.js";
import { EngineError } from "../../errors.js";
import type { Shape3 } from "../../volume.js";
import type { Backend, BackendSession } from "../types.js";
import { GpuSession, type GpuJsModule } from "./gpu-session.js";
import { planFft } from "./fft-plan.js";
import { probeGpu, type GpuProbe } from "./probe.js";

export const ZGpuMode = z
  .enum(["gpu", "webgl2", "headlessgl", "cpu"])
  .default("gpu")
  .describe('gpu.js backend: "gpu" = the GPU this environment has, else gpu.js cpu mode; "webgl2"/"headlessgl" = that one or an error; "cpu" = gpu.js cpu mode (kernel checks).');

export const ZGpuBackendOptions = z.object({
  mode: ZGpuMode,
  requireHardware: z.boolean().default(false).describe("Refuse to start unless a hardware (not software-rendered) GPU answers."),
});
export type TGpuBackendOptions = z.infer<typeof ZGpuBackendOptions>;
export type TGpuBackendOptionsInput = z.input<typeof ZGpuBackendOptions>;

/** A Backend with what provenance records about the GPU. */
export interface GpuBackend extends Backend {
  readonly name: "gpu";
  /** The gpu.js mode that runs the kernels: "webgl2", "webgl", "headlessgl" or "cpu". */
  readonly mode: string;
  /** The GL renderer string, or "JavaScript (gpu.js cpu mode)". */
  readonly renderer: string;
}

let gpuJs: Promise<GpuJsModule> | undefined;

/** Loads gpu.js once (CommonJS in Node, UMD in browser bundles: its exports may sit on `default`). */
export function loadGpuJs(): Promise<GpuJsModule> {
  gpuJs ??= import("gpu.js").then((m) => {
    const ns = m as unknown as Partial<GpuJsModule> & { default?: Partial<GpuJsModule> };
    const lib = ns.GPU ? ns : ns.default;
    if (!lib?.GPU || !lib.input) throw new EngineError("BACKEND_UNAVAILABLE", "gpu.js did not load (no GPU export)");
    return lib as GpuJsModule;
  });
  return gpuJs;
}

function chooseMode(o: TGpuBackendOptions, probe: GpuProbe): "webgl2" | "webgl" | "headlessgl" | "cpu" {
  if (o.requireHardware) {
    if (!probe.api) throw new EngineError("BACKEND_UNAVAILABLE", `No GPU answers: ${probe.reason ?? "no WebGL context"}`);
    if (probe.software) throw new EngineError("BACKEND_UNAVAILABLE", `Only a software renderer answers (${probe.renderer}); the CPU backend is faster.`);
  }
  if (o.mode === "cpu") return "cpu";
  if (o.mode === "webgl2" || o.mode === "headlessgl") {
    if (probe.api !== o.mode) throw new EngineError("BACKEND_UNAVAILABLE", `gpu.js mode "${o.mode}" is not available here${probe.reason ? `: ${probe.reason}` : ` (found ${probe.api ?? "no GL"})`}.`);
    return o.mode;
  }
  return probe.api ?? "cpu";
}

/**
 * Creates the gpu.js backend.
 * @param options mode (default "gpu") and requireHardware (default false); see ZGpuBackendOptions
 * @returns a Backend whose sessions run gpu.js kernels; `mode` and `renderer` say where
 * @throws EngineError "BACKEND_UNAVAILABLE" when the asked-for mode cannot run here
 */
export async function createGpuBackend(options: TGpuBackendOptionsInput = {}): Promise<GpuBackend> {
  const o = ZGpuBackendOptions.parse(options);
  const probe: GpuProbe = o.mode === "cpu" && !o.requireHardware ? { api: null, renderer: "", software: false, maxTextureSize: 0 } : await probeGpu();
  const mode = chooseMode(o, probe);
  const lib = await loadGpuJs();
  let gpu: GPU;
  try {
    gpu = new lib.GPU({ mode });
  } catch (e) {
    throw new EngineError("BACKEND_UNAVAILABLE", `gpu.js could not start in mode "${mode}": ${(e as Error).message}`, { cause: e });
  }
  const renderer = mode === "cpu" ? "JavaScript (gpu.js cpu mode)" : probe.renderer;
  const maxTex = mode === "cpu" ? Infinity : probe.maxTextureSize || 4096;
  const sessions = new Set<GpuSession>();
  /** Why this GPU cannot hold or transform a working volume of `shape` (undefined: it can). */
  const unsupported = (shape: Shape3): string | undefined => {
    // gpu.js keeps a 3D output in one square-ish 2D texture: side ⌈√N⌉ must fit the GPU's limit
    const side = Math.ceil(Math.sqrt(shape[0] * shape[1] * shape[2]));
    if (side > maxTex) return `A ${shape.join("×")} volume needs ${side}×${side} textures; this GPU allows ${maxTex}×${maxTex}. Use a smaller region or the CPU backend.`;
    try {
      planFft(shape);
    } catch (e) {
      return (e as Error).message;
    }
    return undefined;
  };
  return {
    name: "gpu",
    threads: 1,
    mode,
    renderer,
    unsupported,
    async createSession(shape: Shape3): Promise<BackendSession> {
      const why = unsupported(shape);
      if (why) throw new EngineError("GPU_SIZE_UNSUPPORTED", why);
      const s = new GpuSession(gpu, lib, shape);
      sessions.add(s);
      const dispose = s.dispose.bind(s);
      s.dispose = async () => {
        sessions.delete(s);
        await dispose();
      };
      return s;
    },
    async dispose() {
      for (const s of [...sessions]) await s.dispose();
      await gpu.destroy();
    },
  };
}
