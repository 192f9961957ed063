/**
 * The small interface every compute backend implements (CPU threads, gpu.js, ...). Algorithms are
 * written once against it; src/backend/select.ts is the one place that picks a backend.
 *
 * Buffers live on the backend (wasm-adjacent shared memory, GPU textures): algorithms hold opaque
 * handles and move data only at the start and the end. Spectra follow src/fft/convention.ts.
 */
import type { Shape3 } from "../volume.js";

export interface RealBuffer {
  readonly kind: "real";
  readonly id: number;
}
export interface SpectrumBuffer {
  readonly kind: "spectrum";
  readonly id: number;
}

/** Sums from one Richardson-Lucy iteration, in double precision and a fixed order. */
export interface RichardsonLucySums {
  /** Csiszár I-divergence Σ y·ln(y/Hx) − y + Hx of the estimate entering the iteration (Hx clamped to eps). */
  objective: number;
  /** Σ (x_new − x_old)². */
  changeSq: number;
  /** Σ x_old². */
  normSq: number;
}

export interface RichardsonLucyBuffers {
  observed: RealBuffer;
  estimate: RealBuffer;
  /**
   * Workspace the fused iteration keeps between calls (a partial transform of the estimate, in a
   * backend-specific state): pass the same buffer every call, with `first` set on the first.
   */
  spectrum: SpectrumBuffer;
  first: boolean;
  otf: SpectrumBuffer;
  /** Lower clamp of the re-blurred estimate before dividing. */
  eps: number;
  nonNegative: boolean;
}

export interface BackendSession {
  /** Working (FFT) shape [nz, ny, nx]. */
  readonly shape: Shape3;
  createReal(data?: Float32Array): Promise<RealBuffer>;
  createSpectrum(): Promise<SpectrumBuffer>;
  /** A copy of the buffer's contents. */
  read(buf: RealBuffer): Promise<Float32Array>;
  readSpectrum(buf: SpectrumBuffer): Promise<Float32Array>;
  write(buf: RealBuffer, data: Float32Array): Promise<void>;
  /** dst ← src, on the backend (no round trip through the host). */
  copy(src: RealBuffer, dst: RealBuffer): Promise<void>;
  writeSpectrum(buf: SpectrumBuffer, data: Float32Array): Promise<void>;
  /** dst ← rfft(src) (unnormalised). */
  rfft(src: RealBuffer, dst: SpectrumBuffer): Promise<void>;
  /** dst ← irfft(src) (normalised by 1/N). src is used as workspace and left undefined. */
  irfft(src: SpectrumBuffer, dst: RealBuffer): Promise<void>;
  /** a ← a·H, or a·conj(H). */
  multiplySpectrum(a: SpectrumBuffer, otf: SpectrumBuffer, conjugate: boolean): Promise<void>;
  /**
   * Regularised division a ← a·conj(H) / max(|H|² + reg(k), floor), reg(k) = lambda·w(k) with w the
   * real parts of `weights`, or the constant lambda without weights.
   */
  divideSpectrum(a: SpectrumBuffer, otf: SpectrumBuffer, o: { lambda: number; weights?: SpectrumBuffer; floor: number }): Promise<void>;
  /** out ← y / max(b, eps); returns the I-divergence Σ y·ln(y/b') − y + b' (b' = max(b, eps)). out may be b. */
  divide(y: RealBuffer, b: RealBuffer, out: RealBuffer, eps: number): Promise<number>;
  /** x ← x·c (then max(·, 0) when nonNegative); returns Σ(x_new − x_old)² and Σ x_old². */
  multiplyUpdate(x: RealBuffer, c: RealBuffer, nonNegative: boolean): Promise<{ changeSq: number; normSq: number }>;
  /**
   * out ← clamp(Σ coef_i · buf_i, lower, upper) elementwise (bounds optional); out may be one of the
   * terms. Returns Σ(out_new − out_old)² and Σ out_old² (relative-change bookkeeping).
   */
  combine(out: RealBuffer, terms: ReadonlyArray<{ buf: RealBuffer; coef: number }>, bounds?: { lower?: number; upper?: number }): Promise<{ changeSq: number; normSq: number }>;
  /** Σ a·b in double precision, summed in row order. */
  dot(a: RealBuffer, b: RealBuffer): Promise<number>;
  /** One fused Richardson-Lucy iteration (4 transforms, no temporaries), when the backend has one. */
  richardsonLucyIteration?(b: RichardsonLucyBuffers): Promise<RichardsonLucySums>;
  dispose(): Promise<void>;
}

export interface Backend {
  /** "cpu", "gpu", ... (recorded in provenance). */
  readonly name: string;
  readonly threads: number;
  /** GPU backends: the gpu.js mode that runs the kernels ("webgl2", "headlessgl", "cpu", ...). */
  readonly mode?: string;
  /** GPU backends: the GL renderer string (provenance: which device made the result). */
  readonly renderer?: string;
  createSession(shape: Shape3): Promise<BackendSession>;
  /** Why a session of this working shape cannot be made (undefined: it can). Backends that take any shape omit it. */
  unsupported?(shape: Shape3): string | undefined;
  dispose(): Promise<void>;
}
