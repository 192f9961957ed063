"use client";
import { useMutation } from "@apollo/client/react";
import { Fragment, useState } from "react";
import type { ProjectQuery as TProjectQuery } from "@/gql/graphql";
import { errorMessage } from "@/lib/errors";
import { formatBytes, formatVoxelSize } from "@/lib/format";
import { ProjectQuery } from "../projects/project.operations";
import { CreateDatasetMutation } from "./image.operations";
import { ImageEditor } from "./image-editor";

type Project = NonNullable<TProjectQuery["project"]>;

/** The project's images with their metadata; select some to make a dataset or submit a batch. */
export function ImageTable({ project, selected, onSelect }: { project: Project; selected: Set<string>; onSelect: (ids: Set<string>) => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [createDataset, datasetState] = useMutation(CreateDatasetMutation, { refetchQueries: [ProjectQuery] });
  const [datasetName, setDatasetName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const canWrite = project.myAccess === "WRITE";
  const images = project.images.nodes;
  const profiles = project.lab.profiles.nodes;
  if (images.length === 0) return null;

  function toggle(id: string) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  }

  return (
    <>
      <table style={{ marginTop: "1rem" }} data-testid="images-table">
        <thead>
          <tr>
            <th><input type="checkbox" aria-label="Select all images" checked={selected.size === images.length} onChange={(e) => onSelect(new Set(e.target.checked ? images.map((i) => i.id) : []))} /></th>
            <th>Name</th><th>Z×Y×X</th><th>Type</th><th>Voxel size</th><th>Tags</th><th>Microscope</th><th>Dataset</th><th>Size</th>{canWrite && <th />}
          </tr>
        </thead>
        <tbody>
          {images.map((img) => (
            <Fragment key={img.id}>
              <tr>
                <td><input type="checkbox" aria-label={`Select ${img.name}`} checked={selected.has(img.id)} onChange={() => toggle(img.id)} /></td>
                <td>{img.name}</td>
                <td>{img.shape.join("×")}{img.channels > 1 ? `, ${img.channels} ch` : ""}{img.frames > 1 ? `, ${img.frames} t` : ""}</td>
                <td>{img.sampleType}</td>
                <td>{formatVoxelSize(img.voxelSize)}{img.voxelSizeOverride && <span className="muted" title={`file: ${formatVoxelSize(img.fileVoxelSize)}`}> (override)</span>}</td>
                <td>{img.tags.map((t) => <span key={t} className="tag">{t}</span>)}</td>
                <td>{img.profile ? `${img.profile.name}${img.profileVersion ? ` v${img.profileVersion.version}` : ""}` : "—"}</td>
                <td>{img.dataset?.name ?? "—"}</td>
                <td>{formatBytes(img.file.size)}</td>
                {canWrite && <td><button className="secondary" onClick={() => setEditing(editing === img.id ? null : img.id)}>Edit</button></td>}
              </tr>
              {editing === img.id && (
                <tr>
                  <td colSpan={10}>
                    <ImageEditor image={img} profiles={profiles} onDone={() => setEditing(null)} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {canWrite && (
        <form
          className="row"
          style={{ marginTop: "0.75rem" }}
          onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            try {
              await createDataset({ variables: { input: { projectId: project.id, name: datasetName, imageIds: [...selected] } } });
              setDatasetName("");
            } catch (err) {
              setError(errorMessage(err));
            }
          }}
        >
          <label>
            Dataset name
            <input value={datasetName} onChange={(e) => setDatasetName(e.target.value)} required placeholder="e.g. Fixed cells, day 1" />
          </label>
          <button type="submit" disabled={datasetState.loading || selected.size === 0}>Create dataset from {selected.size} selected</button>
          {error && <p className="error" role="alert">{error}</p>}
        </form>
      )}
      {project.datasets.nodes.length > 0 && (
        <div style={{ marginTop: "0.75rem" }} data-testid="datasets">
          <strong>Datasets:</strong>{" "}
          {project.datasets.nodes.map((d) => (
            <span key={d.id} className="tag" title={d.images.map((i) => i.name).join(", ")}>{d.name} ({d.images.length})</span>
          ))}
        </div>
      )}
    </>
  );
}
