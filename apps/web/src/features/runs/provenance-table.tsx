"use client";
import { formatJsonValue, isRecord, pick } from "@/lib/format";

function ms(v: unknown): string {
  return typeof v === "number" ? `${(v / 1000).toFixed(2)} s` : "—";
}

/**
 * The engine's provenance record as a readable table (packages/engine/src/provenance.ts), and the
 * raw JSON folded underneath: everything needed to say how the result was made.
 */
export function ProvenanceTable({ provenance }: { provenance: unknown }) {
  if (!isRecord(provenance)) return <p className="muted">Provenance is recorded when the run finishes.</p>;
  const params = pick(provenance, "params");
  const iterations = pick(provenance, "iterations");
  const rows: [string, string][] = [
    ["Engine", `${formatJsonValue(pick(provenance, "engine", "name"))} ${formatJsonValue(pick(provenance, "engine", "version"))}`],
    ["Algorithm", formatJsonValue(pick(provenance, "algorithm"))],
    ["Input image SHA-256", formatJsonValue(pick(provenance, "inputs", "image", "sha256"))],
    ["Input image shape", formatJsonValue(pick(provenance, "inputs", "image", "shape"))],
    ["PSF SHA-256", formatJsonValue(pick(provenance, "inputs", "psf", "sha256"))],
    ["PSF shape", formatJsonValue(pick(provenance, "inputs", "psf", "shape"))],
    ["Background subtracted", formatJsonValue(pick(provenance, "preprocessing", "background"))],
    ["PSF shift [z, y, x]", formatJsonValue(pick(provenance, "preprocessing", "psfShift"))],
    ["Backend", `${formatJsonValue(pick(provenance, "backend", "name"))}, ${formatJsonValue(pick(provenance, "backend", "threads"))} thread(s)`],
    ["FFT shape", formatJsonValue(pick(provenance, "fftShape"))],
    ["Iterations", isRecord(iterations) ? `${formatJsonValue(iterations.done)} of ${formatJsonValue(iterations.requested)}` : "—"],
    ["Total time", ms(pick(provenance, "timings", "totalMs"))],
    ["Preprocessing time", ms(pick(provenance, "timings", "preprocessMs"))],
    ["Algorithm time", ms(pick(provenance, "timings", "algorithmMs"))],
    ["Per iteration", ms(pick(provenance, "timings", "perIterationMs"))],
    ["Output voxels SHA-256 (float32 data, not the file)", formatJsonValue(pick(provenance, "outputSha256"))],
    ["Recorded", formatJsonValue(pick(provenance, "createdAt"))],
  ];
  return (
    <>
      <dl className="meta" data-testid="provenance-table">
        {rows.map(([k, v]) => (
          <div key={k} style={{ display: "contents" }}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
        <dt>Parameters</dt>
        <dd>
          {isRecord(params)
            ? Object.entries(params).map(([k, v]) => (
                <div key={k}>{k} = {formatJsonValue(v)}</div>
              ))
            : "—"}
        </dd>
      </dl>
      <details style={{ marginTop: "0.75rem" }}>
        <summary>Raw provenance (JSON)</summary>
        <pre className="muted" style={{ whiteSpace: "pre-wrap" }} data-testid="provenance-json">{JSON.stringify(provenance, null, 2)}</pre>
      </details>
    </>
  );
}
