import type { Run, RunBatch, RunTemplate } from "../../db/client.js";
import type { GraphQLContext } from "../../graphql/context.js";
import { must } from "../../graphql/loaders.js";
import { outputDataSha256 } from "../../worker/deconvolve.handler.js";
import * as runs from "./run.service.js";
import * as templates from "./template.service.js";

export const runResolvers = {
  Query: {
    run: (_: unknown, args: { id: string }, ctx: GraphQLContext) => runs.findRun(ctx.db, ctx.viewer, args.id),
    compareRuns: (_: unknown, args: { a: string; b: string }, ctx: GraphQLContext) => runs.compareRuns(ctx.db, ctx.storage, ctx.viewer, args.a, args.b),
    runTemplate: (_: unknown, args: { id: string }, ctx: GraphQLContext) => templates.findTemplate(ctx.db, ctx.viewer, args.id),
  },
  Mutation: {
    submitRun: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => runs.submitRun(ctx.db, ctx.storage, ctx.queue, ctx.viewer, args.input),
    submitBatch: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => runs.submitBatch(ctx.db, ctx.storage, ctx.queue, ctx.viewer, args.input),
    cancelRun: (_: unknown, args: { id: string }, ctx: GraphQLContext) => runs.cancelRun(ctx.db, ctx.queue, ctx.viewer, args.id),
    rerun: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => runs.rerun(ctx.db, ctx.queue, ctx.viewer, args.input),
    reproduceRun: (_: unknown, args: { id: string }, ctx: GraphQLContext) => runs.reproduceRun(ctx.db, ctx.queue, ctx.viewer, args.id),
    createRunTemplate: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => templates.createTemplate(ctx.db, ctx.viewer, args.input),
    deleteRunTemplate: (_: unknown, args: { id: string }, ctx: GraphQLContext) => templates.deleteTemplate(ctx.db, ctx.viewer, args.id),
  },
  // reached only through a run the viewer could read
  Run: {
    project: (r: Run, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.project.load(r.projectId), "project"),
    image: (r: Run, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.image.load(r.imageId), "image"),
    psf: (r: Run, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.psf.load(r.psfId), "psf"),
    output: (r: Run, _: unknown, ctx: GraphQLContext) => (r.outputFileId ? ctx.loaders.file.load(r.outputFileId) : null),
    profileVersion: (r: Run, _: unknown, ctx: GraphQLContext) => (r.profileVersionId ? ctx.loaders.profileVersion.load(r.profileVersionId) : null),
    batch: (r: Run, _: unknown, ctx: GraphQLContext) => (r.batchId ? ctx.loaders.batch.load(r.batchId) : null),
    // the source run is in the same project, so readable too
    sourceRun: (r: Run, _: unknown, ctx: GraphQLContext) => (r.sourceRunId ? ctx.loaders.run.load(r.sourceRunId) : null),
    queuePosition: (r: Run, _: unknown, ctx: GraphQLContext) => runs.queuePosition(ctx.db, r),
    submittedBy: (r: Run, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.user.load(r.submittedById), "user"),
    history: (r: Run) => (Array.isArray(r.history) ? r.history : []),
    outputDataSha256: (r: Run) => outputDataSha256(r.provenance) ?? null,
  },
  RunBatch: {
    project: (b: RunBatch, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.project.load(b.projectId), "project"),
    dataset: (b: RunBatch, _: unknown, ctx: GraphQLContext) => (b.datasetId ? ctx.loaders.dataset.load(b.datasetId) : null),
    template: (b: RunBatch, _: unknown, ctx: GraphQLContext) => (b.templateId ? ctx.loaders.template.load(b.templateId) : null),
    runs: (b: RunBatch, _: unknown, ctx: GraphQLContext) => ctx.db.run.findMany({ where: { batchId: b.id }, orderBy: { createdAt: "asc" } }),
    submittedBy: (b: RunBatch, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.user.load(b.submittedById), "user"),
  },
  RunTemplate: {
    lab: (t: RunTemplate, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.lab.load(t.labId), "lab"),
    createdBy: (t: RunTemplate, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.user.load(t.createdById), "user"),
  },
};
