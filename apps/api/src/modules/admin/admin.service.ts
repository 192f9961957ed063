/** The instance at a glance for admins: counts and sizes, never other labs' content. */
import type { Db } from "../../db/client.js";
import { requireAdmin } from "../../auth/access.js";
import type { Viewer } from "../../auth/viewer.js";
import { NEWEST_FIRST, paginate, type PageArgs } from "../../graphql/pagination.js";

export function adminOverview(db: Db, viewer: Viewer) {
  requireAdmin(viewer);
  const day = new Date(Date.now() - 86_400_000);
  return {
    users: (args: PageArgs) => paginate(args, (q) => db.user.findMany({ orderBy: NEWEST_FIRST, ...q }), () => db.user.count()),
    labs: async () => {
      const labs = await db.lab.findMany({ orderBy: { createdAt: "asc" }, include: { _count: { select: { members: true, projects: true } } } });
      // bytes of the files attached to each lab's projects and library
      const sizes = await db.$queryRaw<{ labId: string; bytes: bigint }[]>`
        SELECT l.id AS "labId", COALESCE(SUM(f.size), 0)::bigint AS bytes FROM "Lab" l
        LEFT JOIN (
          SELECT p."labId", i."fileId" FROM "Image" i JOIN "Project" p ON p.id = i."projectId"
          UNION SELECT p."labId", r."outputFileId" FROM "Run" r JOIN "Project" p ON p.id = r."projectId" WHERE r."outputFileId" IS NOT NULL
          UNION SELECT s."labId", s."fileId" FROM "Psf" s WHERE s."labId" IS NOT NULL AND s."fileId" IS NOT NULL
        ) lf ON lf."labId" = l.id
        LEFT JOIN "StoredFile" f ON f.id = lf."fileId"
        GROUP BY l.id`;
      const bytes = new Map(sizes.map((s) => [s.labId, Number(s.bytes)]));
      return labs.map((l) => ({ id: l.id, name: l.name, memberCount: l._count.members, projectCount: l._count.projects, diskBytes: bytes.get(l.id) ?? 0 }));
    },
    diskBytes: async () => Number((await db.storedFile.aggregate({ _sum: { size: true } }))._sum.size ?? 0),
    fileCount: () => db.storedFile.count(),
    queue: async () => ({
      queued: await db.run.count({ where: { status: "QUEUED" } }),
      running: await db.run.count({ where: { status: "RUNNING" } }),
      succeededLastDay: await db.run.count({ where: { status: "SUCCEEDED", finishedAt: { gte: day } } }),
      failedLastDay: await db.run.count({ where: { status: "FAILED", finishedAt: { gte: day } } }),
    }),
  };
}
