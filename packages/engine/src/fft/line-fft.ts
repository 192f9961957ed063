/**
 * Per-thread line transforms: the 1D building blocks of every N-D transform in the engine.
 * A context owns one PFFFT instance (when any length suits it) and a scratch area inside the wasm
 * memory, so lines copied there are transformed in place without further copies. Lengths PFFFT
 * cannot do use the generic double-precision FFT (generic-fft.ts). Convention: convention.ts.
 */
import { createGenericComplexFft, type GenericComplexFft } from "./generic-fft.js";
import { halfLength } from "./convention.js";
import { pffftSupports } from "./sizes.js";
import { loadPffft, PFFFT_BACKWARD, PFFFT_COMPLEX, PFFFT_FORWARD, PFFFT_REAL, type PffftModule } from "./pffft-module.js";

/** Real line of length n, in place on buf (≥ 2·(floor(n/2)+1) floats): real samples ↔ half spectrum. */
export interface RealLineFft {
  readonly n: number;
  /** buf[0..n) real → buf[0..2·nh) interleaved half spectrum, unnormalised. */
  forward(buf: Float32Array): void;
  /** buf[0..2·nh) half spectrum → buf[0..n) real, unnormalised (×n). Imaginary parts of DC and Nyquist are ignored. */
  inverse(buf: Float32Array): void;
}

/** Complex line of length n, in place on buf (2n interleaved floats), unnormalised both ways. */
export interface ComplexLineFft {
  readonly n: number;
  forward(buf: Float32Array): void;
  inverse(buf: Float32Array): void;
}

export interface LineFftContext {
  /** Aligned scratch memory; transforms on its subarrays (16-byte aligned) need no copy. */
  readonly scratch: Float32Array;
  readonly usesPffft: boolean;
  real(n: number): RealLineFft;
  complex(n: number): ComplexLineFft;
  dispose(): void;
}

export interface LineFftRequest {
  realLengths: readonly number[];
  complexLengths: readonly number[];
  /** Floats of scratch memory wanted. */
  scratchFloats: number;
  /** Use only the generic JS FFT (tests, or when WebAssembly SIMD is missing). */
  genericOnly?: boolean;
}

function genericReal(n: number): RealLineFft {
  const fft = createGenericComplexFft(n);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const nh = halfLength(n);
  return {
    n,
    forward(buf) {
      for (let i = 0; i < n; i++) { re[i] = buf[i]; im[i] = 0; }
      fft.transform(re, im, false);
      for (let k = 0; k < nh; k++) { buf[2 * k] = re[k]; buf[2 * k + 1] = im[k]; }
    },
    inverse(buf) {
      re[0] = buf[0]; im[0] = 0;
      for (let k = 1; k < nh; k++) { re[k] = buf[2 * k]; im[k] = buf[2 * k + 1]; }
      if (n % 2 === 0) im[n / 2] = 0;
      for (let k = nh; k < n; k++) { re[k] = re[n - k]; im[k] = -im[n - k]; }
      fft.transform(re, im, true);
      for (let i = 0; i < n; i++) buf[i] = re[i];
    },
  };
}

function genericComplex(n: number): ComplexLineFft {
  const fft: GenericComplexFft = createGenericComplexFft(n);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const run = (buf: Float32Array, inverse: boolean) => {
    for (let i = 0; i < n; i++) { re[i] = buf[2 * i]; im[i] = buf[2 * i + 1]; }
    fft.transform(re, im, inverse);
    for (let i = 0; i < n; i++) { buf[2 * i] = re[i]; buf[2 * i + 1] = im[i]; }
  };
  return { n, forward: (b) => run(b, false), inverse: (b) => run(b, true) };
}

/** Creates a context for the given line lengths. Loads a PFFFT instance only if a length suits it. */
export async function createLineFftContext(req: LineFftRequest): Promise<LineFftContext> {
  const pffftReal = req.genericOnly ? [] : [...new Set(req.realLengths.filter((n) => pffftSupports(n, "real")))];
  const pffftComplex = req.genericOnly ? [] : [...new Set(req.complexLengths.filter((n) => pffftSupports(n, "complex")))];
  const useP = pffftReal.length + pffftComplex.length > 0;
  let mod: PffftModule | undefined;
  if (useP) {
    try {
      mod = await loadPffft();
    } catch {
      mod = undefined; // no WebAssembly SIMD here: everything takes the generic path
    }
  }
  const reals = new Map<number, RealLineFft>();
  const complexes = new Map<number, ComplexLineFft>();
  let scratch: Float32Array;
  const setups: number[] = [];
  const ptrs: number[] = [];
  if (mod) {
    const m = mod;
    const maxN = Math.max(...pffftReal, ...pffftComplex.map((n) => 2 * n), 16);
    // every allocation happens before any heap view is taken, since memory growth detaches views
    const scratchPtr = m._pffft_aligned_malloc(Math.max(req.scratchFloats, 4) * 4);
    const workPtr = m._pffft_aligned_malloc(maxN * 4);
    const linePtr = m._pffft_aligned_malloc((maxN + 4) * 4);
    ptrs.push(scratchPtr, workPtr, linePtr);
    const realSetups = new Map(pffftReal.map((n) => [n, m._pffft_new_setup(n, PFFFT_REAL)] as const));
    const complexSetups = new Map(pffftComplex.map((n) => [n, m._pffft_new_setup(n, PFFFT_COMPLEX)] as const));
    setups.push(...realSetups.values(), ...complexSetups.values());
    if (setups.some((s) => s === 0)) throw new Error("PFFFT refused a transform length it should support");
    const heap = m.HEAPF32;
    scratch = heap.subarray(scratchPtr / 4, scratchPtr / 4 + req.scratchFloats);
    const line = heap.subarray(linePtr / 4, linePtr / 4 + maxN + 4);
    // pointer of buf inside the heap, or -1 when buf must be copied to the aligned line buffer
    const inHeap = (buf: Float32Array) => (buf.buffer === heap.buffer && buf.byteOffset % 16 === 0 ? buf.byteOffset : -1);
    const exec = (setup: number, buf: Float32Array, floats: number, dir: number) => {
      const p = inHeap(buf);
      if (p >= 0) {
        m._pffft_transform_ordered(setup, p, p, workPtr, dir);
      } else {
        line.set(buf.subarray(0, floats));
        m._pffft_transform_ordered(setup, linePtr, linePtr, workPtr, dir);
        buf.set(line.subarray(0, floats));
      }
    };
    for (const [n, s] of realSetups) {
      reals.set(n, {
        n,
        forward(buf) {
          exec(s, buf, n, PFFFT_FORWARD);
          // PFFFT packs the (real) Nyquist bin into out[1]; unpack to the numpy layout
          buf[n] = buf[1];
          buf[n + 1] = 0;
          buf[1] = 0;
        },
        inverse(buf) {
          buf[1] = buf[n];
          exec(s, buf, n, PFFFT_BACKWARD);
        },
      });
    }
    for (const [n, s] of complexSetups) {
      complexes.set(n, {
        n,
        forward: (buf) => exec(s, buf, 2 * n, PFFFT_FORWARD),
        inverse: (buf) => exec(s, buf, 2 * n, PFFFT_BACKWARD),
      });
    }
  } else {
    scratch = new Float32Array(req.scratchFloats);
  }
  for (const n of req.realLengths) if (!reals.has(n)) reals.set(n, genericReal(n));
  for (const n of req.complexLengths) if (!complexes.has(n)) complexes.set(n, genericComplex(n));
  return {
    scratch,
    usesPffft: mod !== undefined,
    real(n) {
      const f = reals.get(n);
      if (!f) throw new Error(`no real transform of length ${n} was requested`);
      return f;
    },
    complex(n) {
      const f = complexes.get(n);
      if (!f) throw new Error(`no complex transform of length ${n} was requested`);
      return f;
    },
    dispose() {
      if (!mod) return;
      for (const s of setups) mod._pffft_destroy_setup(s);
      for (const p of ptrs) mod._pffft_aligned_free(p);
      setups.length = 0;
      ptrs.length = 0;
    },
  };
}
