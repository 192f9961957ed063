import type { GraphQLContext } from "../../graphql/context.js";
import { adminOverview } from "./admin.service.js";

export const adminResolvers = {
  Query: {
    adminOverview: (_: unknown, __: unknown, ctx: GraphQLContext) => adminOverview(ctx.db, ctx.viewer),
  },
};
