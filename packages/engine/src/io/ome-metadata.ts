/**
 * OME-TIFF metadata (internal): the `Pixels` element of the OME-XML in the first ImageDescription.
 *
 * Only the first image (series) is read, and its planes are assumed to be stored in this file in
 * DimensionOrder from the first page, which is what Bio-Formats, tifffile and most microscopes
 * write. Multi-file OME-TIFF datasets are refused by the reader (too few pages).
 *
 * Reference: Goldberg et al., "The Open Microscopy Environment (OME) Data Model and XML file",
 * Genome Biology 6:R47, 2005, doi:10.1186/gb-2005-6-5-r47; OME schema 2016-06.
 */
import { EngineError } from "../errors.js";
import type { VoxelSize } from "../volume.js";
import type { TTiffSampleType } from "./tiff-stack.js";

export interface OmePixels {
  sizeX: number;
  sizeY: number;
  sizeZ: number;
  sizeC: number;
  sizeT: number;
  /** e.g. "XYZCT": X fastest, T slowest. */
  dimensionOrder: string;
  type?: TTiffSampleType;
  voxelSize?: VoxelSize;
  /** Number of Image elements (series); only the first is read. */
  imageCount: number;
}

export function isOmeXml(text: string | undefined): boolean {
  return text !== undefined && /<(?:\w+:)?OME[\s>]/.test(text);
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]] = m[2] ?? m[3] ?? "";
  return out;
}

const OME_TYPES: Record<string, TTiffSampleType> = {
  uint8: "uint8", int8: "int8", uint16: "uint16", int16: "int16", uint32: "uint32", int32: "int32",
  float: "float32", double: "float64",
};

function size(a: Record<string, string>, key: string): number {
  const n = Number(a[key] ?? "1");
  if (!Number.isInteger(n) || n < 1) throw new EngineError("TIFF_CORRUPT", `OME-XML has an invalid Pixels ${key}="${a[key]}"`);
  return n;
}

export function parseOmeXml(xml: string): OmePixels {
  const m = /<(?:\w+:)?Pixels\b([^>]*)>/.exec(xml);
  if (!m) throw new EngineError("TIFF_CORRUPT", "OME-XML has no Pixels element");
  const a = attributes(m[1]);
  const dimensionOrder = (a.DimensionOrder ?? "XYZCT").toUpperCase();
  if (!/^XY[ZCT]{3}$/.test(dimensionOrder) || new Set(dimensionOrder).size !== 5) {
    throw new EngineError("TIFF_CORRUPT", `OME-XML has an invalid DimensionOrder "${a.DimensionOrder}"`);
  }
  const px = a.PhysicalSizeX !== undefined ? Number(a.PhysicalSizeX) : undefined;
  const py = a.PhysicalSizeY !== undefined ? Number(a.PhysicalSizeY) : undefined;
  const pz = a.PhysicalSizeZ !== undefined ? Number(a.PhysicalSizeZ) : undefined;
  let voxelSize: VoxelSize | undefined;
  if (px !== undefined && Number.isFinite(px) && px > 0) {
    // OME's default unit is the micrometre; units may differ per axis, so convert Y and Z to X's.
    const ux = a.PhysicalSizeXUnit ?? "µm";
    const toX = (v: number | undefined, u: string | undefined): number | undefined => {
      if (v === undefined || !Number.isFinite(v) || v <= 0) return undefined;
      const f = unitFactor(u ?? "µm") / unitFactor(ux);
      return Number.isFinite(f) ? v * f : undefined;
    };
    voxelSize = {
      x: px,
      y: toX(py, a.PhysicalSizeYUnit) ?? px,
      z: toX(pz, a.PhysicalSizeZUnit) ?? 1,
      unit: ux,
    };
  }
  const imageCount = Math.max(1, (xml.match(/<(?:\w+:)?Image[\s>]/g) ?? []).length);
  return {
    sizeX: size(a, "SizeX"),
    sizeY: size(a, "SizeY"),
    sizeZ: size(a, "SizeZ"),
    sizeC: size(a, "SizeC"),
    sizeT: size(a, "SizeT"),
    dimensionOrder,
    type: a.Type !== undefined ? OME_TYPES[a.Type.toLowerCase()] : undefined,
    voxelSize,
    imageCount,
  };
}

const UNIT_NM: Record<string, number> = { pm: 1e-3, "Å": 0.1, nm: 1, "µm": 1e3, "μm": 1e3, um: 1e3, mm: 1e6, cm: 1e7, m: 1e9 };

function unitFactor(u: string): number {
  return UNIT_NM[u] ?? NaN;
}

/** Page index of plane (c, z, t) for the given DimensionOrder (first letter after XY varies fastest). */
export function omePlaneIndex(p: OmePixels, c: number, z: number, t: number): number {
  const sizes: Record<string, number> = { Z: p.sizeZ, C: p.sizeC, T: p.sizeT };
  const idx: Record<string, number> = { Z: z, C: c, T: t };
  const [a, b, d] = p.dimensionOrder.slice(2).split("");
  return idx[a] + sizes[a] * (idx[b] + sizes[b] * idx[d]);
}
