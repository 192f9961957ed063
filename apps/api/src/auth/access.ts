/**
 * Authorization, in one place. Services ask here what a user may see or change.
 *
 * - A lab's members see the lab, its microscope profiles, PSF library and templates; OWNER and
 *   MANAGER change them. A VIEWER never changes anything.
 * - A project belongs to a lab. PRIVATE: its members and the lab's owners and managers see it.
 *   LAB: every member of the lab sees it. Its members (lab role MEMBER or above) and the lab's
 *   owners and managers change it.
 * - Nobody sees another lab's data. Records out of reach are NOT_FOUND (their existence does not
 *   leak); records a user may see but not change are FORBIDDEN.
 */
import type { DbTx, Project, User } from "../db/client.js";
import { Prisma } from "../db/client.js";
import type { LabRole } from "../db/generated/enums.js";
import { AppError } from "../errors.js";
import type { Viewer } from "./viewer.js";

export type Access = "read" | "write";

export const ROLE_RANK: Record<LabRole, number> = { VIEWER: 0, MEMBER: 1, MANAGER: 2, OWNER: 3 };
const STAFF: LabRole[] = ["OWNER", "MANAGER"];
const CONTRIBUTORS: LabRole[] = ["OWNER", "MANAGER", "MEMBER"];

export function requireUser(viewer: Viewer): User {
  if (!viewer.user) throw new AppError("UNAUTHENTICATED", "Sign in first (session cookie or Authorization: Bearer token).");
  return viewer.user;
}

export function requireAdmin(viewer: Viewer): User {
  const user = requireUser(viewer);
  if (user.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only the instance's admins may do this.");
  return user;
}

export function readableLabs(user: User): Prisma.LabWhereInput {
  return { members: { some: { userId: user.id } } };
}

export function readableProjects(user: User): Prisma.ProjectWhereInput {
  return {
    lab: { members: { some: { userId: user.id } } },
    OR: [
      { visibility: "LAB" },
      { members: { some: { userId: user.id } } },
      { lab: { members: { some: { userId: user.id, role: { in: STAFF } } } } },
    ],
  };
}

export function writableProjects(user: User): Prisma.ProjectWhereInput {
  return {
    OR: [
      { members: { some: { userId: user.id } }, lab: { members: { some: { userId: user.id, role: { in: CONTRIBUTORS } } } } },
      { lab: { members: { some: { userId: user.id, role: { in: STAFF } } } } },
    ],
  };
}

/** The user's role in a lab, or null when not a member. */
export async function labRoleOf(db: DbTx, user: User, labId: string): Promise<LabRole | null> {
  if (!isUuid(labId)) return null;
  const m = await db.labMember.findUnique({ where: { labId_userId: { labId, userId: user.id } }, select: { role: true } });
  return m?.role ?? null;
}

/** Requires membership (else NOT_FOUND) with at least `min` (else FORBIDDEN); returns the role. */
export async function requireLabRole(db: DbTx, user: User, labId: string, min: LabRole, what = "this"): Promise<LabRole> {
  const role = await labRoleOf(db, user, labId);
  if (!role) throw new AppError("NOT_FOUND", `Lab ${labId} not found.`);
  if (ROLE_RANK[role] < ROLE_RANK[min]) {
    throw new AppError("FORBIDDEN", `Your role in this lab (${role.toLowerCase()}) cannot change ${what}; it needs ${min.toLowerCase()} or above.`);
  }
  return role;
}

export async function loadProject(db: DbTx, user: User, projectId: string, access: Access): Promise<Project> {
  const project = isUuid(projectId) ? await db.project.findFirst({ where: { AND: [{ id: projectId }, readableProjects(user)] } }) : null;
  if (!project) throw new AppError("NOT_FOUND", `Project ${projectId} not found.`);
  if (access === "write" && !(await canWriteProject(db, user, project.id))) {
    throw new AppError("FORBIDDEN", `You can look at project "${project.name}" but not change it.`);
  }
  return project;
}

export async function canWriteProject(db: DbTx, user: User, projectId: string): Promise<boolean> {
  return (await db.project.count({ where: { AND: [{ id: projectId }, writableProjects(user)] } })) > 0;
}

/** Files a user may download: their own uploads, and anything attached to what they can read. */
export function readableFiles(user: User): Prisma.StoredFileWhereInput {
  const projects = readableProjects(user);
  const labs = readableLabs(user);
  return {
    OR: [
      { uploadedById: user.id },
      { images: { some: { project: projects } } },
      { psfs: { some: { OR: [{ project: projects }, { lab: labs }] } } },
      { runOutputs: { some: { project: projects } } },
    ],
  };
}

/** PSFs a user may use: the library of their labs, and PSFs made for projects they can read. */
export function readablePsfs(user: User): Prisma.PsfWhereInput {
  return { deletedAt: null, OR: [{ lab: readableLabs(user) }, { project: readableProjects(user) }] };
}

/** Audit events: the whole lab for its owners and managers; a project's events for its readers. */
export function readableAuditEvents(user: User, staffLabIds: string[], projectIds: string[]): Prisma.AuditEventWhereInput {
  return {
    OR: [
      { labId: { in: staffLabIds } },
      { projectId: { in: projectIds } },
      { actorId: user.id, labId: null, projectId: null },
    ],
  };
}

export async function staffLabIds(db: DbTx, user: User): Promise<string[]> {
  const rows = await db.labMember.findMany({ where: { userId: user.id, role: { in: STAFF } }, select: { labId: true } });
  return rows.map((r) => r.labId);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
