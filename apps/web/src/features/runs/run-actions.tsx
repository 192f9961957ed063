"use client";
import { useMutation } from "@apollo/client/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage, parseJsonObject } from "@/lib/errors";
import { CancelRunMutation, ReproduceRunMutation, RerunMutation } from "./run.operations";

const ACTIVE = new Set(["QUEUED", "RUNNING"]);

/** Cancel while it runs; re-run (same or edited parameters) and reproduce once it has ended. */
export function RunActions({ run, onChange }: { run: { id: string; status: string; params: unknown }; onChange: () => void }) {
  const [cancel, cancelState] = useMutation(CancelRunMutation);
  const [rerun, rerunState] = useMutation(RerunMutation);
  const [reproduce, reproduceState] = useMutation(ReproduceRunMutation);
  const [editing, setEditing] = useState(false);
  const [paramsText, setParamsText] = useState(() => JSON.stringify(run.params, null, 2));
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();

  async function attempt(action: () => Promise<void>) {
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <div>
      <div className="row">
        {ACTIVE.has(run.status) && (
          <button className="secondary" disabled={cancelState.loading} onClick={() => attempt(async () => { await cancel({ variables: { id: run.id } }); onChange(); })}>
            Cancel run
          </button>
        )}
        {!ACTIVE.has(run.status) && (
          <>
            <button className="secondary" disabled={rerunState.loading} onClick={() => attempt(async () => {
              const r = await rerun({ variables: { input: { id: run.id } } });
              if (r.data) router.push(`/runs/${r.data.rerun.id}`);
            })}>
              Re-run
            </button>
            <button className="secondary" onClick={() => setEditing(!editing)}>Re-run with edited parameters</button>
            {run.status === "SUCCEEDED" && (
              <button className="secondary" disabled={reproduceState.loading} onClick={() => attempt(async () => {
                const r = await reproduce({ variables: { id: run.id } });
                if (r.data) router.push(`/runs/${r.data.reproduceRun.id}`);
              })}>
                Reproduce
              </button>
            )}
          </>
        )}
      </div>
      {editing && (
        <form
          style={{ marginTop: "0.75rem", display: "grid", gap: "0.5rem" }}
          onSubmit={(e) => {
            e.preventDefault();
            void attempt(async () => {
              const params = parseJsonObject(paramsText, "Parameters");
              const r = await rerun({ variables: { input: { id: run.id, params } } });
              if (r.data) router.push(`/runs/${r.data.rerun.id}`);
            });
          }}
        >
          <label>
            Parameters (JSON; changed values replace the run&apos;s)
            <textarea rows={8} value={paramsText} onChange={(e) => setParamsText(e.target.value)} style={{ fontFamily: "ui-monospace, monospace" }} />
          </label>
          <div className="row"><button type="submit" disabled={rerunState.loading}>Submit re-run</button></div>
        </form>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
