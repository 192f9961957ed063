/**
 * What the TIFF reader reports about a file, and the options it takes.
 */
import { z } from "zod";
import type { Volume, VoxelSize } from "../volume.js";

export const ZTiffSampleType = z.enum(["uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "float64"]);
export type TTiffSampleType = z.infer<typeof ZTiffSampleType>;

/** Where the dimensions came from: ImageJ hyperstack description, OME-XML, or plain pages. */
export const ZTiffLayout = z.enum(["imagej", "ome", "pages"]);
export type TTiffLayout = z.infer<typeof ZTiffLayout>;

export const ZReadTiffOptions = z.object({
  /**
   * Refuse files whose decoded samples would exceed this many bytes (checked before allocating).
   * Default 2 GiB: a float32 volume of 512 million voxels.
   */
  maxBytes: z.number().int().positive().default(2 * 1024 ** 3),
});
export type TReadTiffOptions = z.input<typeof ZReadTiffOptions>;

export const ZVolumeSelection = z.object({
  /** Channel index (0-based); required when the file has several channels. */
  channel: z.number().int().nonnegative().optional(),
  /** Time point index (0-based); required when the file has several frames. */
  frame: z.number().int().nonnegative().optional(),
});
export type TVolumeSelection = z.infer<typeof ZVolumeSelection>;

/** Metadata of a TIFF file, available without decoding pixels (`inspectTiff`). */
export interface TiffInfo {
  sampleType: TTiffSampleType;
  littleEndian: boolean;
  bigTiff: boolean;
  /** Compression name, e.g. "none", "LZW", "Deflate", "PackBits". */
  compression: string;
  width: number;
  height: number;
  /** Z planes per channel and frame. */
  slices: number;
  channels: number;
  frames: number;
  layout: TTiffLayout;
  /** Number of image directories in the file (ImageJ may store a whole stack after one). */
  pageCount: number;
  voxelSize?: VoxelSize;
  /** Free-text description: the ImageJ Info property (without Refocus's provenance line) or a plain ImageDescription. */
  description?: string;
  /** The raw ImageDescription tag of the first page. */
  imageDescription?: string;
  /** JSON that `writeTiff` embedded, parsed; undefined when absent. */
  provenance?: unknown;
}

/** A decoded TIFF: metadata plus one Z stack per channel and frame, never mixed. */
export interface TiffStack extends TiffInfo {
  /** The Z stack of one channel at one time point, as float32 with the file's voxel size. */
  volume(channel?: number, frame?: number): Volume;
}
