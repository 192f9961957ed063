"use client";
import { useMutation } from "@apollo/client/react";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { LabQuery } from "../labs/lab.operations";
import { AlgorithmFields, readAlgorithmFields } from "./algorithm-fields";
import { CreateRunTemplateMutation, DeleteRunTemplateMutation } from "./template.operations";

interface TemplateRow {
  id: string;
  name: string;
  algorithm: string;
  params: unknown;
  createdAt: string;
  createdBy: { name: string };
}

/** A lab's shared parameter presets; owners and managers add and remove them. */
export function TemplateSection({ labId, templates, canManage }: { labId: string; templates: TemplateRow[]; canManage: boolean }) {
  const [create, createState] = useMutation(CreateRunTemplateMutation, { refetchQueries: [LabQuery] });
  const [remove] = useMutation(DeleteRunTemplateMutation, { refetchQueries: [LabQuery] });
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const el = e.currentTarget;
    const form = new FormData(el);
    try {
      const { algorithm, params } = readAlgorithmFields(form);
      await create({ variables: { input: { labId, name: String(form.get("templateName") ?? ""), algorithm, params } } });
      el.reset();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <section>
      <h2>Run templates</h2>
      <div className="panel">
        {templates.length === 0 ? (
          <p className="muted">No templates yet.</p>
        ) : (
          <table data-testid="templates-table">
            <thead>
              <tr><th>Name</th><th>Algorithm</th><th>Parameters</th><th>By</th><th>Created</th>{canManage && <th />}</tr>
            </thead>
            <tbody>
              {templates.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{t.algorithm}</td>
                  <td><code>{JSON.stringify(t.params)}</code></td>
                  <td>{t.createdBy.name}</td>
                  <td>{formatDate(t.createdAt)}</td>
                  {canManage && (
                    <td>
                      <button
                        className="secondary"
                        onClick={async () => {
                          setError(null);
                          try {
                            await remove({ variables: { id: t.id } });
                          } catch (err) {
                            setError(errorMessage(err));
                          }
                        }}
                      >
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canManage && (
          <form className="row" onSubmit={submit} style={{ marginTop: "1rem" }} data-testid="new-template-form">
            <label>
              Template name
              <input name="templateName" required placeholder="e.g. RL 30 iterations" />
            </label>
            <AlgorithmFields />
            <button type="submit" disabled={createState.loading}>New template</button>
          </form>
        )}
        {error && <p className="error" role="alert">{error}</p>}
      </div>
    </section>
  );
}
