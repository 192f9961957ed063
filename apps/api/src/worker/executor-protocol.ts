/** Messages between the worker's main thread (database, queue) and the thread that runs the engine. */
export interface ExecutorInput {
  imagePath: string;
  /** The voxel size recorded with the run (the file's, or the user's override at submission). */
  imageVoxelSize?: { x: number; y: number; z: number; unit: string };
  psfPath: string;
  params: unknown;
  threads: number;
}

export interface IterationRecord {
  iteration: number;
  iterations?: number;
  relativeChange?: number;
  objective?: number;
  elapsedMs: number;
}

export type ExecutorMessage =
  | { type: "progress"; record: IterationRecord }
  | { type: "done"; tiff: Uint8Array; provenance: unknown; estimatedPsf?: Uint8Array }
  | { type: "error"; message: string; engineCode?: string };

export type ExecutorCommand = { type: "abort" };
