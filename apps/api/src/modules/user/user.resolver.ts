import type { GraphQLContext } from "../../graphql/context.js";
import * as users from "./user.service.js";

export const userResolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.viewer.user,
  },
  Mutation: {
    signUp: async (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => {
      const signedIn = await users.signUp(ctx.db, args.input, ctx.config.sessionDays);
      ctx.setSessionCookie(signedIn.token, signedIn.expiresAt);
      return signedIn;
    },
    logIn: async (_: unknown, args: { input: unknown }, ctx: GraphQLContext) => {
      const signedIn = await users.logIn(ctx.db, args.input, ctx.config.sessionDays);
      ctx.setSessionCookie(signedIn.token, signedIn.expiresAt);
      return signedIn;
    },
    logOut: async (_: unknown, __: unknown, ctx: GraphQLContext) => {
      const ended = await users.logOut(ctx.db, ctx.viewer);
      ctx.clearSessionCookie();
      return ended;
    },
    createApiToken: (_: unknown, args: { name: string }, ctx: GraphQLContext) => users.createApiToken(ctx.db, ctx.viewer, args.name),
  },
};
