/** Display helpers shared by every page: sizes, dates, voxel sizes and JSON values. */

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : "—";
}

export interface VoxelSizeLike {
  x: number;
  y: number;
  z: number;
  unit: string;
}

export function formatVoxelSize(v: VoxelSizeLike | null | undefined): string {
  return v ? `${v.z}×${v.y}×${v.x} ${v.unit}` : "—";
}

/** A JSON value on one line, for table cells; strings without their quotes. */
export function formatJsonValue(v: unknown): string {
  if (v === undefined) return "—";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Follows a path of keys through nested JSON objects; undefined where a step is missing. */
export function pick(v: unknown, ...keys: string[]): unknown {
  let cur = v;
  for (const k of keys) {
    if (!isRecord(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/**
 * FWHM of a PSF from its `quality` record, in nm when the voxel size was known, else voxels. The
 * API stores the engine's PsfMeasurement, either at the top level or under `measurement`.
 */
export function formatFwhm(quality: unknown): string {
  for (const base of [quality, pick(quality, "measurement")]) {
    for (const [key, unit] of [["fwhmNm", "nm"], ["fwhmPixels", "px"]] as const) {
      const f = pick(base, key);
      if (isRecord(f) && typeof f.x === "number" && typeof f.y === "number" && typeof f.z === "number") {
        const r = (n: number) => (unit === "nm" ? Math.round(n).toString() : n.toFixed(2));
        return `${r(f.x)} × ${r(f.y)} × ${r(f.z)} ${unit} (x×y×z)`;
      }
    }
  }
  return "—";
}
