/** A lab's shared parameter presets ("templates", as in Huygens Remote Manager). */
import { z } from "zod";
import { ZDeconvolutionParams } from "@refocus/engine";
import type { Db, Prisma, RunTemplate } from "../../db/client.js";
import { recordAudit } from "../../audit/audit.service.js";
import { isUuid, readableLabs, requireLabRole, requireUser } from "../../auth/access.js";
import type { Viewer } from "../../auth/viewer.js";
import { orNotFound } from "../../errors.js";
import { NEWEST_FIRST, paginate, type PageArgs } from "../../graphql/pagination.js";
import { parseInput } from "../../validation.js";

export const ZCreateTemplateInput = z.object({
  labId: z.string(),
  name: z.string().trim().min(1).max(200),
  algorithm: z.string().min(1),
  params: z.record(z.string(), z.unknown()).nullish(),
});

export async function createTemplate(db: Db, viewer: Viewer, input: unknown): Promise<RunTemplate> {
  const user = requireUser(viewer);
  const args = parseInput(ZCreateTemplateInput, input);
  await requireLabRole(db, user, args.labId, "MANAGER", "the lab's templates");
  // stored as given (not with defaults filled) so that later engine defaults still apply; validated now
  parseInput(ZDeconvolutionParams, { ...(args.params ?? {}), algorithm: args.algorithm });
  return db.$transaction(async (tx) => {
    const t = await tx.runTemplate.create({ data: { labId: args.labId, name: args.name, algorithm: args.algorithm, params: (args.params ?? {}) as Prisma.InputJsonValue, createdById: user.id } });
    await recordAudit(tx, { actorId: user.id, action: "template.create", objectType: "RunTemplate", objectId: t.id, labId: args.labId, details: { name: t.name, algorithm: t.algorithm, params: args.params ?? {} } });
    return t;
  });
}

export async function loadTemplate(db: Db, viewer: Viewer, id: string): Promise<RunTemplate> {
  return orNotFound(await findTemplate(db, viewer, id), `Template ${id}`);
}

export async function findTemplate(db: Db, viewer: Viewer, id: string): Promise<RunTemplate | null> {
  const user = requireUser(viewer);
  return isUuid(id) ? db.runTemplate.findFirst({ where: { id, deletedAt: null, lab: readableLabs(user) } }) : null;
}

export async function deleteTemplate(db: Db, viewer: Viewer, id: string): Promise<boolean> {
  const user = requireUser(viewer);
  const t = await loadTemplate(db, viewer, id);
  await requireLabRole(db, user, t.labId, "MANAGER", "the lab's templates");
  await db.$transaction(async (tx) => {
    await tx.runTemplate.update({ where: { id }, data: { deletedAt: new Date() } });
    await recordAudit(tx, { actorId: user.id, action: "template.delete", objectType: "RunTemplate", objectId: id, labId: t.labId, details: { name: t.name } });
  });
  return true;
}

export function listTemplates(db: Db, labId: string, args: PageArgs) {
  const where = { labId, deletedAt: null };
  return paginate(args, (q) => db.runTemplate.findMany({ where, orderBy: NEWEST_FIRST, ...q }), () => db.runTemplate.count({ where }));
}
