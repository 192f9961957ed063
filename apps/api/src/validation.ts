/** Turns zod failures into BAD_INPUT errors that name the field and the rule. */
import type { z } from "zod";
import { AppError } from "./errors.js";

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
  throw new AppError("BAD_INPUT", message, { issues });
}
