/* printf appears only in PFFFT's self-check, which the wasm build never calls. */
#pragma once
#define printf(...) ((void)0)
