/** Deconvolution runs: submission (one image or a batch), cancellation, re-runs and reproductions. */
import { z } from "zod";
import { nrmse, pearson, psnr, readTiffVolume, ZDeconvolutionParams } from "@refocus/engine";
import type { Db, DbTx, Image, Prisma, Project, Psf, Run, RunBatch, User } from "../../db/client.js";
import { recordAudit } from "../../audit/audit.service.js";
import { isUuid, loadProject, readableProjects, requireUser } from "../../auth/access.js";
import type { Viewer } from "../../auth/viewer.js";
import { AppError, orNotFound } from "../../errors.js";
import { NEWEST_FIRST, paginate, type PageArgs } from "../../graphql/pagination.js";
import type { JobQueue } from "../../queue/job-queue.js";
import { parseInput } from "../../validation.js";
import type { FileStorage } from "../file/storage.js";
import { effectiveVoxelSize } from "../image/image.service.js";
import { loadProfile } from "../profile/profile.service.js";
import { createRunGaussianPsf, defaultPsf, loadReadablePsf } from "../psf/psf.service.js";
import { gaussianPsfShape } from "./psf-shape.js";
import { loadTemplate } from "./template.service.js";

const ZPsfChoice = z.object({
  gaussian: z.object({
    sigmaXY: z.number().positive("psf.gaussian.sigmaXY must be > 0").max(100),
    sigmaZ: z.number().positive("psf.gaussian.sigmaZ must be > 0").max(100),
  }).nullish(),
  psfId: z.string().nullish(),
  profileDefault: z.object({ profileId: z.string(), channel: z.number().int().min(0) }).nullish(),
}).refine((p) => [p.gaussian, p.psfId, p.profileDefault].filter((x) => x != null).length === 1, {
  message: "psf: give exactly one of gaussian, psfId, profileDefault",
});
const ZParamsChoice = {
  algorithm: z.string().min(1).nullish(),
  params: z.record(z.string(), z.unknown()).nullish(),
  templateId: z.string().nullish(),
};
export const ZSubmitRunInput = z.object({ projectId: z.string(), imageId: z.string(), psf: ZPsfChoice, ...ZParamsChoice });
export const ZSubmitBatchInput = z.object({
  projectId: z.string(),
  datasetId: z.string().nullish(),
  imageIds: z.array(z.string()).max(500).nullish(),
  psf: ZPsfChoice,
  ...ZParamsChoice,
}).refine((b) => !!b.datasetId !== !!b.imageIds?.length, { message: "give either datasetId or imageIds" });
export const ZRerunInput = z.object({ id: z.string(), params: z.record(z.string(), z.unknown()).nullish() });

type TPsfChoice = z.infer<typeof ZPsfChoice>;

function json(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}

/** Algorithm and parameters from the input, over a lab template's; validated by the engine's schema. */
async function resolveParams(db: Db, viewer: Viewer, project: Project, args: { algorithm?: string | null; params?: Record<string, unknown> | null; templateId?: string | null }) {
  const template = args.templateId ? await loadTemplate(db, viewer, args.templateId) : null;
  if (template && template.labId !== project.labId) throw new AppError("BAD_INPUT", "templateId: the template belongs to another lab.");
  const algorithm = args.algorithm ?? template?.algorithm;
  if (!algorithm) throw new AppError("BAD_INPUT", "algorithm: name an algorithm, or choose a template");
  const base = template && template.algorithm === algorithm ? (template.params as Record<string, unknown>) : {};
  const params = parseInput(ZDeconvolutionParams, { ...base, ...(args.params ?? {}), algorithm });
  return { params, templateId: template?.id ?? null };
}

/** A PSF chosen from the library (the project's lab) or a profile's default; Gaussians are made per image. */
async function resolveLibraryPsf(db: Db, viewer: Viewer, project: Project, choice: TPsfChoice): Promise<Psf | null> {
  if (choice.psfId) {
    const psf = await loadReadablePsf(db, viewer, choice.psfId);
    if (psf.labId !== project.labId && psf.projectId !== project.id) throw new AppError("BAD_INPUT", "psfId: the PSF belongs to another lab's library.");
    return psf;
  }
  if (choice.profileDefault) {
    const profile = await loadProfile(db, viewer, choice.profileDefault.profileId);
    if (profile.labId !== project.labId) throw new AppError("BAD_INPUT", "psf.profileDefault: the profile belongs to another lab.");
    const psf = await defaultPsf(db, profile.id, choice.profileDefault.channel);
    if (!psf) throw new AppError("BAD_INPUT", `psf.profileDefault: profile "${profile.name}" has no default PSF for channel ${choice.profileDefault.channel}; generate or upload one first.`);
    return psf;
  }
  return null;
}

interface NewRun {
  project: Project;
  image: Image;
  psf: Psf;
  params: { algorithm: string } & Record<string, unknown>;
  user: User;
  batchId?: string | null;
  sourceRunId?: string | null;
  reproduces?: boolean;
  /** Kept from the source run for a reproduction; default: the image's voxel size in use now. */
  imageVoxelSize?: unknown;
  action: string;
}

async function insertRun(tx: DbTx, r: NewRun): Promise<Run> {
  const run = await tx.run.create({
    data: {
      projectId: r.project.id, imageId: r.image.id, psfId: r.psf.id, algorithm: r.params.algorithm, params: json(r.params), submittedById: r.user.id,
      batchId: r.batchId ?? null, sourceRunId: r.sourceRunId ?? null, reproduces: r.reproduces ?? false,
      // what the run used, fixed now: a later override must not change a re-run or a reproduction
      imageVoxelSize: r.imageVoxelSize === undefined ? json(effectiveVoxelSize(r.image) ?? null) : json(r.imageVoxelSize),
      profileVersionId: r.image.profileVersionId ?? r.psf.profileVersionId ?? null,
    },
  });
  await recordAudit(tx, {
    actorId: r.user.id, action: r.action, objectType: "Run", objectId: run.id, labId: r.project.labId, projectId: r.project.id,
    details: { imageId: r.image.id, psfId: r.psf.id, psfSha256: r.psf.sha256, algorithm: run.algorithm, params: r.params, batchId: r.batchId ?? undefined, sourceRunId: r.sourceRunId ?? undefined },
  });
  return run;
}

async function psfForImage(tx: DbTx, storage: FileStorage, choice: TPsfChoice, library: Psf | null, project: Project, image: Image, user: User): Promise<Psf> {
  if (library) return library;
  const g = choice.gaussian!;
  const shape = gaussianPsfShape([image.shape[0], image.shape[1], image.shape[2]], g.sigmaXY, g.sigmaZ);
  return createRunGaussianPsf(tx, storage, { projectId: project.id, userId: user.id, shape, sigmaXY: g.sigmaXY, sigmaZ: g.sigmaZ, voxelSize: effectiveVoxelSize(image) });
}

/** Queues runs after their transaction committed; a run that cannot be queued fails visibly. */
async function enqueue(db: Db, queue: JobQueue, runs: Run[]): Promise<void> {
  for (const run of runs) {
    try {
      const jobId = await queue.enqueueDeconvolve({ runId: run.id });
      await db.run.update({ where: { id: run.id }, data: { jobId } });
    } catch (e) {
      await failRun(db, run.id, `Could not queue the run: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  }
}

export async function submitRun(db: Db, storage: FileStorage, queue: JobQueue, viewer: Viewer, input: unknown): Promise<Run> {
  const user = requireUser(viewer);
  const args = parseInput(ZSubmitRunInput, input);
  const project = await loadProject(db, user, args.projectId, "write");
  const image = isUuid(args.imageId) ? await db.image.findFirst({ where: { id: args.imageId, projectId: project.id } }) : null;
  if (!image) throw new AppError("NOT_FOUND", `Image ${args.imageId} not found in this project.`);
  const { params } = await resolveParams(db, viewer, project, args);
  const library = await resolveLibraryPsf(db, viewer, project, args.psf);
  const run = await db.$transaction(async (tx) => {
    const psf = await psfForImage(tx, storage, args.psf, library, project, image, user);
    return insertRun(tx, { project, image, psf, params, user, action: "run.submit" });
  });
  await enqueue(db, queue, [run]);
  return db.run.findUniqueOrThrow({ where: { id: run.id } });
}

export async function submitBatch(db: Db, storage: FileStorage, queue: JobQueue, viewer: Viewer, input: unknown): Promise<RunBatch> {
  const user = requireUser(viewer);
  const args = parseInput(ZSubmitBatchInput, input);
  const project = await loadProject(db, user, args.projectId, "write");
  let images: Image[];
  if (args.datasetId) {
    if (!isUuid(args.datasetId) || !(await db.dataset.findFirst({ where: { id: args.datasetId, projectId: project.id } }))) {
      throw new AppError("NOT_FOUND", `Dataset ${args.datasetId} not found in this project.`);
    }
    images = await db.image.findMany({ where: { datasetId: args.datasetId }, orderBy: { createdAt: "asc" } });
    if (!images.length) throw new AppError("BAD_INPUT", "datasetId: the dataset has no images.");
  } else {
    const ids = (args.imageIds ?? []).filter(isUuid);
    images = await db.image.findMany({ where: { id: { in: ids }, projectId: project.id }, orderBy: { createdAt: "asc" } });
    if (images.length !== args.imageIds!.length) throw new AppError("NOT_FOUND", "imageIds: every image must belong to this project.");
  }
  const { params, templateId } = await resolveParams(db, viewer, project, args);
  const library = await resolveLibraryPsf(db, viewer, project, args.psf);
  const { batch, runs } = await db.$transaction(async (tx) => {
    const batch = await tx.runBatch.create({ data: { projectId: project.id, datasetId: args.datasetId ?? null, templateId, submittedById: user.id } });
    const runs: Run[] = [];
    for (const image of images) {
      const psf = await psfForImage(tx, storage, args.psf, library, project, image, user);
      runs.push(await insertRun(tx, { project, image, psf, params, user, batchId: batch.id, action: "run.submit" }));
    }
    return { batch, runs };
  });
  await enqueue(db, queue, runs);
  return batch;
}

async function loadRun(db: Db, viewer: Viewer, id: string): Promise<Run> {
  return orNotFound(await findRun(db, viewer, id), `Run ${id}`);
}

/** Runs the same image and PSF again, with the same or edited parameters. */
export async function rerun(db: Db, queue: JobQueue, viewer: Viewer, input: unknown): Promise<Run> {
  const user = requireUser(viewer);
  const args = parseInput(ZRerunInput, input);
  const source = await loadRun(db, viewer, args.id);
  const project = await loadProject(db, user, source.projectId, "write");
  const params = parseInput(ZDeconvolutionParams, { ...(source.params as Record<string, unknown>), ...(args.params ?? {}) });
  const image = await db.image.findUniqueOrThrow({ where: { id: source.imageId } });
  const psf = await db.psf.findUniqueOrThrow({ where: { id: source.psfId } });
  const run = await db.$transaction((tx) => insertRun(tx, { project, image, psf, params, user, sourceRunId: source.id, action: "run.rerun" }));
  await enqueue(db, queue, [run]);
  return db.run.findUniqueOrThrow({ where: { id: run.id } });
}

/** Runs a finished run's record again; the worker then checks the output checksum matches. */
export async function reproduceRun(db: Db, queue: JobQueue, viewer: Viewer, id: string): Promise<Run> {
  const user = requireUser(viewer);
  const source = await loadRun(db, viewer, id);
  const project = await loadProject(db, user, source.projectId, "write");
  if (source.status !== "SUCCEEDED" || !source.outputFileId) throw new AppError("CONFLICT", "Only a run that succeeded can be reproduced.");
  const image = await db.image.findUniqueOrThrow({ where: { id: source.imageId } });
  const psf = await db.psf.findUniqueOrThrow({ where: { id: source.psfId } });
  const params = source.params as { algorithm: string } & Record<string, unknown>;
  const run = await db.$transaction((tx) => insertRun(tx, { project, image, psf, params, user, sourceRunId: source.id, reproduces: true, imageVoxelSize: source.imageVoxelSize, action: "run.reproduce" }));
  await enqueue(db, queue, [run]);
  return db.run.findUniqueOrThrow({ where: { id: run.id } });
}

export async function findRun(db: Db, viewer: Viewer, id: string): Promise<Run | null> {
  const user = requireUser(viewer);
  if (!isUuid(id)) return null;
  return db.run.findFirst({ where: { id, project: readableProjects(user) } });
}

export function listRuns(db: Db, projectId: string, args: PageArgs & { status?: string | null }) {
  const where: Prisma.RunWhereInput = { projectId, ...(args.status ? { status: args.status as Run["status"] } : {}) };
  return paginate(args, (q) => db.run.findMany({ where, orderBy: NEWEST_FIRST, ...q }), () => db.run.count({ where }));
}

export async function queuePosition(db: Db, run: Run): Promise<number | null> {
  if (run.status !== "QUEUED") return null;
  return db.run.count({ where: { status: "QUEUED", createdAt: { lt: run.createdAt } } });
}

export async function cancelRun(db: Db, queue: JobQueue, viewer: Viewer, id: string): Promise<Run> {
  const user = requireUser(viewer);
  const run = await loadRun(db, viewer, id);
  const project = await loadProject(db, user, run.projectId, "write");
  if (run.status !== "QUEUED" && run.status !== "RUNNING") {
    throw new AppError("CONFLICT", `Run ${id} is ${run.status} and can no longer be cancelled.`);
  }
  const cancelled = await db.$transaction(async (tx) => {
    const updated = await tx.run.update({ where: { id }, data: { status: "CANCELLED", finishedAt: new Date() } });
    await recordAudit(tx, { actorId: user.id, action: "run.cancel", objectType: "Run", objectId: id, labId: project.labId, projectId: run.projectId, details: { from: run.status } });
    return updated;
  });
  // the worker notices CANCELLED at its next progress report; a queued job is simply withdrawn
  if (run.status === "QUEUED" && run.jobId) await queue.cancel(run.jobId);
  return cancelled;
}

/** Worker side: a run failed; keeps the engine's message for the user. */
export async function failRun(db: Db, runId: string, message: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const run = await tx.run.findUniqueOrThrow({ where: { id: runId }, include: { project: true } });
    if (run.status === "CANCELLED") return;
    await tx.run.update({ where: { id: runId }, data: { status: "FAILED", error: message, finishedAt: new Date() } });
    await recordAudit(tx, { actorId: null, action: "run.fail", objectType: "Run", objectId: runId, labId: run.project.labId, projectId: run.projectId, details: { error: message } });
  });
}

/** Two runs side by side: b scored against a when both succeeded with outputs of one shape. */
export async function compareRuns(db: Db, storage: FileStorage, viewer: Viewer, aId: string, bId: string) {
  const [a, b] = await Promise.all([findRun(db, viewer, aId), findRun(db, viewer, bId)]);
  if (!a || !b) return null;
  const pa = a.params as Record<string, unknown>;
  const pb = b.params as Record<string, unknown>;
  const paramDiff: Record<string, [unknown, unknown]> = {};
  for (const k of new Set([...Object.keys(pa), ...Object.keys(pb)])) {
    if (JSON.stringify(pa[k]) !== JSON.stringify(pb[k])) paramDiff[k] = [pa[k] ?? null, pb[k] ?? null];
  }
  const scores = { psnr: null as number | null, nrmse: null as number | null, pearson: null as number | null };
  if (a.outputFileId && b.outputFileId) {
    const [va, vb] = await Promise.all([a.outputFileId, b.outputFileId].map(async (f) => readTiffVolume(await storage.read(f), { channel: 0, frame: 0 })));
    if (va.shape.join() === vb.shape.join()) {
      scores.psnr = finite(psnr(va, vb));
      scores.nrmse = finite(nrmse(va, vb));
      scores.pearson = finite(pearson(va, vb));
    }
  }
  return { a, b, paramDiff, ...scores };
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
