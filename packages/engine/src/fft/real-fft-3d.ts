/**
 * Single-threaded 3D real transforms of whole arrays, for one-off work (the OTF, the linear filters
 * in tests) and as the definition the multi-threaded backend must reproduce bit for bit.
 * Convention (layout, normalisation): convention.ts.
 */
import type { Shape3 } from "../volume.js";
import { spectrumFloats } from "./convention.js";
import { createPassWorkspace, xForwardRows, xInverseRows, yzBlock, type PassWorkspace } from "./passes.js";

/** Forward real-to-complex transform of `data` (shape [nz, ny, nx]); returns the half spectrum. */
export async function rfftn(data: Float32Array, shape: Shape3, ws?: PassWorkspace): Promise<Float32Array> {
  const w = ws ?? (await createPassWorkspace(shape));
  try {
    const spec = new Float32Array(spectrumFloats(shape));
    xForwardRows(w, data, spec, 0, shape[0] * shape[1]);
    for (let b = 0; b < w.blocks; b++) yzBlock(w, spec, b, { kind: "forward" });
    return spec;
  } finally {
    if (!ws) w.ctx.dispose();
  }
}

/** Inverse complex-to-real transform (normalised by 1/N); `spec` is left unchanged. */
export async function irfftn(spec: Float32Array, shape: Shape3, ws?: PassWorkspace): Promise<Float32Array> {
  const w = ws ?? (await createPassWorkspace(shape));
  try {
    const tmp = spec.slice();
    for (let b = 0; b < w.blocks; b++) yzBlock(w, tmp, b, { kind: "inverse" });
    const out = new Float32Array(shape[0] * shape[1] * shape[2]);
    xInverseRows(w, tmp, out, 0, shape[0] * shape[1], 1 / (shape[0] * shape[1] * shape[2]));
    return out;
  } finally {
    if (!ws) w.ctx.dispose();
  }
}
