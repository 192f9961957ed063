"use client";
import { useQuery } from "@apollo/client/react";
import Link from "next/link";
import { useEffect } from "react";
import { useApiUrl } from "@/lib/api-url";
import { formatDate } from "@/lib/format";
import { ConvergenceChart } from "./convergence-chart";
import { ProvenanceTable } from "./provenance-table";
import { RunActions } from "./run-actions";
import { RunQuery } from "./run.operations";

const ACTIVE = new Set(["QUEUED", "RUNNING"]);

/** One run: live progress, actions, the raw and deconvolved images, provenance. */
export function RunPage({ id }: { id: string }) {
  const apiUrl = useApiUrl();
  const { data, loading, error, stopPolling, startPolling } = useQuery(RunQuery, { variables: { id }, pollInterval: 1000 });
  const run = data?.run;
  const active = run ? ACTIVE.has(run.status) : true;
  useEffect(() => {
    if (active) startPolling(1000);
    else stopPolling();
  }, [active, startPolling, stopPolling]);
  if (loading && !data) return <p className="muted">Loading…</p>;
  if (error) return <p className="error">{error.message}</p>;
  if (!run) return <p className="error" data-testid="not-found">Run not found.</p>;

  const href = (p: string) => new URL(p, apiUrl).toString();
  const last = run.history[run.history.length - 1];
  const iterations = typeof (run.params as { iterations?: unknown }).iterations === "number" ? (run.params as { iterations: number }).iterations : undefined;

  return (
    <>
      <p className="muted">
        <Link href={`/projects/${run.project.id}`}>{run.project.name}</Link> / run {run.id.slice(0, 8)}
        {run.batch && ` · batch of ${run.batch.runs.length}`}
        {run.sourceRun && <> · {run.reproduces ? "reproduces" : "re-runs"} <Link href={`/runs/${run.sourceRun.id}`}>{run.sourceRun.id.slice(0, 8)}</Link></>}
      </p>
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
        {run.status === "QUEUED" && (
          <p className="muted" data-testid="queue-position">
            Queued{run.queuePosition != null ? `: ${run.queuePosition} run${run.queuePosition === 1 ? "" : "s"} ahead` : ""}.
          </p>
        )}
        {run.reproduces && run.status === "SUCCEEDED" && run.reproducedMatch != null && (
          <p className={run.reproducedMatch ? "" : "error"} data-testid="reproduced-match">
            {run.reproducedMatch ? "Reproduced: the output checksum matches the source run's, byte for byte." : "Not reproduced: the output checksum differs from the source run's."}
          </p>
        )}
        {run.error && <p className="error" role="alert" data-testid="run-error">{run.error}</p>}
        {run.project.myAccess === "WRITE" && <RunActions run={run} onChange={() => startPolling(1000)} />}
        <ConvergenceChart history={run.history} />
        {run.history.length > 0 && (
          <details>
            <summary>Per-iteration record ({run.history.length})</summary>
            <table data-testid="iteration-table">
              <thead><tr><th>Iteration</th><th>Relative change</th><th>Objective</th><th>Elapsed</th></tr></thead>
              <tbody>
                {run.history.map((h) => (
                  <tr key={h.iteration}>
                    <td>{h.iteration}</td>
                    <td>{h.relativeChange != null ? h.relativeChange.toExponential(3) : "—"}</td>
                    <td>{h.objective != null ? h.objective.toPrecision(6) : "—"}</td>
                    <td>{(h.elapsedMs / 1000).toFixed(2)} s</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        )}
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
        <dl className="meta" style={{ marginBottom: "0.75rem" }}>
          <dt>Submitted by</dt><dd>{run.submittedBy.name}, {formatDate(run.createdAt)}</dd>
          <dt>PSF</dt>
          <dd>
            {run.psf.source.toLowerCase()} {run.psf.model ?? ""} {run.psf.name}
            {run.psf.profile && <> · <Link href={`/profiles/${run.psf.profile.id}`}>{run.psf.profile.name}</Link> v{run.psf.version}</>}
          </dd>
          {run.profileVersion && <><dt>Microscope</dt><dd>profile version {run.profileVersion.version}</dd></>}
          {run.startedAt && <><dt>Started</dt><dd>{formatDate(run.startedAt)}</dd></>}
          {run.finishedAt && <><dt>Finished</dt><dd>{formatDate(run.finishedAt)}</dd></>}
          <dt>Attempts</dt><dd>{run.attempts}{run.workerId ? ` · worker ${run.workerId}` : ""}</dd>
        </dl>
        <ProvenanceTable provenance={run.provenance} />
      </div>
    </>
  );
}
