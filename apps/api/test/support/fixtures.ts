/** Small test volumes written as real TIFFs by the engine. */
import { createVolume, writeTiff, type Volume } from "@refocus/engine";

/** A few Gaussian-blurred bright beads on a dim background: something deconvolution visibly sharpens. */
export function beadsVolume(shape: [number, number, number] = [8, 32, 32]): Volume {
  const [nz, ny, nx] = shape;
  const data = new Float32Array(nz * ny * nx);
  const beads = [[nz / 2, ny / 3, nx / 3], [nz / 2, (2 * ny) / 3, nx / 2], [nz / 3, ny / 2, (3 * nx) / 4]];
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        let v = 10;
        for (const [bz, by, bx] of beads) v += 1000 * Math.exp(-(((x - bx) ** 2 + (y - by) ** 2) / (2 * 2 ** 2) + (z - bz) ** 2 / (2 * 1.5 ** 2)));
        data[(z * ny + y) * nx + x] = v;
      }
  return createVolume(data, shape, { z: 0.3, y: 0.1, x: 0.1, unit: "µm" });
}

export function beadsTiff(shape?: [number, number, number]): Uint8Array {
  return writeTiff(beadsVolume(shape), { sampleType: "uint16" });
}
