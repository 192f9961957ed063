"use client";
import { useMutation } from "@apollo/client/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { ProjectQuery as TProjectQuery, PsfInput } from "@/gql/graphql";
import { errorMessage, parseJsonObject } from "@/lib/errors";
import { ProjectQuery } from "../projects/project.operations";
import { AlgorithmFields, readAlgorithmFields } from "../templates/algorithm-fields";
import { SubmitBatchMutation, SubmitRunMutation } from "./run.operations";

type Project = NonNullable<TProjectQuery["project"]>;

/** The PSF choice encoded in one select value. */
function readPsf(value: string, form: FormData): PsfInput {
  if (value.startsWith("psf:")) return { psfId: value.slice(4) };
  if (value.startsWith("default:")) {
    const [, profileId, channel] = value.split(":");
    return { profileDefault: { profileId, channel: Number(channel) } };
  }
  return { gaussian: { sigmaXY: Number(form.get("sigmaXY")), sigmaZ: Number(form.get("sigmaZ")) } };
}

/**
 * Submits one run, or a batch (the selected images or a dataset) with one parameter set: the PSF
 * is a Gaussian, a library PSF or a profile channel's default; the parameters are typed in or
 * come from a lab template (optionally overridden).
 */
export function SubmitRunForm({ project, selected }: { project: Project; selected: Set<string> }) {
  const [submitRun, runState] = useMutation(SubmitRunMutation);
  const [submitBatch, batchState] = useMutation(SubmitBatchMutation, { refetchQueries: [ProjectQuery] });
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [psfChoice, setPsfChoice] = useState("gaussian");
  const [paramsFrom, setParamsFrom] = useState("custom");
  const router = useRouter();
  const images = project.images.nodes;
  const datasets = project.datasets.nodes;
  const profiles = project.lab.profiles.nodes;
  const templates = project.lab.templates.nodes;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setDone(null);
    const form = new FormData(e.currentTarget);
    const input = String(form.get("input") ?? "");
    try {
      const psf = readPsf(psfChoice, form);
      const parameters =
        paramsFrom === "custom"
          ? readAlgorithmFields(form)
          : { templateId: paramsFrom.slice("template:".length), params: parseJsonObject(String(form.get("overrideParams") ?? ""), "Override parameters") };
      const common = { projectId: project.id, psf, ...parameters };
      const imageIds = input === "selected" ? [...selected] : input.startsWith("image:") ? [input.slice(6)] : [];
      if (imageIds.length === 1) {
        const result = await submitRun({ variables: { input: { ...common, imageId: imageIds[0] } } });
        if (result.data) router.push(`/runs/${result.data.submitRun.id}`);
        return;
      }
      const batch = input.startsWith("dataset:") ? { datasetId: input.slice(8) } : { imageIds };
      const result = await submitBatch({ variables: { input: { ...common, ...batch } } });
      setDone(`Batch submitted: ${result.data?.submitBatch.runs.length ?? 0} runs queued.`);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  if (images.length === 0) return <p className="muted">Upload an image first.</p>;
  return (
    <form onSubmit={submit} data-testid="submit-run-form" style={{ display: "grid", gap: "0.75rem" }}>
      <div className="row">
        <label>
          Input
          <select name="input" key={selected.size} defaultValue={selected.size > 0 ? "selected" : `image:${images[0].id}`}>
            {selected.size > 0 && <option value="selected">Selected images ({selected.size})</option>}
            {datasets.length > 0 && (
              <optgroup label="Datasets (batch)">
                {datasets.map((d) => (
                  <option key={d.id} value={`dataset:${d.id}`}>{d.name} ({d.images.length} images)</option>
                ))}
              </optgroup>
            )}
            <optgroup label="One image">
              {images.map((i) => (
                <option key={i.id} value={`image:${i.id}`}>{i.name} ({i.shape.join("×")})</option>
              ))}
            </optgroup>
          </select>
        </label>
        <label>
          PSF
          <select name="psf" value={psfChoice} onChange={(e) => setPsfChoice(e.target.value)}>
            <option value="gaussian">Gaussian (σ in pixels)</option>
            {profiles.map((p) => (
              <optgroup key={p.id} label={p.name}>
                {p.current.channels.map((c, ch) => (
                  <option key={`d${ch}`} value={`default:${p.id}:${ch}`}>Default PSF of {p.name} · {c.name}</option>
                ))}
                {p.psfs.nodes.map((psf) => (
                  <option key={psf.id} value={`psf:${psf.id}`}>
                    {p.current.channels[psf.channel ?? 0]?.name ?? `ch ${psf.channel}`} v{psf.version} {psf.model ?? psf.source.toLowerCase()} {psf.name}{psf.isDefault ? " (default)" : ""}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        {psfChoice === "gaussian" && (
          <>
            <label title="Standard deviation of the Gaussian PSF across x and y, in pixels">
              PSF σ lateral (px)
              <input name="sigmaXY" type="number" step="0.1" min="0.1" max="100" defaultValue="2" required />
            </label>
            <label title="Standard deviation of the Gaussian PSF along z, in slices">
              PSF σ axial (px)
              <input name="sigmaZ" type="number" step="0.1" min="0.1" max="100" defaultValue="3" required />
            </label>
          </>
        )}
      </div>
      <div className="row">
        <label>
          Parameters
          <select name="paramsFrom" value={paramsFrom} onChange={(e) => setParamsFrom(e.target.value)}>
            <option value="custom">Custom</option>
            {templates.length > 0 && (
              <optgroup label="Lab templates">
                {templates.map((t) => (
                  <option key={t.id} value={`template:${t.id}`}>{t.name} ({t.algorithm} {JSON.stringify(t.params)})</option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        {paramsFrom === "custom" ? (
          <AlgorithmFields />
        ) : (
          <label style={{ flex: 1 }} title="Parameters given here replace the template's">
            Override parameters (JSON)
            <input name="overrideParams" placeholder='{"iterations": 40}' />
          </label>
        )}
      </div>
      <div className="row">
        <button type="submit" disabled={runState.loading || batchState.loading}>Run deconvolution</button>
        {done && <span className="muted" role="status" data-testid="batch-status">{done}</span>}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
    </form>
  );
}
