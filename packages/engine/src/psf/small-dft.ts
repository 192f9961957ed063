/**
 * Separable 3D discrete Fourier transform by direct summation along each axis, in float64, for
 * the small boxes of the PSF tools (bead-size correction of a distilled PSF: ~30×30×30). Cost
 * O(N·(nz + ny + nx)); synchronous and exact for any size, so no padding to FFT-friendly sizes.
 * For large volumes use the engine's FFT (src/fft). Internal helper.
 *
 * Convention: X[k] = Σ_n x[n] e^{−2πi kn/N} forward, inverse divides by N; index 0 is the origin.
 */

function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / n);
    sin[i] = Math.sin((2 * Math.PI * i) / n);
  }
  return { cos, sin };
}

/** In-place DFT of re/im (Z, Y, X order, x fastest); `inverse` applies e^{+…} and 1/N. */
export function dft3d(re: Float64Array, im: Float64Array, shape: readonly [number, number, number], inverse = false): void {
  const [nz, ny, nx] = shape;
  const strides = [ny * nx, nx, 1];
  for (let axis = 0; axis < 3; axis++) {
    const n = shape[axis];
    if (n === 1) continue;
    const { cos, sin } = twiddles(n);
    const sgn = inverse ? 1 : -1;
    const stride = strides[axis];
    const lr = new Float64Array(n);
    const li = new Float64Array(n);
    const total = nz * ny * nx;
    for (let start = 0; start < total; start++) {
      // visit each line once: its first element has index 0 along `axis`
      if (Math.floor(start / stride) % n !== 0) continue;
      for (let i = 0; i < n; i++) {
        lr[i] = re[start + i * stride];
        li[i] = im[start + i * stride];
      }
      for (let k = 0; k < n; k++) {
        let sr = 0;
        let si = 0;
        for (let j = 0, idx = 0; j < n; j++, idx = (idx + k) % n) {
          const c = cos[idx];
          const s = sgn * sin[idx];
          sr += lr[j] * c - li[j] * s;
          si += lr[j] * s + li[j] * c;
        }
        re[start + k * stride] = inverse ? sr / n : sr;
        im[start + k * stride] = inverse ? si / n : si;
      }
    }
  }
}

/** Circularly moves voxel (cz, cy, cx) to index 0 (the DFT's origin), returning a new array. */
export function rollToOrigin(v: ArrayLike<number>, shape: readonly [number, number, number], centre: readonly [number, number, number]): Float64Array {
  const [nz, ny, nx] = shape;
  const out = new Float64Array(nz * ny * nx);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const tz = (z - centre[0] + nz) % nz;
    const ty = (y - centre[1] + ny) % ny;
    const tx = (x - centre[2] + nx) % nx;
    out[(tz * ny + ty) * nx + tx] = v[(z * ny + y) * nx + x];
  }
  return out;
}
