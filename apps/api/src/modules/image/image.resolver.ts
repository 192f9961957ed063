import type { Dataset, Image } from "../../db/client.js";
import type { GraphQLContext } from "../../graphql/context.js";
import { must } from "../../graphql/loaders.js";
import * as images from "./image.service.js";

export const imageResolvers = {
  Query: {
    image: (_: unknown, args: { id: string }, ctx: GraphQLContext) => images.findImage(ctx.db, ctx.viewer, args.id),
  },
  Mutation: {
    registerImage: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => images.registerImage(ctx.db, ctx.storage, ctx.viewer, args.input),
    updateImage: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => images.updateImage(ctx.db, ctx.viewer, args.input),
    createDataset: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => images.createDataset(ctx.db, ctx.viewer, args.input),
    addImagesToDataset: (_: unknown, args: { datasetId: string; imageIds: string[] }, ctx: GraphQLContext) => images.addImagesToDataset(ctx.db, ctx.viewer, args.datasetId, args.imageIds),
  },
  // reached only through an image of a project the viewer could read
  Image: {
    project: (i: Image, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.project.load(i.projectId), "project"),
    file: (i: Image, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.file.load(i.fileId), "file"),
    voxelSize: (i: Image) => images.effectiveVoxelSize(i) ?? null,
    fileVoxelSize: (i: Image) => i.voxelSize,
    profileVersion: (i: Image, _: unknown, ctx: GraphQLContext) => (i.profileVersionId ? ctx.loaders.profileVersion.load(i.profileVersionId) : null),
    profile: async (i: Image, _: unknown, ctx: GraphQLContext) => {
      if (!i.profileVersionId) return null;
      const v = await ctx.loaders.profileVersion.load(i.profileVersionId);
      return v ? ctx.loaders.profile.load(v.profileId) : null;
    },
    dataset: (i: Image, _: unknown, ctx: GraphQLContext) => (i.datasetId ? ctx.loaders.dataset.load(i.datasetId) : null),
    createdBy: (i: Image, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.user.load(i.createdById), "user"),
  },
  Dataset: {
    project: (d: Dataset, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.project.load(d.projectId), "project"),
    images: (d: Dataset, _: unknown, ctx: GraphQLContext) => ctx.db.image.findMany({ where: { datasetId: d.id }, orderBy: { createdAt: "asc" } }),
  },
};
