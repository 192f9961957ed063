"use client";
import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import type { ProjectQuery as TProjectQuery, ProjectVisibility } from "@/gql/graphql";
import { errorMessage } from "@/lib/errors";
import { AddProjectMemberMutation, ProjectQuery, RemoveProjectMemberMutation, UpdateProjectMutation } from "./project.operations";

type Project = NonNullable<TProjectQuery["project"]>;

/** Who sees the project: its visibility in the lab and its members (chosen from the lab's). */
export function ProjectSettings({ project }: { project: Project }) {
  const opts = { refetchQueries: [ProjectQuery] };
  const [update] = useMutation(UpdateProjectMutation, opts);
  const [add] = useMutation(AddProjectMemberMutation, opts);
  const [remove] = useMutation(RemoveProjectMemberMutation, opts);
  const [error, setError] = useState<string | null>(null);
  const [candidate, setCandidate] = useState("");
  const memberIds = new Set(project.members.map((m) => m.id));
  const candidates = project.lab.members.nodes.filter((m) => !memberIds.has(m.user.id));

  async function attempt(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <div className="panel" data-testid="project-settings">
      <div className="row">
        <label>
          Visibility
          <select value={project.visibility} onChange={(e) => attempt(() => update({ variables: { input: { id: project.id, visibility: e.target.value as ProjectVisibility } } }))}>
            <option value="PRIVATE">Private (project members, lab owners and managers)</option>
            <option value="LAB">Lab (readable by every member of {project.lab.name})</option>
          </select>
        </label>
      </div>
      <h3>Members</h3>
      <table>
        <tbody>
          {project.members.map((m) => (
            <tr key={m.id}>
              <td>{m.name}{m.id === project.owner.id && <span className="muted"> (owner)</span>}</td>
              <td>{m.email}</td>
              <td>{m.id !== project.owner.id && <button className="secondary" onClick={() => attempt(() => remove({ variables: { projectId: project.id, userId: m.id } }))}>Remove</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {candidates.length > 0 && (
        <div className="row" style={{ marginTop: "0.5rem" }}>
          <label>
            Add a lab member
            <select value={candidate} onChange={(e) => setCandidate(e.target.value)}>
              <option value="">— choose —</option>
              {candidates.map((m) => (
                <option key={m.user.id} value={m.user.id}>{m.user.name} ({m.user.email}, {m.role.toLowerCase()})</option>
              ))}
            </select>
          </label>
          <button disabled={!candidate} onClick={() => attempt(async () => { await add({ variables: { projectId: project.id, userId: candidate } }); setCandidate(""); })}>Add member</button>
        </div>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
