"use client";
import { useQuery } from "@apollo/client/react";
import Link from "next/link";
import type { CompareRunFieldsFragment } from "@/gql/graphql";
import { useApiUrl } from "@/lib/api-url";
import { formatJsonValue, isRecord } from "@/lib/format";
import { CompareRunsQuery } from "../runs/run.operations";

/** One run as a column: its result on top (the two results sit side by side), its raw image below. */
function Side({ label, run, apiUrl }: { label: string; run: CompareRunFieldsFragment; apiUrl: string }) {
  const href = (p: string) => new URL(p, apiUrl).toString();
  return (
    <figure>
      <h2>
        {label}: <Link href={`/runs/${run.id}`}>{run.algorithm.toUpperCase()} {run.id.slice(0, 8)}</Link> <span className={`status ${run.status}`}>{run.status}</span>
      </h2>
      <p className="muted">{run.image.name} ({run.image.shape.join("×")}) · PSF {run.psf.model ?? run.psf.source.toLowerCase()} {run.psf.name}</p>
      {run.output ? (
        <img crossOrigin="use-credentials" src={href(run.output.previewUrl)} alt={`Result of run ${label}`} data-testid={`result-${label}`} />
      ) : (
        <div className="panel muted">No result.</div>
      )}
      <figcaption>Deconvolved, maximum-intensity projection</figcaption>
      <img crossOrigin="use-credentials" src={href(run.image.file.previewUrl)} alt={`Raw image of run ${label}`} data-testid={`raw-${label}`} style={{ marginTop: "0.75rem" }} />
      <figcaption>Raw image</figcaption>
    </figure>
  );
}

function metric(v: number | null | undefined, digits: number): string {
  return v == null ? "—" : v.toFixed(digits);
}

/** Two runs side by side; b scored against a as the reference, and what parameters differ. */
export function ComparePage({ a, b }: { a: string; b: string }) {
  const apiUrl = useApiUrl();
  const { data, loading, error } = useQuery(CompareRunsQuery, { variables: { a, b }, skip: !a || !b });
  if (!a || !b) return <p className="error">Pick two runs to compare (on a project page, tick two runs).</p>;
  if (loading && !data) return <p className="muted">Loading…</p>;
  if (error) return <p className="error">{error.message}</p>;
  const c = data?.compareRuns;
  if (!c) return <p className="error" data-testid="not-found">Runs not found.</p>;
  const diff = isRecord(c.paramDiff) ? Object.entries(c.paramDiff) : [];
  return (
    <>
      <p className="muted"><Link href={`/projects/${c.a.project.id}`}>{c.a.project.name}</Link> / compare</p>
      <h1>Compare runs</h1>
      <div className="panel">
        <dl className="meta" data-testid="compare-metrics">
          <dt>PSNR (b vs a)</dt><dd>{metric(c.psnr, 2)}{c.psnr != null ? " dB" : ""}</dd>
          <dt>NRMSE</dt><dd>{metric(c.nrmse, 4)}</dd>
          <dt>Pearson r</dt><dd>{metric(c.pearson, 4)}</dd>
        </dl>
        {c.psnr == null && <p className="muted">Scores need both runs to have succeeded on images of the same shape.</p>}
      </div>
      <h2>Parameter differences</h2>
      {diff.length === 0 ? (
        <p className="muted">Same parameters.</p>
      ) : (
        <table className="panel" data-testid="param-diff">
          <thead><tr><th>Parameter</th><th>a</th><th>b</th></tr></thead>
          <tbody>
            {diff.map(([k, v]) => (
              <tr key={k}>
                <td>{k}</td>
                <td>{Array.isArray(v) ? formatJsonValue(v[0]) : "—"}</td>
                <td>{Array.isArray(v) ? formatJsonValue(v[1]) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="compare">
        <Side label="a" run={c.a} apiUrl={apiUrl} />
        <Side label="b" run={c.b} apiUrl={apiUrl} />
      </div>
    </>
  );
}
