/**
 * Executes one `deconvolve-run` job: marks the run RUNNING, runs the engine in a thread, streams its
 * progress into the run row, and stores the output. Engine errors fail the run for good (running
 * again would fail the same way); anything else is thrown so that pg-boss retries the job.
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import { measurePsf, readTiffVolume } from "@refocus/engine";
import type { Db, DbTx, Prisma, Project, Psf, Run } from "../db/client.js";
import { addToLibrary, type PsfQuality } from "../modules/psf/psf.service.js";
import { recordAudit } from "../audit/audit.service.js";
import { saveGeneratedFile } from "../modules/file/file.service.js";
import type { FileStorage } from "../modules/file/storage.js";
import { failRun } from "../modules/run/run.service.js";
import { DECONVOLVE_JOB } from "../queue/jobs.js";
import type { ExecutorInput, ExecutorMessage, IterationRecord } from "./executor-protocol.js";

const PROGRESS_WRITE_MS = 300;
/** The run row's heartbeat while the engine computes (pg-boss keeps its own for the job). */
const HEARTBEAT_MS = 10_000;
const WORKER_ID = `${os.hostname()}:${process.pid}`;

export interface HandlerDeps {
  db: Db;
  storage: FileStorage;
  threads?: number;
}

class EngineFailure extends Error {}

/**
 * The executor's entry. Run from TypeScript sources (tsx, vitest), the thread must first register
 * tsx's loader itself: loader flags in a worker's execArgv do not apply to its entry module.
 */
function executorEntry(): URL {
  if (!import.meta.url.endsWith(".ts")) return new URL("./run-executor.js", import.meta.url);
  const tsx = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./run-executor.ts", import.meta.url).href;
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

function runExecutor(input: ExecutorInput, onProgress: (r: IterationRecord) => void, shouldAbort: () => boolean) {
  const worker = new Worker(executorEntry(), { workerData: input });
  return {
    worker,
    result: new Promise<{ tiff: Uint8Array; provenance: unknown; estimatedPsf?: Uint8Array }>((resolve, reject) => {
      worker.on("message", (m: ExecutorMessage) => {
        if (m.type === "progress") {
          onProgress(m.record);
          if (shouldAbort()) worker.postMessage({ type: "abort" });
        } else if (m.type === "done") resolve(m);
        else reject(m.engineCode ? new EngineFailure(m.message) : new Error(m.message));
      });
      worker.on("error", reject);
      worker.on("exit", (code) => reject(new Error(`engine thread exited with code ${code}`)));
    }),
  };
}

/**
 * A blind run's estimated PSF joins the library of the profile and channel its starting PSF came
 * from (as the next version, source BLIND); for a run without a library PSF it is kept with the run's project.
 */
async function saveEstimatedPsf(tx: DbTx, storage: FileStorage, run: Run & { psf: Psf; project: Project }, bytes: Uint8Array): Promise<void> {
  const file = await saveGeneratedFile(tx, storage, bytes, { originalName: `blind-psf-${run.id.slice(0, 8)}.tif`, contentType: "image/tiff", ownerId: run.submittedById });
  const volume = await readTiffVolume(bytes, { channel: 0, frame: 0 });
  const m = measurePsf(volume);
  const quality = { shape: [...volume.shape], fwhmPixels: m.fwhmPixels, fwhmNm: m.fwhmNm, axialAsymmetry: m.axialAsymmetry, lateralEllipticity: m.lateralEllipticity } as PsfQuality;
  const params = { runId: run.id, startPsfId: run.psf.id, algorithm: run.algorithm };
  const psf = run.psf.labId && run.psf.profileId && run.psf.profileVersionId != null && run.psf.channel != null
    ? await addToLibrary(tx, {
        labId: run.psf.labId, profileId: run.psf.profileId, profileVersionId: run.psf.profileVersionId, channel: run.psf.channel, name: `blind estimate (run ${run.id.slice(0, 8)})`,
        source: "BLIND", params, fileId: file.id, sha256: file.sha256, quality, makeDefault: false, createdById: run.submittedById,
      })
    : await tx.psf.create({ data: { projectId: run.projectId, source: "BLIND", name: `blind estimate (run ${run.id.slice(0, 8)})`, params, fileId: file.id, sha256: file.sha256, quality: quality as unknown as Prisma.InputJsonValue, createdById: run.submittedById } });
  await recordAudit(tx, { actorId: null, action: "psf.create", objectType: "Psf", objectId: psf.id, labId: run.project.labId, projectId: run.projectId, details: { source: "BLIND", runId: run.id, sha256: file.sha256 } });
}

/** SHA-256 of the output's float32 samples, as the engine's provenance records it. */
export function outputDataSha256(provenance: unknown): string | undefined {
  const v = (provenance as { outputSha256?: unknown } | null | undefined)?.outputSha256;
  return typeof v === "string" ? v : undefined;
}

export async function handleDeconvolveJob(deps: HandlerDeps, job: { id: string; data: unknown; retryCount?: number }): Promise<void> {
  const { db, storage } = deps;
  const { runId } = DECONVOLVE_JOB.payload.parse(job.data);
  const run = await db.run.findUnique({ where: { id: runId }, include: { image: true, psf: true, project: true, sourceRun: true } });
  if (!run || run.status === "CANCELLED" || run.status === "SUCCEEDED" || run.status === "FAILED") return;

  await db.$transaction(async (tx) => {
    await tx.run.update({
      where: { id: runId },
      data: { status: "RUNNING", startedAt: new Date(), heartbeatAt: new Date(), workerId: WORKER_ID, attempts: { increment: 1 }, progress: 0, iteration: 0, history: [], error: null },
    });
    await recordAudit(tx, { actorId: null, action: "run.start", objectType: "Run", objectId: runId, labId: run.project.labId, projectId: run.projectId, details: { attempt: run.attempts + 1, jobId: job.id, worker: WORKER_ID } });
  });

  if (!run.psf.fileId) {
    await failRun(db, runId, "The run's PSF has no file.");
    return;
  }
  const history: IterationRecord[] = [];
  let cancelled = false;
  let lastWrite = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const writeProgress = (force: boolean) => {
    const now = Date.now();
    if (!force && now - lastWrite < PROGRESS_WRITE_MS) return;
    lastWrite = now;
    const last = history[history.length - 1];
    const total = last?.iterations ?? 1;
    pending = pending.then(async () => {
      const row = await db.run.update({
        where: { id: runId },
        data: { progress: Math.min(1, (last?.iteration ?? 0) / total), iteration: last?.iteration ?? 0, history: history as unknown as Prisma.InputJsonValue, heartbeatAt: new Date() },
        select: { status: true },
      });
      if (row.status === "CANCELLED") cancelled = true;
    }).catch((e) => console.error("[worker] progress write failed", e));
  };

  const heartbeat = setInterval(() => {
    pending = pending.then(() => db.run.update({ where: { id: runId }, data: { heartbeatAt: new Date() } })).catch(() => {});
  }, HEARTBEAT_MS);
  const imageVoxelSize = (run.imageVoxelSize ?? undefined) as ExecutorInput["imageVoxelSize"];
  const execution = runExecutor(
    { imagePath: storage.pathOf(run.image.fileId), imageVoxelSize, psfPath: storage.pathOf(run.psf.fileId), params: run.params, threads: deps.threads ?? os.availableParallelism() },
    (record) => {
      history.push(record);
      writeProgress(false);
    },
    () => cancelled,
  );
  try {
    const { tiff, provenance, estimatedPsf } = await execution.result;
    await pending;
    await db.$transaction(async (tx) => {
      const current = await tx.run.findUniqueOrThrow({ where: { id: runId } });
      if (current.status === "CANCELLED") return;
      const output = await saveGeneratedFile(tx, storage, tiff, {
        originalName: `${run.image.name.replace(/\.(ome\.)?tiff?$/i, "")}-${run.algorithm}-${runId.slice(0, 8)}.tif`,
        contentType: "image/tiff",
        ownerId: run.submittedById,
      });
      // a reproduction must give the source run's samples (the file's own bytes also hold timings)
      const reproducedMatch = run.reproduces ? outputDataSha256(provenance) !== undefined && outputDataSha256(provenance) === outputDataSha256(run.sourceRun?.provenance) : null;
      await tx.run.update({
        where: { id: runId },
        data: {
          status: "SUCCEEDED", progress: 1, finishedAt: new Date(), outputFileId: output.id, reproducedMatch,
          provenance: provenance as Prisma.InputJsonValue, history: history as unknown as Prisma.InputJsonValue,
          iteration: history[history.length - 1]?.iteration ?? 0,
        },
      });
      if (estimatedPsf) await saveEstimatedPsf(tx, storage, run, estimatedPsf);
      await recordAudit(tx, { actorId: null, action: "run.succeed", objectType: "Run", objectId: runId, labId: run.project.labId, projectId: run.projectId, details: { outputFileId: output.id, sha256: output.sha256, ...(run.reproduces ? { reproducedMatch } : {}) } });
    });
  } catch (e) {
    await pending;
    if (cancelled) return;
    const message = e instanceof Error ? e.message : String(e);
    const lastAttempt = (job.retryCount ?? 0) >= DECONVOLVE_JOB.options.retryLimit;
    if (e instanceof EngineFailure || lastAttempt) {
      await failRun(db, runId, message);
      return;
    }
    await db.run.update({ where: { id: runId }, data: { status: "QUEUED", error: `attempt failed, retrying: ${message}` } });
    throw e;
  } finally {
    clearInterval(heartbeat);
    await execution.worker.terminate();
  }
}
