/**
 * A one-line terminal progress bar for iterative commands (deconvolve): iteration i/N, relative
 * change between iterates, elapsed time. Drawn on stderr with carriage returns, only when stderr
 * is a terminal, so logs and pipes stay clean.
 */
import type { CliIO } from "./types.js";

export interface ProgressUpdate {
  /** Iterations done. */
  iteration: number;
  total: number;
  /** ‖x_k − x_{k−1}‖ / ‖x_{k−1}‖, when the algorithm reports it. */
  relativeChange?: number;
}

export interface ProgressBar {
  update(p: ProgressUpdate): void;
  /** Ends the line (call once, also after errors). */
  done(): void;
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - 60 * m).toString().padStart(2, "0")} s`;
}

/** The text of one progress line (no control characters). */
export function formatProgress(p: ProgressUpdate, elapsedMs: number, barWidth = 24): string {
  const total = Math.max(1, p.total);
  const frac = Math.min(1, Math.max(0, p.iteration / total));
  const filled = Math.round(frac * barWidth);
  const bar = "█".repeat(filled) + "░".repeat(barWidth - filled);
  const width = String(total).length;
  const change = p.relativeChange !== undefined && Number.isFinite(p.relativeChange) ? `  Δ ${p.relativeChange.toExponential(2)}` : "";
  return `${bar} ${String(p.iteration).padStart(width)}/${total}${change}  ${formatSeconds(elapsedMs)}`;
}

/**
 * A progress bar on `io.stderr`; a no-op when stderr is not a terminal.
 * @param label printed before the bar, e.g. "richardson-lucy".
 * @param now clock in ms (injectable for tests).
 */
export function createProgressBar(io: CliIO, label: string, now: () => number = () => performance.now()): ProgressBar {
  if (!io.isTTY) return { update() {}, done() {} };
  const start = now();
  let drawn = false;
  let last = 0;
  return {
    update(p) {
      const t = now();
      // Redraw at most ~10 times a second, but always draw the last iteration.
      if (drawn && t - last < 100 && p.iteration < p.total) return;
      last = t;
      drawn = true;
      io.stderr(`\r\x1b[2K${label} ${formatProgress(p, t - start)}`);
    },
    done() {
      if (drawn) io.stderr("\n");
      drawn = false;
    },
  };
}
