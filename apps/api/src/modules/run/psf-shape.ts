/**
 * Size of a Gaussian PSF for an image: ±4 sigma (odd, centred), never larger than the image, and a
 * single plane for 2D images.
 */
export function gaussianPsfShape(image: [number, number, number], sigmaXY: number, sigmaZ: number): [number, number, number] {
  const extent = (sigma: number, limit: number) => {
    const n = 2 * Math.ceil(4 * sigma) + 1;
    return Math.max(1, Math.min(n, limit % 2 === 1 ? limit : limit - 1));
  };
  return [image[0] === 1 ? 1 : extent(sigmaZ, image[0]), extent(sigmaXY, image[1]), extent(sigmaXY, image[2])];
}
