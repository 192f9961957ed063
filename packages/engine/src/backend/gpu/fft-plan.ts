/**
 * How the GPU backend transforms each axis, and the twiddle tables it uploads.
 *
 * - Length a power of two: log2(n) radix-2 Stockham passes (kernel STOCKHAM_PASS), O(n log n).
 * - Any other length up to MAX_DIRECT_DFT_LENGTH: one direct DFT pass (kernel DFT_PASS), O(n²) —
 *   exact for every size, slower; the working shape of a periodic run is the image's own size, so
 *   this keeps every image runnable. Longer non-power-of-two axes are refused (EngineError
 *   "GPU_SIZE_UNSUPPORTED"); pad the image (boundary "mirror"/"zero" pads to fast sizes) or use the
 *   CPU backend.
 * - Length 1: nothing to do.
 *
 * Twiddles exp(−2πi·t/n) are computed on the host in float64 and uploaded as float32 (GPU sin/cos,
 * e.g. SwiftShader's, err by ~1e-4). The three axes' tables are concatenated into one table so
 * every kernel sees textures of one fixed size.
 */
import { EngineError } from "../../errors.js";
import type { Shape3 } from "../../volume.js";

/** Longest non-power-of-two axis transformed by a direct DFT (also the kernels' loop limit). */
export const MAX_DIRECT_DFT_LENGTH = 4096;

export interface AxisPlan {
  n: number;
  kind: "none" | "stockham" | "dft";
  /** Offset of this axis's table in the concatenated twiddle table. */
  twOff: number;
  /** Half-sizes p of the Stockham passes, in order. */
  passes: number[];
}

export interface FftPlan {
  /** Plans for x, y, z. */
  axes: [AxisPlan, AxisPlan, AxisPlan];
  twiddleRe: Float32Array;
  twiddleIm: Float32Array;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

/**
 * @param shape working shape [nz, ny, nx]
 * @throws EngineError "GPU_SIZE_UNSUPPORTED" for a non-power-of-two axis longer than MAX_DIRECT_DFT_LENGTH
 */
export function planFft(shape: Shape3): FftPlan {
  const lengths = [shape[2], shape[1], shape[0]];
  const names = ["x", "y", "z"];
  let total = 0;
  const axes = lengths.map((n, a): AxisPlan => {
    if (n === 1) return { n, kind: "none", twOff: 0, passes: [] };
    if (isPowerOfTwo(n)) {
      const passes: number[] = [];
      for (let p = 1; p < n; p *= 2) passes.push(p);
      const plan: AxisPlan = { n, kind: "stockham", twOff: total, passes };
      total += n / 2;
      return plan;
    }
    if (n > MAX_DIRECT_DFT_LENGTH) {
      throw new EngineError(
        "GPU_SIZE_UNSUPPORTED",
        `The GPU backend transforms ${names[a]} lengths that are powers of two, or any length up to ${MAX_DIRECT_DFT_LENGTH}; ${n} is neither. Pad the image (boundary "mirror" or "zero") or use the CPU backend.`,
      );
    }
    const plan: AxisPlan = { n, kind: "dft", twOff: total, passes: [] };
    total += n;
    return plan;
  }) as [AxisPlan, AxisPlan, AxisPlan];
  const twiddleRe = new Float32Array(Math.max(total, 1));
  const twiddleIm = new Float32Array(Math.max(total, 1));
  for (const ax of axes) {
    const count = ax.kind === "stockham" ? ax.n / 2 : ax.kind === "dft" ? ax.n : 0;
    for (let t = 0; t < count; t++) {
      const phi = (-2 * Math.PI * t) / ax.n;
      twiddleRe[ax.twOff + t] = Math.cos(phi);
      twiddleIm[ax.twOff + t] = Math.sin(phi);
    }
  }
  return { axes, twiddleRe, twiddleIm };
}
