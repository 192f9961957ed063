import { EngineError } from "../errors.js";

/** Throws EngineError "ABORTED" when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new EngineError("ABORTED", "Deconvolution was cancelled", { cause: signal.reason });
}

/** Lets pending events (an abort, a progress write) run between iterations. */
export function yieldToEventLoop(): Promise<void> {
  // setImmediate where it exists: setTimeout(0) costs a full millisecond per iteration in Node
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}
