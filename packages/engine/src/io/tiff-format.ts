/**
 * TIFF constants shared by the reader and the writer (internal).
 *
 * Reference: Adobe, "TIFF Revision 6.0", 1992; Adobe, "TIFF Technical Note 3" (floating-point
 * predictor), 2005; BigTIFF design (Aware Systems / libtiff), 2007.
 */

export const TAG = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  PhotometricInterpretation: 262,
  ImageDescription: 270,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  XResolution: 282,
  YResolution: 283,
  PlanarConfiguration: 284,
  ResolutionUnit: 296,
  Software: 305,
  Predictor: 317,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  SampleFormat: 339,
  IJMetadataByteCounts: 50838,
  IJMetadata: 50839,
} as const;

/** TIFF field types → size in bytes of one value. */
export const TYPE_SIZE: Readonly<Record<number, number>> = {
  1: 1, // BYTE
  2: 1, // ASCII
  3: 2, // SHORT
  4: 4, // LONG
  5: 8, // RATIONAL
  6: 1, // SBYTE
  7: 1, // UNDEFINED
  8: 2, // SSHORT
  9: 4, // SLONG
  10: 8, // SRATIONAL
  11: 4, // FLOAT
  12: 8, // DOUBLE
  13: 4, // IFD
  16: 8, // LONG8 (BigTIFF)
  17: 8, // SLONG8 (BigTIFF)
  18: 8, // IFD8 (BigTIFF)
};

/** Compression ids we can name in messages, whether or not we decode them. */
export const COMPRESSION_NAMES: Readonly<Record<number, string>> = {
  1: "none",
  2: "CCITT RLE",
  3: "CCITT Group 3",
  4: "CCITT Group 4",
  5: "LZW",
  6: "old-style JPEG",
  7: "JPEG",
  8: "Deflate",
  32773: "PackBits",
  32946: "Deflate (Adobe legacy id)",
  33003: "JPEG 2000 (Aperio)",
  33005: "JPEG 2000 (Aperio)",
  34712: "JPEG 2000",
  34887: "LERC",
  34925: "LZMA",
  50000: "Zstandard",
  50001: "WebP",
  50002: "JPEG XL",
};

/** The compressions this engine decodes. */
export const SUPPORTED_COMPRESSIONS: ReadonlySet<number> = new Set([1, 5, 8, 32773, 32946]);

export function compressionName(id: number): string {
  return COMPRESSION_NAMES[id] ?? `unknown compression id ${id}`;
}
