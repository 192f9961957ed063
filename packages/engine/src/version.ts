/** Engine version recorded in every provenance record. Bump with any change that alters output bytes. */
export const ENGINE_VERSION = "0.1.0";
