import type { Image } from "../../db/client.js";
import type { GraphQLContext } from "../../graphql/context.js";
import { registerImage } from "./image.service.js";

export const imageResolvers = {
  Mutation: {
    registerImage: (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => registerImage(ctx.db, ctx.storage, ctx.viewer, args.input),
  },
  Image: {
    project: (i: Image, _: unknown, ctx: GraphQLContext) => ctx.db.project.findUniqueOrThrow({ where: { id: i.projectId } }),
    file: (i: Image, _: unknown, ctx: GraphQLContext) => ctx.db.storedFile.findUniqueOrThrow({ where: { id: i.fileId } }),
  },
};
