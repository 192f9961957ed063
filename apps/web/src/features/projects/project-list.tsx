"use client";
import { useMutation, useQuery } from "@apollo/client/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { CreateProjectMutation, ProjectsQuery } from "./project.operations";

export function ProjectList() {
  const { data, loading, error } = useQuery(ProjectsQuery);
  const [createProject, { loading: creating }] = useMutation(CreateProjectMutation, { refetchQueries: [ProjectsQuery] });
  const [formError, setFormError] = useState<string | null>(null);
  const router = useRouter();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const form = new FormData(e.currentTarget);
    try {
      const result = await createProject({ variables: { input: { name: String(form.get("name") ?? ""), description: String(form.get("description") ?? "") } } });
      if (result.data) router.push(`/projects/${result.data.createProject.id}`);
    } catch (err) {
      setFormError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <>
      <h1>Projects</h1>
      <form className="panel row" onSubmit={submit}>
        <label>
          New project
          <input name="name" placeholder="e.g. Nuclei, widefield 60×" required />
        </label>
        <label style={{ flex: 1 }}>
          Description
          <input name="description" placeholder="optional" />
        </label>
        <button type="submit" disabled={creating}>Create project</button>
        {formError && <p className="error" role="alert">{formError}</p>}
      </form>
      {loading && <p className="muted">Loading…</p>}
      {error && <p className="error">{error.message}</p>}
      {data && data.projects.length === 0 && <p className="muted">No projects yet: create one above.</p>}
      {data && data.projects.length > 0 && (
        <table className="panel">
          <thead>
            <tr><th>Name</th><th>Images</th><th>Runs</th><th>Created</th></tr>
          </thead>
          <tbody>
            {data.projects.map((p) => (
              <tr key={p.id}>
                <td><Link href={`/projects/${p.id}`}>{p.name}</Link><div className="muted">{p.description}</div></td>
                <td>{p.images.length}</td>
                <td>{p.runs.length}</td>
                <td>{new Date(p.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
