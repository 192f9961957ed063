"use client";
import { useMutation } from "@apollo/client/react";
import { useState, type FormEvent } from "react";
import type { ProjectQuery as TProjectQuery } from "@/gql/graphql";
import { errorMessage } from "@/lib/errors";
import { UpdateImageMutation } from "./image.operations";

type Image = NonNullable<TProjectQuery["project"]>["images"]["nodes"][number];

/**
 * Edits what the file cannot say or says wrong: tags, a voxel-size override (blank returns to the
 * file's) and the microscope profile the image was taken with.
 */
export function ImageEditor({ image, profiles, onDone }: { image: Image; profiles: { id: string; name: string }[]; onDone: () => void }) {
  const [update, state] = useMutation(UpdateImageMutation);
  const [error, setError] = useState<string | null>(null);
  const o = image.voxelSizeOverride ?? image.voxelSize;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const form = new FormData(e.currentTarget);
    const tags = String(form.get("tags") ?? "").split(",").map((t) => t.trim()).filter(Boolean);
    const [z, y, x] = ["vz", "vy", "vx"].map((k) => String(form.get(k) ?? "").trim());
    const cleared = !z && !y && !x;
    if (!cleared && (!z || !y || !x)) {
      setError("Give all three voxel sizes, or none to use the file's.");
      return;
    }
    const profileId = String(form.get("profileId") ?? "");
    try {
      await update({
        variables: {
          input: {
            id: image.id,
            tags,
            profileId: profileId || null,
            voxelSizeOverride: cleared ? null : { z: Number(z), y: Number(y), x: Number(x), unit: String(form.get("vunit") ?? "µm") },
          },
        },
      });
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <form className="row" onSubmit={submit} data-testid="image-editor">
      <label style={{ minWidth: "12rem" }}>
        Tags (comma-separated)
        <input name="tags" defaultValue={image.tags.join(", ")} />
      </label>
      <label title={`File: ${image.fileVoxelSize ? `${image.fileVoxelSize.z}×${image.fileVoxelSize.y}×${image.fileVoxelSize.x} ${image.fileVoxelSize.unit}` : "none"}. Leave blank to use the file's.`}>
        Voxel z
        <input name="vz" type="number" step="any" min="0" defaultValue={image.voxelSizeOverride ? o?.z : ""} placeholder={image.fileVoxelSize ? String(image.fileVoxelSize.z) : ""} />
      </label>
      <label>
        Voxel y
        <input name="vy" type="number" step="any" min="0" defaultValue={image.voxelSizeOverride ? o?.y : ""} placeholder={image.fileVoxelSize ? String(image.fileVoxelSize.y) : ""} />
      </label>
      <label>
        Voxel x
        <input name="vx" type="number" step="any" min="0" defaultValue={image.voxelSizeOverride ? o?.x : ""} placeholder={image.fileVoxelSize ? String(image.fileVoxelSize.x) : ""} />
      </label>
      <label>
        Unit
        <select name="vunit" defaultValue={o?.unit ?? "µm"}>
          <option value="µm">µm</option>
          <option value="nm">nm</option>
        </select>
      </label>
      <label>
        Microscope profile
        <select name="profileId" defaultValue={image.profile?.id ?? ""}>
          <option value="">— none —</option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>{p.name}</option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={state.loading}>Save</button>
      <button type="button" className="secondary" onClick={onDone}>Cancel</button>
      {error && <p className="error" role="alert">{error}</p>}
    </form>
  );
}
