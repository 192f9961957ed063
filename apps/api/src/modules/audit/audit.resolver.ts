import type { AuditEvent } from "../../db/client.js";
import type { GraphQLContext } from "../../graphql/context.js";
import type { PageArgs } from "../../graphql/pagination.js";
import { findProject } from "../project/project.service.js";
import { listAuditEvents } from "./audit-query.service.js";

export const auditResolvers = {
  Query: {
    auditEvents: (_: unknown, args: PageArgs & { filter?: unknown }, ctx: GraphQLContext) => listAuditEvents(ctx.db, ctx.viewer, args.filter, args),
  },
  // the event was readable; its lab and project are shown only where the viewer can read them
  AuditEvent: {
    id: (e: AuditEvent) => e.id.toString(),
    actor: (e: AuditEvent, _: unknown, ctx: GraphQLContext) => (e.actorId ? ctx.loaders.user.load(e.actorId) : null),
    lab: async (e: AuditEvent, _: unknown, ctx: GraphQLContext) => (e.labId && ctx.viewer.user && (await ctx.loaders.myLabRole(ctx.viewer.user.id).load(e.labId)) ? ctx.loaders.lab.load(e.labId) : null),
    project: (e: AuditEvent, _: unknown, ctx: GraphQLContext) => (e.projectId ? findProject(ctx.db, ctx.viewer, e.projectId) : null),
  },
};
