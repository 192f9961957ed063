/* sin/cos only build PFFFT's twiddle tables (at setup): imported from JavaScript's Math. */
#pragma once
double sin(double x);
double cos(double x);
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#ifndef M_SQRT2
#define M_SQRT2 1.41421356237309504880
#endif
