/** GET /api/audit.csv?labId=…&projectId=…&actorId=…&objectType=…&objectId=…&action=…&from=…&to=… */
import { Readable } from "node:stream";
import { Router, type Request, type Response } from "express";
import type { Db } from "../../db/client.js";
import type { Viewer } from "../../auth/viewer.js";
import { sendError } from "../../http/send-error.js";
import { auditCsv, auditWhere } from "./audit-query.service.js";

export function auditRoutes(deps: { db: Db; viewerOf(req: Request): Promise<Viewer> }): Router {
  const router = Router();
  router.get("/api/audit.csv", async (req: Request, res: Response) => {
    try {
      const viewer = await deps.viewerOf(req);
      const filter = Object.fromEntries(Object.entries(req.query).filter(([, v]) => typeof v === "string" && v !== ""));
      await auditWhere(deps.db, viewer, filter); // validate and authorise before the first byte
      res.setHeader("Content-Type", "text/csv; charset=utf-8");
      res.setHeader("Content-Disposition", `attachment; filename="refocus-audit-${new Date().toISOString().slice(0, 10)}.csv"`);
      Readable.from(auditCsv(deps.db, viewer, filter)).on("error", (e) => (res.headersSent ? res.destroy(e) : sendError(res, e))).pipe(res);
    } catch (e) {
      sendError(res, e);
    }
  });
  return router;
}
