/**
 * The algorithms the web forms offer, with the one parameter each is tuned by, its range and
 * default — the same as the engine's zod schemas (packages/engine/src/params/deconvolution-params.ts:
 * ZRichardsonLucyParams, ZWienerParams, ZTikhonovParams, ZInverseParams). The engine's schema is
 * not bundled into the browser (it brings the engine's Node-only modules with it); the API
 * validates every submission with it and its message is shown. Other parameters (background,
 * boundary, tolerance, …) and the engine's other algorithms go in the extra-parameters JSON field.
 */
export interface AlgorithmChoice {
  name: string;
  label: string;
  param: { key: string; label: string; min: number; max: number; step: string; default: number; integer: boolean; help: string };
}

export const ALGORITHM_CHOICES: AlgorithmChoice[] = [
  {
    name: "rl",
    label: "Richardson-Lucy",
    param: { key: "iterations", label: "Richardson-Lucy iterations", min: 1, max: 10000, step: "1", default: 20, integer: true, help: "Number of iterations (the most done when a tolerance is set)." },
  },
  {
    name: "wiener",
    label: "Wiener filter",
    param: { key: "nsr", label: "Noise-to-signal ratio", min: 0, max: 1e6, step: "any", default: 0.01, integer: false, help: "K in conj(H)/(|H|² + K), relative to an OTF with H(0) = 1." },
  },
  {
    name: "tikhonov",
    label: "Tikhonov (regularised inverse)",
    param: { key: "lambda", label: "Regularisation λ", min: 0, max: 1e6, step: "any", default: 0.01, integer: false, help: "λ in conj(H)/(|H|² + λ|L|²), L the Laplacian." },
  },
  {
    name: "inverse",
    label: "Inverse filter",
    param: { key: "epsilon", label: "Guard ε", min: 0, max: 1, step: "any", default: 0.001, integer: false, help: "|H|² is floored at (ε·max|H|)²." },
  },
];

/** Names the engine also accepts, entered as "other" with their parameters in the JSON field. */
export const OTHER_ALGORITHMS = [
  "rl-accelerated", "rl-tv", "landweber", "landweber-nn", "van-cittert", "jansson-van-cittert",
  "tikhonov-miller", "ictm", "ista", "fista", "blind-rl",
];

export function algorithmChoice(name: string): AlgorithmChoice | undefined {
  return ALGORITHM_CHOICES.find((a) => a.name === name);
}
