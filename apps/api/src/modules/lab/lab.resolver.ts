import type { Invitation, Lab, LabMember } from "../../db/client.js";
import type { GraphQLContext } from "../../graphql/context.js";
import { must } from "../../graphql/loaders.js";
import type { PageArgs } from "../../graphql/pagination.js";
import { requireUser } from "../../auth/access.js";
import { listProfiles } from "../profile/profile.service.js";
import { listProjects } from "../project/project.service.js";
import { listTemplates } from "../run/template.service.js";
import * as labs from "./lab.service.js";

export const labResolvers = {
  Query: {
    labs: (_: unknown, args: PageArgs, ctx: GraphQLContext) => labs.listLabs(ctx.db, ctx.viewer, args),
    lab: (_: unknown, args: { id: string }, ctx: GraphQLContext) => labs.findLab(ctx.db, ctx.viewer, args.id),
    myInvitations: (_: unknown, __: unknown, ctx: GraphQLContext) => labs.myInvitations(ctx.db, ctx.viewer),
  },
  Mutation: {
    createLab: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => labs.createLab(ctx.db, ctx.viewer, args.input),
    inviteToLab: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => labs.inviteToLab(ctx.db, ctx.viewer, args.input),
    revokeInvitation: (_: unknown, args: { id: string }, ctx: GraphQLContext) => labs.revokeInvitation(ctx.db, ctx.viewer, args.id),
    acceptInvitation: (_: unknown, args: { id: string }, ctx: GraphQLContext) => labs.acceptInvitation(ctx.db, ctx.viewer, args.id),
    setLabMemberRole: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => labs.setLabMemberRole(ctx.db, ctx.viewer, args.input),
    removeLabMember: (_: unknown, args: { labId: string; userId: string }, ctx: GraphQLContext) => labs.removeLabMember(ctx.db, ctx.viewer, args.labId, args.userId),
  },
  // a Lab reaches a resolver only after a readable-labs check
  Lab: {
    myRole: (l: Lab, _: unknown, ctx: GraphQLContext) => ctx.loaders.myLabRole(requireUser(ctx.viewer).id).load(l.id),
    members: (l: Lab, args: PageArgs, ctx: GraphQLContext) => labs.listMembers(ctx.db, l.id, args),
    invitations: (l: Lab, _: unknown, ctx: GraphQLContext) => labs.listInvitations(ctx.db, ctx.viewer, l.id),
    projects: (l: Lab, args: PageArgs, ctx: GraphQLContext) => listProjects(ctx.db, ctx.viewer, { ...args, labId: l.id }),
    profiles: (l: Lab, args: PageArgs, ctx: GraphQLContext) => listProfiles(ctx.db, l.id, args),
    templates: (l: Lab, args: PageArgs, ctx: GraphQLContext) => listTemplates(ctx.db, l.id, args),
  },
  LabMember: {
    user: (m: LabMember, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.user.load(m.userId), "user"),
    joinedAt: (m: LabMember) => m.createdAt,
  },
  Invitation: {
    lab: (i: Invitation, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.lab.load(i.labId), "lab"),
    invitedBy: (i: Invitation, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.user.load(i.invitedById), "user"),
  },
};
