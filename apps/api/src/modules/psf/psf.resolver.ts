import type { Psf } from "../../db/client.js";
import type { GraphQLContext } from "../../graphql/context.js";
import type { PsfQuality } from "./psf.service.js";
import * as psfs from "./psf.service.js";

export const psfResolvers = {
  Query: {
    psf: (_: unknown, args: { id: string }, ctx: GraphQLContext) => psfs.findPsf(ctx.db, ctx.viewer, args.id),
  },
  Mutation: {
    generatePsf: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => psfs.generateLibraryPsf(ctx.db, ctx.storage, ctx.viewer, args.input),
    uploadPsf: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => psfs.uploadLibraryPsf(ctx.db, ctx.storage, ctx.viewer, args.input),
    distillPsf: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => psfs.distillLibraryPsf(ctx.db, ctx.storage, ctx.viewer, args.input),
    setDefaultPsf: (_: unknown, args: { id: string }, ctx: GraphQLContext) => psfs.setDefaultPsf(ctx.db, ctx.viewer, args.id),
    deletePsf: (_: unknown, args: { id: string }, ctx: GraphQLContext) => psfs.deletePsf(ctx.db, ctx.viewer, args.id),
  },
  // reached only through a PSF the viewer could read
  Psf: {
    profile: (p: Psf, _: unknown, ctx: GraphQLContext) => (p.profileId ? ctx.loaders.profile.load(p.profileId) : null),
    profileVersion: (p: Psf, _: unknown, ctx: GraphQLContext) => (p.profileVersionId ? ctx.loaders.profileVersion.load(p.profileVersionId) : null),
    file: (p: Psf, _: unknown, ctx: GraphQLContext) => (p.fileId ? ctx.loaders.file.load(p.fileId) : null),
    shape: (p: Psf) => (p.quality as PsfQuality | null)?.shape ?? null,
    inUse: async (p: Psf, _: unknown, ctx: GraphQLContext) => (await ctx.db.run.count({ where: { psfId: p.id } })) > 0,
    createdBy: (p: Psf, _: unknown, ctx: GraphQLContext) => (p.createdById ? ctx.loaders.user.load(p.createdById) : null),
  },
};
