"use client";
import { useMutation } from "@apollo/client/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { Modality } from "@/gql/graphql";
import { errorMessage } from "@/lib/errors";
import { LabQuery } from "../labs/lab.operations";
import { OpticsFields, readOptics } from "./optics-form";
import { CreateProfileMutation } from "./profile.operations";

interface ProfileRow {
  id: string;
  name: string;
  current: { version: number; modality: Modality; magnification: number; na: number; immersionMedium: string; channels: { name: string; emissionNm: number }[] };
}

/** A lab's microscope profiles and, for owners and managers, the form for a new one. */
export function ProfileList({ labId, profiles, canManage }: { labId: string; profiles: ProfileRow[]; canManage: boolean }) {
  const [create, state] = useMutation(CreateProfileMutation, { refetchQueries: [LabQuery] });
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const form = new FormData(e.currentTarget);
    try {
      const result = await create({ variables: { input: { labId, name: String(form.get("profileName") ?? ""), optics: readOptics(form) } } });
      if (result.data) router.push(`/profiles/${result.data.createMicroscopeProfile.id}`);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <section>
      <h2>Microscope profiles</h2>
      <div className="panel">
        {profiles.length === 0 ? (
          <p className="muted">No microscope profiles yet.</p>
        ) : (
          <table data-testid="profiles-table">
            <thead>
              <tr><th>Name</th><th>Modality</th><th>Objective</th><th>Channels</th><th>Version</th></tr>
            </thead>
            <tbody>
              {profiles.map((p) => (
                <tr key={p.id}>
                  <td><Link href={`/profiles/${p.id}`}>{p.name}</Link></td>
                  <td>{p.current.modality}</td>
                  <td>{p.current.magnification}× / NA {p.current.na} {p.current.immersionMedium}</td>
                  <td>{p.current.channels.map((c) => `${c.name} (${c.emissionNm} nm)`).join(", ")}</td>
                  <td>v{p.current.version}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canManage && !open && (
          <button style={{ marginTop: "1rem" }} onClick={() => setOpen(true)}>New profile</button>
        )}
        {canManage && open && (
          <form onSubmit={submit} style={{ marginTop: "1rem", display: "grid", gap: "0.75rem" }} data-testid="new-profile-form">
            <label>
              Profile name
              <input name="profileName" required placeholder="e.g. Nikon Ti2 60× oil" />
            </label>
            <OpticsFields />
            <div className="row">
              <button type="submit" disabled={state.loading}>Create profile</button>
              <button type="button" className="secondary" onClick={() => setOpen(false)}>Cancel</button>
            </div>
          </form>
        )}
        {error && <p className="error" role="alert">{error}</p>}
      </div>
    </section>
  );
}
