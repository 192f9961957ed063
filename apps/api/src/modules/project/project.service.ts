/** Projects: the container of a team's images, PSFs and runs. */
import { z } from "zod";
import type { Db, Project } from "../../db/client.js";
import { recordAudit } from "../../audit/audit.service.js";
import { loadProject, readableProjects, requireUser } from "../../auth/access.js";
import type { Viewer } from "../../auth/viewer.js";
import { AppError } from "../../errors.js";
import { parseInput } from "../../validation.js";

export const ZCreateProjectInput = z.object({
  name: z.string().trim().min(1, "name must not be empty").max(200),
  description: z.string().trim().max(5000).nullish(),
});

export async function createProject(db: Db, viewer: Viewer, input: unknown): Promise<Project> {
  const user = requireUser(viewer);
  const { name, description } = parseInput(ZCreateProjectInput, input);
  return db.$transaction(async (tx) => {
    const project = await tx.project.create({ data: { name, description: description ?? "", ownerId: user.id } });
    await recordAudit(tx, { actorId: user.id, action: "project.create", objectType: "Project", objectId: project.id, projectId: project.id, details: { name } });
    return project;
  });
}

export function listProjects(db: Db, viewer: Viewer): Promise<Project[]> {
  const user = requireUser(viewer);
  return db.project.findMany({ where: readableProjects(user), orderBy: { createdAt: "desc" } });
}

/** A project the viewer can read, or null (GraphQL `project(id)` answers null for unknown and forbidden alike). */
export async function findProject(db: Db, viewer: Viewer, id: string): Promise<Project | null> {
  const user = requireUser(viewer);
  try {
    return await loadProject(db, user, id, "read");
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") return null;
    throw e;
  }
}
