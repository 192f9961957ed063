"use client";
import { useState } from "react";
import type { MicroscopeOpticsInput, Modality } from "@/gql/graphql";

export const MODALITIES: { value: Modality; label: string }[] = [
  { value: "WIDEFIELD", label: "Widefield" },
  { value: "CONFOCAL", label: "Confocal (point scanning)" },
  { value: "SPINNING_DISK", label: "Spinning disk" },
  { value: "TWO_PHOTON", label: "Two-photon" },
  { value: "LIGHT_SHEET", label: "Light sheet" },
];

/** Immersion media with their refractive index at ~550 nm, to fill the index in one pick. */
const MEDIA: Record<string, number> = { oil: 1.518, water: 1.333, glycerol: 1.47, silicone: 1.406, air: 1.0 };

export interface OpticsValues {
  modality: Modality;
  magnification: number;
  na: number;
  immersionMedium: string;
  immersionIndex: number;
  sampleIndex: number;
  coverslipIndex: number;
  coverslipThicknessUm: number;
  pixelSizeNm: number;
  zStepNm?: number | null;
  pinholeAiryUnits?: number | null;
  channels: { name: string; excitationNm?: number | null; emissionNm: number }[];
}

const DEFAULTS: OpticsValues = {
  modality: "WIDEFIELD",
  magnification: 60,
  na: 1.4,
  immersionMedium: "oil",
  immersionIndex: 1.518,
  sampleIndex: 1.33,
  coverslipIndex: 1.522,
  coverslipThicknessUm: 170,
  pixelSizeNm: 100,
  zStepNm: 250,
  pinholeAiryUnits: null,
  channels: [{ name: "GFP", excitationNm: 488, emissionNm: 520 }],
};

function num(form: FormData, name: string): number {
  return Number(form.get(name));
}

function optionalNum(form: FormData, name: string): number | null {
  const v = String(form.get(name) ?? "").trim();
  return v === "" ? null : Number(v);
}

/** Reads the optics inputs rendered by OpticsFields back into the API's input. */
export function readOptics(form: FormData): MicroscopeOpticsInput {
  const count = num(form, "channelCount");
  const channels = Array.from({ length: count }, (_, i) => ({
    name: String(form.get(`channel-${i}-name`) ?? ""),
    excitationNm: optionalNum(form, `channel-${i}-excitation`),
    emissionNm: num(form, `channel-${i}-emission`),
  }));
  return {
    modality: String(form.get("modality")) as Modality,
    magnification: num(form, "magnification"),
    na: num(form, "na"),
    immersionMedium: String(form.get("immersionMedium") ?? ""),
    immersionIndex: num(form, "immersionIndex"),
    sampleIndex: num(form, "sampleIndex"),
    coverslipIndex: num(form, "coverslipIndex"),
    coverslipThicknessUm: num(form, "coverslipThicknessUm"),
    pixelSizeNm: num(form, "pixelSizeNm"),
    zStepNm: optionalNum(form, "zStepNm"),
    pinholeAiryUnits: optionalNum(form, "pinholeAiryUnits"),
    channels,
  };
}

/**
 * The optics of a microscope profile as form inputs, prefilled from a version (or a 60×/1.4 oil
 * widefield); channels can be added and removed.
 */
export function OpticsFields({ initial }: { initial?: OpticsValues }) {
  const v = initial ?? DEFAULTS;
  const [channels, setChannels] = useState(v.channels.length ? v.channels : DEFAULTS.channels);
  const [immersionIndex, setImmersionIndex] = useState(String(v.immersionIndex));
  return (
    <>
      <div className="row">
        <label>
          Modality
          <select name="modality" defaultValue={v.modality}>
            {MODALITIES.map((m) => (
              <option key={m.value} value={m.value}>{m.label}</option>
            ))}
          </select>
        </label>
        <label>
          Objective magnification
          <input name="magnification" type="number" step="any" min="1" defaultValue={v.magnification} required />
        </label>
        <label title="Numerical aperture of the objective">
          NA
          <input name="na" type="number" step="any" min="0.05" max="1.7" defaultValue={v.na} required />
        </label>
        <label>
          Immersion medium
          <select name="immersionMedium" defaultValue={v.immersionMedium} onChange={(e) => MEDIA[e.target.value] && setImmersionIndex(String(MEDIA[e.target.value]))}>
            {Object.keys(MEDIA).map((m) => (
              <option key={m} value={m}>{m}</option>
            ))}
            {!(v.immersionMedium in MEDIA) && <option value={v.immersionMedium}>{v.immersionMedium}</option>}
          </select>
        </label>
        <label>
          Immersion index
          <input name="immersionIndex" type="number" step="any" min="1" max="2" value={immersionIndex} onChange={(e) => setImmersionIndex(e.target.value)} required />
        </label>
        <label>
          Sample index
          <input name="sampleIndex" type="number" step="any" min="1" max="2" defaultValue={v.sampleIndex} required />
        </label>
        <label>
          Coverslip index
          <input name="coverslipIndex" type="number" step="any" min="1" max="2" defaultValue={v.coverslipIndex} required />
        </label>
        <label>
          Coverslip thickness (µm)
          <input name="coverslipThicknessUm" type="number" step="any" min="0" defaultValue={v.coverslipThicknessUm} required />
        </label>
        <label title="Camera pixel size in the sample plane (after the objective)">
          Pixel size (nm)
          <input name="pixelSizeNm" type="number" step="any" min="1" defaultValue={v.pixelSizeNm} required />
        </label>
        <label>
          Z-step (nm)
          <input name="zStepNm" type="number" step="any" min="1" defaultValue={v.zStepNm ?? ""} />
        </label>
        <label title="Confocal and spinning disk only">
          Pinhole (Airy units)
          <input name="pinholeAiryUnits" type="number" step="any" min="0" defaultValue={v.pinholeAiryUnits ?? ""} />
        </label>
      </div>
      <input type="hidden" name="channelCount" value={channels.length} />
      {channels.map((c, i) => (
        <div className="row" key={`${i}-${channels.length}`} data-testid="channel-row">
          <label>
            Channel {i} name
            <input name={`channel-${i}-name`} defaultValue={c.name} required />
          </label>
          <label>
            Excitation (nm)
            <input name={`channel-${i}-excitation`} type="number" step="any" min="100" max="2000" defaultValue={c.excitationNm ?? ""} />
          </label>
          <label>
            Emission (nm)
            <input name={`channel-${i}-emission`} type="number" step="any" min="100" max="2000" defaultValue={c.emissionNm} required />
          </label>
          {channels.length > 1 && (
            <button type="button" className="secondary" onClick={() => setChannels(channels.filter((_, j) => j !== i))}>Remove channel</button>
          )}
        </div>
      ))}
      <div className="row">
        <button type="button" className="secondary" onClick={() => setChannels([...channels, { name: `Channel ${channels.length}`, excitationNm: null, emissionNm: 600 }])}>
          Add channel
        </button>
      </div>
    </>
  );
}
