/** Images: uploaded TIFFs registered in a project, with metadata read from the file by the engine. */
import { z } from "zod";
import { inspectTiff, isEngineError } from "@refocus/engine";
import type { Db, Image, Prisma } from "../../db/client.js";
import { recordAudit } from "../../audit/audit.service.js";
import { loadProject, requireUser } from "../../auth/access.js";
import type { Viewer } from "../../auth/viewer.js";
import { AppError } from "../../errors.js";
import { parseInput } from "../../validation.js";
import { findReadableFile } from "../file/file.service.js";
import type { FileStorage } from "../file/storage.js";

export const ZRegisterImageInput = z.object({
  projectId: z.string(),
  fileId: z.string(),
  name: z.string().trim().min(1).max(255).nullish(),
});

export async function registerImage(db: Db, storage: FileStorage, viewer: Viewer, input: unknown): Promise<Image> {
  const user = requireUser(viewer);
  const { projectId, fileId, name } = parseInput(ZRegisterImageInput, input);
  const project = await loadProject(db, user, projectId, "write");
  const file = await findReadableFile(db, viewer, fileId);
  let info;
  try {
    info = await inspectTiff(await storage.read(file.id));
  } catch (e) {
    if (isEngineError(e)) throw new AppError("UNSUPPORTED_FILE", `${file.originalName} cannot be used as an image: ${e.message}`);
    throw e;
  }
  return db.$transaction(async (tx) => {
    const image = await tx.image.create({
      data: {
        projectId: project.id,
        fileId: file.id,
        name: name ?? file.originalName,
        shape: [info.slices, info.height, info.width],
        sampleType: info.sampleType,
        channels: info.channels,
        frames: info.frames,
        voxelSize: info.voxelSize ? (info.voxelSize as unknown as Prisma.InputJsonValue) : undefined,
        createdById: user.id,
      },
    });
    await recordAudit(tx, {
      actorId: user.id, action: "image.register", objectType: "Image", objectId: image.id, projectId: project.id,
      details: { fileId: file.id, sha256: file.sha256, shape: image.shape, sampleType: image.sampleType },
    });
    return image;
  });
}
