"use client";
import { useMutation, useQuery } from "@apollo/client/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/errors";
import { LabTable } from "./lab-table";
import { HomeQuery, LabsQuery, CreateLabMutation } from "./lab.operations";

/** Every lab the user belongs to, and a form to found a new one (the founder is its owner). */
export function LabList() {
  const { data, loading, error } = useQuery(HomeQuery);
  const [createLab, state] = useMutation(CreateLabMutation, { refetchQueries: [HomeQuery, LabsQuery] });
  const [formError, setFormError] = useState<string | null>(null);
  const router = useRouter();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const name = String(new FormData(e.currentTarget).get("name") ?? "");
    try {
      const result = await createLab({ variables: { input: { name } } });
      if (result.data) router.push(`/labs/${result.data.createLab.id}`);
    } catch (err) {
      setFormError(errorMessage(err));
    }
  }

  return (
    <>
      <h1>Labs</h1>
      <form className="panel row" onSubmit={submit}>
        <label>
          New lab
          <input name="name" placeholder="e.g. Imaging Facility" required />
        </label>
        <button type="submit" disabled={state.loading}>Create lab</button>
        {formError && <p className="error" role="alert">{formError}</p>}
      </form>
      {loading && !data && <p className="muted">Loading…</p>}
      {error && <p className="error">{error.message}</p>}
      {data && (
        <LabTable labs={data.labs.nodes} testId="labs-table" />
      )}
    </>
  );
}
