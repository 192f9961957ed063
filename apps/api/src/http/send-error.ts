/** The one mapping from errors to HTTP responses for the non-GraphQL endpoints. */
import type { Response } from "express";
import { isEngineError } from "@refocus/engine";
import { AppError, HTTP_STATUS } from "../errors.js";

export function sendError(res: Response, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof AppError) {
    res.status(HTTP_STATUS[error.code]).json({ error: { code: error.code, message: error.message } });
  } else if (isEngineError(error)) {
    res.status(415).json({ error: { code: "UNSUPPORTED_FILE", message: error.message } });
  } else {
    console.error(error);
    res.status(500).json({ error: { code: "INTERNAL", message: "Internal server error." } });
  }
}
