#pragma once
#include <stddef.h>
#define memcpy(d, s, n) __builtin_memcpy(d, s, n)
