"use client";
import { useQuery } from "@apollo/client/react";
import Link from "next/link";
import { useState } from "react";
import { ImageTable } from "../images/image-table";
import { UploadImages } from "../images/upload-images";
import { RunsTable } from "../runs/runs-table";
import { SubmitRunForm } from "../runs/submit-run-form";
import { ProjectQuery } from "./project.operations";
import { ProjectSettings } from "./project-settings";

/** A project: its images and datasets, the run form, the runs, and who may see it. */
export function ProjectPage({ id }: { id: string }) {
  const { data, loading, error } = useQuery(ProjectQuery, {
    variables: { id },
    // keep run statuses fresh while any run is still going
    pollInterval: 3000,
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  if (loading && !data) return <p className="muted">Loading…</p>;
  if (error) return <p className="error">{error.message}</p>;
  const project = data?.project;
  if (!project) return <p className="error" data-testid="not-found">Project not found.</p>;
  const canWrite = project.myAccess === "WRITE";

  return (
    <>
      <p className="muted">
        <Link href={`/labs/${project.lab.id}`}>{project.lab.name}</Link> / project · {project.visibility === "LAB" ? "visible to the lab" : "private"} ·{" "}
        {canWrite ? "you can change it" : "read only"}
      </p>
      <h1>{project.name}</h1>
      {project.description && <p className="muted">{project.description}</p>}
      <p><Link href={`/projects/${project.id}/preview`} data-testid="preview-link">Preview on this GPU</Link></p>

      <h2>Images</h2>
      <div className="panel">
        {canWrite && <UploadImages projectId={project.id} />}
        {project.images.nodes.length === 0 && <p className="muted">No images yet.</p>}
        <ImageTable project={project} selected={selected} onSelect={setSelected} />
      </div>

      {canWrite && (
        <>
          <h2>New run</h2>
          <div className="panel">
            <SubmitRunForm project={project} selected={selected} />
          </div>
        </>
      )}

      <h2>Runs</h2>
      <RunsTable runs={project.runs.nodes} />

      {canWrite && (
        <>
          <h2>Sharing</h2>
          <ProjectSettings project={project} />
        </>
      )}
    </>
  );
}
