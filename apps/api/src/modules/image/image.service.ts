/** Images: uploaded TIFFs registered in a project, with metadata read from the file by the engine; and datasets. */
import { z } from "zod";
import { inspectTiff, isEngineError, readTiffVolume, type Volume, type VoxelSize } from "@refocus/engine";
import type { Db, Dataset, Image, Prisma } from "../../db/client.js";
import { recordAudit } from "../../audit/audit.service.js";
import { isUuid, loadProject, readableProjects, requireUser } from "../../auth/access.js";
import type { Viewer } from "../../auth/viewer.js";
import { AppError, orNotFound } from "../../errors.js";
import { NEWEST_FIRST, paginate, type PageArgs } from "../../graphql/pagination.js";
import { parseInput } from "../../validation.js";
import { findReadableFile } from "../file/file.service.js";
import type { FileStorage } from "../file/storage.js";

const ZTags = z.array(z.string().trim().min(1).max(50)).max(30);
const ZVoxelSize = z.object({ x: z.number().positive(), y: z.number().positive(), z: z.number().positive(), unit: z.string().trim().min(1).max(20) });
export const ZRegisterImageInput = z.object({
  projectId: z.string(),
  fileId: z.string(),
  name: z.string().trim().min(1).max(255).nullish(),
  tags: ZTags.nullish(),
  profileId: z.string().nullish(),
  datasetId: z.string().nullish(),
});
export const ZUpdateImageInput = z.object({
  id: z.string(),
  name: z.string().trim().min(1).max(255).nullish(),
  tags: ZTags.nullish(),
  profileId: z.string().nullish(),
  voxelSizeOverride: ZVoxelSize.nullish(),
});
export const ZCreateDatasetInput = z.object({ projectId: z.string(), name: z.string().trim().min(1).max(200), imageIds: z.array(z.string()).max(1000).nullish() });

/** The profile's current version, when the profile is in the project's lab. */
async function profileVersionFor(db: Db, labId: string, profileId: string): Promise<string> {
  const version = isUuid(profileId)
    ? await db.microscopeProfileVersion.findFirst({ where: { profileId, profile: { labId, deletedAt: null } }, orderBy: { version: "desc" } })
    : null;
  if (!version) throw new AppError("BAD_INPUT", "profileId: no such microscope profile in this project's lab.");
  return version.id;
}

async function datasetIn(db: Db, projectId: string, datasetId: string): Promise<string> {
  const ds = isUuid(datasetId) ? await db.dataset.findFirst({ where: { id: datasetId, projectId } }) : null;
  if (!ds) throw new AppError("BAD_INPUT", "datasetId: no such dataset in this project.");
  return ds.id;
}

export async function registerImage(db: Db, storage: FileStorage, viewer: Viewer, input: unknown): Promise<Image> {
  const user = requireUser(viewer);
  const args = parseInput(ZRegisterImageInput, input);
  const project = await loadProject(db, user, args.projectId, "write");
  const file = await findReadableFile(db, viewer, args.fileId);
  const profileVersionId = args.profileId ? await profileVersionFor(db, project.labId, args.profileId) : null;
  const datasetId = args.datasetId ? await datasetIn(db, project.id, args.datasetId) : null;
  let info;
  try {
    info = inspectTiff(await storage.read(file.id));
  } catch (e) {
    if (isEngineError(e)) throw new AppError("UNSUPPORTED_FILE", `${file.originalName} cannot be used as an image: ${e.message}`);
    throw e;
  }
  return db.$transaction(async (tx) => {
    const image = await tx.image.create({
      data: {
        projectId: project.id,
        fileId: file.id,
        name: args.name ?? file.originalName,
        shape: [info.slices, info.height, info.width],
        sampleType: info.sampleType,
        channels: info.channels,
        frames: info.frames,
        voxelSize: info.voxelSize ? (info.voxelSize as unknown as Prisma.InputJsonValue) : undefined,
        tags: args.tags ?? [],
        profileVersionId,
        datasetId,
        createdById: user.id,
      },
    });
    await recordAudit(tx, {
      actorId: user.id, action: "image.register", objectType: "Image", objectId: image.id, labId: project.labId, projectId: project.id,
      details: { fileId: file.id, sha256: file.sha256, shape: image.shape, sampleType: image.sampleType },
    });
    return image;
  });
}

export async function updateImage(db: Db, viewer: Viewer, input: unknown): Promise<Image> {
  const user = requireUser(viewer);
  const args = parseInput(ZUpdateImageInput, input);
  const raw = input as Record<string, unknown>;
  const image = await loadReadableImage(db, viewer, args.id);
  const project = await loadProject(db, user, image.projectId, "write");
  const data: Prisma.ImageUncheckedUpdateInput = {};
  if (args.name) data.name = args.name;
  if (args.tags) data.tags = args.tags;
  // an explicit null clears; an absent field leaves the value alone
  if ("profileId" in raw) data.profileVersionId = args.profileId ? await profileVersionFor(db, project.labId, args.profileId) : null;
  if ("voxelSizeOverride" in raw) data.voxelSizeOverride = args.voxelSizeOverride ? (args.voxelSizeOverride as Prisma.InputJsonValue) : (null as unknown as Prisma.InputJsonValue);
  return db.$transaction(async (tx) => {
    const updated = await tx.image.update({ where: { id: image.id }, data });
    await recordAudit(tx, { actorId: user.id, action: "image.update", objectType: "Image", objectId: image.id, labId: project.labId, projectId: project.id, details: data as Record<string, unknown> });
    return updated;
  });
}

export async function loadReadableImage(db: Db, viewer: Viewer, id: string): Promise<Image> {
  return orNotFound(await findImage(db, viewer, id), `Image ${id}`);
}

export async function findImage(db: Db, viewer: Viewer, id: string): Promise<Image | null> {
  const user = requireUser(viewer);
  return isUuid(id) ? db.image.findFirst({ where: { id, project: readableProjects(user) } }) : null;
}

/** The voxel size in use: the user's override when set, else the file's. */
export function effectiveVoxelSize(image: Image): VoxelSize | undefined {
  return ((image.voxelSizeOverride ?? image.voxelSize) as VoxelSize | null) ?? undefined;
}

/** The image's first channel and frame as a volume, with the voxel size in use. */
export async function imageVolume(storage: FileStorage, image: Image): Promise<Volume> {
  const v = await readTiffVolume(await storage.read(image.fileId), { channel: 0, frame: 0 });
  const voxelSize = effectiveVoxelSize(image);
  return voxelSize ? { ...v, voxelSize } : v;
}

export function listImages(db: Db, projectId: string, args: PageArgs & { tag?: string | null }) {
  const where: Prisma.ImageWhereInput = { projectId, ...(args.tag ? { tags: { has: args.tag } } : {}) };
  return paginate(args, (q) => db.image.findMany({ where, orderBy: NEWEST_FIRST, ...q }), () => db.image.count({ where }));
}

export async function createDataset(db: Db, viewer: Viewer, input: unknown): Promise<Dataset> {
  const user = requireUser(viewer);
  const args = parseInput(ZCreateDatasetInput, input);
  const project = await loadProject(db, user, args.projectId, "write");
  const imageIds = await imagesIn(db, project.id, args.imageIds ?? []);
  return db.$transaction(async (tx) => {
    const ds = await tx.dataset.create({ data: { projectId: project.id, name: args.name, createdById: user.id } });
    if (imageIds.length) await tx.image.updateMany({ where: { id: { in: imageIds } }, data: { datasetId: ds.id } });
    await recordAudit(tx, { actorId: user.id, action: "dataset.create", objectType: "Dataset", objectId: ds.id, labId: project.labId, projectId: project.id, details: { name: args.name, imageIds } });
    return ds;
  });
}

export async function addImagesToDataset(db: Db, viewer: Viewer, datasetId: string, ids: string[]): Promise<Dataset> {
  const user = requireUser(viewer);
  const ds = await findDataset(db, viewer, datasetId);
  const project = await loadProject(db, user, ds.projectId, "write");
  const imageIds = await imagesIn(db, project.id, ids);
  return db.$transaction(async (tx) => {
    await tx.image.updateMany({ where: { id: { in: imageIds } }, data: { datasetId: ds.id } });
    await recordAudit(tx, { actorId: user.id, action: "dataset.add_images", objectType: "Dataset", objectId: ds.id, labId: project.labId, projectId: project.id, details: { imageIds } });
    return ds;
  });
}

async function imagesIn(db: Db, projectId: string, ids: string[]): Promise<string[]> {
  const valid = ids.filter(isUuid);
  const found = await db.image.findMany({ where: { id: { in: valid }, projectId }, select: { id: true } });
  if (found.length !== ids.length) throw new AppError("BAD_INPUT", "imageIds: every image must belong to this project.");
  return found.map((i) => i.id);
}

export async function findDataset(db: Db, viewer: Viewer, id: string): Promise<Dataset> {
  const user = requireUser(viewer);
  return orNotFound(isUuid(id) ? await db.dataset.findFirst({ where: { id, project: readableProjects(user) } }) : null, `Dataset ${id}`);
}

export function listDatasets(db: Db, projectId: string, args: PageArgs) {
  const where = { projectId };
  return paginate(args, (q) => db.dataset.findMany({ where, orderBy: NEWEST_FIRST, ...q }), () => db.dataset.count({ where }));
}
