/**
 * Streaming file endpoints (large TIFFs do not go through GraphQL):
 *   POST /api/files?name=F            raw body → { id, size, sha256, name }
 *   GET  /api/files/:id               the bytes, as stored
 *   GET  /api/files/:id/preview.png   a PNG preview (?z=N for one slice, else a Z projection)
 */
import { Router } from "express";
import type { Request, Response } from "express";
import { readTiffVolume } from "@refocus/engine";
import type { Config } from "../../config.js";
import type { Db } from "../../db/client.js";
import type { Viewer } from "../../auth/viewer.js";
import { AppError } from "../../errors.js";
import { sendError } from "../../http/send-error.js";
import { findReadableFile, uploadFile } from "./file.service.js";
import { renderPreviewPng } from "./preview.js";
import type { FileStorage } from "./storage.js";

export interface FileRouteDeps {
  db: Db;
  config: Config;
  storage: FileStorage;
  viewerOf(req: Request): Promise<Viewer>;
}

function safeName(raw: unknown): string {
  const name = typeof raw === "string" ? raw : "upload.tif";
  return name.replace(/[\\/\0\r\n"]/g, "_").slice(0, 255) || "upload.tif";
}

export function fileRoutes(deps: FileRouteDeps): Router {
  const router = Router();

  router.post("/api/files", async (req: Request, res: Response) => {
    try {
      const viewer = await deps.viewerOf(req);
      const declared = Number(req.headers["content-length"] ?? NaN);
      if (Number.isFinite(declared) && declared > deps.config.maxUploadBytes) {
        throw new AppError("TOO_LARGE", `File exceeds the upload limit of ${deps.config.maxUploadBytes} bytes.`);
      }
      const file = await uploadFile(deps.db, deps.storage, viewer, req, {
        originalName: safeName(req.query.name ?? req.headers["x-filename"]),
        contentType: req.headers["content-type"] ?? "application/octet-stream",
      }, deps.config.maxUploadBytes);
      res.status(201).json({ id: file.id, size: Number(file.size), sha256: file.sha256, name: file.originalName });
    } catch (e) {
      // the client may still be sending: drain nothing more, close after answering
      res.setHeader("Connection", "close");
      sendError(res, e);
    }
  });

  router.get("/api/files/:id", async (req: Request<{ id: string }>, res: Response) => {
    try {
      const viewer = await deps.viewerOf(req);
      const file = await findReadableFile(deps.db, viewer, req.params.id);
      res.setHeader("Content-Type", file.contentType || "application/octet-stream");
      res.setHeader("Content-Length", String(file.size));
      res.setHeader("Content-Disposition", `attachment; filename="${file.originalName}"`);
      res.setHeader("ETag", `"${file.sha256}"`);
      res.setHeader("X-Content-SHA256", file.sha256);
      const stream = deps.storage.createReadStream(file.id);
      stream.on("error", (e) => (res.headersSent ? res.destroy(e) : sendError(res, e)));
      stream.pipe(res);
    } catch (e) {
      sendError(res, e);
    }
  });

  router.get("/api/files/:id/preview.png", async (req: Request<{ id: string }>, res: Response) => {
    try {
      const viewer = await deps.viewerOf(req);
      const file = await findReadableFile(deps.db, viewer, req.params.id);
      const volume = await readTiffVolume(await deps.storage.read(file.id), { channel: 0, frame: 0 });
      const z = req.query.z === undefined ? undefined : Number(req.query.z);
      const png = renderPreviewPng(volume, z === undefined || !Number.isFinite(z) ? { kind: "mip" } : { kind: "slice", z });
      res.setHeader("Content-Type", "image/png");
      res.setHeader("Cache-Control", "private, max-age=3600");
      res.end(png);
    } catch (e) {
      sendError(res, e);
    }
  });

  return router;
}
