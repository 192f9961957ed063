/**
 * Dense least squares by Householder QR, for the small, possibly ill-conditioned fits of the PSF
 * models (Bessel-series pupil fits). Internal helper.
 *
 * Solves min ‖A c − b‖² + μ‖c‖² for several right-hand sides by factoring the augmented matrix
 * [A; √μ I] once. The ridge term μ keeps over-complete bases (where numpy's SVD-based lstsq would
 * cut small singular values) from producing huge, cancelling coefficients.
 */
export class RidgeLeastSquares {
  private readonly m: number;
  private readonly n: number;
  /** Householder vectors below the diagonal and R on and above it, column-major, (m + n) × n. */
  private readonly qr: Float64Array;
  private readonly rdiag: Float64Array;
  private readonly betas: Float64Array;

  /** @param a row-major m × n matrix; @param ridge √μ relative to the largest column norm of A. */
  constructor(a: Float64Array, m: number, n: number, ridge: number) {
    const rows = m + n;
    this.m = m;
    this.n = n;
    const q = new Float64Array(rows * n);
    let maxNorm = 0;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) {
        const v = a[i * n + j];
        q[j * rows + i] = v;
        s += v * v;
      }
      maxNorm = Math.max(maxNorm, Math.sqrt(s));
    }
    const lam = ridge * maxNorm;
    for (let j = 0; j < n; j++) q[j * rows + m + j] = lam;
    this.rdiag = new Float64Array(n);
    this.betas = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const col = k * rows;
      let norm = 0;
      for (let i = k; i < rows; i++) norm += q[col + i] * q[col + i];
      norm = Math.sqrt(norm);
      const alpha = q[col + k] > 0 ? -norm : norm;
      // v = x − alpha e_k stored in place; beta = 2 / (vᵀv)
      q[col + k] -= alpha;
      let vtv = 0;
      for (let i = k; i < rows; i++) vtv += q[col + i] * q[col + i];
      const beta = vtv > 0 ? 2 / vtv : 0;
      this.betas[k] = beta;
      this.rdiag[k] = alpha;
      for (let j = k + 1; j < n; j++) {
        const cj = j * rows;
        let dot = 0;
        for (let i = k; i < rows; i++) dot += q[col + i] * q[cj + i];
        dot *= beta;
        for (let i = k; i < rows; i++) q[cj + i] -= dot * q[col + i];
      }
    }
    this.qr = q;
  }

  /** Coefficients c (length n) for one right-hand side b (length m). */
  solve(b: Float64Array): Float64Array {
    const { m, n, qr } = this;
    const rows = m + n;
    const y = new Float64Array(rows);
    y.set(b.subarray(0, m));
    for (let k = 0; k < n; k++) {
      const col = k * rows;
      let dot = 0;
      for (let i = k; i < rows; i++) dot += qr[col + i] * y[i];
      dot *= this.betas[k];
      for (let i = k; i < rows; i++) y[i] -= dot * qr[col + i];
    }
    const c = new Float64Array(n);
    for (let k = n - 1; k >= 0; k--) {
      let s = y[k];
      for (let j = k + 1; j < n; j++) s -= qr[j * rows + k] * c[j];
      c[k] = s / this.rdiag[k];
    }
    return c;
  }
}
