"use client";
import { useEffect, useRef } from "react";
import type { Volume } from "@refocus/engine";
import { maxProjection } from "./region";

/** A volume's maximum projection along z, grey levels stretched from its 0.1 to 99.9 percentile. */
export function VolumeCanvas({ volume, label, testId }: { volume: Volume; label: string; testId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [, ny, nx] = volume.shape;
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const p = maxProjection(volume);
    const sorted = Float32Array.from(p).sort();
    const lo = sorted[Math.floor(0.001 * (sorted.length - 1))];
    const hi = sorted[Math.ceil(0.999 * (sorted.length - 1))];
    const scale = hi > lo ? 255 / (hi - lo) : 0;
    const img = ctx.createImageData(nx, ny);
    for (let i = 0; i < p.length; i++) {
      const g = Math.max(0, Math.min(255, (p[i] - lo) * scale));
      img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = g;
      img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [volume, nx, ny]);
  return (
    <figure style={{ margin: 0 }}>
      <canvas ref={ref} width={nx} height={ny} data-testid={testId} aria-label={label} style={{ width: Math.min(512, Math.max(256, nx)), imageRendering: "pixelated", background: "#000" }} />
      <figcaption className="muted">{label}</figcaption>
    </figure>
  );
}
