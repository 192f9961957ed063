/*
 * Refocus CPU kernels in WebAssembly: the passes of a 3D real FFT and the fused Richardson-Lucy
 * steps, compiled together with PFFFT (pffft.c) into one module that imports a *shared* memory.
 * Every volume, spectrum and OTF lives in that memory and every thread runs its own instance of
 * the module on it, so no data is copied between JavaScript and WebAssembly: the row<->column
 * moves of the y-z passes and the elementwise steps run here with 8-byte moves and SIMD.
 *
 * Layouts (floats; see ../convention.ts): real volume [z][y][x]; half spectrum [z][y][kx] complex
 * interleaved, kx < nxh = nx/2 + 1 (numpy rfftn layout). A y-z pass takes a block of up to 8 kx
 * columns, gathers it into a per-thread slab [b][z][y] (y fastest), transforms along y there,
 * transposes each b-plane to [y][z] to transform along z, and goes back the same way. An OTF in
 * "slab order" is stored [block][b][y][z], the order in which the multiply of a convolution meets
 * it, so it is read sequentially.
 *
 * Every function works on a range of rows or one block and writes only its own outputs and its
 * own reduction slots (two doubles per row), so results do not depend on which thread ran what.
 * Pointers are byte offsets in the shared memory; per-thread scratch is passed in by the caller.
 *
 * Build: ./build.sh (clang --target=wasm32, see there). Reference for the FFT: J. Pommier, PFFFT.
 */
#include <stdint.h>
#include <wasm_simd128.h>
#include "pffft.h"

#define EXPORT(name) __attribute__((export_name(#name)))

/* PFFFT's ordered real layout (DC, Nyquist, then re/im pairs) from and to numpy's half spectrum. */
static inline void row_to_packed(const float *row, float *buf, int nx) {
  buf[0] = row[0];
  buf[1] = row[nx];
  __builtin_memcpy(buf + 2, row + 2, (size_t)(nx - 2) * 4);
}
static inline void packed_to_row(const float *buf, float *row, int nx) {
  row[0] = buf[0];
  row[1] = 0.f;
  __builtin_memcpy(row + 2, buf + 2, (size_t)(nx - 2) * 4);
  row[nx] = buf[1];
  row[nx + 1] = 0.f;
}

/* Natural logarithm in double precision without libm: x = m·2^e with m in [√½, √2),
 * ln m = 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.172, series to s^13 (relative error < 3e-12).
 * For x > 0 and finite (the RL ratio y / max(Hx, eps) always is). */
static inline double log_pos(double x) {
  union { double d; uint64_t u; } v = { x };
  int e = (int)(v.u >> 52) - 1023;
  v.u = (v.u & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull;
  double m = v.d;
  if (m > 1.4142135623730951) { m *= 0.5; e += 1; }
  double s = (m - 1.0) / (m + 1.0), s2 = s * s;
  double p = 1.0 / 13;
  p = p * s2 + 1.0 / 11;
  p = p * s2 + 1.0 / 9;
  p = p * s2 + 1.0 / 7;
  p = p * s2 + 1.0 / 5;
  p = p * s2 + 1.0 / 3;
  p = p * s2 + 1.0;
  return e * 0.6931471805599453 + 2.0 * s * p;
}

EXPORT(rf_log) double rf_log(double x) { return log_pos(x); }

/* Natural logarithm of 4 floats (x > 0, normal), Cephes' logf as vectorised in sse_mathfun
 * (J. Pommier, 2007): x = m·2^e with m in [√½, √2), ln(1+u) by a degree-9 polynomial; relative
 * error ~1e-7. S. L. Moshier, Cephes Mathematical Library (1984-1992). */
static inline v128_t logf4(v128_t x) {
  const v128_t one = wasm_f32x4_splat(1.f);
  x = wasm_f32x4_max(x, wasm_f32x4_splat(1.17549435e-38f)); /* smallest normal: denormals and 0 */
  v128_t e = wasm_i32x4_sub(wasm_u32x4_shr(x, 23), wasm_i32x4_splat(126));
  x = wasm_v128_or(wasm_v128_and(x, wasm_i32x4_splat(~0x7f800000)), wasm_i32x4_splat(0x3f000000)); /* [0.5, 1) */
  v128_t ef = wasm_f32x4_convert_i32x4(e);
  v128_t mask = wasm_f32x4_lt(x, wasm_f32x4_splat(0.707106781186547524f));
  v128_t tmp = wasm_v128_and(x, mask);
  x = wasm_f32x4_sub(x, one);
  ef = wasm_f32x4_sub(ef, wasm_v128_and(one, mask));
  x = wasm_f32x4_add(x, tmp);
  v128_t z = wasm_f32x4_mul(x, x);
  /* the degree-8 polynomial by Estrin's scheme (c0 + c1·x + … + c8·x⁸, c8 = 7.04e-2): a short
   * dependency chain, so consecutive vectors overlap in the pipeline */
#define MA(a, b, c) wasm_f32x4_add(wasm_f32x4_mul(a, b), c)
#define C(v) wasm_f32x4_splat(v)
  v128_t x4 = wasm_f32x4_mul(z, z);
  v128_t e0 = MA(C(-2.4999993993E-1f), x, C(3.3333331174E-1f));
  v128_t e1 = MA(C(-1.6668057665E-1f), x, C(2.0000714765E-1f));
  v128_t e2 = MA(C(-1.2420140846E-1f), x, C(1.4249322787E-1f));
  v128_t e3 = MA(C(-1.1514610310E-1f), x, C(1.1676998740E-1f));
  v128_t f0 = MA(e1, z, e0);
  v128_t f1 = MA(e3, z, e2);
  v128_t y = MA(MA(C(7.0376836292E-2f), x4, f1), x4, f0);
#undef MA
#undef C
  y = wasm_f32x4_mul(wasm_f32x4_mul(y, x), z);
  y = wasm_f32x4_add(y, wasm_f32x4_mul(ef, wasm_f32x4_splat(-2.12194440e-4f)));
  y = wasm_f32x4_sub(y, wasm_f32x4_mul(z, wasm_f32x4_splat(0.5f)));
  x = wasm_f32x4_add(x, y);
  return wasm_f32x4_add(x, wasm_f32x4_mul(ef, wasm_f32x4_splat(0.693359375f)));
}

EXPORT(rf_logf) float rf_logf(float x) { return wasm_f32x4_extract_lane(logf4(wasm_f32x4_splat(x)), 0); }

/* The four float lanes of v as two pairs of doubles. */
static inline v128_t lo64(v128_t v) { return wasm_f64x2_promote_low_f32x4(v); }
static inline v128_t hi64(v128_t v) { return wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 2, 3)); }

/* --- x passes (rows r0..r1 of nx real samples; spectrum rows of nx+2 floats) --- */

EXPORT(rf_x_forward)
void rf_x_forward(PFFFT_Setup *s, float *work, float *scratch, const float *src, float *dst, int nx, int r0, int r1) {
  for (int r = r0; r < r1; r++) {
    pffft_transform_ordered(s, src + (size_t)r * nx, scratch, work, PFFFT_FORWARD);
    packed_to_row(scratch, dst + (size_t)r * (nx + 2), nx);
  }
}

EXPORT(rf_x_inverse)
void rf_x_inverse(PFFFT_Setup *s, float *work, float *scratch, const float *src, float *dst, int nx, int r0, int r1, float scale) {
  v128_t vs = wasm_f32x4_splat(scale);
  for (int r = r0; r < r1; r++) {
    float *out = dst + (size_t)r * nx;
    row_to_packed(src + (size_t)r * (nx + 2), scratch, nx);
    pffft_transform_ordered(s, scratch, out, work, PFFFT_BACKWARD);
    for (int i = 0; i < nx; i += 4) wasm_v128_store(out + i, wasm_f32x4_mul(wasm_v128_load(out + i), vs));
  }
}

/* First half of an RL iteration on rows: blur = inverse x transform of the (already convolved
 * and scaled) spectrum; ratio = y / max(blur, eps) back into the spectrum through a forward x
 * transform; red[2r] = Σ y·ln(y/b) − y + b over the row (b = max(blur, eps); b − y where y ≤ 0). */
EXPORT(rf_rl_ratio)
void rf_rl_ratio(PFFFT_Setup *s, float *work, float *scratch, float *spec, const float *observed, float eps, double *red, int nx, int r0, int r1) {
  for (int r = r0; r < r1; r++) {
    float *row = spec + (size_t)r * (nx + 2);
    const float *y = observed + (size_t)r * nx;
    row_to_packed(row, scratch, nx);
    pffft_transform_ordered(s, scratch, scratch, work, PFFFT_BACKWARD);
    /* b = max(blur, eps); ratio = y / b; term = y·ln(ratio) − y + b (ln taken as 0 where y ≤ 0,
     * which gives b − y there), summed in double (nx is a multiple of 32) */
    const v128_t veps = wasm_f32x4_splat(eps), zero = wasm_f32x4_splat(0.f), one = wasm_f32x4_splat(1.f);
    v128_t acc = wasm_f64x2_splat(0.0);
    for (int i = 0; i < nx; i += 4) {
      v128_t bl = wasm_v128_load(scratch + i);
      v128_t b = wasm_v128_bitselect(bl, veps, wasm_f32x4_gt(bl, veps));
      v128_t yy = wasm_v128_load(y + i);
      v128_t q = wasm_f32x4_div(yy, b);
      wasm_v128_store(scratch + i, q);
      v128_t pos = wasm_f32x4_gt(yy, zero);
      v128_t lq = wasm_v128_and(logf4(wasm_v128_bitselect(q, one, pos)), pos);
      v128_t y0 = lo64(yy), y1 = hi64(yy);
      acc = wasm_f64x2_add(acc, wasm_f64x2_add(wasm_f64x2_sub(wasm_f64x2_mul(y0, lo64(lq)), y0), lo64(b)));
      acc = wasm_f64x2_add(acc, wasm_f64x2_add(wasm_f64x2_sub(wasm_f64x2_mul(y1, hi64(lq)), y1), hi64(b)));
    }
    double div = wasm_f64x2_extract_lane(acc, 0) + wasm_f64x2_extract_lane(acc, 1);
    red[2 * r] = div;
    pffft_transform_ordered(s, scratch, scratch, work, PFFFT_FORWARD);
    packed_to_row(scratch, row, nx);
  }
}

/* Second half on rows: correction = inverse x transform; x ← x·correction (then max(·, 0) when
 * nonNegative); the new estimate's forward x transform goes into the spectrum for the next
 * iteration. red[2r] = Σ (x_new − x_old)², red[2r+1] = Σ x_old². */
EXPORT(rf_rl_update)
void rf_rl_update(PFFFT_Setup *s, float *work, float *scratch, float *spec, float *estimate, int nonNegative, double *red, int nx, int r0, int r1) {
  for (int r = r0; r < r1; r++) {
    float *row = spec + (size_t)r * (nx + 2);
    float *x = estimate + (size_t)r * nx;
    row_to_packed(row, scratch, nx);
    pffft_transform_ordered(s, scratch, scratch, work, PFFFT_BACKWARD);
    const v128_t zero = wasm_f32x4_splat(0.f);
    v128_t vch = wasm_f64x2_splat(0.0), vnm = wasm_f64x2_splat(0.0);
    for (int i = 0; i < nx; i += 4) {
      v128_t old = wasm_v128_load(x + i);
      v128_t v = wasm_f32x4_mul(old, wasm_v128_load(scratch + i));
      if (nonNegative) v = wasm_v128_bitselect(zero, v, wasm_f32x4_lt(v, zero));
      wasm_v128_store(x + i, v);
      wasm_v128_store(scratch + i, v);
      v128_t o0 = lo64(old), o1 = hi64(old);
      v128_t d0 = wasm_f64x2_sub(lo64(v), o0), d1 = wasm_f64x2_sub(hi64(v), o1);
      vch = wasm_f64x2_add(vch, wasm_f64x2_add(wasm_f64x2_mul(d0, d0), wasm_f64x2_mul(d1, d1)));
      vnm = wasm_f64x2_add(vnm, wasm_f64x2_add(wasm_f64x2_mul(o0, o0), wasm_f64x2_mul(o1, o1)));
    }
    double ch = wasm_f64x2_extract_lane(vch, 0) + wasm_f64x2_extract_lane(vch, 1);
    double nm = wasm_f64x2_extract_lane(vnm, 0) + wasm_f64x2_extract_lane(vnm, 1);
    red[2 * r] = ch;
    red[2 * r + 1] = nm;
    pffft_transform_ordered(s, scratch, scratch, work, PFFFT_FORWARD);
    packed_to_row(scratch, row, nx);
  }
}

/* --- y-z passes --- */

enum { YZ_FORWARD = 0, YZ_INVERSE = 1, YZ_CONVOLVE = 2, YZ_SLAB_ORDER = 3 };

/* out[c][r] ← in[r][c] for an rows×cols matrix of complex values, in 16×16 tiles of 2×2 blocks
 * (one v128 holds two complex): rows and cols are even (PFFFT lengths, multiples of 16). */
static void transpose_c(const uint64_t *in, uint64_t *out, int rows, int cols) {
  enum { T = 16 };
  for (int r0 = 0; r0 < rows; r0 += T) {
    int r1 = r0 + T < rows ? r0 + T : rows;
    for (int c0 = 0; c0 < cols; c0 += T) {
      int c1 = c0 + T < cols ? c0 + T : cols;
      for (int r = r0; r < r1; r += 2)
        for (int c = c0; c < c1; c += 2) {
          v128_t a = wasm_v128_load(in + (size_t)r * cols + c);
          v128_t b = wasm_v128_load(in + (size_t)(r + 1) * cols + c);
          wasm_v128_store(out + (size_t)c * rows + r, wasm_i64x2_shuffle(a, b, 0, 2));
          wasm_v128_store(out + (size_t)(c + 1) * rows + r, wasm_i64x2_shuffle(a, b, 1, 3));
        }
    }
  }
}

/* a ← a · H·scale (or conj(H)·scale), n complex values, both interleaved and 16-byte aligned. */
static void multiply_c(float *a, const float *h, int n, int conjugate, float scale) {
  v128_t sr = wasm_f32x4_splat(scale);
  v128_t si = conjugate ? wasm_f32x4_make(scale, -scale, scale, -scale) : wasm_f32x4_make(-scale, scale, -scale, scale);
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    v128_t va = wasm_v128_load(a + 2 * i);
    v128_t vh = wasm_v128_load(h + 2 * i);
    v128_t hr = wasm_i32x4_shuffle(vh, vh, 0, 0, 2, 2);
    v128_t hi = wasm_i32x4_shuffle(vh, vh, 1, 1, 3, 3);
    v128_t sw = wasm_i32x4_shuffle(va, va, 1, 0, 3, 2);
    /* (ar·hr − ai·hi, ai·hr + ar·hi): conj flips the sign of the hi terms */
    v128_t re = wasm_f32x4_mul(va, wasm_f32x4_mul(hr, sr));
    v128_t im = wasm_f32x4_mul(sw, wasm_f32x4_mul(hi, si));
    wasm_v128_store(a + 2 * i, wasm_f32x4_add(re, im));
  }
  for (; i < n; i++) {
    float hr = h[2 * i] * scale, hi = (conjugate ? -h[2 * i + 1] : h[2 * i + 1]) * scale;
    float ar = a[2 * i], ai = a[2 * i + 1];
    a[2 * i] = ar * hr - ai * hi;
    a[2 * i + 1] = ar * hi + ai * hr;
  }
}

static void lines(PFFFT_Setup *s, float *work, float *data, int count, int n, pffft_direction_t dir) {
  for (int l = 0; l < count; l++) {
    float *line = data + (size_t)l * 2 * n;
    pffft_transform_ordered(s, line, line, work, dir);
  }
}

/* One y-z pass over kx columns k0..k0+bc (bc ≤ 8) of spec [nz][ny][nxh]. sy / sz are NULL when
 * ny / nz is 1. slab holds bc·nz·ny complex, plane nz·ny complex (per thread). For YZ_CONVOLVE,
 * otf points at this block in slab order; for YZ_SLAB_ORDER, out does (it receives the block). */
EXPORT(rf_yz_block)
void rf_yz_block(PFFFT_Setup *sy, PFFFT_Setup *sz, float *work, float *slab, float *plane, float *spec,
                 int nz, int ny, int nxh, int k0, int bc, int mode, const float *otf, int conjugate, float scale, float *out) {
  const size_t rows = (size_t)nz * ny;
  uint64_t *s64 = (uint64_t *)spec;
  uint64_t *b64 = (uint64_t *)slab;
  /* gather: one read of bc adjacent complex per row, bc sequential write streams */
  if (bc == 8) {
    for (size_t r = 0, src = k0; r < rows; r++, src += nxh) {
      const uint64_t *p = s64 + src;
      b64[r] = p[0]; b64[r + rows] = p[1]; b64[r + 2 * rows] = p[2]; b64[r + 3 * rows] = p[3];
      b64[r + 4 * rows] = p[4]; b64[r + 5 * rows] = p[5]; b64[r + 6 * rows] = p[6]; b64[r + 7 * rows] = p[7];
    }
  } else {
    for (size_t r = 0, src = k0; r < rows; r++, src += nxh)
      for (int b = 0; b < bc; b++) b64[r + b * rows] = s64[src + b];
  }
  if (mode == YZ_SLAB_ORDER) {
    for (int b = 0; b < bc; b++) {
      if (nz > 1) transpose_c(b64 + b * rows, (uint64_t *)out + b * rows, nz, ny);
      else __builtin_memcpy(out + 2 * b * rows, slab + 2 * b * rows, rows * 8);
    }
    return;
  }
  if (mode != YZ_INVERSE && sy) lines(sy, work, slab, bc * nz, ny, PFFFT_FORWARD);
  for (int b = 0; b < bc; b++) {
    float *pb = slab + 2 * b * rows;
    if (nz > 1) {
      transpose_c((uint64_t *)pb, (uint64_t *)plane, nz, ny);
      if (mode != YZ_INVERSE) lines(sz, work, plane, ny, nz, PFFFT_FORWARD);
      if (mode == YZ_CONVOLVE) multiply_c(plane, otf + 2 * b * rows, (int)rows, conjugate, scale);
      if (mode != YZ_FORWARD) lines(sz, work, plane, ny, nz, PFFFT_BACKWARD);
      transpose_c((uint64_t *)plane, (uint64_t *)pb, ny, nz);
    } else if (mode == YZ_CONVOLVE) {
      multiply_c(pb, otf + 2 * b * rows, (int)rows, conjugate, scale);
    }
  }
  if (mode != YZ_FORWARD && sy) lines(sy, work, slab, bc * nz, ny, PFFFT_BACKWARD);
  /* scatter */
  if (bc == 8) {
    for (size_t r = 0, dst = k0; r < rows; r++, dst += nxh) {
      uint64_t *p = s64 + dst;
      p[0] = b64[r]; p[1] = b64[r + rows]; p[2] = b64[r + 2 * rows]; p[3] = b64[r + 3 * rows];
      p[4] = b64[r + 4 * rows]; p[5] = b64[r + 5 * rows]; p[6] = b64[r + 6 * rows]; p[7] = b64[r + 7 * rows];
    }
  } else {
    for (size_t r = 0, dst = k0; r < rows; r++, dst += nxh)
      for (int b = 0; b < bc; b++) s64[dst + b] = b64[r + b * rows];
  }
}

/* PFFFT setup entry points for the JavaScript side (malloc, sin, cos are imported from it). */
EXPORT(rf_new_setup) PFFFT_Setup *rf_new_setup(int n, int complex) { return pffft_new_setup(n, complex ? PFFFT_COMPLEX : PFFFT_REAL); }
