/** Projects: a lab's container of images, datasets and runs, private to its members or shared with the lab. */
import { z } from "zod";
import type { Db, Project } from "../../db/client.js";
import { Prisma } from "../../db/client.js";
import { recordAudit } from "../../audit/audit.service.js";
import { canWriteProject, isUuid, loadProject, readableProjects, requireLabRole, requireUser } from "../../auth/access.js";
import type { Viewer } from "../../auth/viewer.js";
import { AppError } from "../../errors.js";
import { NEWEST_FIRST, paginate, type PageArgs } from "../../graphql/pagination.js";
import { parseInput } from "../../validation.js";

const ZVisibility = z.enum(["PRIVATE", "LAB"]);
export const ZCreateProjectInput = z.object({
  name: z.string().trim().min(1, "name must not be empty").max(200),
  description: z.string().trim().max(5000).nullish(),
  labId: z.string().nullish(),
  visibility: ZVisibility.nullish(),
});
export const ZUpdateProjectInput = z.object({
  id: z.string(),
  name: z.string().trim().min(1, "name must not be empty").max(200).nullish(),
  description: z.string().trim().max(5000).nullish(),
  visibility: ZVisibility.nullish(),
});

export async function createProject(db: Db, viewer: Viewer, input: unknown): Promise<Project> {
  const user = requireUser(viewer);
  const args = parseInput(ZCreateProjectInput, input);
  let labId = args.labId;
  if (!labId) {
    // the personal lab: the user's oldest lab that they own
    const own = await db.labMember.findFirst({ where: { userId: user.id, role: "OWNER" }, orderBy: { createdAt: "asc" } });
    if (!own) throw new AppError("BAD_INPUT", "labId: you own no lab; name the lab the project belongs to.");
    labId = own.labId;
  }
  await requireLabRole(db, user, labId, "MEMBER", "this lab's projects");
  const lab = labId;
  return db.$transaction(async (tx) => {
    const project = await tx.project.create({
      data: { name: args.name, description: args.description ?? "", labId: lab, visibility: args.visibility ?? "PRIVATE", ownerId: user.id, members: { create: { userId: user.id } } },
    });
    await recordAudit(tx, { actorId: user.id, action: "project.create", objectType: "Project", objectId: project.id, labId: lab, projectId: project.id, details: { name: project.name, visibility: project.visibility } });
    return project;
  });
}

export function listProjects(db: Db, viewer: Viewer, args: PageArgs & { labId?: string | null }) {
  const user = requireUser(viewer);
  const where: Prisma.ProjectWhereInput = { AND: [readableProjects(user), ...(args.labId ? [{ labId: args.labId }] : [])] };
  return paginate(args, (q) => db.project.findMany({ where, orderBy: NEWEST_FIRST, ...q }), () => db.project.count({ where }));
}

/** A project the viewer can read, or null (GraphQL `project(id)` answers null for unknown and forbidden alike). */
export async function findProject(db: Db, viewer: Viewer, id: string): Promise<Project | null> {
  const user = requireUser(viewer);
  return isUuid(id) ? db.project.findFirst({ where: { AND: [{ id }, readableProjects(user)] } }) : null;
}

export async function updateProject(db: Db, viewer: Viewer, input: unknown): Promise<Project> {
  const user = requireUser(viewer);
  const args = parseInput(ZUpdateProjectInput, input);
  const project = await loadProject(db, user, args.id, "write");
  return db.$transaction(async (tx) => {
    const data = { ...(args.name ? { name: args.name } : {}), ...(args.description != null ? { description: args.description } : {}), ...(args.visibility ? { visibility: args.visibility } : {}) };
    const updated = await tx.project.update({ where: { id: project.id }, data });
    await recordAudit(tx, { actorId: user.id, action: "project.update", objectType: "Project", objectId: project.id, labId: project.labId, projectId: project.id, details: data });
    return updated;
  });
}

export async function setProjectMember(db: Db, viewer: Viewer, projectId: string, userId: string, member: boolean): Promise<Project> {
  const user = requireUser(viewer);
  const project = await loadProject(db, user, projectId, "write");
  if (member && !(isUuid(userId) && (await db.labMember.findUnique({ where: { labId_userId: { labId: project.labId, userId } } })))) {
    throw new AppError("BAD_INPUT", "userId: only members of the project's lab can join it.");
  }
  return db.$transaction(async (tx) => {
    if (member) {
      await tx.projectMember.upsert({ where: { projectId_userId: { projectId, userId } }, create: { projectId, userId }, update: {} });
    } else {
      const removed = await tx.projectMember.deleteMany({ where: { projectId, userId } });
      if (removed.count === 0) throw new AppError("NOT_FOUND", `User ${userId} is not a member of this project.`);
    }
    await recordAudit(tx, { actorId: user.id, action: member ? "project.member_add" : "project.member_remove", objectType: "ProjectMember", objectId: userId, labId: project.labId, projectId });
    return tx.project.findUniqueOrThrow({ where: { id: projectId } });
  });
}

export async function projectAccess(db: Db, viewer: Viewer, projectId: string): Promise<"READ" | "WRITE"> {
  return (await canWriteProject(db, requireUser(viewer), projectId)) ? "WRITE" : "READ";
}
