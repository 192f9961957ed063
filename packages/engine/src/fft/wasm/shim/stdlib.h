/* Minimal libc shim for the Refocus wasm build: allocation is imported from JavaScript. */
#pragma once
#include <stddef.h>
void *malloc(size_t n);
void free(void *p);
