"use client";
import { useMutation } from "@apollo/client/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { SubmitRunMutation } from "./run.operations";

interface ImageChoice {
  id: string;
  name: string;
  shape: number[];
}

/** Richardson-Lucy with a Gaussian PSF: the first slice of the product. */
export function SubmitRunForm({ projectId, images }: { projectId: string; images: ImageChoice[] }) {
  const [submitRun, { loading }] = useMutation(SubmitRunMutation);
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const form = new FormData(e.currentTarget);
    try {
      const result = await submitRun({
        variables: {
          input: {
            projectId,
            imageId: String(form.get("imageId")),
            algorithm: "rl",
            psf: { gaussian: { sigmaXY: Number(form.get("sigmaXY")), sigmaZ: Number(form.get("sigmaZ")) } },
            params: { iterations: Number(form.get("iterations")) },
          },
        },
      });
      if (result.data) router.push(`/runs/${result.data.submitRun.id}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  if (images.length === 0) return <p className="muted">Upload an image first.</p>;
  return (
    <form className="row" onSubmit={submit} data-testid="submit-run-form">
      <label>
        Image
        <select name="imageId" required>
          {images.map((i) => (
            <option key={i.id} value={i.id}>{i.name} ({i.shape.join("×")})</option>
          ))}
        </select>
      </label>
      <label title="Standard deviation of the Gaussian PSF across x and y, in pixels">
        PSF σ lateral (px)
        <input name="sigmaXY" type="number" step="0.1" min="0.1" max="100" defaultValue="2" required />
      </label>
      <label title="Standard deviation of the Gaussian PSF along z, in slices">
        PSF σ axial (px)
        <input name="sigmaZ" type="number" step="0.1" min="0.1" max="100" defaultValue="3" required />
      </label>
      <label>
        Richardson-Lucy iterations
        <input name="iterations" type="number" min="1" max="10000" defaultValue="20" required />
      </label>
      <button type="submit" disabled={loading}>Run deconvolution</button>
      {error && <p className="error" role="alert">{error}</p>}
    </form>
  );
}
