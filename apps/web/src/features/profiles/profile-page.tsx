"use client";
import { useMutation, useQuery } from "@apollo/client/react";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import type { OpticsFieldsFragment } from "@/gql/graphql";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { canManageLab } from "../labs/roles";
import { PsfLibrary } from "../psfs/psf-library";
import { OpticsFields, MODALITIES, readOptics } from "./optics-form";
import { ProfileQuery, UpdateProfileMutation } from "./profile.operations";

function OpticsTable({ v }: { v: OpticsFieldsFragment }) {
  const modality = MODALITIES.find((m) => m.value === v.modality)?.label ?? v.modality;
  return (
    <dl className="meta" data-testid="optics">
      <dt>Modality</dt><dd>{modality}</dd>
      <dt>Objective</dt><dd>{v.magnification}× / NA {v.na}</dd>
      <dt>Immersion</dt><dd>{v.immersionMedium}, n = {v.immersionIndex}</dd>
      <dt>Sample index</dt><dd>{v.sampleIndex}</dd>
      <dt>Coverslip</dt><dd>n = {v.coverslipIndex}, {v.coverslipThicknessUm} µm</dd>
      <dt>Camera pixel (sample plane)</dt><dd>{v.pixelSizeNm} nm</dd>
      <dt>Z-step</dt><dd>{v.zStepNm != null ? `${v.zStepNm} nm` : "—"}</dd>
      <dt>Pinhole</dt><dd>{v.pinholeAiryUnits != null ? `${v.pinholeAiryUnits} AU` : "—"}</dd>
      <dt>Channels</dt>
      <dd>
        {v.channels.map((c, i) => (
          <div key={i}>{i}: {c.name}, excitation {c.excitationNm != null ? `${c.excitationNm} nm` : "—"}, emission {c.emissionNm} nm</div>
        ))}
      </dd>
    </dl>
  );
}

/**
 * A microscope profile: the optics of its current version, an edit form that saves a new
 * version, the version history, and the PSF library of each channel.
 */
export function ProfilePage({ id }: { id: string }) {
  const { data, loading, error } = useQuery(ProfileQuery, { variables: { id } });
  const [update, updateState] = useMutation(UpdateProfileMutation, { refetchQueries: [ProfileQuery] });
  const [editing, setEditing] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  if (loading && !data) return <p className="muted">Loading…</p>;
  if (error) return <p className="error">{error.message}</p>;
  const profile = data?.microscopeProfile;
  if (!profile) return <p className="error" data-testid="not-found">Microscope profile not found.</p>;
  const canManage = canManageLab(profile.lab.myRole);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const form = new FormData(e.currentTarget);
    try {
      await update({ variables: { input: { id, name: String(form.get("profileName") ?? ""), optics: readOptics(form) } } });
      setEditing(false);
    } catch (err) {
      setFormError(errorMessage(err));
    }
  }

  return (
    <>
      <p className="muted"><Link href={`/labs/${profile.lab.id}`}>{profile.lab.name}</Link> / microscope profile</p>
      <h1>{profile.name} <span className="status">v{profile.current.version}</span></h1>

      <div className="panel">
        {editing ? (
          <form onSubmit={submit} style={{ display: "grid", gap: "0.75rem" }} data-testid="edit-profile-form">
            <label>
              Profile name
              <input name="profileName" defaultValue={profile.name} required />
            </label>
            <OpticsFields initial={profile.current} />
            <div className="row">
              <button type="submit" disabled={updateState.loading}>Save as version {profile.current.version + 1}</button>
              <button type="button" className="secondary" onClick={() => setEditing(false)}>Cancel</button>
            </div>
            {formError && <p className="error" role="alert">{formError}</p>}
          </form>
        ) : (
          <>
            <OpticsTable v={profile.current} />
            {canManage && <button style={{ marginTop: "0.75rem" }} onClick={() => setEditing(true)}>Edit</button>}
          </>
        )}
      </div>

      <h2>Version history</h2>
      <table className="panel" data-testid="versions-table">
        <thead>
          <tr><th>Version</th><th>Modality</th><th>Objective</th><th>Pixel / z-step</th><th>Channels</th><th>By</th><th>When</th></tr>
        </thead>
        <tbody>
          {[...profile.versions].sort((a, b) => b.version - a.version).map((v) => (
            <tr key={v.id}>
              <td>v{v.version}</td>
              <td>{v.modality}</td>
              <td>{v.magnification}× / NA {v.na} {v.immersionMedium}</td>
              <td>{v.pixelSizeNm} nm / {v.zStepNm ?? "—"} nm</td>
              <td>{v.channels.map((c) => c.name).join(", ")}</td>
              <td>{v.createdBy.name}</td>
              <td>{formatDate(v.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <PsfLibrary profileId={profile.id} channels={profile.current.channels} psfs={profile.psfs.nodes} canManage={canManage} />
    </>
  );
}
