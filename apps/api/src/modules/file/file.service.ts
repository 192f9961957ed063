/** Stored files: the database row beside the bytes, and who may read them. */
import type { Readable } from "node:stream";
import type { Db, DbTx, StoredFile } from "../../db/client.js";
import { recordAudit } from "../../audit/audit.service.js";
import { isUuid, readableFiles, requireUser } from "../../auth/access.js";
import type { Viewer } from "../../auth/viewer.js";
import { orNotFound } from "../../errors.js";
import type { FileStorage } from "./storage.js";

export interface UploadMeta {
  originalName: string;
  contentType: string;
}

export async function uploadFile(db: Db, storage: FileStorage, viewer: Viewer, body: Readable, meta: UploadMeta, maxBytes: number): Promise<StoredFile> {
  const user = requireUser(viewer);
  const blob = await storage.write(body, maxBytes);
  try {
    return await db.$transaction(async (tx) => {
      const file = await tx.storedFile.create({
        data: { id: blob.id, sha256: blob.sha256, size: BigInt(blob.size), originalName: meta.originalName, contentType: meta.contentType, uploadedById: user.id },
      });
      await recordAudit(tx, { actorId: user.id, action: "file.upload", objectType: "StoredFile", objectId: file.id, details: { name: meta.originalName, size: blob.size, sha256: blob.sha256 } });
      return file;
    });
  } catch (e) {
    await storage.remove(blob.id);
    throw e;
  }
}

/** Saves server-made bytes (a run output, a generated PSF) and its row inside the caller's transaction. */
export async function saveGeneratedFile(tx: DbTx, storage: FileStorage, bytes: Uint8Array, meta: UploadMeta & { ownerId: string }): Promise<StoredFile> {
  const blob = await storage.writeBytes(bytes);
  return tx.storedFile.create({
    data: { id: blob.id, sha256: blob.sha256, size: BigInt(blob.size), originalName: meta.originalName, contentType: meta.contentType, uploadedById: meta.ownerId },
  });
}

export async function findReadableFile(db: DbTx, viewer: Viewer, id: string): Promise<StoredFile> {
  const user = requireUser(viewer);
  return orNotFound(isUuid(id) ? await db.storedFile.findFirst({ where: { AND: [{ id }, readableFiles(user)] } }) : null, `File ${id}`);
}
