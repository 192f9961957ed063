/** Reading the audit trail: filtered to what the viewer may see, paginated, or exported as CSV. */
import { z } from "zod";
import type { AuditEvent, Db, Prisma } from "../../db/client.js";
import { readableAuditEvents, readableProjects, requireUser, staffLabIds } from "../../auth/access.js";
import type { Viewer } from "../../auth/viewer.js";
import { paginate, type PageArgs } from "../../graphql/pagination.js";
import { parseInput } from "../../validation.js";

const optionalId = z.string().uuid().nullish();
export const ZAuditFilter = z.object({
  labId: optionalId,
  projectId: optionalId,
  actorId: optionalId,
  objectType: z.string().max(100).nullish(),
  objectId: z.string().max(100).nullish(),
  action: z.string().max(100).nullish(),
  from: z.coerce.date().nullish(),
  to: z.coerce.date().nullish(),
});
export type TAuditFilter = z.infer<typeof ZAuditFilter>;

export async function auditWhere(db: Db, viewer: Viewer, filter: unknown): Promise<Prisma.AuditEventWhereInput> {
  const user = requireUser(viewer);
  const f = parseInput(ZAuditFilter, filter ?? {});
  const [labs, projects] = await Promise.all([
    staffLabIds(db, user),
    db.project.findMany({ where: readableProjects(user), select: { id: true } }),
  ]);
  const conditions: Prisma.AuditEventWhereInput[] = [readableAuditEvents(user, labs, projects.map((p) => p.id))];
  if (f.labId) conditions.push({ labId: f.labId });
  if (f.projectId) conditions.push({ projectId: f.projectId });
  if (f.actorId) conditions.push({ actorId: f.actorId });
  if (f.objectType) conditions.push({ objectType: f.objectType });
  if (f.objectId) conditions.push({ objectId: f.objectId });
  if (f.action) conditions.push({ action: f.action });
  if (f.from || f.to) conditions.push({ at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } });
  return { AND: conditions };
}

export async function listAuditEvents(db: Db, viewer: Viewer, filter: unknown, args: PageArgs) {
  const where = await auditWhere(db, viewer, filter);
  return paginate(
    args,
    (q) => db.auditEvent.findMany({ where, orderBy: { id: "desc" }, ...q }) as Promise<AuditEvent[]>,
    () => db.auditEvent.count({ where }),
    (cursor) => BigInt(cursor),
  );
}

const COLUMNS = ["id", "at", "actor_email", "action", "object_type", "object_id", "lab_id", "project_id", "details"] as const;

function csvCell(value: unknown): string {
  const s = value == null ? "" : typeof value === "string" ? value : JSON.stringify(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Yields the CSV export in pages of 1000 rows, oldest first, so a large trail streams. */
export async function* auditCsv(db: Db, viewer: Viewer, filter: unknown): AsyncGenerator<string> {
  const where = await auditWhere(db, viewer, filter);
  yield COLUMNS.join(",") + "\n";
  let after: bigint | undefined;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: after === undefined ? where : { AND: [where, { id: { gt: after } }] },
      orderBy: { id: "asc" },
      take: 1000,
      include: { actor: { select: { email: true } } },
    });
    if (!rows.length) return;
    yield rows.map((e) => [e.id.toString(), e.at.toISOString(), e.actor?.email, e.action, e.objectType, e.objectId, e.labId, e.projectId, e.details].map(csvCell).join(",")).join("\n") + "\n";
    after = rows[rows.length - 1].id;
  }
}
