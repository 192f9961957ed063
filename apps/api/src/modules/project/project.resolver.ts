import type { Project } from "../../db/client.js";
import type { GraphQLContext } from "../../graphql/context.js";
import * as projects from "./project.service.js";

export const projectResolvers = {
  Query: {
    projects: (_: unknown, __: unknown, ctx: GraphQLContext) => projects.listProjects(ctx.db, ctx.viewer),
    project: (_: unknown, args: { id: string }, ctx: GraphQLContext) => projects.findProject(ctx.db, ctx.viewer, args.id),
  },
  Mutation: {
    createProject: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => projects.createProject(ctx.db, ctx.viewer, args.input),
  },
  Project: {
    // reached only through a project the viewer could read, so no further check is needed here
    owner: (p: Project, _: unknown, ctx: GraphQLContext) => ctx.db.user.findUniqueOrThrow({ where: { id: p.ownerId } }),
    images: (p: Project, _: unknown, ctx: GraphQLContext) => ctx.db.image.findMany({ where: { projectId: p.id }, orderBy: { createdAt: "desc" } }),
    runs: (p: Project, _: unknown, ctx: GraphQLContext) => ctx.db.run.findMany({ where: { projectId: p.id }, orderBy: { createdAt: "desc" } }),
  },
};
