/** What every algorithm receives: a backend session with the observed image and the OTF loaded. */
import type { BackendSession, RealBuffer, SpectrumBuffer } from "../backend/types.js";

/** Reported after every iteration of an iterative method. */
export interface IterationProgress {
  iteration: number;
  iterations: number;
  /** ‖x_k+1 − x_k‖ / ‖x_k‖. */
  relativeChange: number;
  /** The method's objective for the estimate entering the iteration (RL: Csiszár I-divergence). */
  objective: number;
  elapsedMs: number;
}

export interface AlgorithmContext {
  session: BackendSession;
  /** Background-corrected (and padded) image, in the working shape. */
  observed: RealBuffer;
  /** OTF of the PSF (sum 1, ifftshift-ed), in the working shape. */
  otf: SpectrumBuffer;
  onProgress?: (p: IterationProgress) => void;
  signal?: AbortSignal;
}

export interface AlgorithmResult {
  /** Buffer on the session holding the result. */
  estimate: RealBuffer;
  /** Iterations done (0 for direct methods). */
  iterations: number;
  /** Objective after the last iteration reported (iterative methods). */
  lastObjective?: number;
}
