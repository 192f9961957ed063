/**
 * Runs one deconvolution in a worker thread, so that the worker's main thread stays free for
 * pg-boss heartbeats, progress writes and cancellation checks while the engine computes.
 */
import fs from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import { isEngineError, readTiffVolume, writeTiff } from "@refocus/engine";
import { createCpuBackend, deconvolve, nodeBackendFactories } from "@refocus/engine/node";
import type { ExecutorCommand, ExecutorInput, ExecutorMessage } from "./executor-protocol.js";

const port = parentPort;
if (!port) throw new Error("run-executor must run in a worker thread");
const input = workerData as ExecutorInput;
const abort = new AbortController();
port.on("message", (cmd: ExecutorCommand) => {
  if (cmd.type === "abort") abort.abort();
});
const post = (m: ExecutorMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

try {
  const fileImage = await readTiffVolume(new Uint8Array(await fs.readFile(input.imagePath)), { channel: 0, frame: 0 });
  const image = input.imageVoxelSize ? { ...fileImage, voxelSize: input.imageVoxelSize } : fileImage;
  const psf = await readTiffVolume(new Uint8Array(await fs.readFile(input.psfPath)), { channel: 0, frame: 0 });
  const { volume, provenance, psf: estimated } = await deconvolve(image, psf, input.params, {
    signal: abort.signal,
    // the worker's thread budget (WORKER_THREADS); the output does not depend on it
    factories: { ...nodeBackendFactories, cpu: () => createCpuBackend({ threads: input.threads }) },
    onProgress: (record) => post({ type: "progress", record }),
  });
  const tiff = writeTiff(volume, { sampleType: "float32", provenance });
  // blind methods also estimate the PSF: it goes back to the PSF library
  const estimatedPsf = estimated ? writeTiff(estimated, { sampleType: "float32", provenance: { tool: "refocus blind deconvolution", run: provenance } }) : undefined;
  post({ type: "done", tiff, provenance, estimatedPsf }, [tiff.buffer as ArrayBuffer, ...(estimatedPsf ? [estimatedPsf.buffer as ArrayBuffer] : [])]);
} catch (e) {
  post({ type: "error", message: e instanceof Error ? e.message : String(e), engineCode: isEngineError(e) ? e.code : undefined });
}
