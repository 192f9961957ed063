/** The human message of a failed request: GraphQL errors carry the API's message, shown as is. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Parses a JSON object typed by a person (extra parameters). Empty text is no object; anything
 * but an object is refused with a message that says so.
 */
export function parseJsonObject(text: string, what: string): Record<string, unknown> | undefined {
  if (!text.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${what} is not valid JSON.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`${what} must be a JSON object, e.g. {"iterations": 30}.`);
  return value as Record<string, unknown>;
}
