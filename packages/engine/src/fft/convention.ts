/**
 * The engine's one FFT convention. Every transform in src/fft and every backend follows it.
 *
 * - Forward:  X[k] = Σ_n x[n] · exp(-2πi · k·n / N), unnormalised (numpy's "backward" norm).
 * - Inverse:  x[n] = (1/N) Σ_k X[k] · exp(+2πi · k·n / N); the 1/N (N = nz·ny·nx) is applied once,
 *   by the inverse real transform, so irfft(rfft(x)) = x.
 * - Real-to-complex ("half spectrum") layout, like numpy.fft.rfftn: a volume of shape [nz, ny, nx]
 *   gives nz·ny·(nx/2+1) complex numbers, interleaved (re, im) in a Float32Array, index
 *   ((kz·ny + ky)·nxh + kx)·2, nxh = floor(nx/2)+1. kz and ky run over 0..n-1 (negative frequencies
 *   after n/2, as numpy); only kx is halved.
 * - PSF centre: a PSF given as an image sits with its centre at voxel (floor(nz/2), floor(ny/2),
 *   floor(nx/2)) of its box. The OTF is the forward transform of the PSF after it has been padded
 *   (centred) to the working shape and ifftshift-ed, so that the centre lands on voxel (0, 0, 0).
 *   Then multiplying a spectrum by the OTF is a circular convolution that does not move the image.
 */

/** Number of complex bins along x in the half spectrum. */
export function halfLength(nx: number): number {
  return Math.floor(nx / 2) + 1;
}

/** Length in floats (re, im interleaved) of the half spectrum of a [nz, ny, nx] volume. */
export function spectrumFloats(shape: readonly [number, number, number]): number {
  return shape[0] * shape[1] * halfLength(shape[2]) * 2;
}
