/**
 * One error class for everything the engine refuses, with a code that callers (API, CLI, web)
 * map to their own messages or status codes without parsing text.
 */
export type EngineErrorCode =
  | "TIFF_NOT_TIFF"
  | "TIFF_CORRUPT"
  | "TIFF_UNSUPPORTED"
  | "TIFF_TOO_LARGE"
  | "INVALID_PARAMETER"
  | "SHAPE_MISMATCH"
  | "PSF_TOO_LARGE"
  | "ABORTED"
  | "BACKEND_UNAVAILABLE"
  | "GPU_SIZE_UNSUPPORTED";

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  constructor(code: EngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EngineError";
    this.code = code;
  }
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}
