/**
 * PLACEHOLDER created by the CLI frame so main.ts compiles; the PSF engineer replaces this file.
 * Contract: export `psfCommand: CliCommand`.
 */
import type { CliCommand } from "../types.js";

export const psfCommand: CliCommand = {
  name: "psf",
  summary: "generate a theoretical PSF (not available in this build)",
  usage: "Usage: refocus psf [options] -o PSF.tif\n\n(not available in this build yet)",
  async run(_args, io) {
    io.stderr("refocus: psf is not available in this build yet\n");
    return 1;
  },
};
