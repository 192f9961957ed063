import type { BackendSession, SpectrumBuffer } from "../backend/types.js";

/** max |H(k)| over the half spectrum (1 for a non-negative PSF of sum 1). */
export async function otfMaxAbs(session: BackendSession, otf: SpectrumBuffer): Promise<number> {
  const h = await session.readSpectrum(otf);
  let m = 0;
  for (let i = 0; i < h.length; i += 2) m = Math.max(m, Math.hypot(h[i], h[i + 1]));
  return m;
}
