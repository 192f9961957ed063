/**
 * The loop every catalogue method runs in: the stopping rules (maximum iterations, relative-change
 * tolerance, time limit; the first met stops it), the per-iteration progress record and
 * cancellation. Methods supply one step; this file owns nothing numerical.
 */
import type { RealBuffer } from "../backend/types.js";
import type { AlgorithmContext } from "./context.js";
import { throwIfAborted, yieldToEventLoop } from "./abort.js";

/** What the catalogue methods receive: the core context, plus the non-circulant mode's mask. */
export interface CatalogueContext extends AlgorithmContext {
  /** Non-circulant boundary: 1 on the observed voxels, 0 on the margin (y is 0 there too). */
  mask?: RealBuffer;
}

export interface StoppingRule {
  iterations: number;
  tolerance?: number;
  timeLimitSeconds?: number;
}

/** One step's bookkeeping: Σ(x_k+1 − x_k)², Σ x_k², and the objective of the estimate entering it. */
export interface StepSums {
  changeSq: number;
  normSq: number;
  objective: number;
}

/**
 * Runs `step(k)` for k = 1, 2, ... until a stopping rule is met, reporting progress after each.
 * Throws EngineError "ABORTED" when ctx.signal fires (checked before every step and at the end).
 */
export async function iterate(ctx: AlgorithmContext, stop: StoppingRule, step: (k: number) => Promise<StepSums>): Promise<{ iterations: number; lastObjective?: number }> {
  const t0 = performance.now();
  let done = 0;
  let lastObjective: number | undefined;
  for (let k = 1; k <= stop.iterations; k++) {
    throwIfAborted(ctx.signal);
    const s = await step(k);
    done = k;
    lastObjective = s.objective;
    const relativeChange = s.normSq > 0 ? Math.sqrt(s.changeSq / s.normSq) : 0;
    const elapsedMs = performance.now() - t0;
    ctx.onProgress?.({ iteration: k, iterations: stop.iterations, relativeChange, objective: s.objective, elapsedMs });
    if (stop.tolerance !== undefined && relativeChange < stop.tolerance) break;
    if (stop.timeLimitSeconds !== undefined && elapsedMs >= stop.timeLimitSeconds * 1000) break;
    if (k < stop.iterations) await yieldToEventLoop();
  }
  throwIfAborted(ctx.signal);
  return { iterations: done, lastObjective };
}
