/** Deconvolution runs: submission and cancellation by users, state changes by the worker. */
import { z } from "zod";
import { ZDeconvolutionParams } from "@refocus/engine";
import type { Db, Prisma, Run } from "../../db/client.js";
import { recordAudit } from "../../audit/audit.service.js";
import { isUuid, loadProject, readableProjects, requireUser } from "../../auth/access.js";
import type { Viewer } from "../../auth/viewer.js";
import { AppError } from "../../errors.js";
import type { JobQueue } from "../../queue/job-queue.js";
import { parseInput } from "../../validation.js";
import { gaussianPsfShape } from "./psf-shape.js";

export const ZSubmitRunInput = z.object({
  projectId: z.string(),
  imageId: z.string(),
  psf: z.object({
    gaussian: z.object({
      sigmaXY: z.number().positive("psf.gaussian.sigmaXY must be > 0").max(100),
      sigmaZ: z.number().positive("psf.gaussian.sigmaZ must be > 0").max(100),
    }).nullish(),
  }),
  algorithm: z.string().min(1),
  params: z.record(z.string(), z.unknown()).nullish(),
});

function json(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}

export async function submitRun(db: Db, queue: JobQueue, viewer: Viewer, input: unknown): Promise<Run> {
  const user = requireUser(viewer);
  const args = parseInput(ZSubmitRunInput, input);
  const project = await loadProject(db, user, args.projectId, "write");
  const image = isUuid(args.imageId) ? await db.image.findFirst({ where: { id: args.imageId, projectId: project.id } }) : null;
  if (!image) throw new AppError("NOT_FOUND", `Image ${args.imageId} not found in this project.`);
  if (!args.psf.gaussian) throw new AppError("BAD_INPUT", "psf: give a gaussian PSF ({ sigmaXY, sigmaZ } in pixels)");
  // the engine's schema is the one description of every algorithm's parameters
  const params = parseInput(ZDeconvolutionParams, { ...(args.params ?? {}), algorithm: args.algorithm });
  const { sigmaXY, sigmaZ } = args.psf.gaussian;
  const psfParams = { sigmaXY, sigmaZ, shape: gaussianPsfShape([image.shape[0], image.shape[1], image.shape[2]], sigmaXY, sigmaZ) };

  const run = await db.$transaction(async (tx) => {
    const psf = await tx.psf.create({ data: { projectId: project.id, source: "THEORETICAL", model: "gaussian", params: json(psfParams) } });
    const created = await tx.run.create({
      data: { projectId: project.id, imageId: image.id, psfId: psf.id, algorithm: params.algorithm, params: json(params), submittedById: user.id },
    });
    await recordAudit(tx, {
      actorId: user.id, action: "run.submit", objectType: "Run", objectId: created.id, projectId: project.id,
      details: { imageId: image.id, psfId: psf.id, algorithm: params.algorithm, params, psf: psfParams },
    });
    return created;
  });
  try {
    const jobId = await queue.enqueueDeconvolve({ runId: run.id });
    return await db.run.update({ where: { id: run.id }, data: { jobId } });
  } catch (e) {
    await failRun(db, run.id, `Could not queue the run: ${e instanceof Error ? e.message : String(e)}`);
    throw e;
  }
}

export async function findRun(db: Db, viewer: Viewer, id: string): Promise<Run | null> {
  const user = requireUser(viewer);
  if (!isUuid(id)) return null;
  return db.run.findFirst({ where: { id, project: readableProjects(user) } });
}

export async function cancelRun(db: Db, queue: JobQueue, viewer: Viewer, id: string): Promise<Run> {
  const user = requireUser(viewer);
  const run = await findRun(db, viewer, id);
  if (!run) throw new AppError("NOT_FOUND", `Run ${id} not found.`);
  await loadProject(db, user, run.projectId, "write");
  if (run.status !== "QUEUED" && run.status !== "RUNNING") {
    throw new AppError("CONFLICT", `Run ${id} is ${run.status} and can no longer be cancelled.`);
  }
  const cancelled = await db.$transaction(async (tx) => {
    const updated = await tx.run.update({ where: { id }, data: { status: "CANCELLED", finishedAt: new Date() } });
    await recordAudit(tx, { actorId: user.id, action: "run.cancel", objectType: "Run", objectId: id, projectId: run.projectId, details: { from: run.status } });
    return updated;
  });
  // the worker notices CANCELLED at its next progress report; a queued job is simply withdrawn
  if (run.status === "QUEUED" && run.jobId) await queue.cancel(run.jobId);
  return cancelled;
}

/** Worker side: a run failed; keeps the engine's message for the user. */
export async function failRun(db: Db, runId: string, message: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const run = await tx.run.findUniqueOrThrow({ where: { id: runId } });
    if (run.status === "CANCELLED") return;
    await tx.run.update({ where: { id: runId }, data: { status: "FAILED", error: message, finishedAt: new Date() } });
    await recordAudit(tx, { actorId: null, action: "run.fail", objectType: "Run", objectId: runId, projectId: run.projectId, details: { error: message } });
  });
}
