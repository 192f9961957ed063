/**
 * Reads microscopy TIFF files into float32 Z stacks: plain multi-page TIFF (each page a Z slice),
 * ImageJ hyperstacks (XYCZT order, including ImageJ's one-directory stacks of contiguous images),
 * OME-TIFF (first series, any DimensionOrder), classic and BigTIFF, either byte order, 8/16/32-bit
 * integer and 32/64-bit float samples, uncompressed, LZW, Deflate or PackBits, stripped or tiled.
 *
 * Channels and time points are kept apart: `volume(channel, frame)` returns one Z stack.
 * Hostile input yields an EngineError (codes TIFF_NOT_TIFF, TIFF_CORRUPT, TIFF_UNSUPPORTED,
 * TIFF_TOO_LARGE); sizes are checked against the file length and `maxBytes` before allocating.
 *
 * Voxel size: ImageJ files give X/Y as 1/XResolution, 1/YResolution in `unit=` and Z as
 * `spacing=`; OME-TIFF gives PhysicalSizeX/Y/Z (in X's unit). Plain TIFFs carry no Z spacing, so
 * their voxel size is left undefined for the caller to supply.
 *
 * Example:
 *   const stack = await readTiff(await fs.readFile("cells.tif"));
 *   const dapi = stack.volume(0, 0); // shape [slices, height, width]
 *
 * References: Adobe, "TIFF Revision 6.0", 1992; Schneider, Rasband & Eliceiri, "NIH Image to
 * ImageJ: 25 years of image analysis", Nature Methods 9:671, 2012, doi:10.1038/nmeth.2089;
 * Goldberg et al., "The Open Microscopy Environment (OME) Data Model and XML file", Genome Biology
 * 6:R47, 2005, doi:10.1186/gb-2005-6-5-r47.
 */
import { EngineError } from "../errors.js";
import { createVolume, type Volume, type VoxelSize } from "../volume.js";
import { TAG, compressionName } from "./tiff-format.js";
import { TiffBytes, parseHeader, readIfds, tagBytes, tagNumber, tagNumbers, tagString, type Ifd } from "./tiff-directory.js";
import { describePage, validatePage, decodePage, pageBytes, pageSampleToFloat32, type DecodedPage, type TiffPage } from "./tiff-page.js";
import { isImageJDescription, parseImageJDescription, parseImageJInfo, splitProvenance } from "./imagej-metadata.js";
import { isOmeXml, omePlaneIndex, parseOmeXml } from "./ome-metadata.js";
import { ZReadTiffOptions, type TReadTiffOptions, type TVolumeSelection, type TiffInfo, type TiffStack } from "./tiff-stack.js";

/** Where plane (c, z, t) lives: a page index, or a byte offset for ImageJ contiguous stacks. */
type PlaneLocator = (c: number, z: number, t: number) => { page: number; offset?: number };

interface ParsedTiff {
  t: TiffBytes;
  info: TiffInfo;
  pages: TiffPage[];
  /** File planes per (c, z, t) address; a file plane holds `samplesPerPixel` channels. */
  locate: PlaneLocator;
  /** Channels stored per file plane (samples per pixel), multiplied into `info.channels`. */
  samplesPerPlane: number;
}

function toBytes(input: ArrayBuffer | Uint8Array): Uint8Array {
  // A plain Uint8Array view: Node's Buffer subclass has view-returning slice(), which would let
  // later copies alias (and predictors mutate) the caller's bytes.
  if (input instanceof Uint8Array) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  throw new EngineError("TIFF_NOT_TIFF", "TIFF input must be an ArrayBuffer or Uint8Array");
}

const MICRON_SPELLINGS = new Set(["micron", "microns", "um", "\\u00B5m", "µm", "μm", "micrometer", "micrometre"]);

function normalizeUnit(u: string): string {
  return MICRON_SPELLINGS.has(u.trim()) ? "µm" : u.trim();
}

function imageJVoxelSize(t: TiffBytes, ifd: Ifd, unit: string | undefined, spacing: number | undefined): VoxelSize | undefined {
  const xr = tagNumber(t, ifd, TAG.XResolution);
  const yr = tagNumber(t, ifd, TAG.YResolution);
  if (unit === undefined || xr === undefined || !(xr > 0) || !Number.isFinite(xr)) return undefined;
  const x = 1 / xr;
  const y = yr !== undefined && yr > 0 && Number.isFinite(yr) ? 1 / yr : x;
  const z = spacing !== undefined && spacing > 0 ? spacing : 1;
  return { z, y, x, unit: normalizeUnit(unit) };
}

function parse(bytes: Uint8Array, maxBytes: number): ParsedTiff {
  const t = new TiffBytes(bytes);
  const header = parseHeader(t);
  const ifds = readIfds(t, header);
  const main = ifds.filter((ifd) => ((tagNumber(t, ifd, TAG.NewSubfileType) ?? 0) & 1) === 0);
  if (main.length === 0) throw new EngineError("TIFF_CORRUPT", "TIFF holds only reduced-resolution images");
  const pages = main.map((ifd, i) => describePage(t, ifd, i));
  const p0 = pages[0];
  for (let i = 1; i < pages.length; i++) {
    const p = pages[i];
    if (p.width !== p0.width || p.height !== p0.height || p.sampleType !== p0.sampleType || p.samplesPerPixel !== p0.samplesPerPixel) {
      throw new EngineError(
        "TIFF_UNSUPPORTED",
        `TIFF pages differ: page 1 is ${p0.width}×${p0.height} ${p0.sampleType}×${p0.samplesPerPixel}, page ${i + 1} is ${p.width}×${p.height} ${p.sampleType}×${p.samplesPerPixel}; a stack needs identical pages`,
      );
    }
  }
  const imageDescription = tagString(t, main[0], TAG.ImageDescription);
  const spp = p0.samplesPerPixel;
  const planeBytes = pageBytes(p0);

  let layout: TiffInfo["layout"] = "pages";
  let slices = pages.length;
  let channels = 1;
  let frames = 1;
  let voxelSize: VoxelSize | undefined;
  let locate: PlaneLocator = (_c, z) => ({ page: z });
  let description: string | undefined;
  let provenance: unknown;
  let filePlanes = pages.length;

  if (isImageJDescription(imageDescription)) {
    layout = "imagej";
    const ij = parseImageJDescription(imageDescription ?? "");
    let images = ij.images;
    ({ channels, slices, frames } = ij);
    if (channels * slices * frames !== images) {
      // Inconsistent hyperstack header: fall back to a plain stack of `images` slices.
      channels = 1; frames = 1; slices = images;
    }
    if (pages.length >= images) {
      locate = (c, z, tt) => ({ page: c + channels * (z + slices * tt) });
    } else if (pages.length === 1 && p0.compression === 1 && !p0.tiled && p0.predictor === 1) {
      // ImageJ writes stacks over 4 GB (and some tools all stacks) as one directory + contiguous images.
      const start = p0.offsets[0];
      t.check(start, images * planeBytes, `ImageJ stack of ${images} images of ${planeBytes} bytes`);
      locate = (c, z, tt) => ({ page: 0, offset: start + (c + channels * (z + slices * tt)) * planeBytes });
    } else {
      throw new EngineError("TIFF_CORRUPT", `ImageJ TIFF declares ${images} images but holds ${pages.length} pages`);
    }
    filePlanes = images;
    voxelSize = imageJVoxelSize(t, main[0], ij.unit, ij.spacing);
    const counts = tagNumbers(t, main[0], TAG.IJMetadataByteCounts);
    const data = tagBytes(t, main[0], TAG.IJMetadata);
    const info = counts && data ? parseImageJInfo(data, counts, t.littleEndian) : undefined;
    if (info !== undefined) {
      const split = splitProvenance(info);
      description = split.text || undefined;
      provenance = split.provenance;
    }
  } else if (isOmeXml(imageDescription)) {
    layout = "ome";
    const ome = parseOmeXml(imageDescription ?? "");
    if (ome.sizeX !== p0.width || ome.sizeY !== p0.height) {
      throw new EngineError("TIFF_CORRUPT", `OME-XML says ${ome.sizeX}×${ome.sizeY} pixels but the pages are ${p0.width}×${p0.height}`);
    }
    // RGB-style OME files store SizeC samples per pixel in one plane.
    const cPlanes = spp > 1 && ome.sizeC % spp === 0 ? ome.sizeC / spp : ome.sizeC;
    const needed = cPlanes * ome.sizeZ * ome.sizeT;
    if (pages.length < needed) {
      throw new EngineError(
        "TIFF_UNSUPPORTED",
        `OME-TIFF needs ${needed} planes but this file holds ${pages.length}; multi-file OME datasets are not supported`,
      );
    }
    channels = cPlanes; slices = ome.sizeZ; frames = ome.sizeT;
    const planes = { ...ome, sizeC: cPlanes };
    locate = (c, z, tt) => ({ page: omePlaneIndex(planes, c, z, tt) });
    filePlanes = needed;
    voxelSize = ome.voxelSize;
  } else {
    description = imageDescription && !imageDescription.startsWith("{") ? imageDescription : undefined;
  }

  const totalBytes = filePlanes * planeBytes;
  if (totalBytes > maxBytes || filePlanes * p0.width * p0.height * spp * 4 > maxBytes) {
    throw new EngineError(
      "TIFF_TOO_LARGE",
      `TIFF image is ${p0.width}×${p0.height}×${filePlanes}×${spp} ${p0.sampleType}, over the ${Math.round(maxBytes / 2 ** 20)} MiB limit`,
    );
  }
  for (let i = 0; i < pages.length; i++) validatePage(t, pages[i], i);

  const info: TiffInfo = {
    sampleType: p0.sampleType,
    littleEndian: header.littleEndian,
    bigTiff: header.bigTiff,
    compression: compressionName(p0.compression),
    width: p0.width,
    height: p0.height,
    slices,
    channels: channels * spp,
    frames,
    layout,
    pageCount: pages.length,
    ...(voxelSize ? { voxelSize } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(imageDescription !== undefined ? { imageDescription } : {}),
    ...(provenance !== undefined ? { provenance } : {}),
  };
  return { t, info, pages, locate, samplesPerPlane: spp };
}

/**
 * Metadata of a TIFF without decoding any pixels: dimensions, sample type, byte order,
 * compression, voxel size, embedded provenance. Validates the structure like `readTiff`.
 */
export function inspectTiff(bytes: ArrayBuffer | Uint8Array, options?: TReadTiffOptions): TiffInfo {
  const { maxBytes } = ZReadTiffOptions.parse(options ?? {});
  return parse(toBytes(bytes), maxBytes).info;
}

/** Decodes a whole TIFF; see the module header for what is supported. */
export async function readTiff(bytes: ArrayBuffer | Uint8Array, options?: TReadTiffOptions): Promise<TiffStack> {
  const { maxBytes } = ZReadTiffOptions.parse(options ?? {});
  const parsed = parse(toBytes(bytes), maxBytes);
  const { t, info, pages, locate, samplesPerPlane } = parsed;
  const decoded: DecodedPage[] = [];
  for (let i = 0; i < pages.length; i++) decoded.push(await decodePage(t, pages[i], i));
  const plane = pageBytes(pages[0]);

  function volume(channel = 0, frame = 0): Volume {
    if (!Number.isInteger(channel) || channel < 0 || channel >= info.channels) {
      throw new EngineError("INVALID_PARAMETER", `channel ${channel} does not exist: the file has ${info.channels} channel(s), numbered from 0`);
    }
    if (!Number.isInteger(frame) || frame < 0 || frame >= info.frames) {
      throw new EngineError("INVALID_PARAMETER", `frame ${frame} does not exist: the file has ${info.frames} frame(s), numbered from 0`);
    }
    const c = Math.floor(channel / samplesPerPlane);
    const sample = channel % samplesPerPlane;
    const n = info.width * info.height;
    const data = new Float32Array(n * info.slices);
    for (let z = 0; z < info.slices; z++) {
      const where = locate(c, z, frame);
      const page = pages[where.page];
      const src: DecodedPage = where.offset === undefined
        ? decoded[where.page]
        : { bytes: t.bytes.subarray(where.offset, where.offset + plane), littleEndian: t.littleEndian };
      pageSampleToFloat32(page, src, sample, data, z * n);
    }
    return createVolume(data, [info.slices, info.height, info.width], info.voxelSize);
  }
  return { ...info, volume };
}

/**
 * Reads one Z stack. When the file has several channels or frames, `channel`/`frame` must say
 * which one: mixing them into one volume would be meaningless for deconvolution.
 */
export async function readTiffVolume(bytes: ArrayBuffer | Uint8Array, selection: TVolumeSelection = {}, options?: TReadTiffOptions): Promise<Volume> {
  const stack = await readTiff(bytes, options);
  if (selection.channel === undefined && stack.channels > 1) {
    throw new EngineError("INVALID_PARAMETER", `the TIFF has ${stack.channels} channels: choose one (channel 0–${stack.channels - 1})`);
  }
  if (selection.frame === undefined && stack.frames > 1) {
    throw new EngineError("INVALID_PARAMETER", `the TIFF has ${stack.frames} time frames: choose one (frame 0–${stack.frames - 1})`);
  }
  return stack.volume(selection.channel ?? 0, selection.frame ?? 0);
}
