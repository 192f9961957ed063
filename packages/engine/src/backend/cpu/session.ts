/**
 * The CPU backend's session: buffers in (shared) memory, transforms and fused Richardson-Lucy
 * iterations run through a Dispatcher (one thread or many), light elementwise steps on the calling
 * thread. Reductions are summed in row order, so results do not depend on the thread count.
 */
import type { Shape3 } from "../../volume.js";
import { spectrumFloats } from "../../fft/convention.js";
import type { BackendSession, RealBuffer, RichardsonLucyBuffers, RichardsonLucySums, SpectrumBuffer } from "../types.js";
import type { Dispatcher } from "./dispatcher.js";
import { OP_RL_RATIO, OP_RL_UPDATE, OP_SLAB_ORDER, OP_XFWD, OP_XINV, OP_YZ_CONV, OP_YZ_FWD, OP_YZ_INV } from "./kernels.js";

export class CpuSession implements BackendSession {
  readonly shape: Shape3;
  private readonly d: Dispatcher;
  private readonly views: Float32Array[] = [];
  private readonly n: number;
  private readonly rows: number;
  /** Slab-ordered copies of OTFs used by fused iterations, by OTF buffer id. */
  private readonly slabOtfs = new Map<number, number>();

  constructor(shape: Shape3, dispatcher: Dispatcher) {
    this.shape = [shape[0], shape[1], shape[2]];
    this.d = dispatcher;
    this.n = shape[0] * shape[1] * shape[2];
    this.rows = shape[0] * shape[1];
  }

  private view(b: RealBuffer | SpectrumBuffer): Float32Array {
    const v = this.views[b.id];
    if (!v) throw new Error(`buffer ${b.id} does not belong to this session`);
    return v;
  }

  async createReal(data?: Float32Array): Promise<RealBuffer> {
    const { id, view } = await this.d.allocate(this.n);
    this.views[id] = view;
    if (data) view.set(data);
    return { kind: "real", id };
  }

  async createSpectrum(): Promise<SpectrumBuffer> {
    const { id, view } = await this.d.allocate(spectrumFloats(this.shape));
    this.views[id] = view;
    return { kind: "spectrum", id };
  }

  async read(buf: RealBuffer): Promise<Float32Array> {
    return this.view(buf).slice();
  }
  async readSpectrum(buf: SpectrumBuffer): Promise<Float32Array> {
    return this.view(buf).slice();
  }
  async write(buf: RealBuffer, data: Float32Array): Promise<void> {
    this.view(buf).set(data);
  }
  async copy(src: RealBuffer, dst: RealBuffer): Promise<void> {
    this.view(dst).set(this.view(src));
  }
  async writeSpectrum(buf: SpectrumBuffer, data: Float32Array): Promise<void> {
    this.view(buf).set(data);
  }

  async rfft(src: RealBuffer, dst: SpectrumBuffer): Promise<void> {
    await this.d.run([OP_XFWD, src.id, dst.id]);
    await this.d.run([OP_YZ_FWD, dst.id]);
  }

  async irfft(src: SpectrumBuffer, dst: RealBuffer): Promise<void> {
    await this.d.run([OP_YZ_INV, src.id]);
    await this.d.run([OP_XINV, src.id, dst.id, 1 / this.n]);
  }

  async multiplySpectrum(a: SpectrumBuffer, otf: SpectrumBuffer, conjugate: boolean): Promise<void> {
    const s = this.view(a);
    const h = this.view(otf);
    const sg = conjugate ? -1 : 1;
    for (let i = 0; i < s.length; i += 2) {
      const ar = s[i], ai = s[i + 1], hr = h[i], hi = sg * h[i + 1];
      s[i] = ar * hr - ai * hi;
      s[i + 1] = ar * hi + ai * hr;
    }
  }

  async divideSpectrum(a: SpectrumBuffer, otf: SpectrumBuffer, o: { lambda: number; weights?: SpectrumBuffer; floor: number }): Promise<void> {
    const s = this.view(a);
    const h = this.view(otf);
    const w = o.weights ? this.view(o.weights) : undefined;
    for (let i = 0; i < s.length; i += 2) {
      const hr = h[i], hi = h[i + 1];
      const reg = w ? o.lambda * w[i] : o.lambda;
      const den = Math.max(hr * hr + hi * hi + reg, o.floor);
      const ar = s[i], ai = s[i + 1];
      // a · conj(H) / den
      s[i] = (ar * hr + ai * hi) / den;
      s[i + 1] = (ai * hr - ar * hi) / den;
    }
  }

  async divide(y: RealBuffer, b: RealBuffer, out: RealBuffer, eps: number): Promise<number> {
    const yv = this.view(y), bv = this.view(b), ov = this.view(out);
    const nx = this.shape[2];
    let total = 0;
    for (let r = 0; r < this.rows; r++) {
      let div = 0;
      for (let i = r * nx; i < (r + 1) * nx; i++) {
        const bb = bv[i] > eps ? bv[i] : eps;
        const yy = yv[i];
        div += yy > 0 ? yy * Math.log(yy / bb) - yy + bb : bb - yy;
        ov[i] = yy / bb;
      }
      total += div;
    }
    return total;
  }

  async multiplyUpdate(x: RealBuffer, c: RealBuffer, nonNegative: boolean): Promise<{ changeSq: number; normSq: number }> {
    const xv = this.view(x), cv = this.view(c);
    const nx = this.shape[2];
    let changeSq = 0, normSq = 0;
    for (let r = 0; r < this.rows; r++) {
      let ch = 0, nm = 0;
      for (let i = r * nx; i < (r + 1) * nx; i++) {
        const old = xv[i];
        let v = Math.fround(old * cv[i]);
        if (nonNegative && v < 0) v = 0;
        ch += (v - old) * (v - old);
        nm += old * old;
        xv[i] = v;
      }
      changeSq += ch;
      normSq += nm;
    }
    return { changeSq, normSq };
  }

  async combine(out: RealBuffer, terms: ReadonlyArray<{ buf: RealBuffer; coef: number }>, bounds: { lower?: number; upper?: number } = {}): Promise<{ changeSq: number; normSq: number }> {
    const ov = this.view(out);
    const vs = terms.map((t) => this.view(t.buf));
    const cs = terms.map((t) => t.coef);
    const lo = bounds.lower ?? -Infinity, hi = bounds.upper ?? Infinity;
    const nx = this.shape[2];
    const m = vs.length;
    let changeSq = 0, normSq = 0;
    for (let r = 0; r < this.rows; r++) {
      let ch = 0, nm = 0;
      for (let i = r * nx; i < (r + 1) * nx; i++) {
        let acc = 0;
        for (let t = 0; t < m; t++) acc += cs[t] * vs[t][i];
        const old = ov[i];
        const v = Math.fround(acc < lo ? lo : acc > hi ? hi : acc);
        ch += (v - old) * (v - old);
        nm += old * old;
        ov[i] = v;
      }
      changeSq += ch;
      normSq += nm;
    }
    return { changeSq, normSq };
  }

  async dot(a: RealBuffer, b: RealBuffer): Promise<number> {
    const av = this.view(a), bv = this.view(b);
    const nx = this.shape[2];
    let total = 0;
    for (let r = 0; r < this.rows; r++) {
      let s = 0;
      for (let i = r * nx; i < (r + 1) * nx; i++) s += av[i] * bv[i];
      total += s;
    }
    return total;
  }

  async richardsonLucyIteration(b: RichardsonLucyBuffers): Promise<RichardsonLucySums> {
    const scale = 1 / this.n;
    const red = this.d.reductions;
    // between iterations the spectrum holds the estimate transformed along x only (RL_UPDATE's output)
    if (b.first) await this.d.run([OP_XFWD, b.estimate.id, b.spectrum.id]);
    let otfSlab = this.slabOtfs.get(b.otf.id);
    if (otfSlab === undefined) {
      otfSlab = (await this.createSpectrum()).id;
      await this.d.run([OP_SLAB_ORDER, b.otf.id, otfSlab]);
      this.slabOtfs.set(b.otf.id, otfSlab);
    }
    await this.d.run([OP_YZ_CONV, b.spectrum.id, otfSlab, 0, scale]);
    await this.d.run([OP_RL_RATIO, b.spectrum.id, b.observed.id, b.eps]);
    let objective = 0;
    for (let r = 0; r < this.rows; r++) objective += red[2 * r];
    await this.d.run([OP_YZ_CONV, b.spectrum.id, otfSlab, 1, scale]);
    await this.d.run([OP_RL_UPDATE, b.spectrum.id, b.estimate.id, b.nonNegative ? 1 : 0]);
    let changeSq = 0, normSq = 0;
    for (let r = 0; r < this.rows; r++) {
      changeSq += red[2 * r];
      normSq += red[2 * r + 1];
    }
    return { objective, changeSq, normSq };
  }

  async dispose(): Promise<void> {
    this.views.length = 0;
    await this.d.dispose();
  }
}
