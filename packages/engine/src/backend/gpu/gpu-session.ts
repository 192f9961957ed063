/**
 * The GPU backend's session: every buffer is a gpu.js texture (planar: real parts, and for
 * spectra imaginary parts), every operation a chain of pipelined kernels, so data stays on the GPU
 * from the upload of the image to the read-back of the result. Only the reductions' last nz
 * values cross to the host each iteration.
 *
 * Texture discipline: kernels are `immutable`, so every call returns a fresh texture (gpu.js
 * recycles one its owner has deleted). A buffer owns its textures; an operation builds the new
 * contents from the old, then deletes the old, so no kernel ever reads and writes one texture and
 * nothing outlives the buffer that owned it. `liveTextures` counts what this session holds.
 *
 * Transforms (src/fft/convention.ts): rfft = complex passes along x over (x, 0) keeping the
 * nx/2+1 bins (the last pass writes only those), then y and z on the half spectrum; irfft = z and y
 * on the half spectrum, Hermitian expansion to nx bins, x passes whose last one writes only the
 * real part, times 1/N. Axis plans: ./fft-plan.ts.
 *
 * Precision: kernels compute in float32 (like the CPU backend's transforms). Reductions sum each
 * row of nx terms in float32 on the GPU, then each plane's ny row sums in float32, then the host
 * adds the nz plane sums in float64: relative error ≲ (nx + ny)·2⁻²⁴ in the worst case, ~1e-6
 * typically — they only feed progress reports and the tolerance test. The I-divergence terms
 * y·ln(y/b) − y + b are formed in float32, so the objective differs from the CPU's (float64 terms)
 * by ~1e-5 relative.
 */
import type { GPU, IKernelRunShortcut, Texture } from "gpu.js";
import type { Shape3 } from "../../volume.js";
import { halfLength, spectrumFloats } from "../../fft/convention.js";
import type { BackendSession, RealBuffer, SpectrumBuffer } from "../types.js";
import { MAX_DIRECT_DFT_LENGTH, planFft, type AxisPlan, type FftPlan } from "./fft-plan.js";
import * as K from "./kernel-sources.js";

/** A kernel output: a texture on GL backends, nested typed arrays in gpu.js's cpu mode. */
export type GpuArray = Texture | Float32Array | Float32Array[] | Float32Array[][];

/** The parts of the gpu.js module the session needs (it is loaded lazily). */
export interface GpuJsModule {
  GPU: typeof GPU;
  input: (value: Float32Array, size: number[]) => unknown;
}

interface Slot {
  kind: "real" | "spectrum";
  re?: GpuArray;
  im?: GpuArray;
}

type Layout = "full" | "half";
type Complex = { re: GpuArray; im: GpuArray };

const FLOAT32_MAX = 3.4028234663852886e38;

const AXIS_FLAGS: readonly [number, number, number][] = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];

function isTexture(t: GpuArray): t is Texture {
  return typeof (t as Texture).delete === "function" && typeof (t as Texture).toArray === "function";
}

/** Flattens a kernel output (3D nested, 2D nested or 1D) into one Float32Array of `n` values. */
function flatten(t: GpuArray, n: number): Float32Array {
  const v: unknown = isTexture(t) ? t.toArray() : t;
  const out = new Float32Array(n);
  let o = 0;
  const walk = (a: unknown): void => {
    if (a instanceof Float32Array || (Array.isArray(a) && typeof a[0] === "number")) {
      const row = a as ArrayLike<number>;
      for (let i = 0; i < row.length && o < n; i++) out[o++] = row[i];
    } else if (Array.isArray(a)) {
      for (const b of a) walk(b);
    } else if (a && typeof a === "object") {
      // gpu.js cpu mode may hand back array-likes (objects keyed 0..n-1)
      const row = a as Record<number, number>;
      for (let i = 0; o < n && i in row; i++) out[o++] = row[i];
    }
  };
  walk(v);
  return out;
}

export class GpuSession implements BackendSession {
  readonly shape: Shape3;
  private readonly gpu: GPU;
  private readonly lib: GpuJsModule;
  private readonly plan: FftPlan;
  private readonly nxh: number;
  private readonly n: number;
  private readonly slots: (Slot | undefined)[] = [];
  private readonly kernels = new Map<string, IKernelRunShortcut>();
  private readonly live = new Set<GpuArray>();
  private twr?: GpuArray;
  private twi?: GpuArray;
  private zeroFull?: GpuArray;
  private readonly loopMax: number;
  /** gpu.js cpu mode: kernels run in float64 JavaScript and store float32. */
  private readonly cpuMode: boolean;

  constructor(gpu: GPU, lib: GpuJsModule, shape: Shape3) {
    this.shape = [shape[0], shape[1], shape[2]];
    this.gpu = gpu;
    this.lib = lib;
    this.cpuMode = gpu.mode === "cpu";
    this.plan = planFft(this.shape);
    this.nxh = halfLength(shape[2]);
    this.n = shape[0] * shape[1] * shape[2];
    // loops run over one axis (direct DFT, row and plane sums): gpu.js silently stops at the limit
    this.loopMax = Math.max(shape[0], shape[1], shape[2], 2);
    if (this.loopMax > Math.max(MAX_DIRECT_DFT_LENGTH, 1 << 16)) this.loopMax = 1 << 16;
  }

  /** Textures (or cpu-mode arrays) this session holds now: buffers, twiddles and shared zeros. */
  get liveTextures(): number {
    return this.live.size;
  }

  private out(layout: Layout): number[] {
    const [nz, ny, nx] = this.shape;
    return [layout === "full" ? nx : this.nxh, ny, nz];
  }

  private kernel(name: string, source: string, output: number[]): IKernelRunShortcut {
    const key = `${name}:${output.join("x")}`;
    let k = this.kernels.get(key);
    if (!k) {
      k = this.gpu.createKernel(source, { output, pipeline: true, immutable: true, precision: "single", tactic: "precision" });
      k.setLoopMaxIterations(this.loopMax);
      this.kernels.set(key, k);
    }
    return k;
  }

  /** Runs a kernel and tracks its output. */
  private run(k: IKernelRunShortcut, ...args: unknown[]): GpuArray {
    const t = (k as unknown as (...a: unknown[]) => GpuArray)(...args);
    this.live.add(t);
    return t;
  }

  private release(t: GpuArray | undefined): void {
    if (!t || t === this.zeroFull) return;
    if (this.live.delete(t) && isTexture(t)) t.delete();
  }

  private upload(data: Float32Array, layout: Layout): GpuArray {
    const o = this.out(layout);
    return this.run(this.kernel(`copy-${layout}`, K.COPY_3D, o), this.lib.input(data, o));
  }

  private zeros(layout: Layout): GpuArray {
    return this.run(this.kernel(`zero-${layout}`, K.ZERO_3D, this.out(layout)));
  }

  private twiddles(): [GpuArray, GpuArray] {
    if (!this.twr || !this.twi) {
      const k = this.kernel("copy-1d", K.COPY_1D, [this.plan.twiddleRe.length]);
      this.twr = this.run(k, this.plan.twiddleRe);
      this.twi = this.run(k, this.plan.twiddleIm);
    }
    return [this.twr, this.twi];
  }

  private slot(b: RealBuffer | SpectrumBuffer): Slot {
    const s = this.slots[b.id];
    if (!s || s.kind !== b.kind) throw new Error(`${b.kind} buffer ${b.id} does not belong to this session`);
    return s;
  }

  private realOf(b: RealBuffer): GpuArray {
    const s = this.slot(b);
    if (!s.re) s.re = this.zeros("full");
    return s.re;
  }

  private complexOf(b: SpectrumBuffer): Complex {
    const s = this.slot(b);
    if (!s.re) s.re = this.zeros("half");
    if (!s.im) s.im = this.zeros("half");
    return { re: s.re, im: s.im };
  }

  private setReal(b: RealBuffer, t: GpuArray): void {
    const s = this.slot(b);
    const old = s.re;
    s.re = t;
    if (old !== t) this.release(old);
  }

  private setComplex(b: SpectrumBuffer, c: Complex): void {
    const s = this.slot(b);
    const { re, im } = s;
    s.re = c.re;
    s.im = c.im;
    if (re !== c.re) this.release(re);
    if (im !== c.im) this.release(im);
  }

  async createReal(data?: Float32Array): Promise<RealBuffer> {
    const id = this.slots.length;
    this.slots.push({ kind: "real" });
    const b: RealBuffer = { kind: "real", id };
    if (data) await this.write(b, data);
    return b;
  }

  async createSpectrum(): Promise<SpectrumBuffer> {
    const id = this.slots.length;
    this.slots.push({ kind: "spectrum" });
    return { kind: "spectrum", id };
  }

  async read(buf: RealBuffer): Promise<Float32Array> {
    return flatten(this.realOf(buf), this.n);
  }

  async readSpectrum(buf: SpectrumBuffer): Promise<Float32Array> {
    const c = this.complexOf(buf);
    const m = this.shape[0] * this.shape[1] * this.nxh;
    const re = flatten(c.re, m), im = flatten(c.im, m);
    const out = new Float32Array(2 * m);
    for (let i = 0; i < m; i++) {
      out[2 * i] = re[i];
      out[2 * i + 1] = im[i];
    }
    return out;
  }

  async write(buf: RealBuffer, data: Float32Array): Promise<void> {
    if (data.length !== this.n) throw new RangeError(`write: ${data.length} values for a buffer of ${this.n}`);
    this.setReal(buf, this.upload(data, "full"));
  }

  async writeSpectrum(buf: SpectrumBuffer, data: Float32Array): Promise<void> {
    const m = spectrumFloats(this.shape) / 2;
    if (data.length !== 2 * m) throw new RangeError(`writeSpectrum: ${data.length} floats for a spectrum of ${2 * m}`);
    const re = new Float32Array(m), im = new Float32Array(m);
    for (let i = 0; i < m; i++) {
      re[i] = data[2 * i];
      im[i] = data[2 * i + 1];
    }
    this.setComplex(buf, { re: this.upload(re, "half"), im: this.upload(im, "half") });
  }

  /**
   * Transforms `c` along axis a (0 x, 1 y, 2 z), sign 1 forward, −1 inverse. Inputs have layout
   * `from`; the last pass writes layout `to` (x only: full → half forward). Consumes `c` unless
   * `keepInput` (its textures are released once read). `lastRealScale` set: the last pass writes
   * only the real part, times that scale (the end of irfft).
   */
  private axis(c: Complex, a: number, sign: number, from: Layout, to: Layout, keepInput: boolean, lastRealScale?: number): Complex {
    const ax: AxisPlan = this.plan.axes[a];
    const [fx, fy, fz] = AXIS_FLAGS[a];
    const [twr, twi] = this.twiddles();
    let cur = c;
    let owned = !keepInput;
    const steps = ax.kind === "stockham" ? ax.passes.length : 1;
    for (let s = 0; s < steps; s++) {
      const last = s === steps - 1;
      const layout = last ? to : from;
      const scale = last && lastRealScale !== undefined ? lastRealScale : 1;
      const k =
        ax.kind === "stockham"
          ? this.kernel(`pass-${from}`, K.STOCKHAM_PASS, this.out(layout))
          : this.kernel(`dft-${from}`, K.DFT_PASS, this.out(layout));
      const call = (part: number): GpuArray => {
        if (ax.kind === "stockham") {
          const p = ax.passes[s];
          return this.run(k, cur.re, cur.im, twr, twi, fx, fy, fz, ax.n, p, ax.n / (2 * p), ax.twOff, sign, scale, part);
        }
        return this.run(k, cur.re, cur.im, twr, twi, fx, fy, fz, ax.n, ax.twOff, sign, scale, part);
      };
      const realOnly = last && lastRealScale !== undefined;
      const re = call(0);
      const im = realOnly ? re : call(1);
      if (owned) {
        this.release(cur.re);
        this.release(cur.im);
      }
      cur = { re, im };
      owned = true;
    }
    return cur;
  }

  private scaleCopy(t: GpuArray, layout: Layout, s: number): GpuArray {
    return this.run(this.kernel(`scale-${layout}`, K.SCALE_3D, this.out(layout)), t, s);
  }

  async rfft(src: RealBuffer, dst: SpectrumBuffer): Promise<void> {
    const x = this.realOf(src);
    if (!this.zeroFull) this.zeroFull = this.zeros("full");
    let c: Complex;
    if (this.plan.axes[0].kind === "none") c = { re: this.scaleCopy(x, "full", 1), im: this.zeros("half") };
    else c = this.axis({ re: x, im: this.zeroFull }, 0, 1, "full", "half", true);
    c = this.plan.axes[1].kind === "none" ? c : this.axis(c, 1, 1, "half", "half", false);
    c = this.plan.axes[2].kind === "none" ? c : this.axis(c, 2, 1, "half", "half", false);
    this.setComplex(dst, c);
  }

  async irfft(src: SpectrumBuffer, dst: RealBuffer): Promise<void> {
    let c = this.complexOf(src);
    let keep = true;
    for (const a of [2, 1]) {
      if (this.plan.axes[a].kind === "none") continue;
      c = this.axis(c, a, -1, "half", "half", keep);
      keep = false;
    }
    const expand = this.kernel("expand", K.HERMITIAN_EXPAND, this.out("full"));
    const full: Complex = {
      re: this.run(expand, c.re, c.im, this.shape[2], this.nxh, 0),
      im: this.run(expand, c.re, c.im, this.shape[2], this.nxh, 1),
    };
    if (!keep) {
      this.release(c.re);
      this.release(c.im);
    }
    let real: GpuArray;
    if (this.plan.axes[0].kind === "none") {
      real = this.scaleCopy(full.re, "full", 1 / this.n);
      this.release(full.re);
      this.release(full.im);
    } else {
      real = this.axis(full, 0, -1, "full", "full", false, 1 / this.n).re;
    }
    this.setReal(dst, real);
  }

  async multiplySpectrum(a: SpectrumBuffer, otf: SpectrumBuffer, conjugate: boolean): Promise<void> {
    const x = this.complexOf(a), h = this.complexOf(otf);
    const k = this.kernel("cmul", K.COMPLEX_MULTIPLY, this.out("half"));
    const sg = conjugate ? -1 : 1;
    this.setComplex(a, { re: this.run(k, x.re, x.im, h.re, h.im, sg, 0), im: this.run(k, x.re, x.im, h.re, h.im, sg, 1) });
  }

  async divideSpectrum(a: SpectrumBuffer, otf: SpectrumBuffer, o: { lambda: number; weights?: SpectrumBuffer; floor: number }): Promise<void> {
    const x = this.complexOf(a), h = this.complexOf(otf);
    const w = o.weights ? this.complexOf(o.weights).re : h.re;
    const use = o.weights ? 1 : 0;
    // float32 cannot hold the CPU's denormal floors (Number.MIN_VALUE): 0/0 would give NaN where the CPU gives 0
    const floor = Math.max(o.floor, 1e-37);
    const k = this.kernel("cdiv", K.COMPLEX_DIVIDE, this.out("half"));
    this.setComplex(a, {
      re: this.run(k, x.re, x.im, h.re, h.im, w, o.lambda, use, floor, 0),
      im: this.run(k, x.re, x.im, h.re, h.im, w, o.lambda, use, floor, 1),
    });
  }

  /**
   * Σ over the volume of a ROW_SUM term (see kernel-sources.ts): the GPU sums each row
   * (compensated), the host adds the nz·ny row sums in float64.
   */
  private sum(a: GpuArray, b: GpuArray, mode: number, eps: number): number {
    const [nz, ny, nx] = this.shape;
    const k = this.kernel("rowsum", this.cpuMode ? K.ROW_SUM_JS : K.ROW_SUM, [ny, nz]);
    const hi = this.run(k, a, b, nx, mode, eps, 0);
    const lo = this.run(k, a, b, nx, mode, eps, 1);
    const vh = flatten(hi, nz * ny), vl = flatten(lo, nz * ny);
    this.release(hi);
    this.release(lo);
    let s = 0;
    for (let i = 0; i < nz * ny; i++) s += vh[i] + vl[i];
    return s;
  }

  async divide(y: RealBuffer, b: RealBuffer, out: RealBuffer, eps: number): Promise<number> {
    const yv = this.realOf(y), bv = this.realOf(b);
    const divergence = this.sum(yv, bv, 2, eps);
    this.setReal(out, this.run(this.kernel("ratio", K.RATIO, this.out("full")), yv, bv, eps));
    return divergence;
  }

  async multiplyUpdate(x: RealBuffer, c: RealBuffer, nonNegative: boolean): Promise<{ changeSq: number; normSq: number }> {
    const old = this.realOf(x), cv = this.realOf(c);
    const next = this.run(this.kernel("update", K.MULTIPLY_UPDATE, this.out("full")), old, cv, nonNegative ? 1 : 0);
    const changeSq = this.sum(old, next, 0, 0);
    const normSq = this.sum(old, old, 1, 0);
    this.setReal(x, next);
    return { changeSq, normSq };
  }

  async copy(src: RealBuffer, dst: RealBuffer): Promise<void> {
    if (src.id === dst.id) return;
    this.setReal(dst, this.scaleCopy(this.realOf(src), "full", 1));
  }

  async combine(out: RealBuffer, terms: ReadonlyArray<{ buf: RealBuffer; coef: number }>, bounds: { lower?: number; upper?: number } = {}): Promise<{ changeSq: number; normSq: number }> {
    // float32 has no uniform infinity on every GL: "no bound" is the largest float
    const lo = Math.max(bounds.lower ?? -FLOAT32_MAX, -FLOAT32_MAX), hi = Math.min(bounds.upper ?? FLOAT32_MAX, FLOAT32_MAX);
    const k = this.kernel("linear", K.LINEAR_CLAMP, this.out("full"));
    const old = this.realOf(out);
    let acc: GpuArray | undefined;
    if (terms.length === 0) acc = this.run(k, old, 0, old, 0, lo, hi);
    for (let i = 0; i < terms.length; i++) {
      const last = i === terms.length - 1;
      const b = this.realOf(terms[i].buf);
      const next = acc === undefined
        ? this.run(k, b, terms[i].coef, b, 0, last ? lo : -FLOAT32_MAX, last ? hi : FLOAT32_MAX)
        : this.run(k, acc, 1, b, terms[i].coef, last ? lo : -FLOAT32_MAX, last ? hi : FLOAT32_MAX);
      this.release(acc);
      acc = next;
    }
    const next = acc as GpuArray;
    const changeSq = this.sum(old, next, 0, 0);
    const normSq = this.sum(old, old, 1, 0);
    this.setReal(out, next);
    return { changeSq, normSq };
  }

  async dot(a: RealBuffer, b: RealBuffer): Promise<number> {
    return this.sum(this.realOf(a), this.realOf(b), 3, 0);
  }

  async dispose(): Promise<void> {
    for (const s of this.slots) {
      if (!s) continue;
      this.release(s.re);
      this.release(s.im);
    }
    this.slots.length = 0;
    const zero = this.zeroFull;
    this.zeroFull = undefined;
    this.release(zero);
    this.release(this.twr);
    this.release(this.twi);
    this.twr = this.twi = undefined;
    for (const t of this.live) if (isTexture(t)) t.delete();
    this.live.clear();
    for (const k of this.kernels.values()) (k as unknown as { destroy(removeCanvas?: boolean): void }).destroy(false);
    this.kernels.clear();
  }
}
