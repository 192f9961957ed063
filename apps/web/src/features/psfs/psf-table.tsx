"use client";
import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import type { PsfFieldsFragment } from "@/gql/graphql";
import { useApiUrl } from "@/lib/api-url";
import { errorMessage } from "@/lib/errors";
import { formatDate, formatFwhm } from "@/lib/format";
import { ProfileQuery } from "../profiles/profile.operations";
import { DeletePsfMutation, SetDefaultPsfMutation } from "./psf.operations";

/** One channel's PSFs, newest first: what each is, how sharp, a preview, and the library actions. */
export function PsfTable({ psfs, canManage }: { psfs: PsfFieldsFragment[]; canManage: boolean }) {
  const apiUrl = useApiUrl();
  const [setDefault] = useMutation(SetDefaultPsfMutation, { refetchQueries: [ProfileQuery] });
  const [remove] = useMutation(DeletePsfMutation, { refetchQueries: [ProfileQuery] });
  const [error, setError] = useState<string | null>(null);
  const href = (p: string) => new URL(p, apiUrl).toString();

  async function attempt(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  if (psfs.length === 0) return <p className="muted">No PSFs for this channel yet.</p>;
  return (
    <>
      <table data-testid="psf-table">
        <thead>
          <tr><th>Preview</th><th>Version</th><th>Name</th><th>Source</th><th>Model</th><th>Shape</th><th>FWHM</th><th>Created by</th><th>Checksum</th><th>Default</th><th /></tr>
        </thead>
        <tbody>
          {psfs.map((p) => (
            <tr key={p.id} data-testid="psf-row">
              <td>{p.file && <img className="thumb" crossOrigin="use-credentials" src={href(p.file.previewUrl)} alt={`PSF ${p.name} (maximum projection)`} width={64} height={64} />}</td>
              <td>v{p.version}</td>
              <td>{p.name}</td>
              <td>{p.source}</td>
              <td>{p.model ?? "—"}</td>
              <td>{p.shape?.join("×") ?? "—"}</td>
              <td>{formatFwhm(p.quality)}</td>
              <td>{p.createdBy?.name ?? "—"}<div className="muted">{formatDate(p.createdAt)}</div></td>
              <td title={p.sha256 ?? undefined}><code>{p.sha256 ? p.sha256.slice(0, 12) : "—"}</code></td>
              <td>{p.isDefault ? <span className="status SUCCEEDED" data-testid="psf-default">default</span> : ""}</td>
              <td>
                <div className="row" style={{ gap: "0.4rem", flexWrap: "nowrap" }}>
                  {p.file && <a href={href(p.file.url)} download={p.file.name}>Download</a>}
                  {canManage && !p.isDefault && <button className="secondary" onClick={() => attempt(() => setDefault({ variables: { id: p.id } }))}>Set default</button>}
                  {canManage && (
                    <button className="secondary" title={p.inUse ? "A run uses this PSF" : undefined} onClick={() => attempt(() => remove({ variables: { id: p.id } }))}>
                      Delete
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <p className="error" role="alert" data-testid="psf-error">{error}</p>}
    </>
  );
}
