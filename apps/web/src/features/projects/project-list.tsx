"use client";
import { useMutation, useQuery } from "@apollo/client/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { ProjectVisibility } from "@/gql/graphql";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { LabsQuery } from "../labs/lab.operations";
import { CreateProjectMutation, ProjectsQuery } from "./project.operations";

/**
 * The projects the user can see (all of them, or one lab's) and a form for a new one. Without a
 * lab the API puts a new project in the user's personal lab.
 */
export function ProjectList({ labId }: { labId?: string }) {
  const { data, loading, error } = useQuery(ProjectsQuery, { variables: { labId } });
  const labs = useQuery(LabsQuery, { skip: Boolean(labId) });
  const [createProject, { loading: creating }] = useMutation(CreateProjectMutation, { refetchQueries: [ProjectsQuery] });
  const [formError, setFormError] = useState<string | null>(null);
  const router = useRouter();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const form = new FormData(e.currentTarget);
    const lab = labId ?? String(form.get("labId") ?? "");
    const visibility = String(form.get("visibility") ?? "PRIVATE") as ProjectVisibility;
    try {
      const result = await createProject({
        variables: {
          input: {
            name: String(form.get("name") ?? ""),
            description: String(form.get("description") ?? ""),
            visibility,
            ...(lab ? { labId: lab } : {}),
          },
        },
      });
      if (result.data) router.push(`/projects/${result.data.createProject.id}`);
    } catch (err) {
      setFormError(errorMessage(err));
    }
  }

  const projects = data?.projects.nodes ?? [];
  return (
    <>
      {labId ? <h2>Projects</h2> : <h1>Projects</h1>}
      <form className="panel row" onSubmit={submit} data-testid="new-project-form">
        <label>
          New project
          <input name="name" placeholder="e.g. Nuclei, widefield 60×" required />
        </label>
        <label style={{ flex: 1 }}>
          Description
          <input name="description" placeholder="optional" />
        </label>
        {!labId && (
          <label>
            Lab
            <select name="labId" defaultValue="">
              <option value="">My personal lab</option>
              {labs.data?.labs.nodes
                .filter((l) => l.myRole !== "VIEWER")
                .map((l) => (
                  <option key={l.id} value={l.id}>{l.name} ({l.myRole.toLowerCase()})</option>
                ))}
            </select>
          </label>
        )}
        <label title="Private: the project's members and the lab's owners and managers. Lab: every member of the lab can read it.">
          Visibility
          <select name="visibility" defaultValue="PRIVATE">
            <option value="PRIVATE">Private</option>
            <option value="LAB">Lab (readable by all lab members)</option>
          </select>
        </label>
        <button type="submit" disabled={creating}>Create project</button>
        {formError && <p className="error" role="alert">{formError}</p>}
      </form>
      {loading && !data && <p className="muted">Loading…</p>}
      {error && <p className="error">{error.message}</p>}
      {data && projects.length === 0 && <p className="muted">No projects yet: create one above.</p>}
      {projects.length > 0 && (
        <table className="panel" data-testid="projects-table">
          <thead>
            <tr><th>Name</th><th>Lab</th><th>Visibility</th><th>Access</th><th>Images</th><th>Runs</th><th>Created</th></tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.id}>
                <td><Link href={`/projects/${p.id}`}>{p.name}</Link><div className="muted">{p.description}</div></td>
                <td><Link href={`/labs/${p.lab.id}`}>{p.lab.name}</Link></td>
                <td>{p.visibility === "LAB" ? "Lab" : "Private"}</td>
                <td>{p.myAccess === "WRITE" ? "write" : "read"}</td>
                <td>{p.images.totalCount}</td>
                <td>{p.runs.totalCount}</td>
                <td>{formatDate(p.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
