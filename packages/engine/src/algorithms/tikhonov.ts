/**
 * Tikhonov-regularised inverse filter (constrained least squares).
 *
 * Forward model y = h ∗ x + n. Minimises ‖h ∗ x − y‖² + λ‖l ∗ x‖², whose solution is
 * X̂ = Y·conj(H) / (|H|² + λ|L|²). Regulariser l:
 * - "laplacian": the discrete Laplacian (3-, 5- or 7-point stencil over the axes longer than 1),
 *   |L(k)|² = (Σ_axes 2cos(2πk_a/n_a) − 2)²; it penalises roughness and leaves the mean
 *   (k = 0) unregularised.
 * - "identity": l = δ, |L|² = 1 (penalises energy; equals Wiener with nsr = λ).
 *
 * Parameters: lambda ≥ 0 (dimensionless, default 0.01), regularizer (default "laplacian").
 * Returns the estimate in the working shape.
 *
 * Reference: A. N. Tikhonov, V. Y. Arsenin, "Solutions of Ill-Posed Problems", Winston (1977);
 * B. R. Hunt, "The application of constrained least squares estimation to image restoration by
 * digital computer", IEEE Trans. Computers C-22(9), 805–812 (1973). DOI 10.1109/TC.1973.5009169
 */
import type { Shape3 } from "../volume.js";
import { halfLength } from "../fft/convention.js";
import type { AlgorithmContext, AlgorithmResult } from "./context.js";

/** |L(k)|² of the discrete Laplacian on the half spectrum of `shape` (real parts; imaginary 0). */
export function laplacianPowerSpectrum(shape: Shape3): Float32Array {
  const [nz, ny, nx] = shape;
  const nxh = halfLength(nx);
  const term = (k: number, n: number) => (n > 1 ? 2 * Math.cos((2 * Math.PI * k) / n) - 2 : 0);
  const out = new Float32Array(nz * ny * nxh * 2);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nxh; x++) {
        const l = term(z, nz) + term(y, ny) + term(x, nx);
        out[((z * ny + y) * nxh + x) * 2] = l * l;
      }
  return out;
}

export async function tikhonovFilter(ctx: AlgorithmContext, params: { lambda: number; regularizer: "laplacian" | "identity" }): Promise<AlgorithmResult> {
  const { session } = ctx;
  const spec = await session.createSpectrum();
  await session.rfft(ctx.observed, spec);
  if (params.regularizer === "identity") {
    await session.divideSpectrum(spec, ctx.otf, { lambda: params.lambda, floor: Number.MIN_VALUE });
  } else {
    const weights = await session.createSpectrum();
    await session.writeSpectrum(weights, laplacianPowerSpectrum(session.shape));
    await session.divideSpectrum(spec, ctx.otf, { lambda: params.lambda, weights, floor: Number.MIN_VALUE });
  }
  const estimate = await session.createReal();
  await session.irfft(spec, estimate);
  return { estimate, iterations: 0 };
}
