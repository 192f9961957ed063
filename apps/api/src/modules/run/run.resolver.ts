import type { Psf, Run } from "../../db/client.js";
import type { GraphQLContext } from "../../graphql/context.js";
import { cancelRun, findRun, submitRun } from "./run.service.js";

export const runResolvers = {
  Query: {
    run: (_: unknown, args: { id: string }, ctx: GraphQLContext) => findRun(ctx.db, ctx.viewer, args.id),
  },
  Mutation: {
    submitRun: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => submitRun(ctx.db, ctx.queue, ctx.viewer, args.input),
    cancelRun: (_: unknown, args: { id: string }, ctx: GraphQLContext) => cancelRun(ctx.db, ctx.queue, ctx.viewer, args.id),
  },
  // reached only through a run the viewer could read
  Run: {
    project: (r: Run, _: unknown, ctx: GraphQLContext) => ctx.db.project.findUniqueOrThrow({ where: { id: r.projectId } }),
    image: (r: Run, _: unknown, ctx: GraphQLContext) => ctx.db.image.findUniqueOrThrow({ where: { id: r.imageId } }),
    psf: (r: Run, _: unknown, ctx: GraphQLContext) => ctx.db.psf.findUniqueOrThrow({ where: { id: r.psfId } }),
    output: (r: Run, _: unknown, ctx: GraphQLContext) => (r.outputFileId ? ctx.db.storedFile.findUnique({ where: { id: r.outputFileId } }) : null),
    submittedBy: (r: Run, _: unknown, ctx: GraphQLContext) => ctx.db.user.findUniqueOrThrow({ where: { id: r.submittedById } }),
    history: (r: Run) => (Array.isArray(r.history) ? r.history : []),
  },
  Psf: {
    params: (p: Psf) => p.params,
  },
};
