"use client";
import { useMutation } from "@apollo/client/react";
import { useState, type ChangeEvent } from "react";
import { useApiUrl } from "@/lib/api-url";
import { uploadFile } from "@/lib/upload";
import { ProjectQuery } from "../projects/project.operations";
import { RegisterImageMutation } from "./image.operations";

/** Uploads TIFFs (streamed to the file endpoint) and registers each as an image of the project. */
export function UploadImages({ projectId }: { projectId: string }) {
  const apiUrl = useApiUrl();
  const [registerImage] = useMutation(RegisterImageMutation, { refetchQueries: [ProjectQuery] });
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function onFiles(e: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(e.target.files ?? []);
    e.target.value = "";
    setError(null);
    for (const file of files) {
      try {
        const uploaded = await uploadFile(apiUrl, file, (f) => setStatus(`Uploading ${file.name}: ${Math.round(f * 100)} %`));
        setStatus(`Reading ${file.name}…`);
        await registerImage({ variables: { input: { projectId, fileId: uploaded.id, name: file.name } } });
        setStatus(`${file.name} added.`);
      } catch (err) {
        setStatus(null);
        setError(`${file.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  return (
    <div className="row">
      <label>
        Upload TIFF images (2D or 3D; 8, 16, 32-bit; ImageJ and OME-TIFF)
        <input type="file" accept=".tif,.tiff,image/tiff" multiple onChange={onFiles} data-testid="image-upload" />
      </label>
      {status && <span className="muted" data-testid="upload-status">{status}</span>}
      {error && <span className="error" role="alert">{error}</span>}
    </div>
  );
}
