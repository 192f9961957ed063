/** The one mapping from thrown errors to GraphQL errors. Unknown errors are logged and masked. */
import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { isEngineError } from "@refocus/engine";
import { AppError } from "../errors.js";

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) {
    return { ...formatted, message: original.message, extensions: { code: original.code, ...(original.details ?? {}) } };
  }
  if (isEngineError(original)) {
    return { ...formatted, message: original.message, extensions: { code: "BAD_INPUT", engineCode: original.code } };
  }
  const code = formatted.extensions?.code;
  // Apollo's own codes (parse and validation failures, bad variables) are safe to show as they are
  if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") return formatted;
  console.error(original);
  return { message: "Internal server error.", path: formatted.path, extensions: { code: "INTERNAL" } };
}
