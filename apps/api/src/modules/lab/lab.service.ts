/** Labs, their members and roles, and invitations by email. */
import { z } from "zod";
import type { Db, DbTx, Lab, User } from "../../db/client.js";
import type { LabRole } from "../../db/generated/enums.js";
import { recordAudit } from "../../audit/audit.service.js";
import { ROLE_RANK, isUuid, readableLabs, requireLabRole, requireUser } from "../../auth/access.js";
import type { Viewer } from "../../auth/viewer.js";
import { AppError } from "../../errors.js";
import { NEWEST_FIRST, paginate, type PageArgs } from "../../graphql/pagination.js";
import { parseInput } from "../../validation.js";

const ZRole = z.enum(["OWNER", "MANAGER", "MEMBER", "VIEWER"]);
export const ZCreateLabInput = z.object({ name: z.string().trim().min(1, "name must not be empty").max(200) });
export const ZInviteInput = z.object({ labId: z.string(), email: z.string().trim().toLowerCase().email("email must be a valid address"), role: ZRole });
export const ZSetRoleInput = z.object({ labId: z.string(), userId: z.string(), role: ZRole });

/** Every account starts with a lab of its own, which it owns (part of the sign-up change and its audit event). */
export function createPersonalLab(tx: DbTx, user: User): Promise<Lab> {
  return tx.lab.create({ data: { name: `${user.name}'s lab`, members: { create: { userId: user.id, role: "OWNER" } } } });
}

export async function createLab(db: Db, viewer: Viewer, input: unknown): Promise<Lab> {
  const user = requireUser(viewer);
  const { name } = parseInput(ZCreateLabInput, input);
  return db.$transaction(async (tx) => {
    const lab = await tx.lab.create({ data: { name, members: { create: { userId: user.id, role: "OWNER" } } } });
    await recordAudit(tx, { actorId: user.id, action: "lab.create", objectType: "Lab", objectId: lab.id, labId: lab.id, details: { name } });
    return lab;
  });
}

export function listLabs(db: Db, viewer: Viewer, args: PageArgs) {
  const user = requireUser(viewer);
  const where = readableLabs(user);
  return paginate(args, (q) => db.lab.findMany({ where, orderBy: NEWEST_FIRST, ...q }), () => db.lab.count({ where }));
}

export async function findLab(db: Db, viewer: Viewer, id: string): Promise<Lab | null> {
  const user = requireUser(viewer);
  return isUuid(id) ? db.lab.findFirst({ where: { id, ...readableLabs(user) } }) : null;
}

export function listMembers(db: Db, labId: string, args: PageArgs) {
  // composite key: page by user id within the lab, oldest members first
  const where = { labId };
  return paginate(
    args,
    async (q) => {
      const rows = await db.labMember.findMany({
        where,
        orderBy: { userId: "asc" },
        take: q.take,
        ...(q.cursor ? { cursor: { labId_userId: { labId, userId: q.cursor.id as string } }, skip: 1 } : {}),
      });
      return rows.map((r) => ({ ...r, id: r.userId }));
    },
    () => db.labMember.count({ where }),
  );
}

/** Open invitations of a lab, for its owners and managers; nobody else sees them. */
export async function listInvitations(db: Db, viewer: Viewer, labId: string) {
  const user = requireUser(viewer);
  const role = await db.labMember.findUnique({ where: { labId_userId: { labId, userId: user.id } } });
  if (!role || ROLE_RANK[role.role] < ROLE_RANK.MANAGER) return [];
  return db.invitation.findMany({ where: { labId, acceptedAt: null, revokedAt: null }, orderBy: { createdAt: "desc" } });
}

export async function myInvitations(db: Db, viewer: Viewer) {
  const user = requireUser(viewer);
  return db.invitation.findMany({ where: { email: user.email, acceptedAt: null, revokedAt: null }, orderBy: { createdAt: "desc" } });
}

function assertMayGrant(actorRole: LabRole, role: LabRole) {
  // managers hand out roles up to manager; only owners make owners
  if (ROLE_RANK[role] > ROLE_RANK[actorRole] || (role === "OWNER" && actorRole !== "OWNER")) {
    throw new AppError("FORBIDDEN", `A ${actorRole.toLowerCase()} cannot grant the role ${role.toLowerCase()}.`);
  }
}

export async function inviteToLab(db: Db, viewer: Viewer, input: unknown) {
  const user = requireUser(viewer);
  const { labId, email, role } = parseInput(ZInviteInput, input);
  const actorRole = await requireLabRole(db, user, labId, "MANAGER", "the lab's members");
  assertMayGrant(actorRole, role);
  return db.$transaction(async (tx) => {
    const existing = await tx.labMember.findFirst({ where: { labId, user: { email } } });
    if (existing) throw new AppError("CONFLICT", `${email} is already a member of this lab.`);
    const invitation = await tx.invitation.create({ data: { labId, email, role, invitedById: user.id } });
    await recordAudit(tx, { actorId: user.id, action: "lab.invite", objectType: "Invitation", objectId: invitation.id, labId, details: { email, role } });
    return invitation;
  });
}

export async function revokeInvitation(db: Db, viewer: Viewer, id: string) {
  const user = requireUser(viewer);
  const invitation = isUuid(id) ? await db.invitation.findUnique({ where: { id } }) : null;
  if (!invitation || !(await db.labMember.findUnique({ where: { labId_userId: { labId: invitation.labId, userId: user.id } } }))) {
    throw new AppError("NOT_FOUND", `Invitation ${id} not found.`);
  }
  await requireLabRole(db, user, invitation.labId, "MANAGER", "the lab's invitations");
  return db.$transaction(async (tx) => {
    const updated = await tx.invitation.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { actorId: user.id, action: "lab.invite_revoke", objectType: "Invitation", objectId: id, labId: invitation.labId, details: { email: invitation.email } });
    return updated;
  });
}

export async function acceptInvitation(db: Db, viewer: Viewer, id: string): Promise<Lab> {
  const user = requireUser(viewer);
  const invitation = isUuid(id) ? await db.invitation.findUnique({ where: { id } }) : null;
  if (!invitation || invitation.email !== user.email || invitation.revokedAt) throw new AppError("NOT_FOUND", `Invitation ${id} not found.`);
  if (invitation.acceptedAt) throw new AppError("CONFLICT", "This invitation was already accepted.");
  return db.$transaction(async (tx) => {
    await tx.invitation.update({ where: { id }, data: { acceptedAt: new Date() } });
    await tx.labMember.upsert({
      where: { labId_userId: { labId: invitation.labId, userId: user.id } },
      create: { labId: invitation.labId, userId: user.id, role: invitation.role },
      update: { role: invitation.role },
    });
    await recordAudit(tx, { actorId: user.id, action: "lab.join", objectType: "LabMember", objectId: user.id, labId: invitation.labId, details: { role: invitation.role, invitationId: id } });
    return tx.lab.findUniqueOrThrow({ where: { id: invitation.labId } });
  });
}

async function assertOwnersRemain(tx: DbTx, labId: string, leavingUserId: string) {
  const owners = await tx.labMember.count({ where: { labId, role: "OWNER", userId: { not: leavingUserId } } });
  if (owners === 0) throw new AppError("CONFLICT", "A lab needs at least one owner: make someone else owner first.");
}

export async function setLabMemberRole(db: Db, viewer: Viewer, input: unknown) {
  const user = requireUser(viewer);
  const { labId, userId, role } = parseInput(ZSetRoleInput, input);
  const actorRole = await requireLabRole(db, user, labId, "MANAGER", "the lab's members");
  assertMayGrant(actorRole, role);
  return db.$transaction(async (tx) => {
    const member = isUuid(userId) ? await tx.labMember.findUnique({ where: { labId_userId: { labId, userId } } }) : null;
    if (!member) throw new AppError("NOT_FOUND", `User ${userId} is not a member of this lab.`);
    if (member.role === "OWNER" && actorRole !== "OWNER") throw new AppError("FORBIDDEN", "Only an owner can change an owner's role.");
    if (member.role === "OWNER" && role !== "OWNER") await assertOwnersRemain(tx, labId, userId);
    const updated = await tx.labMember.update({ where: { labId_userId: { labId, userId } }, data: { role } });
    await recordAudit(tx, { actorId: user.id, action: "lab.role_change", objectType: "LabMember", objectId: userId, labId, details: { from: member.role, to: role } });
    return updated;
  });
}

export async function removeLabMember(db: Db, viewer: Viewer, labId: string, userId: string): Promise<boolean> {
  const user = requireUser(viewer);
  // anyone may leave; removing others takes a manager (an owner to remove an owner)
  const actorRole = user.id === userId ? await requireLabRole(db, user, labId, "VIEWER") : await requireLabRole(db, user, labId, "MANAGER", "the lab's members");
  return db.$transaction(async (tx) => {
    const member = isUuid(userId) ? await tx.labMember.findUnique({ where: { labId_userId: { labId, userId } } }) : null;
    if (!member) throw new AppError("NOT_FOUND", `User ${userId} is not a member of this lab.`);
    if (member.role === "OWNER" && actorRole !== "OWNER") throw new AppError("FORBIDDEN", "Only an owner can remove an owner.");
    if (member.role === "OWNER") await assertOwnersRemain(tx, labId, userId);
    await tx.labMember.delete({ where: { labId_userId: { labId, userId } } });
    await recordAudit(tx, { actorId: user.id, action: "lab.member_remove", objectType: "LabMember", objectId: userId, labId, details: { role: member.role } });
    return true;
  });
}
