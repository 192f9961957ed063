/**
 * One entry for every theoretical PSF model, by name: the CLI, the API (PSF library) and the web app
 * generate PSFs through it, so a model added here is offered everywhere.
 */
import { z } from "zod";
import type { Volume } from "../volume.js";
import { bornWolfPsf } from "./born-wolf.js";
import { confocalPsf } from "./confocal.js";
import { gaussianPsfFromOptics } from "./gaussian.js";
import { gibsonLanniPsf } from "./gibson-lanni.js";
import { lightSheetPsf } from "./light-sheet.js";
import { twoPhotonPsf } from "./two-photon.js";

export const PSF_MODELS = ["gaussian", "born-wolf", "gibson-lanni", "confocal", "two-photon", "light-sheet"] as const;
export const ZPsfModel = z.enum(PSF_MODELS);
export type TPsfModel = z.infer<typeof ZPsfModel>;

/**
 * Generates a theoretical PSF. `params` is validated by the model's own schema (lengths in nm,
 * shape [z, y, x]); bad values throw EngineError "INVALID_PARAMETER" naming the parameter.
 */
export function generatePsf(model: TPsfModel, params: Record<string, unknown>): Volume {
  switch (model) {
    case "gaussian": return gaussianPsfFromOptics(params as Parameters<typeof gaussianPsfFromOptics>[0]);
    case "born-wolf": return bornWolfPsf(params as Parameters<typeof bornWolfPsf>[0]);
    case "gibson-lanni": return gibsonLanniPsf(params as Parameters<typeof gibsonLanniPsf>[0]);
    case "confocal": return confocalPsf(params as Parameters<typeof confocalPsf>[0]);
    case "two-photon": return twoPhotonPsf(params as Parameters<typeof twoPhotonPsf>[0]);
    case "light-sheet": return lightSheetPsf(params as Parameters<typeof lightSheetPsf>[0]);
  }
}
