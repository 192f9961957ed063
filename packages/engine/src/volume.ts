/**
 * The one data type the engine works on: a float32 volume in Z, Y, X order (x fastest).
 * A 2D image is a volume with nz = 1.
 */

/** Physical size of one voxel. `unit` is what the file said (e.g. "nm", "µm"); see `voxelSizeInNm`. */
export interface VoxelSize {
  z: number;
  y: number;
  x: number;
  unit: string;
}

export type Shape3 = readonly [nz: number, ny: number, nx: number];

export interface Volume {
  /** Row-major samples, index = (z * ny + y) * nx + x. */
  readonly data: Float32Array;
  readonly shape: Shape3;
  readonly voxelSize?: VoxelSize;
}

export function voxelCount(shape: Shape3): number {
  return shape[0] * shape[1] * shape[2];
}

/** Creates a volume, checking that the data length matches the shape. */
export function createVolume(data: Float32Array, shape: Shape3, voxelSize?: VoxelSize): Volume {
  if (shape.length !== 3 || shape.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new RangeError(`shape must be three positive integers (Z, Y, X), got [${shape.join(", ")}]`);
  }
  if (data.length !== voxelCount(shape)) {
    throw new RangeError(`data has ${data.length} samples but shape ${shape.join("×")} needs ${voxelCount(shape)}`);
  }
  return voxelSize ? { data, shape: [shape[0], shape[1], shape[2]], voxelSize } : { data, shape: [shape[0], shape[1], shape[2]] };
}

export function zeros(shape: Shape3, voxelSize?: VoxelSize): Volume {
  return createVolume(new Float32Array(voxelCount(shape)), shape, voxelSize);
}

export function formatShape(shape: Shape3): string {
  return `${shape[0]}×${shape[1]}×${shape[2]}`;
}

const NM_PER_UNIT: Record<string, number> = {
  nm: 1, nanometer: 1, nanometers: 1, nanometre: 1,
  um: 1e3, "µm": 1e3, "μm": 1e3, micron: 1e3, microns: 1e3, micrometer: 1e3, micrometre: 1e3, "\\u00B5m": 1e3,
  mm: 1e6, millimeter: 1e6, cm: 1e7, m: 1e9, meter: 1e9,
};

/** The voxel size in nanometres, or undefined when the unit is unknown (e.g. "pixel"). */
export function voxelSizeInNm(v: VoxelSize | undefined): { z: number; y: number; x: number } | undefined {
  if (!v) return undefined;
  const f = NM_PER_UNIT[v.unit.trim().toLowerCase()] ?? NM_PER_UNIT[v.unit.trim()];
  return f === undefined ? undefined : { z: v.z * f, y: v.y * f, x: v.x * f };
}
