/**
 * Chooses the widefield (single-pass) intensity model that the composite models (confocal,
 * two-photon, light-sheet) build on. Internal helper.
 */
import { z } from "zod";
import { bornWolfProfiles } from "./born-wolf.js";
import { gibsonLanniProfiles, ZGibsonLanniNumerics } from "./gibson-lanni.js";
import { assertNaBelow, resolveOptics, ZMicroscopePsfParams } from "./optics.js";
import type { RadialGrid } from "./radial-render.js";

/** "gibson-lanni" (default: index mismatch and depth) or "born-wolf" (aberration-free). */
export const ZWidefieldBase = z.enum(["gibson-lanni", "born-wolf"]);

export const ZCompositeBaseParams = ZMicroscopePsfParams.extend(ZGibsonLanniNumerics.shape).extend({
  base: ZWidefieldBase.default("gibson-lanni"),
});
export type TCompositeBaseParams = z.output<typeof ZCompositeBaseParams>;

/** Profiles I(r_k, z_j) of the chosen widefield model at `wavelengthNm`. */
export function widefieldProfiles(p: TCompositeBaseParams, wavelengthNm: number, zs: readonly number[], rg: RadialGrid): Float64Array {
  assertNaBelow(p.na, p.ni, "immersion");
  return p.base === "born-wolf"
    ? bornWolfProfiles(p.na, p.ni, wavelengthNm, zs, rg)
    : gibsonLanniProfiles(resolveOptics(p), wavelengthNm, zs, rg, p);
}
