/**
 * A PNG preview of a stored volume: the maximum-intensity projection along Z (or one slice), with
 * contrast stretched between the 0.1 and 99.9 percentiles so that one hot pixel does not blank it.
 */
import type { Volume } from "@refocus/engine";
import { encodeGreyPng } from "./png.js";

export type PreviewMode = { kind: "mip" } | { kind: "slice"; z: number };

export function projectVolume(volume: Volume, mode: PreviewMode): Float32Array {
  const [nz, ny, nx] = volume.shape;
  const plane = ny * nx;
  if (mode.kind === "slice") {
    const z = Math.min(Math.max(0, Math.floor(mode.z)), nz - 1);
    return volume.data.slice(z * plane, (z + 1) * plane);
  }
  const out = volume.data.slice(0, plane);
  for (let z = 1; z < nz; z++) {
    const off = z * plane;
    for (let i = 0; i < plane; i++) {
      const v = volume.data[off + i];
      if (v > out[i]) out[i] = v;
    }
  }
  return out;
}

function percentiles(values: Float32Array, lo: number, hi: number): [number, number] {
  const sorted = Float32Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
  return [at(lo), at(hi)];
}

export function renderPreviewPng(volume: Volume, mode: PreviewMode): Buffer {
  const [, ny, nx] = volume.shape;
  const plane = projectVolume(volume, mode);
  const [low, high] = percentiles(plane, 0.001, 0.999);
  const scale = high > low ? 255 / (high - low) : 0;
  const pixels = new Uint8Array(plane.length);
  for (let i = 0; i < plane.length; i++) {
    const v = (plane[i] - low) * scale;
    pixels[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
  }
  return encodeGreyPng(pixels, nx, ny);
}
