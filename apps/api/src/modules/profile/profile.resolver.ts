import type { MicroscopeProfile, MicroscopeProfileVersion } from "../../db/client.js";
import type { GraphQLContext } from "../../graphql/context.js";
import { must } from "../../graphql/loaders.js";
import type { PageArgs } from "../../graphql/pagination.js";
import { defaultPsf, listLibraryPsfs } from "../psf/psf.service.js";
import * as profiles from "./profile.service.js";

export const profileResolvers = {
  Query: {
    microscopeProfile: (_: unknown, args: { id: string }, ctx: GraphQLContext) => profiles.findProfile(ctx.db, ctx.viewer, args.id),
  },
  Mutation: {
    createMicroscopeProfile: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => profiles.createProfile(ctx.db, ctx.viewer, args.input),
    updateMicroscopeProfile: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => profiles.updateProfile(ctx.db, ctx.viewer, args.input),
    deleteMicroscopeProfile: (_: unknown, args: { id: string }, ctx: GraphQLContext) => profiles.deleteProfile(ctx.db, ctx.viewer, args.id),
  },
  // reached only through a profile of one of the viewer's labs
  MicroscopeProfile: {
    lab: (p: MicroscopeProfile, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.lab.load(p.labId), "lab"),
    current: (p: MicroscopeProfile, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.currentProfileVersion.load(p.id), "profile version"),
    versions: (p: MicroscopeProfile, _: unknown, ctx: GraphQLContext) => ctx.db.microscopeProfileVersion.findMany({ where: { profileId: p.id }, orderBy: { version: "desc" } }),
    psfs: (p: MicroscopeProfile, args: PageArgs & { channel?: number }, ctx: GraphQLContext) => listLibraryPsfs(ctx.db, p.id, args),
    defaultPsf: (p: MicroscopeProfile, args: { channel: number }, ctx: GraphQLContext) => defaultPsf(ctx.db, p.id, args.channel),
  },
  MicroscopeProfileVersion: {
    channels: (v: MicroscopeProfileVersion) => profiles.channelsOf(v),
    createdBy: (v: MicroscopeProfileVersion, _: unknown, ctx: GraphQLContext) => must(ctx.loaders.user.load(v.createdById), "user"),
  },
};
