"use client";

interface Point {
  iteration: number;
  relativeChange?: number | null;
}

/** Relative change per iteration on a log scale: how fast the estimate settles. */
export function ConvergenceChart({ history }: { history: Point[] }) {
  const points = history.filter((p): p is { iteration: number; relativeChange: number } => typeof p.relativeChange === "number" && p.relativeChange > 0);
  if (points.length < 2) return null;
  const w = 480;
  const h = 140;
  const pad = 30;
  const logs = points.map((p) => Math.log10(p.relativeChange));
  const lo = Math.floor(Math.min(...logs));
  const hi = Math.ceil(Math.max(...logs));
  const maxIt = points[points.length - 1].iteration;
  const x = (it: number) => pad + ((it - points[0].iteration) / Math.max(1, maxIt - points[0].iteration)) * (w - pad - 8);
  const y = (v: number) => 8 + ((hi - v) / Math.max(1e-9, hi - lo)) * (h - pad - 8);
  const path = points.map((p, i) => `${i ? "L" : "M"}${x(p.iteration).toFixed(1)},${y(logs[i]).toFixed(1)}`).join(" ");
  return (
    <svg width={w} height={h} role="img" aria-label="Relative change per iteration" data-testid="convergence-chart">
      <path d={path} fill="none" stroke="var(--accent)" strokeWidth={2} />
      <text x={2} y={12} fill="var(--muted)" fontSize={10}>1e{hi}</text>
      <text x={2} y={h - pad} fill="var(--muted)" fontSize={10}>1e{lo}</text>
      <text x={w / 2} y={h - 8} fill="var(--muted)" fontSize={10} textAnchor="middle">iteration (relative change, log scale)</text>
    </svg>
  );
}
