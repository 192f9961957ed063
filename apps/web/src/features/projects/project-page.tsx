"use client";
import { useQuery } from "@apollo/client/react";
import Link from "next/link";
import { UploadImages } from "../images/upload-images";
import { SubmitRunForm } from "../runs/submit-run-form";
import { ProjectQuery } from "./project.operations";

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function ProjectPage({ id }: { id: string }) {
  const { data, loading, error } = useQuery(ProjectQuery, {
    variables: { id },
    // keep run statuses fresh while any run is still going
    pollInterval: 3000,
  });
  if (loading && !data) return <p className="muted">Loading…</p>;
  if (error) return <p className="error">{error.message}</p>;
  const project = data?.project;
  if (!project) return <p className="error">Project not found.</p>;

  return (
    <>
      <h1>{project.name}</h1>
      {project.description && <p className="muted">{project.description}</p>}

      <h2>Images</h2>
      <div className="panel">
        <UploadImages projectId={project.id} />
        {project.images.length > 0 && (
          <table style={{ marginTop: "1rem" }} data-testid="images-table">
            <thead>
              <tr><th>Name</th><th>Z×Y×X</th><th>Type</th><th>Voxel size</th><th>Size</th></tr>
            </thead>
            <tbody>
              {project.images.map((img) => (
                <tr key={img.id}>
                  <td>{img.name}</td>
                  <td>{img.shape.join("×")}{img.channels > 1 ? `, ${img.channels} ch` : ""}{img.frames > 1 ? `, ${img.frames} t` : ""}</td>
                  <td>{img.sampleType}</td>
                  <td>{img.voxelSize ? `${img.voxelSize.z}×${img.voxelSize.y}×${img.voxelSize.x} ${img.voxelSize.unit}` : "—"}</td>
                  <td>{formatBytes(img.file.size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <h2>New run</h2>
      <div className="panel">
        <SubmitRunForm projectId={project.id} images={project.images} />
      </div>

      <h2>Runs</h2>
      {project.runs.length === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <table className="panel" data-testid="runs-table">
          <thead>
            <tr><th>Run</th><th>Image</th><th>Algorithm</th><th>Status</th><th>Submitted</th></tr>
          </thead>
          <tbody>
            {project.runs.map((r) => (
              <tr key={r.id}>
                <td><Link href={`/runs/${r.id}`}>{r.id.slice(0, 8)}</Link></td>
                <td>{r.image.name}</td>
                <td>{r.algorithm}</td>
                <td><span className={`status ${r.status}`}>{r.status}</span> {r.status === "RUNNING" && `${Math.round(r.progress * 100)} %`}</td>
                <td>{new Date(r.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
