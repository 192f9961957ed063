import type { Project } from "../../db/client.js";
import type { GraphQLContext } from "../../graphql/context.js";
import { must } from "../../graphql/loaders.js";
import type { PageArgs } from "../../graphql/pagination.js";
import { listDatasets, listImages } from "../image/image.service.js";
import { listRuns } from "../run/run.service.js";
import * as projects from "./project.service.js";

export const projectResolvers = {
  Query: {
    projects: (_: unknown, args: PageArgs & { labId?: string }, ctx: GraphQLContext) => projects.listProjects(ctx.db, ctx.viewer, args),
    project: (_: unknown, args: { id: string }, ctx: GraphQLContext) => projects.findProject(ctx.db, ctx.viewer, args.id),
  },
  Mutation: {
    createProject: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => projects.createProject(ctx.db, ctx.viewer, args.input),
    updateProject: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => projects.updateProject(ctx.db, ctx.viewer, args.input),
    addProjectMember: (_: unknown, a: { projectId: string; userId: string }, ctx: GraphQLContext) => projects.setProjectMember(ctx.db, ctx.viewer, a.projectId, a.userId, true),
    removeProjectMember: (_: unknown, a: { projectId: string; userId: string }, ctx: GraphQLContext) => projects.setProjectMember(ctx.db, ctx.viewer, a.projectId, a.userId, false),
  },
  // reached only through a project the viewer could read
  Project: {
    lab: (p: Project, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.lab.load(p.labId), "lab"),
    owner: (p: Project, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.user.load(p.ownerId), "owner"),
    members: async (p: Project, _: unknown, ctx: GraphQLContext) =>
      (await ctx.db.projectMember.findMany({ where: { projectId: p.id }, include: { user: true }, orderBy: { createdAt: "asc" } })).map((m) => m.user),
    myAccess: (p: Project, _: unknown, ctx: GraphQLContext) => projects.projectAccess(ctx.db, ctx.viewer, p.id),
    images: (p: Project, args: PageArgs & { tag?: string }, ctx: GraphQLContext) => listImages(ctx.db, p.id, args),
    datasets: (p: Project, args: PageArgs, ctx: GraphQLContext) => listDatasets(ctx.db, p.id, args),
    runs: (p: Project, args: PageArgs & { status?: string }, ctx: GraphQLContext) => listRuns(ctx.db, p.id, args),
  },
};
