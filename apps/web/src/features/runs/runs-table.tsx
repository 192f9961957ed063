"use client";
import Link from "next/link";
import { useState } from "react";
import type { ProjectQuery as TProjectQuery } from "@/gql/graphql";
import { formatDate } from "@/lib/format";

type Run = NonNullable<TProjectQuery["project"]>["runs"]["nodes"][number];

function statusDetail(r: Run): string {
  if (r.status === "RUNNING") return `${Math.round(r.progress * 100)} % · it. ${r.iteration}`;
  if (r.status === "QUEUED" && r.queuePosition != null) return `${r.queuePosition} ahead`;
  return "";
}

/** The project's runs, newest first; tick two to compare them. */
export function RunsTable({ runs }: { runs: Run[] }) {
  const [picked, setPicked] = useState<string[]>([]);
  if (runs.length === 0) return <p className="muted">No runs yet.</p>;
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));
  return (
    <div className="panel">
      <div className="row" style={{ marginBottom: "0.5rem" }}>
        {picked.length === 2 ? (
          <Link href={`/compare?a=${picked[0]}&b=${picked[1]}`} data-testid="compare-link">Compare the two selected runs</Link>
        ) : (
          <span className="muted">Select two runs to compare them.</span>
        )}
      </div>
      <table data-testid="runs-table">
        <thead>
          <tr><th /><th>Run</th><th>Image</th><th>Algorithm</th><th>PSF</th><th>Status</th><th>Progress</th><th>By</th><th>Submitted</th></tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-testid="run-row">
              <td><input type="checkbox" aria-label={`Select run ${r.id.slice(0, 8)}`} checked={picked.includes(r.id)} onChange={() => toggle(r.id)} /></td>
              <td><Link href={`/runs/${r.id}`}>{r.id.slice(0, 8)}</Link>{r.batch && <div className="muted">batch {r.batch.id.slice(0, 6)}</div>}</td>
              <td>{r.image.name}</td>
              <td>{r.algorithm}</td>
              <td>{r.psf.model ?? r.psf.source.toLowerCase()} {r.psf.name}</td>
              <td><span className={`status ${r.status}`}>{r.status}</span></td>
              <td>{statusDetail(r)}</td>
              <td>{r.submittedBy.name}</td>
              <td>{formatDate(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
