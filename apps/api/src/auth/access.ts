/**
 * Authorization, in one place. Services ask here what a user may see or change; records outside a
 * user's reach are reported as NOT_FOUND so their existence does not leak.
 */
import type { DbTx, Project, User } from "../db/client.js";
import { Prisma } from "../db/client.js";
import { AppError } from "../errors.js";
import type { Viewer } from "./viewer.js";

export type Access = "read" | "write";

export function requireUser(viewer: Viewer): User {
  if (!viewer.user) throw new AppError("UNAUTHENTICATED", "Sign in first (session cookie or Authorization: Bearer token).");
  return viewer.user;
}

/** Projects a user may read. Until labs exist (issue 7) a project is its owner's alone. */
export function readableProjects(user: User): Prisma.ProjectWhereInput {
  return { ownerId: user.id };
}

export function writableProjects(user: User): Prisma.ProjectWhereInput {
  return { ownerId: user.id };
}

export async function loadProject(db: DbTx, user: User, projectId: string, access: Access): Promise<Project> {
  const where = access === "write" ? writableProjects(user) : readableProjects(user);
  const project = isUuid(projectId) ? await db.project.findFirst({ where: { AND: [{ id: projectId }, where] } }) : null;
  if (!project) throw new AppError("NOT_FOUND", `Project ${projectId} not found.`);
  return project;
}

/** Files a user may download: their own uploads, and anything attached to a project they can read. */
export function readableFiles(user: User): Prisma.StoredFileWhereInput {
  const projects = readableProjects(user);
  return {
    OR: [
      { uploadedById: user.id },
      { images: { some: { project: projects } } },
      { psfs: { some: { project: projects } } },
      { runOutputs: { some: { project: projects } } },
    ],
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
