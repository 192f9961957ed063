"use client";
import { useMutation, useQuery } from "@apollo/client/react";
import { useState, type FormEvent, type ReactNode } from "react";
import { useApiUrl } from "@/lib/api-url";
import { errorMessage, parseJsonObject } from "@/lib/errors";
import { uploadFile } from "@/lib/upload";
import { ProfileQuery } from "../profiles/profile.operations";
import { BeadImagesQuery, DistillPsfMutation, GeneratePsfMutation, MyProjectsQuery, UploadPsfMutation } from "./psf.operations";

/** The engine's PSF models (packages/engine/src/psf/generate.ts PSF_MODELS), with what each needs. */
export const PSF_MODELS: { name: string; label: string; help: string }[] = [
  { name: "gaussian", label: "Gaussian", help: "Gaussian approximation of the widefield PSF from NA and wavelength." },
  { name: "born-wolf", label: "Born & Wolf", help: "Scalar diffraction, no aberrations (matched indices)." },
  { name: "gibson-lanni", label: "Gibson & Lanni", help: "Scalar diffraction with the refractive-index mismatch of immersion, coverslip and sample; extra: particleDepthNm." },
  { name: "confocal", label: "Confocal", help: "Excitation × detection through the pinhole; extra: pinholeAu." },
  { name: "two-photon", label: "Two-photon", help: "Squared excitation PSF at the excitation wavelength." },
  { name: "light-sheet", label: "Light sheet", help: "Detection PSF × Gaussian sheet; extra: sheetFwhmNm." },
];

interface Channel {
  name: string;
  emissionNm: number;
}

function ChannelSelect({ channels, channel }: { channels: Channel[]; channel: number }) {
  return (
    <label>
      Channel
      <select name="channel" defaultValue={channel}>
        {channels.map((c, i) => (
          <option key={i} value={i}>{i}: {c.name} ({c.emissionNm} nm)</option>
        ))}
      </select>
    </label>
  );
}

function SizeFields({ z = 32, y = 64, x = 64, prefix = "size" }: { z?: number; y?: number; x?: number; prefix?: string }) {
  return (
    <>
      <label title="PSF size in voxels along z">Size z<input name={`${prefix}Z`} type="number" min="1" max="512" defaultValue={z} required /></label>
      <label title="PSF size in voxels along y">Size y<input name={`${prefix}Y`} type="number" min="1" max="2048" defaultValue={y} required /></label>
      <label title="PSF size in voxels along x">Size x<input name={`${prefix}X`} type="number" min="1" max="2048" defaultValue={x} required /></label>
    </>
  );
}

function readSize(form: FormData, prefix = "size"): number[] {
  return ["Z", "Y", "X"].map((a) => Number(form.get(`${prefix}${a}`)));
}

function NameAndDefault() {
  return (
    <>
      <label>
        Name
        <input name="psfName" placeholder="optional" />
      </label>
      <label style={{ flexDirection: "row", alignItems: "center", gap: "0.4rem" }}>
        <input name="makeDefault" type="checkbox" defaultChecked /> Make default for the channel
      </label>
    </>
  );
}

/** A form that reports its own busy state, error and success line. */
function ActionForm({ title, testId, onSubmit, children, submitLabel }: { title: string; testId: string; submitLabel: string; onSubmit: (form: FormData) => Promise<string>; children: ReactNode }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      setDone(await onSubmit(new FormData(e.currentTarget)));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="panel" onSubmit={submit} data-testid={testId}>
      <h3 style={{ marginTop: 0 }}>{title}</h3>
      <div className="row">
        {children}
        <button type="submit" disabled={busy}>{busy ? "Working…" : submitLabel}</button>
      </div>
      {done && <p className="muted" role="status">{done}</p>}
      {error && <p className="error" role="alert">{error}</p>}
    </form>
  );
}

export function GeneratePsfForm({ profileId, channels, channel }: { profileId: string; channels: Channel[]; channel: number }) {
  const [generate] = useMutation(GeneratePsfMutation, { refetchQueries: [ProfileQuery], awaitRefetchQueries: true });
  const [model, setModel] = useState("gibson-lanni");
  return (
    <ActionForm
      title="Generate from the profile's optics"
      testId="generate-psf-form"
      submitLabel="Generate PSF"
      onSubmit={async (form) => {
        const params = parseJsonObject(String(form.get("modelParams") ?? ""), "Model parameters");
        const result = await generate({
          variables: {
            input: {
              profileId,
              channel: Number(form.get("channel")),
              model,
              size: readSize(form),
              ...(params ? { params } : {}),
              name: String(form.get("psfName") ?? "") || null,
              makeDefault: form.get("makeDefault") === "on",
            },
          },
        });
        return `PSF version ${result.data?.generatePsf.version ?? "?"} generated.`;
      }}
    >
      <ChannelSelect channels={channels} channel={channel} />
      <label title={PSF_MODELS.find((m) => m.name === model)?.help}>
        Model
        <select name="model" value={model} onChange={(e) => setModel(e.target.value)}>
          {PSF_MODELS.map((m) => (
            <option key={m.name} value={m.name}>{m.label}</option>
          ))}
        </select>
      </label>
      <SizeFields />
      <label title='e.g. {"particleDepthNm": 5000}'>
        Model parameters (JSON)
        <input name="modelParams" placeholder='{"particleDepthNm": 2000}' />
      </label>
      <NameAndDefault />
    </ActionForm>
  );
}

export function UploadPsfForm({ profileId, channels, channel }: { profileId: string; channels: Channel[]; channel: number }) {
  const apiUrl = useApiUrl();
  const [upload] = useMutation(UploadPsfMutation, { refetchQueries: [ProfileQuery], awaitRefetchQueries: true });
  return (
    <ActionForm
      title="Upload a measured PSF (TIFF)"
      testId="upload-psf-form"
      submitLabel="Upload PSF"
      onSubmit={async (form) => {
        const file = form.get("psfFile");
        if (!(file instanceof File) || file.size === 0) throw new Error("Choose a TIFF file first.");
        const stored = await uploadFile(apiUrl, file);
        const result = await upload({
          variables: {
            input: { profileId, channel: Number(form.get("channel")), fileId: stored.id, name: String(form.get("psfName") ?? "") || file.name, makeDefault: form.get("makeDefault") === "on" },
          },
        });
        return `PSF version ${result.data?.uploadPsf.version ?? "?"} added.`;
      }}
    >
      <ChannelSelect channels={channels} channel={channel} />
      <label>
        PSF file
        <input name="psfFile" type="file" accept=".tif,.tiff,image/tiff" required />
      </label>
      <NameAndDefault />
    </ActionForm>
  );
}

export function DistillPsfForm({ profileId, channels, channel }: { profileId: string; channels: Channel[]; channel: number }) {
  const [distill] = useMutation(DistillPsfMutation, { refetchQueries: [ProfileQuery], awaitRefetchQueries: true });
  const projects = useQuery(MyProjectsQuery);
  const [projectId, setProjectId] = useState("");
  const images = useQuery(BeadImagesQuery, { variables: { projectId }, skip: !projectId });
  return (
    <ActionForm
      title="Distill from bead images"
      testId="distill-psf-form"
      submitLabel="Distill PSF"
      onSubmit={async (form) => {
        const imageIds = form.getAll("beadImage").map(String);
        if (imageIds.length === 0) throw new Error("Pick at least one bead image.");
        const result = await distill({
          variables: {
            input: {
              profileId,
              channel: Number(form.get("channel")),
              imageIds,
              beadDiameterNm: Number(form.get("beadDiameterNm")),
              size: readSize(form, "distill"),
              name: String(form.get("psfName") ?? "") || null,
              makeDefault: form.get("makeDefault") === "on",
            },
          },
        });
        return `PSF version ${result.data?.distillPsf.version ?? "?"} distilled.`;
      }}
    >
      <ChannelSelect channels={channels} channel={channel} />
      <label>
        Project with bead images
        <select value={projectId} onChange={(e) => setProjectId(e.target.value)}>
          <option value="">— pick a project —</option>
          {projects.data?.projects.nodes.map((p) => (
            <option key={p.id} value={p.id}>{p.name} ({p.lab.name})</option>
          ))}
        </select>
      </label>
      {images.data?.project && (
        <fieldset className="checklist">
          <legend>Bead images</legend>
          {images.data.project.images.nodes.length === 0 && <span className="muted">This project has no images.</span>}
          {images.data.project.images.nodes.map((img) => (
            <label key={img.id} style={{ flexDirection: "row", alignItems: "center", gap: "0.4rem" }}>
              <input type="checkbox" name="beadImage" value={img.id} /> {img.name} ({img.shape.join("×")})
            </label>
          ))}
        </fieldset>
      )}
      <label>
        Bead diameter (nm)
        <input name="beadDiameterNm" type="number" step="any" min="0" defaultValue={100} required />
      </label>
      <SizeFields prefix="distill" z={16} y={32} x={32} />
      <NameAndDefault />
    </ActionForm>
  );
}
