/**
 * Shared argument parsing for `refocus` subcommands, on node:util parseArgs (strict mode): unknown
 * options, missing values and wrong positional counts become UsageError (exit 2), and the value
 * helpers name the offending option.
 */
import { parseArgs } from "node:util";
import { UsageError } from "./types.js";

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
}

type ValueOf<S extends OptionSpec> = S["type"] extends "boolean"
  ? S["multiple"] extends true ? boolean[] : boolean
  : S["multiple"] extends true ? string[] : string;

export type ParsedValues<O extends Record<string, OptionSpec>> = { [K in keyof O]?: ValueOf<O[K]> };

export interface ParsedArgs<O extends Record<string, OptionSpec>> {
  values: ParsedValues<O>;
  positionals: string[];
}

/**
 * Parses `args` against `options`, requiring between `min` and `max` positional arguments.
 * `--help`/`-h` is handled by main.ts before a command runs.
 */
export function parseCommandArgs<O extends Record<string, OptionSpec>>(
  args: string[],
  options: O,
  positionals: { min: number; max: number; names?: string } = { min: 0, max: 0 },
): ParsedArgs<O> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true, allowNegative: false });
  } catch (e) {
    // parseArgs reports unknown options and missing values as TypeError with an ERR_PARSE_ARGS code.
    const message = e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, "") : String(e);
    throw new UsageError(message);
  }
  const n = parsed.positionals.length;
  if (n < positionals.min) {
    throw new UsageError(`missing argument${positionals.names ? `: ${positionals.names}` : ""}`);
  }
  if (n > positionals.max) {
    throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}"`);
  }
  return { values: parsed.values as ParsedValues<O>, positionals: parsed.positionals };
}

/** A finite number from an option value, optionally bounded and integral. */
export function parseNumber(
  value: string,
  option: string,
  limits: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {},
): number {
  const t = value.trim();
  const n = t === "" ? NaN : Number(t);
  if (!Number.isFinite(n)) throw new UsageError(`--${option} must be a number, got "${value}"`);
  if (limits.integer && !Number.isInteger(n)) throw new UsageError(`--${option} must be an integer, got "${value}"`);
  if (limits.min !== undefined && (limits.exclusiveMin ? n <= limits.min : n < limits.min)) {
    throw new UsageError(`--${option} must be ${limits.exclusiveMin ? ">" : "≥"} ${limits.min}, got ${value}`);
  }
  if (limits.max !== undefined && n > limits.max) throw new UsageError(`--${option} must be ≤ ${limits.max}, got ${value}`);
  return n;
}

/**
 * Three numbers written "ZxYxX" (also with × or ,), e.g. a size "64x256x256" or a voxel size
 * "0.3x0.1x0.1". One number alone means the same value on all three axes.
 */
export function parseTriple(value: string, option: string, limits: { integer?: boolean; positive?: boolean } = {}): [number, number, number] {
  const parts = value.trim().split(/\s*[x×,]\s*/i);
  if (parts.length !== 1 && parts.length !== 3) {
    throw new UsageError(`--${option} must be Z×Y×X like "${limits.integer ? "32x64x64" : "0.3x0.1x0.1"}", got "${value}"`);
  }
  const nums = parts.map((p) => {
    const n = p === "" ? NaN : Number(p);
    if (!Number.isFinite(n)) throw new UsageError(`--${option} must be Z×Y×X numbers, got "${value}"`);
    if (limits.integer && !Number.isInteger(n)) throw new UsageError(`--${option} must be whole numbers, got "${value}"`);
    if (limits.positive && n <= 0) throw new UsageError(`--${option} must be positive, got "${value}"`);
    return n;
  });
  return nums.length === 1 ? [nums[0], nums[0], nums[0]] : [nums[0], nums[1], nums[2]];
}

/** A size "ZxYxX" of positive integers. */
export function parseSize3(value: string, option: string): [number, number, number] {
  return parseTriple(value, option, { integer: true, positive: true });
}

/** One of a fixed set of words. */
export function parseChoice<T extends string>(value: string, option: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${option} must be one of ${choices.join(", ")}, got "${value}"`);
}
