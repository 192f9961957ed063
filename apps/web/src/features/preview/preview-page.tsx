"use client";
/**
 * In-browser preview: deconvolves a region of one of the project's images on this computer's GPU
 * (gpu.js on WebGL2) through the same engine code the workers run — fetch the TIFF with the
 * session cookie, decode it with readTiffVolume, crop, Gaussian PSF, Richardson-Lucy — and shows
 * the raw region and the result side by side, with the backend that ran (name, gpu.js mode,
 * renderer) and the time it took. Nothing is sent back to the server.
 *
 * Backend "auto" uses the GPU only when a hardware one answers (software WebGL such as SwiftShader
 * is slower than the CPU backend); "gpu" forces the gpu.js kernels; "cpu" is the engine's CPU
 * backend (PFFFT WebAssembly, one thread).
 */
import { useQuery } from "@apollo/client/react";
import Link from "next/link";
import { useMemo, useRef, useState } from "react";
import type { Provenance, Volume } from "@refocus/engine";
import { useApiUrl } from "@/lib/api-url";
import { PreviewImagesQuery } from "./preview.operations";
import { clampRegion, cropVolume, defaultRegion, type Region } from "./region";
import { VolumeCanvas } from "./volume-canvas";

type BackendChoice = "auto" | "gpu" | "cpu";

interface PreviewResult {
  raw: Volume;
  result: Volume;
  backend: Provenance["backend"];
  loadMs: number;
  totalMs: number;
  perIterationMs?: number;
  iterations: number;
}

const AXES = ["z", "y", "x"] as const;

export function PreviewPage({ projectId }: { projectId: string }) {
  const apiUrl = useApiUrl();
  const { data, loading, error } = useQuery(PreviewImagesQuery, { variables: { id: projectId } });
  const images = useMemo(() => data?.project?.images.nodes ?? [], [data]);
  const [imageId, setImageId] = useState<string>("");
  const image = images.find((i) => i.id === imageId) ?? images[0];
  const [region, setRegion] = useState<Region | undefined>(undefined);
  const [sigmaXY, setSigmaXY] = useState(2);
  const [sigmaZ, setSigmaZ] = useState(1.5);
  const [iterations, setIterations] = useState(20);
  const [backend, setBackend] = useState<BackendChoice>("auto");
  const [status, setStatus] = useState<string>("");
  const [failure, setFailure] = useState<string>("");
  const [result, setResult] = useState<PreviewResult | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const decoded = useRef(new Map<string, Volume>());

  if (loading && !data) return <p className="muted">Loading…</p>;
  if (error) return <p className="error">{error.message}</p>;
  if (!data?.project) return <p className="error" data-testid="not-found">Project not found.</p>;
  const project = data.project;
  if (!image) {
    return (
      <p className="muted">
        <Link href={`/projects/${project.id}`}>{project.name}</Link> has no images yet: upload one first.
      </p>
    );
  }
  const r = clampRegion(region ?? defaultRegion(image.shape), image.shape);

  const setAxis = (axis: (typeof AXES)[number], end: 0 | 1, value: number) => {
    const next: Region = { z: [...r.z], y: [...r.y], x: [...r.x] };
    next[axis][end] = value;
    setRegion(next);
  };

  async function run() {
    if (!image) return;
    setBusy(true);
    setFailure("");
    setResult(undefined);
    try {
      const engine = await import("@refocus/engine");
      const t0 = performance.now();
      let volume = decoded.current.get(image.id);
      if (!volume) {
        setStatus("Downloading the image…");
        const res = await fetch(new URL(image.file.url, apiUrl), { credentials: "include" });
        if (!res.ok) throw new Error(`Downloading ${image.name} failed: HTTP ${res.status}`);
        const bytes = new Uint8Array(await res.arrayBuffer());
        setStatus("Decoding the TIFF…");
        volume = await engine.readTiffVolume(bytes, { channel: 0, frame: 0 });
        decoded.current.set(image.id, volume);
      }
      const raw = cropVolume(volume, r);
      const loadMs = performance.now() - t0;
      const box = (n: number, s: number) => Math.max(1, Math.min(n % 2 === 0 ? n - 1 : n, 2 * Math.ceil(4 * s) + 1));
      const psf = engine.gaussianPsf({ shape: [box(raw.shape[0], sigmaZ), box(raw.shape[1], sigmaXY), box(raw.shape[2], sigmaXY)], sigmaXY, sigmaZ });
      setStatus(`Deconvolving ${raw.shape.join("×")} on backend "${backend}"…`);
      const t1 = performance.now();
      const out = await engine.deconvolve(raw, psf, { algorithm: "rl", iterations, backend, boundary: "periodic" }, {
        onProgress: (p) => setStatus(`Iteration ${p.iteration} of ${p.iterations} · ${(p.elapsedMs / 1000).toFixed(1)} s`),
      });
      setResult({
        raw,
        result: out.volume,
        backend: out.provenance.backend,
        loadMs,
        totalMs: performance.now() - t1,
        perIterationMs: out.provenance.timings.perIterationMs,
        iterations: out.provenance.iterations.done,
      });
      setStatus("");
    } catch (e) {
      setFailure((e as Error).message);
      setStatus("");
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p className="muted">
        <Link href={`/projects/${project.id}`}>{project.name}</Link> / preview
      </p>
      <h1>Preview in this browser</h1>
      <div className="panel">
        <div className="row">
          <label>
            Image
            <select value={image.id} onChange={(e) => { setImageId(e.target.value); setRegion(undefined); setResult(undefined); }} data-testid="preview-image">
              {images.map((i) => (
                <option key={i.id} value={i.id}>{i.name} ({i.shape.join("×")})</option>
              ))}
            </select>
          </label>
        </div>
        <div className="row" style={{ marginTop: "0.75rem" }}>
          {AXES.map((axis, a) => (
            <label key={axis} title={`Half-open range along ${axis}, 0–${image.shape[a]}`}>
              {axis} from / to (of {image.shape[a]})
              <span className="row" style={{ gap: "0.25rem" }}>
                <input type="number" min={0} max={image.shape[a] - 1} value={r[axis][0]} onChange={(e) => setAxis(axis, 0, Number(e.target.value))} data-testid={`region-${axis}0`} style={{ width: "5rem" }} />
                <input type="number" min={1} max={image.shape[a]} value={r[axis][1]} onChange={(e) => setAxis(axis, 1, Number(e.target.value))} data-testid={`region-${axis}1`} style={{ width: "5rem" }} />
              </span>
            </label>
          ))}
        </div>
        <div className="row" style={{ marginTop: "0.75rem" }}>
          <label title="Standard deviation of the Gaussian PSF across x and y, in pixels">
            PSF σ xy (pixels)
            <input type="number" min={0.1} step={0.1} value={sigmaXY} onChange={(e) => setSigmaXY(Number(e.target.value))} data-testid="sigma-xy" />
          </label>
          <label title="Standard deviation of the Gaussian PSF along z, in slices">
            PSF σ z (slices)
            <input type="number" min={0.1} step={0.1} value={sigmaZ} onChange={(e) => setSigmaZ(Number(e.target.value))} data-testid="sigma-z" />
          </label>
          <label>
            RL iterations
            <input type="number" min={1} max={500} value={iterations} onChange={(e) => setIterations(Math.max(1, Math.min(500, Math.round(Number(e.target.value)))))} data-testid="iterations" />
          </label>
          <label title="auto: this computer's GPU when it has a real one, else the CPU">
            Backend
            <select value={backend} onChange={(e) => setBackend(e.target.value as BackendChoice)} data-testid="backend">
              <option value="auto">auto</option>
              <option value="gpu">GPU (gpu.js)</option>
              <option value="cpu">CPU</option>
            </select>
          </label>
          <button type="button" onClick={run} disabled={busy} data-testid="preview-run">Deconvolve here</button>
        </div>
        <p className="muted" style={{ marginBottom: 0 }}>
          Region {r.z[1] - r.z[0]}×{r.y[1] - r.y[0]}×{r.x[1] - r.x[0]} (z×y×x). Power-of-two sizes run fastest on the GPU; the image is downloaded once.
        </p>
        {status && <p className="muted" data-testid="preview-status">{status}</p>}
        {failure && <p className="error" role="alert" data-testid="preview-error">{failure}</p>}
      </div>
      {result && (
        <div className="panel" data-testid="preview-result">
          <p data-testid="preview-backend">
            Ran on <strong>{result.backend.name}</strong>
            {result.backend.mode ? ` (gpu.js ${result.backend.mode})` : ` × ${result.backend.threads} thread${result.backend.threads > 1 ? "s" : ""}`}
            {result.backend.renderer ? ` — ${result.backend.renderer}` : ""}
          </p>
          <p className="muted" data-testid="preview-timing">
            {result.iterations} iterations in {(result.totalMs / 1000).toFixed(2)} s
            {result.perIterationMs !== undefined ? ` (${result.perIterationMs.toFixed(1)} ms per iteration)` : ""}; download and decoding {(result.loadMs / 1000).toFixed(2)} s
          </p>
          <div className="row" style={{ alignItems: "flex-start" }}>
            <VolumeCanvas volume={result.raw} label="Raw (maximum projection)" testId="preview-raw" />
            <VolumeCanvas volume={result.result} label="Richardson-Lucy (maximum projection)" testId="preview-deconvolved" />
          </div>
        </div>
      )}
    </>
  );
}
