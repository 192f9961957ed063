/**
 * One error class for everything the API refuses. Codes are mapped to GraphQL error extensions and
 * HTTP statuses in exactly one place each (graphql/format-error.ts, http/send-error.ts).
 */
export const AppErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  BAD_INPUT: "BAD_INPUT",
  CONFLICT: "CONFLICT",
  TOO_LARGE: "TOO_LARGE",
  UNSUPPORTED_FILE: "UNSUPPORTED_FILE",
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(code: AppErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}

/** The row, or NOT_FOUND "<what> not found." (an unknown row and a forbidden one read alike). */
export function orNotFound<T>(row: T | null | undefined, what: string): T {
  if (row === null || row === undefined) throw new AppError("NOT_FOUND", `${what} not found.`);
  return row;
}

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_INPUT: 400,
  CONFLICT: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_FILE: 415,
};
