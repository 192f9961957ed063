"use client";
import { useMutation, useQuery } from "@apollo/client/react";
import Link from "next/link";
import { useApiUrl } from "@/lib/api-url";
import { ConvergenceChart } from "./convergence-chart";
import { CancelRunMutation, RunQuery } from "./run.operations";

const ACTIVE = new Set(["QUEUED", "RUNNING"]);

export function RunPage({ id }: { id: string }) {
  const apiUrl = useApiUrl();
  const { data, loading, error, stopPolling, startPolling } = useQuery(RunQuery, { variables: { id }, pollInterval: 1000 });
  const [cancelRun, cancelState] = useMutation(CancelRunMutation);
  const run = data?.run;
  if (run && !ACTIVE.has(run.status)) stopPolling();
  if (loading && !data) return <p className="muted">Loading…</p>;
  if (error) return <p className="error">{error.message}</p>;
  if (!run) return <p className="error">Run not found.</p>;

  const href = (p: string) => new URL(p, apiUrl).toString();
  const last = run.history[run.history.length - 1];
  const iterations = typeof (run.params as { iterations?: unknown }).iterations === "number" ? (run.params as { iterations: number }).iterations : undefined;

  return (
    <>
      <p className="muted"><Link href={`/projects/${run.project.id}`}>{run.project.name}</Link> / run {run.id.slice(0, 8)}</p>
      <h1>
        {run.algorithm.toUpperCase()} on {run.image.name} <span className={`status ${run.status}`} data-testid="run-status">{run.status}</span>
      </h1>

      <div className="panel">
        <div className="progress" aria-label="progress"><div style={{ width: `${Math.round(run.progress * 100)}%` }} /></div>
        <p className="muted" data-testid="run-progress">
          {Math.round(run.progress * 100)} % · iteration {run.iteration}{iterations ? ` of ${iterations}` : ""}
          {last?.relativeChange != null && ` · relative change ${last.relativeChange.toExponential(2)}`}
          {last && ` · ${(last.elapsedMs / 1000).toFixed(1)} s`}
        </p>
        {ACTIVE.has(run.status) && (
          <button className="secondary" disabled={cancelState.loading} onClick={async () => { await cancelRun({ variables: { id: run.id } }); startPolling(1000); }}>
            Cancel run
          </button>
        )}
        {run.error && <p className="error" role="alert" data-testid="run-error">{run.error}</p>}
        <ConvergenceChart history={run.history} />
      </div>

      <div className="compare">
        <figure>
          <img crossOrigin="use-credentials" src={href(run.image.file.previewUrl)} alt="Raw image (maximum projection)" data-testid="raw-preview" />
          <figcaption>Raw image, maximum-intensity projection ({run.image.shape.join("×")})</figcaption>
        </figure>
        <figure>
          {run.output ? (
            <img crossOrigin="use-credentials" src={href(run.output.previewUrl)} alt="Deconvolved result (maximum projection)" data-testid="result-preview" />
          ) : (
            <div className="panel muted">The result appears here when the run has finished.</div>
          )}
          <figcaption>Deconvolved, maximum-intensity projection</figcaption>
        </figure>
      </div>

      {run.output && (
        <div className="panel">
          <a href={href(run.output.url)} download={run.output.name} data-testid="download-result">
            <button>Download result (float32 TIFF, {(run.output.size / 1024 ** 2).toFixed(1)} MiB)</button>
          </a>
          <dl className="meta" style={{ marginTop: "0.75rem" }}>
            <dt>File</dt><dd>{run.output.name}</dd>
            <dt>SHA-256</dt><dd data-testid="result-sha256">{run.output.sha256}</dd>
          </dl>
        </div>
      )}

      <h2>Provenance</h2>
      <div className="panel">
        <dl className="meta">
          <dt>Submitted by</dt><dd>{run.submittedBy.name}, {new Date(run.createdAt).toLocaleString()}</dd>
          <dt>PSF</dt><dd>{run.psf.model} {JSON.stringify(run.psf.params)}</dd>
          <dt>Parameters</dt><dd>{JSON.stringify(run.params)}</dd>
          {run.startedAt && <><dt>Started</dt><dd>{new Date(run.startedAt).toLocaleString()}</dd></>}
          {run.finishedAt && <><dt>Finished</dt><dd>{new Date(run.finishedAt).toLocaleString()}</dd></>}
        </dl>
        {run.provenance != null && <pre className="muted" style={{ whiteSpace: "pre-wrap" }}>{JSON.stringify(run.provenance, null, 2)}</pre>}
      </div>
    </>
  );
}
