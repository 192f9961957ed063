/**
 * Every algorithm the engine offers, read from ZDeconvolutionParams so that algorithms added later
 * are compared on the GPU backend without touching the tests: iterative ones (a schema with an
 * `iterations` field) run `iterations` iterations — blind ones, whose every outer iteration runs
 * inner object and PSF iterations (`objectIterations`, default 200), at most 2 outer × 5 object
 * iterations — the others their defaults. Shared by the unit
 * tests and the browser harness (tests/gpu-harness).
 */
import { ZDeconvolutionParams } from "../../../src/params/deconvolution-params.js";

export interface AlgorithmCase {
  algorithm: string;
  params: Record<string, unknown>;
}

interface ObjectLike {
  shape: Record<string, unknown>;
}

export function algorithmCases(iterations: number): AlgorithmCase[] {
  const options = (ZDeconvolutionParams as unknown as { options: ObjectLike[] }).options;
  return options.map((o) => {
    const lit = o.shape.algorithm as { value?: string; values?: Set<string> | string[] };
    const algorithm = lit.value ?? [...(lit.values ?? [])][0];
    if (typeof algorithm !== "string") throw new Error("cannot read the algorithm name from ZDeconvolutionParams");
    const params: Record<string, unknown> = { algorithm };
    const inner = "objectIterations" in o.shape;
    if ("iterations" in o.shape) params.iterations = inner ? Math.min(iterations, 2) : iterations;
    if (inner) params.objectIterations = 5;
    return { algorithm, params };
  });
}

/** ‖a − b‖ / ‖b‖ in float64. */
export function relativeL2(a: Float32Array, b: Float32Array): number {
  let d = 0, n = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += b[i] ** 2;
  }
  return Math.sqrt(d / n);
}
