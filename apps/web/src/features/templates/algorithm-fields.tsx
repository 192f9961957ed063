"use client";
import { useState } from "react";
import { parseJsonObject } from "@/lib/errors";
import { ALGORITHM_CHOICES, OTHER_ALGORITHMS, algorithmChoice } from "./algorithms";

/**
 * Algorithm select, its main parameter and a JSON field for the rest. Inputs are named
 * `algorithm`, `mainParam` and `extraParams`; read them back with `readAlgorithmFields`.
 */
export function AlgorithmFields({ initialAlgorithm = "rl" }: { initialAlgorithm?: string }) {
  const [algorithm, setAlgorithm] = useState(initialAlgorithm);
  const choice = algorithmChoice(algorithm);
  return (
    <>
      <label>
        Algorithm
        <select name="algorithm" value={algorithm} onChange={(e) => setAlgorithm(e.target.value)}>
          {ALGORITHM_CHOICES.map((a) => (
            <option key={a.name} value={a.name}>{a.label}</option>
          ))}
          <optgroup label="More (parameters as JSON)">
            {OTHER_ALGORITHMS.map((a) => (
              <option key={a} value={a}>{a}</option>
            ))}
          </optgroup>
        </select>
      </label>
      {choice && (
        <label key={choice.name} title={choice.param.help}>
          {choice.param.label}
          <input name="mainParam" type="number" min={choice.param.min} max={choice.param.max} step={choice.param.step} defaultValue={choice.param.default} required />
        </label>
      )}
      <label style={{ flex: 1, minWidth: "14rem" }} title='e.g. {"background": "auto", "boundary": "mirror", "tolerance": 0.001}'>
        Extra parameters (JSON)
        <input name="extraParams" placeholder='{"boundary": "mirror"}' />
      </label>
    </>
  );
}

/** The algorithm and its parameters from a form holding AlgorithmFields. Throws on bad JSON. */
export function readAlgorithmFields(form: FormData): { algorithm: string; params: Record<string, unknown> } {
  const algorithm = String(form.get("algorithm") ?? "rl");
  const extra = parseJsonObject(String(form.get("extraParams") ?? ""), "Extra parameters") ?? {};
  const choice = algorithmChoice(algorithm);
  const params: Record<string, unknown> = { ...extra };
  if (choice && form.get("mainParam") != null) params[choice.param.key] = Number(form.get("mainParam"));
  return { algorithm, params };
}
